import type { Authorization } from './auth.js';
import type { UploadError as Err } from './errors.js';
import type { serializeParams as Serialize } from './params.js';
import type { AuthParams, ImageKitFile, UploadParams } from './types.js';

/*
 * The XHR client (client.ts is its public face). It imports nothing at run time: the stages load it
 * with the first upload (the CDN file has a size budget), and a chunk that imported the engine's
 * modules would split them out of the CDN file. What it needs of the engine is handed over.
 */
let UploadError: typeof Err;
let serializeParams: typeof Serialize;

/** Hands over what this module needs of the engine (client.ts does, and the stages before the first upload). */
export function provide(deps: { UploadError: typeof Err; serializeParams: typeof Serialize }): void {
  ({ UploadError, serializeParams } = deps);
}

/** No byte sent and no answer for this long counts as a stalled upload. */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

export interface UploadRequest {
  file: Blob;
  /** A URL that ImageKit fetches itself: sent as the `file` field instead of `file`'s bytes. */
  url?: string;
  fileName: string;
  publicKey: string;
  /** v1's signed parameters (as they are, or as an Authorization), or v2's token, whose payload is sent exactly as signed. */
  auth: AuthParams | Authorization;
  /** Validated upload parameters (v1); `fileName` among them is ignored in favour of the argument. */
  params?: UploadParams;
  endpoint?: string;
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
  /** No byte sent and no answer for this many ms aborts the attempt as stalled. */
  stallTimeout?: number;
}

export interface UploadResult {
  /** The server's JSON, unchanged. */
  response: ImageKitFile;
  requestId?: string;
  status: number;
}

/**
 * The multipart body ImageKit's upload API expects: every field first, then the file. v2 sends
 * the token and exactly the parameters it signs, nothing else (ImageKit compares them).
 */
export function buildUploadForm(request: Pick<UploadRequest, 'file' | 'url' | 'fileName' | 'publicKey' | 'auth' | 'params'>): FormData {
  const form = new FormData();
  const auth = 'api' in request.auth ? request.auth : { api: 'v1' as const, params: request.auth };
  let fileName = request.fileName;
  if (auth.api === 'v2') {
    form.append('token', auth.token);
    for (const [name, value] of Object.entries(auth.payload)) form.append(name, value);
    fileName = auth.payload.fileName;
  } else {
    form.append('publicKey', request.publicKey);
    form.append('signature', auth.params.signature);
    form.append('expire', String(auth.params.expire));
    form.append('token', auth.params.token);
    form.append('fileName', request.fileName);
    for (const [name, value] of serializeParams({ ...request.params, fileName: undefined })) form.append(name, value);
  }
  // Fields before the file, so a streaming server has auth and options before the bytes arrive.
  if (request.url) form.append('file', request.url);
  else form.append('file', request.file, fileName);
  return form;
}

/** Sends one upload over XHR (fetch cannot report upload progress) to `endpoint`, and maps every failure to an `UploadError`. */
export function uploadFile(request: UploadRequest & { endpoint: string }): Promise<UploadResult> {
  const endpoint = request.endpoint;
  const stallMs = request.stallTimeout ?? DEFAULT_STALL_TIMEOUT_MS;
  return new Promise<UploadResult>((resolve, reject) => {
    if (request.signal?.aborted) return reject(canceled());
    const xhr = new XMLHttpRequest();
    let bodySent = false;
    let settled = false;
    let stallTimer: ReturnType<typeof setTimeout> | undefined;

    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(stallTimer);
      request.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      if (stallMs > 0) stallTimer = setTimeout(onStall, stallMs);
    };
    const onStall = () => {
      xhr.abort();
      const where = bodySent ? 'no answer came' : 'no bytes were sent';
      finish(() => reject(new UploadError('timeout', `The upload stalled: ${where} for ${Math.round(stallMs / 1000)} s.`, { retryable: true, ambiguous: bodySent })));
    };
    const onAbort = () => {
      xhr.abort();
      finish(() => reject(canceled()));
    };

    xhr.open('POST', endpoint);
    xhr.upload.onprogress = (e) => {
      armStallTimer();
      request.onProgress?.(e.loaded, e.lengthComputable ? e.total : request.file.size);
    };
    xhr.upload.onload = () => {
      bodySent = true;
      armStallTimer();
    };
    xhr.onprogress = armStallTimer;
    xhr.onerror = () =>
      finish(() =>
        reject(
          new UploadError(
            'network',
            bodySent
              ? `The connection to ${endpoint} was lost after the file was sent, before any answer came.`
              : `The upload to ${endpoint} failed: the network is down, the server refused the connection, or CORS blocked it.`,
            { retryable: true, ambiguous: bodySent },
          ),
        ),
      );
    xhr.onload = () => finish(() => settle(xhr, endpoint, resolve, reject, bodySent));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    armStallTimer();
    xhr.send(buildUploadForm(request));
  });
}

function settle(xhr: XMLHttpRequest, endpoint: string, resolve: (r: UploadResult) => void, reject: (e: Err) => void, bodySent: boolean) {
  const status = xhr.status;
  const requestId = xhr.getResponseHeader('x-ik-requestId') || xhr.getResponseHeader('x-request-id') || undefined;
  let body: unknown;
  let isJson = true;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    isJson = false;
  }
  if (status >= 200 && status < 300) {
    if (isFileObject(body)) return resolve({ response: body, requestId, status });
    // Not a success: without fileId and url nothing can refer to the file. It may be stored, so no retry.
    const got = isJson ? `JSON without fileId and url (${xhr.responseText.slice(0, 60)})` : 'no JSON';
    return reject(new UploadError('invalid-response', `${endpoint} answered ${status} with ${got}, not ImageKit's file object.`, { status, requestId, ambiguous: true }));
  }
  const said = isJson && body && typeof body === 'object' ? (body as { message?: unknown; help?: unknown }) : {};
  const message = typeof said.message === 'string' && said.message ? said.message : undefined;
  const help = typeof said.help === 'string' && said.help ? said.help : undefined;
  const common = { status, help, requestId };
  if (status === 429) {
    return reject(new UploadError('rate-limited', message ?? 'Too many uploads at once: ImageKit asked to slow down.', { ...common, retryable: true, retryAfterMs: retryAfter(xhr) }));
  }
  if (status >= 500 || status === 0) {
    return reject(new UploadError('server', message ?? `The upload server had an error (${status}). This is usually temporary.`, { ...common, retryable: true, ambiguous: bodySent && status === 504 }));
  }
  if (status === 408) return reject(new UploadError('timeout', message ?? 'The upload server timed out waiting for the file.', { ...common, retryable: true }));
  const text = message ?? `The upload server refused the request (${status}${xhr.statusText ? ' ' + xhr.statusText : ''}).`;
  if (status === 400 && /has been used before/i.test(text)) {
    // We never send a token twice, so the browser itself resent this request after a dropped
    // connection: the first copy may have been stored. One retry with a fresh token is safe.
    return reject(new UploadError('auth-failed', text, { ...common, freshAuth: true, retryable: true, ambiguous: true }));
  }
  if (status === 400 && /expired token|invalid expire/i.test(text)) {
    // Expired on the way (a slow queue, a long stall): a fresh token earns one more try.
    return reject(new UploadError('auth-failed', text, { ...common, freshAuth: true }));
  }
  if (status === 401 || status === 403 || (status === 400 && /signature|expire|token|public ?key/i.test(text))) {
    return reject(new UploadError('auth-failed', text, common));
  }
  if (/already exists at the exact location/i.test(text)) return reject(new UploadError('file-exists', text, common));
  return reject(new UploadError('invalid-request', text, common));
}

/** ImageKit's file object has at least a `fileId` and a `url`, both strings. */
function isFileObject(body: unknown): body is ImageKitFile {
  const b = body as Partial<ImageKitFile> | null;
  return !!b && typeof b === 'object' && !Array.isArray(b) && typeof b.fileId === 'string' && !!b.fileId && typeof b.url === 'string' && !!b.url;
}

/** ImageKit sends the wait in milliseconds in X-RateLimit-Reset; Retry-After (seconds) is the HTTP standard. */
function retryAfter(xhr: XMLHttpRequest): number | undefined {
  const reset = Number(xhr.getResponseHeader('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) {
    // Some servers send an epoch instead of a duration; read those as a moment in time.
    if (reset > 1e12) return Math.max(0, reset - Date.now());
    if (reset > 1e9) return Math.max(0, reset * 1000 - Date.now());
    return reset;
  }
  const after = Number(xhr.getResponseHeader('retry-after'));
  if (Number.isFinite(after) && after > 0) return after * 1000;
  return undefined;
}

const canceled = () => new UploadError('canceled', 'The upload was canceled.');
