// Signs upload API V2 tokens with jose, on Web Crypto: runs in Node, Deno, Bun, Workers and edge functions.
import { SignJWT } from 'jose';
import { DEFAULT_EXPIRE_SECONDS, isExpireSeconds, signedSeconds } from './expiry.js';
import { toUploadPayload, type UploadPayloadInput } from './upload-payload.js';

export interface UploadTokenOptions {
  /** Your ImageKit private key: the HMAC key. */
  privateKey: string;
  /** Your ImageKit public key: the token header's `kid`. */
  publicKey: string;
  /** The upload parameters the token allows, and nothing else (all but `file` and `token`). */
  uploadPayload: UploadPayloadInput;
  /** Seconds from now, 1 to 3600; default 30 minutes. */
  expireSeconds?: number;
}

const encoder = new TextEncoder();

/** Issued-at offsets already used this second, per token content: see `signUploadToken`. */
let thisSecond = 0;
const usedOffsets = new Map<string, Set<number>>();

/**
 * How many seconds to backdate `iat` by, 0 to 59. ImageKit refuses a token it has seen, and the
 * guide's tokens for one payload are byte for byte the same within a second (two pasted
 * "image.png", a retry): a distinct `iat` makes each one new, while `exp` stays put.
 */
function issuedAtOffset(now: number, content: string): number {
  if (now !== thisSecond) {
    thisSecond = now;
    usedOffsets.clear();
  }
  let used = usedOffsets.get(content);
  if (!used) usedOffsets.set(content, (used = new Set()));
  // Random, so separate server processes rarely pick the same one either.
  const free = Array.from({ length: 60 }, (_, i) => i).filter((i) => !used.has(i));
  const offset = free.length ? free[Math.floor(Math.random() * free.length)]! : Math.floor(Math.random() * 60);
  used.add(offset);
  return offset;
}

/**
 * A token for ImageKit's upload API V2, as ImageKit's guide builds it: a JWT signed HS256 with the
 * private key, header `kid` = the public key, payload = the upload parameters as strings plus `iat`
 * and `exp`. The upload must then send exactly these parameters. Every call gives a new token,
 * even for the same parameters in the same second (`iat` is then up to a minute earlier; `exp`
 * is always now + expireSeconds, and `exp - iat` stays under ImageKit's hour).
 */
export async function signUploadToken(options: UploadTokenOptions): Promise<string> {
  const { privateKey, publicKey, expireSeconds = DEFAULT_EXPIRE_SECONDS } = options;
  if (!privateKey) throw new TypeError('signUploadToken: privateKey is required');
  if (!publicKey) throw new TypeError('signUploadToken: publicKey is required (it is the token\'s kid)');
  if (!isExpireSeconds(expireSeconds)) {
    throw new RangeError(`signUploadToken: expireSeconds must be a whole number from 1 to 3600, got ${JSON.stringify(expireSeconds)}`);
  }
  const payload = toUploadPayload(options.uploadPayload, 'signUploadToken: uploadPayload');
  const now = Math.floor(Date.now() / 1000);
  const exp = now + signedSeconds(expireSeconds);
  const iat = now - issuedAtOffset(now, JSON.stringify([publicKey, exp, payload]));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: publicKey })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(encoder.encode(privateKey));
}
