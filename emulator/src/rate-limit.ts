import { ImageKitError } from './http.js';

/**
 * A fixed-window request counter for upload requests: more than `limit` in one window of
 * `intervalMs` gets 429 with ImageKit's headers (`X-RateLimit-Reset` = milliseconds to wait).
 */
export class RateLimiter {
  #windowStart = 0;
  #count = 0;

  constructor(
    readonly limit: number | undefined,
    readonly intervalMs: number,
  ) {}

  /** Counts one request; throws ImageKitError 429 when over the limit. */
  hit(now = Date.now()): void {
    if (this.limit === undefined) return;
    if (now - this.#windowStart >= this.intervalMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count++;
    if (this.#count > this.limit) {
      const reset = this.#windowStart + this.intervalMs - now;
      throw new ImageKitError(429, 'Too many requests. Slow down and retry after the time in X-RateLimit-Reset.', {
        'X-RateLimit-Limit': String(this.limit),
        'X-RateLimit-Reset': String(Math.max(reset, 1)),
        'X-RateLimit-Interval': String(this.intervalMs),
      });
    }
  }
}
