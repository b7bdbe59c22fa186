import type { UploadErrorCode, UploadErrorDetail } from './types.js';

export interface UploadErrorOptions {
  status?: number;
  help?: string;
  requestId?: string;
  /** Whether a later attempt (with fresh auth) could succeed. */
  retryable?: boolean;
  /** How long the server asked us to wait before the next request, from X-RateLimit-Reset. */
  retryAfterMs?: number;
  /** The request may have reached the server and been stored even though no response arrived. */
  ambiguous?: boolean;
  /** The server refused the token as used or expired: one more try with a fresh one may pass. */
  freshAuth?: boolean;
  cause?: unknown;
}

/** One failed upload step, with a stable `code` and a message written for the person uploading. */
export class UploadError extends Error {
  override name = 'UploadError';
  readonly code: UploadErrorCode;
  readonly status?: number;
  readonly help?: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly ambiguous: boolean;
  readonly freshAuth: boolean;

  constructor(code: UploadErrorCode, message: string, options: UploadErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.help = options.help;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.ambiguous = options.ambiguous ?? false;
    this.freshAuth = options.freshAuth ?? false;
  }

  /** The plain object events carry: only the fields that are set. */
  toDetail(): UploadErrorDetail {
    const detail: UploadErrorDetail = { code: this.code, message: this.message };
    if (this.status !== undefined) detail.status = this.status;
    if (this.help) detail.help = this.help;
    if (this.requestId) detail.requestId = this.requestId;
    return detail;
  }
}

export function isUploadError(value: unknown): value is UploadError {
  return value instanceof UploadError;
}
