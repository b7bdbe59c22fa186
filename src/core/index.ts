/**
 * `ik-uploader/core`: the upload engine with no Lit and no DOM element, for a UI of your own.
 * `UploadQueue` lists files, checks them, and uploads each through the stages
 * validate → prepare → authorize → upload, with retries, 429 holds and offline pauses.
 */
export { UploadQueue, canTransition, isPending } from './queue.js';
export type { UploadItem, UploadQueueOptions, AddedFile } from './queue.js';
export { UploadQueueEvent, FILE_EVENTS } from './events.js';
export type * from './events.js';
export type { BeforeUpload, Prepare, FileParams, FileContext, StageOptions } from './stages.js';
export { DEFAULT_CONCURRENCY, Scheduler } from './scheduler.js';
export { retryDecision, backoff, DEFAULT_RETRIES, DEFAULT_RETRY_DELAY, DEFAULT_MAX_RETRY_DELAY } from './retry-policy.js';
export type { RetryBudget, RetryDecision, RetryOptions } from './retry-policy.js';
export { uploadFile, buildUploadForm, DEFAULT_UPLOAD_ENDPOINT, DEFAULT_STALL_TIMEOUT_MS } from './client.js';
export type { UploadRequest, UploadResult } from './client.js';
export { getAuthParams, authorizeAttempt, DEFAULT_AUTH_TIMEOUT_MS } from './auth.js';
export { checkAuthParams } from './auth-checks.js';
export { checkUploadToken } from './upload-token.js';
export type { AuthSource, Authorization } from './auth.js';
export { serializeParams, mergeParams, keptFolder, InvalidJson, RESPONSE_FIELDS } from './params.js';
export { validateParams } from './validate-params.js';
export { restrictions, checkFile, matchesAccept, tooManyFiles, rejection } from './restrictions.js';
export type { FileRules, Rejection } from './restrictions.js';
export { formatBytes, format, REJECTION_MESSAGES } from './messages.js';
export { UploadError, isUploadError } from './errors.js';
export { UPLOAD_PARAM_NAMES } from './types.js';
export type * from './types.js';
// Resizing in the browser (the queue loads it on demand when resize options are set).
export { resizeImage, ImageResizer, checkResizeOptions, fileNameForType } from './resize/index.js';
export type { PassThroughReason, ResizeOptions, ResizeResult, ResizeMode } from './resize/index.js';
