import type { UploadError } from './errors.js';

export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_DELAY = 1000;
export const DEFAULT_MAX_RETRY_DELAY = 30_000;
/** A rate-limited file waits as told, but not forever. */
export const MAX_RATE_LIMIT_WAITS = 10;

/** What a file has spent so far: failures count against `retries`, 429 waits against their own cap. */
export interface RetryBudget {
  readonly failures: number;
  readonly rateLimitWaits: number;
  /** Retries spent on a token the server refused as used or expired: at most one. */
  readonly freshAuths?: number;
}

export interface RetryOptions {
  retries?: number;
  /** First retry's delay in ms; each next one doubles, with jitter. */
  retryDelay?: number;
  maxRetryDelay?: number;
}

export type RetryDecision =
  | { retry: false; budget: RetryBudget }
  /** `offline`: wait for the network, spending nothing; `rate-limited`: the whole queue holds for `delay`. */
  | { retry: true; delay: number; reason: 'offline' | 'rate-limited' | 'backoff' | 'fresh-auth'; budget: RetryBudget };

/**
 * Whether and when a failed attempt is tried again. Pure: the caller passes what it knows (is the
 * browser offline?) and a random source, and keeps the budget it gets back.
 */
export function retryDecision(
  error: UploadError,
  budget: RetryBudget,
  options: RetryOptions,
  world: { offline: boolean; random?: () => number },
): RetryDecision {
  // A token refused as used or expired earns one retry, at once, with a fresh token (never the same
  // one). After that only what else it is counts: "used" (the browser resent a request whose answer
  // was lost) is retryable like the lost connection it was; "expired" is not.
  if (error.freshAuth && !budget.freshAuths) return { retry: true, delay: 0, reason: 'fresh-auth', budget: { ...budget, freshAuths: 1 } };
  if (!error.retryable) return { retry: false, budget };
  // Offline is not the file's fault: wait for the network without spending its retries.
  if (world.offline) return { retry: true, delay: 0, reason: 'offline', budget };
  const random = world.random ?? Math.random;
  if (error.code === 'rate-limited') {
    const rateLimitWaits = budget.rateLimitWaits + 1;
    const next = { ...budget, rateLimitWaits };
    if (rateLimitWaits > MAX_RATE_LIMIT_WAITS) return { retry: false, budget: next };
    return { retry: true, delay: error.retryAfterMs ?? backoff(rateLimitWaits, options, random), reason: 'rate-limited', budget: next };
  }
  const failures = budget.failures + 1;
  const next = { ...budget, failures };
  if (failures > Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES))) return { retry: false, budget: next };
  return { retry: true, delay: backoff(failures, options, random), reason: 'backoff', budget: next };
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoff(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const base = options.retryDelay ?? DEFAULT_RETRY_DELAY;
  const cap = options.maxRetryDelay ?? DEFAULT_MAX_RETRY_DELAY;
  const exp = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
