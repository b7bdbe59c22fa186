/** The middle value (mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const round = (n: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ms = (n: number) => `${Math.round(n)} ms`;

/** Runs `a` and `b` alternately (A B B A A B …) `rounds` times each, so drift in load hits both alike. */
export async function alternate<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const [ra, rb] = await interleave(rounds, [a, b]);
  return { a: ra!, b: rb! };
}

/** Runs every variant once per round, the order rotated each round, so none always goes first. */
export async function interleave<T>(rounds: number, variants: (() => Promise<T>)[]): Promise<T[][]> {
  const out = variants.map(() => [] as T[]);
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (i + k) % variants.length;
      out[v]!.push(await variants[v]!());
    }
  }
  return out;
}
