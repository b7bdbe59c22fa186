import type { UploadQueueEventDetails } from '../core/events.js';

export type {
  FileRejectedDetail, UploadStartDetail, UploadProgressDetail, UploadRetryDetail, UploadSuccessDetail,
  UploadErrorEventDetail, CompleteDetail,
} from '../core/events.js';

/** The form value: one entry per uploaded file, as the element's `form-value` says. */
export interface ChangeDetail { value: string[] }

/** `restore`: files kept from the last visit are listed again (as `waiting`); `notKept` names those too large to keep. */
export interface RestoreDetail { files: Array<{ id: string; file: File; url?: string }>; notKept: string[] }

/** `restore`: files could not be kept for a reload (`quota-exceeded`: the browser's storage is full). */
export interface RestoreErrorDetail { error: { code: 'quota-exceeded' | 'unavailable'; message: string } }

/** Every event `<ik-uploader>` fires; each bubbles and is composed. The queue's, as `ik-<type>`, with the same detail. */
export type IkUploaderEventMap = {
  [K in Exclude<keyof UploadQueueEventDetails, 'change'> as `ik-${K}`]: CustomEvent<UploadQueueEventDetails[K]>;
} & {
  'ik-change': CustomEvent<ChangeDetail>;
  'ik-restore': CustomEvent<RestoreDetail>;
  'ik-restore-error': CustomEvent<RestoreErrorDetail>;
};

declare global {
  // Typed `addEventListener('ik-upload-success', ...)` on the element and on its ancestors.
  interface HTMLElementEventMap extends IkUploaderEventMap {}
}
