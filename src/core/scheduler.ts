/**
 * Measured (test/browser/concurrency.measure.ts, 16 × 1 MB): on a 40 Mbit/s uplink 4 is within 3%
 * of 6 (the bandwidth is the limit); with 300 ms server latency 4 takes 1.5 s against 5.2 s at 1
 * and 1.2 s at 6, and leaves two of Chromium's six connections per host for the page.
 */
export const DEFAULT_CONCURRENCY = 4;

/**
 * How many uploads may run: `concurrency`, and after a 429 (a limit per account) a hold on every
 * start until the server's reset, then half as many at once, coming back one success at a time.
 */
export class Scheduler {
  #holdUntil = 0;
  #throttled: number | undefined;

  constructor(readonly concurrency: () => number | undefined) {}

  get #limit(): number {
    const c = Math.floor(Number(this.concurrency() ?? DEFAULT_CONCURRENCY));
    return Number.isFinite(c) && c >= 1 ? c : DEFAULT_CONCURRENCY;
  }

  /** How many more may start now, with `running` in flight; 0 while held. */
  free(running: number, now: number): number {
    if (this.#holdUntil > now) return 0;
    return Math.max(0, Math.min(this.#throttled ?? Infinity, this.#limit) - running);
  }

  /** When a hold ends (ms since epoch), or 0 when there is none. */
  get heldUntil(): number {
    return this.#holdUntil;
  }

  /** A 429: nothing starts for `ms`, and then fewer at once. */
  rateLimited(ms: number, now: number): void {
    this.#holdUntil = Math.max(this.#holdUntil, now + ms);
    this.#throttled = Math.max(1, Math.floor((this.#throttled ?? this.#limit) / 2));
  }

  /** An upload succeeded: speed comes back one upload at a time after a 429. */
  succeeded(): void {
    if (this.#throttled === undefined) return;
    if (++this.#throttled >= this.#limit) this.#throttled = undefined;
  }
}
