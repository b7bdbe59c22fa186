import { checkAuthParams, describe, fail } from './auth-checks.js';
import { UploadError } from './errors.js';
import type { AuthParams, Authenticator, UploadApi, UploadPayload } from './types.js';

// v2's token reader (with jose's decoder) is in upload-token.ts, loaded only when upload-api="v2".

export interface AuthSource {
  /** Called once per upload attempt; used instead of `authEndpoint` when set (with the payload, for v2). */
  authenticator?: Authenticator;
  /** v1: a URL answering GET with `{ token, expire, signature }`; v2: POST `{ uploadPayload, expire, publicKey }` with `{ token }`. */
  authEndpoint?: string;
  /** How long to wait for either; default 10 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** One attempt's auth: v1's signed parameters, or v2's token with the parameters it signs (to be sent exactly). */
export type Authorization =
  | { api: 'v1'; params: AuthParams }
  | { api: 'v2'; token: string; payload: UploadPayload };

export const DEFAULT_AUTH_TIMEOUT_MS = 10_000;
/** Seconds a v2 token is asked to stay valid for (the server may give less): v1's usual half hour. */
const V2_EXPIRE_SECONDS = 1800;



/**
 * Fresh `{ token, expire, signature }` for one upload attempt. ImageKit accepts each token once,
 * so nothing here is cached: the endpoint is fetched with `cache: 'no-store'` every time.
 */
export async function getAuthParams(source: AuthSource): Promise<AuthParams> {
  const auth = await authorizeAttempt('v1', source);
  return (auth as Extract<Authorization, { api: 'v1' }>).params;
}

/**
 * One attempt's auth, fresh. v1: `{ token, expire, signature }` checked. v2: the payload is POSTed
 * (ImageKit's "backend token generation" body) or handed to the authenticator, and the token that
 * comes back is read: what it signs is what will be sent, so a server that rewrote it is obeyed.
 */
export async function authorizeAttempt(api: UploadApi, source: AuthSource, payload?: UploadPayload, publicKey?: string): Promise<Authorization> {
  const timeoutMs = source.timeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  if (source.signal?.aborted) throw canceled();
  let answer: { value: unknown; from: string; serverNow?: number };
  if (source.authenticator) {
    answer = { value: await fromAuthenticator(source.authenticator, api === 'v2' ? payload : undefined, timeoutMs, source.signal), from: 'the authenticator' };
  } else if (source.authEndpoint) {
    const init: RequestInit = api === 'v2'
      ? { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify({ uploadPayload: payload, expire: V2_EXPIRE_SECONDS, publicKey }) }
      : { method: 'GET', headers: { Accept: 'application/json' } };
    answer = await fromEndpoint(source.authEndpoint, init, timeoutMs, source.signal);
  } else {
    throw fail('Uploads cannot be signed: set the auth-endpoint attribute or the authenticator property.');
  }
  return api === 'v2'
    ? { api, ...(await (await import('./upload-token.js')).checkUploadToken(answer.value, answer.from, answer.serverNow)) }
    : { api, params: checkAuthParams(answer.value, answer.from, answer.serverNow) };
}

async function fromAuthenticator(authenticator: Authenticator, payload: UploadPayload | undefined, timeoutMs: number, signal?: AbortSignal) {
  try {
    return await withTimeout(Promise.resolve().then(() => authenticator(payload)), timeoutMs, signal, () =>
      fail(`The authenticator did not return auth parameters within ${seconds(timeoutMs)}.`, true),
    );
  } catch (err) {
    if (err instanceof UploadError) throw err;
    throw fail(`The authenticator failed: ${describe(err)}`, false, err);
  }
}

async function fromEndpoint(url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal) {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let text: string;
  try {
    // `no-store`: a cached answer would replay a used token.
    response = await fetch(url, { ...init, cache: 'no-store', credentials: 'same-origin', signal: controller.signal });
    // The body under the same timeout and cancel: headers then silence must not hang the upload.
    text = await response.text();
  } catch (err) {
    if (signal?.aborted) throw canceled();
    if (controller.signal.aborted) {
      throw fail(`The auth endpoint ${url} did not answer within ${seconds(timeoutMs)}.`, true, err);
    }
    throw fail(`Could not reach the auth endpoint ${url} (network error: ${describe(err)}).`, true, err);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }

  let body: unknown;
  let isJson = true;
  try {
    body = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (!response.ok) {
    const said = isJson && body && typeof (body as { message?: unknown }).message === 'string'
      ? `: ${(body as { message: string }).message}` : '.';
    // 5xx and 429 are the endpoint's own trouble and may pass; 4xx means "not allowed".
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    const status = `${response.status}${response.statusText ? ' ' + response.statusText : ''}`;
    throw fail(`The auth endpoint ${url} answered ${status}${said}`, retryable);
  }
  if (!isJson) {
    const type = response.headers.get('content-type') || 'no content type';
    throw fail(`The auth endpoint ${url} did not answer with JSON (${type}, starting "${text.slice(0, 40)}").`);
  }
  // The server's own clock, when the browser may read it (same origin): expiry is judged by it, not by this device's.
  const date = Date.parse(response.headers.get('date') ?? '');
  return { value: body, from: `the auth endpoint ${url}`, serverNow: Number.isFinite(date) ? date : undefined };
}

function withTimeout<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined, onTimeout: () => Error) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    const onAbort = () => reject(canceled());
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

const canceled = () => new UploadError('canceled', 'The upload was canceled.');
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
