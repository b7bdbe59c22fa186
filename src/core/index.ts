/**
 * ik-uploader/core: the upload engine, framework-free (no Lit, no DOM element): the queue, the
 * XHR client, auth, parameter and file checks, and resizing in the browser, for custom UIs.
 */
export { UploadQueue, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS } from './queue.js';
export type { UploadItem, UploadState, UploadQueueOptions, UploadQueueEventMap, BeforeUpload, RejectedFile } from './queue.js';
export { uploadFile, buildUploadForm, DEFAULT_UPLOAD_ENDPOINT, DEFAULT_STALL_TIMEOUT_MS } from './client.js';
export type { UploadRequest, UploadResult } from './client.js';
export { getAuthParams, checkAuthParams, DEFAULT_AUTH_TIMEOUT_MS } from './auth.js';
export type { AuthSource } from './auth.js';
export { serializeParams, mergeParams, InvalidJson, RESPONSE_FIELDS } from './params.js';
export { validateParams } from './validate-params.js';
export { checkFile, matchesAccept, formatBytes, tooManyFiles } from './checks.js';
export type { FileRules, Rejection } from './checks.js';
export { UploadError, isUploadError } from './errors.js';
export { UPLOAD_PARAM_NAMES } from './types.js';
export type * from './types.js';
export { resizeImage, ImageResizer, checkResizeOptions, fileNameForType } from './resize/index.js';
export type { PassThroughReason, ResizeOptions, ResizeResult, ResizeMode } from './resize/index.js';
export { QueueResizer } from './resize/queue-resizer.js';
export type { ResizingBeforeUpload, ResizingFileParams } from './resize/queue-resizer.js';
