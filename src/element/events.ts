import type { UploadQueueEventDetails } from '../core/events.js';

export type {
  FileRejectedDetail, UploadStartDetail, UploadProgressDetail, UploadRetryDetail, UploadSuccessDetail,
  UploadErrorEventDetail, CompleteDetail,
} from '../core/events.js';

/** The form value: one entry per uploaded file, as the element's `form-value` says. */
export interface ChangeDetail { value: string[] }

/** Every event `<ik-uploader>` fires; each bubbles and is composed. The queue's, as `ik-<type>`, with the same detail. */
export type IkUploaderEventMap = {
  [K in Exclude<keyof UploadQueueEventDetails, 'change'> as `ik-${K}`]: CustomEvent<UploadQueueEventDetails[K]>;
} & {
  'ik-change': CustomEvent<ChangeDetail>;
};

declare global {
  // Typed `addEventListener('ik-upload-success', ...)` on the element and on its ancestors.
  interface HTMLElementEventMap extends IkUploaderEventMap {}
}
