import { UploadError } from './errors.js';
import type { AuthParams, Authenticator } from './types.js';

export interface AuthSource {
  /** Called once per upload attempt; used instead of `authEndpoint` when set. */
  authenticator?: Authenticator;
  /** A URL answering GET with `{ token, expire, signature }`. */
  authEndpoint?: string;
  /** How long to wait for either; default 10 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_AUTH_TIMEOUT_MS = 10_000;

const fail = (message: string, retryable = false, cause?: unknown) =>
  new UploadError('auth-failed', message, { retryable, cause });

/**
 * Fresh `{ token, expire, signature }` for one upload attempt. ImageKit accepts each token once,
 * so nothing here is cached: the endpoint is fetched with `cache: 'no-store'` every time.
 */
export async function getAuthParams(source: AuthSource): Promise<AuthParams> {
  const timeoutMs = source.timeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  if (source.signal?.aborted) throw canceled();
  if (source.authenticator) return fromAuthenticator(source.authenticator, timeoutMs, source.signal);
  if (source.authEndpoint) return fromEndpoint(source.authEndpoint, timeoutMs, source.signal);
  throw fail('Uploads cannot be signed: set the auth-endpoint attribute or the authenticator property.');
}

async function fromAuthenticator(authenticator: Authenticator, timeoutMs: number, signal?: AbortSignal) {
  let value: unknown;
  try {
    value = await withTimeout(Promise.resolve().then(authenticator), timeoutMs, signal, () =>
      fail(`The authenticator did not return auth parameters within ${seconds(timeoutMs)}.`, true),
    );
  } catch (err) {
    if (err instanceof UploadError) throw err;
    throw fail(`The authenticator failed: ${describe(err)}`, false, err);
  }
  return checkAuthParams(value, 'the authenticator');
}

async function fromEndpoint(url: string, timeoutMs: number, signal?: AbortSignal) {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'GET',
      cache: 'no-store', // a cached answer would replay a used token
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal: controller.signal,
    });
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
  return checkAuthParams(body, `the auth endpoint ${url}`);
}

/** Checks what an auth source returned, naming the missing or ill-typed field. */
export function checkAuthParams(value: unknown, from: string, nowMs = Date.now()): AuthParams {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(`Auth parameters from ${from} must be an object { token, expire, signature }; got ${typeName(value)}.`);
  }
  const v = value as Record<string, unknown>;
  const missing = (['token', 'expire', 'signature'] as const).filter((k) => v[k] === undefined || v[k] === null || v[k] === '');
  if (missing.length) {
    throw fail(`Auth parameters from ${from} lack ${missing.map((k) => `"${k}"`).join(', ')}: expected { token, expire, signature }.`);
  }
  if (typeof v.token !== 'string') throw fail(`"token" from ${from} must be a string; got ${typeName(v.token)}.`);
  if (typeof v.signature !== 'string') throw fail(`"signature" from ${from} must be a string; got ${typeName(v.signature)}.`);
  // Some servers send expire as a numeric string; ImageKit only needs its decimal digits.
  const expire = typeof v.expire === 'string' && /^\d+$/.test(v.expire) ? Number(v.expire) : v.expire;
  if (typeof expire !== 'number' || !Number.isInteger(expire) || expire <= 0) {
    throw fail(`"expire" from ${from} must be a Unix time in seconds; got ${JSON.stringify(v.expire)}.`);
  }
  if (expire * 1000 <= nowMs) {
    const ago = Math.round((nowMs - expire * 1000) / 1000);
    throw fail(
      `Auth parameters from ${from} had already expired (expire ${expire} is ${ago} s in the past), so the upload was not sent. ` +
        'The server must sign with a future expire, and its answer must not be cached.',
    );
  }
  return { token: v.token, expire, signature: v.signature };
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
const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : typeof v);
