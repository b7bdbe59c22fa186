// Shared by the Node and the Web Crypto signers; imports nothing, so edge runtimes can load it.

/** How long signed parameters stay valid by default: ImageKit's SDKs use 30 minutes. */
export const DEFAULT_EXPIRE_SECONDS = 30 * 60;

/** ImageKit refuses an expiry an hour or more ahead. */
export const MAX_EXPIRE_SECONDS = 3600;

/** What is signed at most: a minute under ImageKit's limit, so a clock a little ahead of ImageKit's still passes. */
const SIGNED_MAX_SECONDS = MAX_EXPIRE_SECONDS - 60;

/** True for a whole number of seconds ImageKit accepts: 1 to 3600. */
export function isExpireSeconds(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_EXPIRE_SECONDS;
}

/** Throws at creation, so a wrong setting fails when the server starts, not at the first upload. */
export function checkExpireSeconds(value: unknown, who: string): number {
  if (value === undefined) return DEFAULT_EXPIRE_SECONDS;
  if (!isExpireSeconds(value)) {
    throw new RangeError(
      `${who}: expireSeconds must be a whole number of seconds from 1 to 3600 (ImageKit's limit), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Seconds to sign for: `seconds`, kept a minute under ImageKit's one-hour limit. */
export function signedSeconds(seconds: number = DEFAULT_EXPIRE_SECONDS): number {
  return Math.min(seconds, SIGNED_MAX_SECONDS);
}

/** The `expire` to sign now: a Unix time in seconds, `seconds` ahead, clamped under ImageKit's limit. */
export function expireIn(seconds: number = DEFAULT_EXPIRE_SECONDS): number {
  return Math.floor(Date.now() / 1000) + signedSeconds(seconds);
}
