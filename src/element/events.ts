import type { RejectionCode, UploadErrorDetail, ImageKitFile } from '../core/types.js';

export interface FileRejectedDetail { id: string; file: File; code: RejectionCode; message: string }
export interface UploadStartDetail { id: string; file: File }
export interface UploadProgressDetail { id: string; file: File; loaded: number; total: number }
export interface UploadRetryDetail { id: string; file: File; error: UploadErrorDetail; delayMs: number }
export interface UploadSuccessDetail { id: string; file: File; response: ImageKitFile; requestId?: string }
export interface UploadErrorEventDetail { id: string; file: File; error: UploadErrorDetail }
export interface CompleteEventDetail { successful: UploadSuccessDetail[]; failed: UploadErrorEventDetail[] }
/** The form value: one entry per uploaded file, as the element's `form-value` says. */
export interface ChangeDetail { value: string[] }

/** Every event `<ik-uploader>` fires; each bubbles and is composed. */
export interface IkUploaderEventMap {
  'ik-file-rejected': CustomEvent<FileRejectedDetail>;
  'ik-upload-start': CustomEvent<UploadStartDetail>;
  'ik-upload-progress': CustomEvent<UploadProgressDetail>;
  'ik-upload-retry': CustomEvent<UploadRetryDetail>;
  'ik-upload-success': CustomEvent<UploadSuccessDetail>;
  'ik-upload-error': CustomEvent<UploadErrorEventDetail>;
  'ik-complete': CustomEvent<CompleteEventDetail>;
  'ik-change': CustomEvent<ChangeDetail>;
}

declare global {
  // Typed `addEventListener('ik-upload-success', ...)` on the element and on its ancestors.
  interface HTMLElementEventMap extends IkUploaderEventMap {}
}
