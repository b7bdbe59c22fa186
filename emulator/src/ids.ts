import { randomBytes } from 'node:crypto';

/** A 24-hex-character id shaped like ImageKit's (a Mongo ObjectId): seconds since epoch, then random. */
export function newId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return seconds + randomBytes(8).toString('hex');
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** ImageKit's unique-name suffix body: 9 characters of `[A-Za-z0-9_-]`. */
export function uniqueSuffix(): string {
  // 64 symbols, so each random byte's low 6 bits pick one without bias.
  return Array.from(randomBytes(9), (b) => SUFFIX_ALPHABET[b & 63]).join('');
}
