/**
 * An exponential moving average over time, as a pure function: the old value counts for half after
 * `halfLife` ms, however often it is sampled (Uppy's emaFilter does the same).
 */
export function ema(previous: number, sample: number, elapsed: number, halfLife: number): number {
  if (!previous) return sample;
  const keep = 0.5 ** (elapsed / halfLife);
  return previous * keep + sample * (1 - keep);
}

/** Bytes per second from (time, bytes sent) samples, smoothed with `ema`. */
export interface Rate {
  at: number;
  sent: number;
  /** Bytes per second; 0 until two samples are apart. */
  rate: number;
}

/** The next rate after `sent` bytes at `now`; samples closer than `minGap` ms leave it as it is. */
export function nextRate(prev: Rate | undefined, sent: number, now: number, halfLife = 2000, minGap = 500): Rate {
  if (!prev || sent < prev.sent) return { at: now, sent, rate: 0 };
  const elapsed = now - prev.at;
  if (elapsed < minGap) return prev;
  return { at: now, sent, rate: ema(prev.rate, ((sent - prev.sent) / elapsed) * 1000, elapsed, halfLife) };
}
