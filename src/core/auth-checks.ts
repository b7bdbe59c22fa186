import { UploadError } from './errors.js';
import type { AuthParams } from './types.js';

/** An auth failure: `retryable` when a later attempt may get through. */
export const fail = (message: string, retryable = false, cause?: unknown) =>
  new UploadError('auth-failed', message, { retryable, cause });

/**
 * Checks what an auth source returned, naming the missing or ill-typed field. `serverNow` is the
 * auth server's clock (its Date header); without it, this device's.
 */
export function checkAuthParams(value: unknown, from: string, serverNow?: number): AuthParams {
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
  checkExpiry(expire, from, serverNow);
  return { token: v.token, expire, signature: v.signature };
}

/** An expiry already past by the auth server's own clock is its clock's (or its settings') fault: say so, and send nothing. */
export function checkExpiry(expire: number, from: string, serverNow?: number) {
  const now = serverNow ?? Date.now();
  if (expire * 1000 > now) return;
  const ago = Math.round((now - expire * 1000) / 1000);
  const clock = serverNow === undefined ? "this device's time" : "the auth server's own time";
  throw fail(
    `Auth parameters from ${from} had already expired (expire ${expire} is ${ago} s before ${clock}), so the upload was not sent. ` +
      'This is a clock problem: the server must sign with a future expire (check its clock and expiry setting), and its answer must not be cached.',
  );
}

export const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
export const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : typeof v);
