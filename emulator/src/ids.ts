import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from the system's CSPRNG, drawn 4 KB at a time: an upload takes two ids' worth
 * (17 bytes), and one randomBytes() call each cost more than the bytes themselves. Each byte is
 * handed out once.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

/** `n` (at most 4096) fresh random bytes: a view of the pool, valid until the next call. */
function randomView(n: number): Buffer {
  if (used + n > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const view = pool.subarray(used, used + n);
  used += n;
  return view;
}

/** A 24-hex-character id shaped like ImageKit's (a Mongo ObjectId): seconds since epoch, then random. */
export function newId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return seconds + randomView(8).toString('hex');
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** ImageKit's unique-name suffix body: 9 characters of `[A-Za-z0-9_-]`. */
export function uniqueSuffix(): string {
  // 64 symbols, so each random byte's low 6 bits pick one without bias.
  const bytes = randomView(9);
  let suffix = '';
  for (const b of bytes) suffix += SUFFIX_ALPHABET[b & 63];
  return suffix;
}
