/**
 * ik-uploader: the `<ik-uploader>` element and the framework-free core it is built on.
 * Importing this module does not define the tag; import `ik-uploader/ik-uploader.js` for that.
 */
export { IkUploader } from './element/ik-uploader.js';
export type * from './element/events.js';
export { UploadQueue, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS } from './core/queue.js';
export type { UploadItem, UploadState, UploadQueueOptions, UploadQueueEventMap, BeforeUpload, RejectedFile } from './core/queue.js';
export { uploadFile, buildUploadForm, DEFAULT_UPLOAD_ENDPOINT, DEFAULT_STALL_TIMEOUT_MS } from './core/client.js';
export type { UploadRequest, UploadResult } from './core/client.js';
export { getAuthParams, checkAuthParams, DEFAULT_AUTH_TIMEOUT_MS } from './core/auth.js';
export type { AuthSource } from './core/auth.js';
export { serializeParams, mergeParams, InvalidJson, RESPONSE_FIELDS } from './core/params.js';
export { validateParams } from './core/validate-params.js';
export { checkFile, matchesAccept, formatBytes, tooManyFiles } from './core/checks.js';
export type { FileRules, Rejection } from './core/checks.js';
export { UploadError, isUploadError } from './core/errors.js';
export { UPLOAD_PARAM_NAMES } from './core/types.js';
export type * from './core/types.js';
// Resizing in the browser, for custom UIs (the element loads these on demand).
export { resizeImage, ImageResizer, checkResizeOptions, fileNameForType } from './core/resize/index.js';
export type { PassThroughReason, ResizeOptions, ResizeResult, ResizeMode } from './core/resize/index.js';
export { QueueResizer } from './core/resize/queue-resizer.js';
export type { ResizingBeforeUpload, ResizingFileParams } from './core/resize/queue-resizer.js';
