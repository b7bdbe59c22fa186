// Shared by the Node and the Web Crypto signers; imports nothing, so edge runtimes can load it.

/** How long signed parameters stay valid by default: ImageKit's SDKs use 30 minutes. */
export const DEFAULT_EXPIRE_SECONDS = 30 * 60;

/** ImageKit refuses an `expire` an hour or more ahead; a minute's margin covers clock skew. */
const MAX_EXPIRE_SECONDS = 3600 - 60;

/** The `expire` to sign now: a Unix time in seconds, `seconds` ahead, clamped under ImageKit's limit. */
export function expireIn(seconds: number = DEFAULT_EXPIRE_SECONDS): number {
  return Math.floor(Date.now() / 1000) + Math.min(seconds, MAX_EXPIRE_SECONDS);
}
