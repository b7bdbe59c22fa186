import type { ImageKitFile, RejectionCode, UploadErrorDetail } from './types.js';

/** Every per-file detail names the file as added and its id in the queue, and a link's URL. */
interface FileDetail {
  id: string;
  file: File;
  /** The link ImageKit fetched, for a file added by `addUrls` (`file` is then an empty stand-in named after it). */
  url?: string;
}

export interface FileRejectedDetail extends FileDetail { code: RejectionCode; message: string }
export interface UploadStartDetail extends FileDetail {}
export interface UploadProgressDetail extends FileDetail { loaded: number; total: number }
/** `attempt` is the attempt that failed (1 for the first); the next starts after `delayMs`. */
export interface UploadRetryDetail extends FileDetail { error: UploadErrorDetail; delayMs: number; attempt: number }
export interface UploadSuccessDetail extends FileDetail { response: ImageKitFile; requestId?: string }
export interface UploadErrorEventDetail extends FileDetail { error: UploadErrorDetail }
export interface CompleteDetail { successful: UploadSuccessDetail[]; failed: UploadErrorEventDetail[] }
/**
 * `progressOnly`: only bytes moved since the last change, so a view may take its time to show it.
 * `listChanged`: files were listed, removed or moved (a form value built from the list may differ;
 * a file that finished is told by `upload-success`).
 */
export interface QueueChangeDetail { progressOnly: boolean; listChanged: boolean }

/** The detail of every event an `UploadQueue` fires, by type; `<ik-uploader>` fires each as `ik-<type>`. */
export interface UploadQueueEventDetails {
  'file-rejected': FileRejectedDetail;
  'upload-start': UploadStartDetail;
  'upload-progress': UploadProgressDetail;
  'upload-retry': UploadRetryDetail;
  'upload-success': UploadSuccessDetail;
  'upload-error': UploadErrorEventDetail;
  complete: CompleteDetail;
  change: QueueChangeDetail;
}

export type UploadQueueEventType = keyof UploadQueueEventDetails;

/** One typed event class for all of them: `event.detail` is typed by `event.type`. */
export class UploadQueueEvent<K extends UploadQueueEventType = UploadQueueEventType> extends CustomEvent<UploadQueueEventDetails[K]> {
  declare readonly type: K;
  constructor(type: K, detail: UploadQueueEventDetails[K], init?: EventInit) {
    super(type, { ...init, detail });
  }
}

export type UploadQueueEventMap = { [K in UploadQueueEventType]: UploadQueueEvent<K> };

/** The events the element re-fires from its queue, in this order of the docs. */
export const FILE_EVENTS = ['file-rejected', 'upload-start', 'upload-progress', 'upload-retry', 'upload-success', 'upload-error', 'complete'] as const satisfies readonly UploadQueueEventType[];
