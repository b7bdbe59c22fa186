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

/**
 * A token for ImageKit's upload API V2, as ImageKit's guide builds it: a JWT signed HS256 with the
 * private key, header `kid` = the public key, payload = the upload parameters as strings plus `iat`
 * and `exp`. The upload must then send exactly these parameters.
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
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: publicKey })
    .setIssuedAt(now)
    .setExpirationTime(now + signedSeconds(expireSeconds))
    .sign(encoder.encode(privateKey));
}
