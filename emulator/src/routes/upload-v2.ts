import type { IncomingMessage } from 'node:http';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { RequestContext, Route } from '../router.js';
import { ImageKitError } from '../http.js';
import { MESSAGES, requirePrivateKey, secretsEqual } from '../auth.js';
import { createUploadRoute } from './upload.js';

export const UPLOAD_V2_PATH = '/api/v2/files/upload';

/** ImageKit's upload API V2 messages: the OpenAPI spec's `upload-file-v2` 400 examples unless marked inferred. */
export const V2_MESSAGES = {
  both: 'Your request contains both token and basic auth parameter. Use only one method, you might be exposing your private API key.',
  missingToken: 'Your request is missing token parameter.',
  expired: 'Your request contains expired token.',
  invalid: 'Your request has invalid token.',
  payload: 'Your request contains invalid payload. It does not match with the payload used to generate token.',
} as const;

/** ImageKit accepts a token for at most an hour: the guide signs `expiresIn` up to 3600 seconds. */
const MAX_TOKEN_SECONDS = 3600;

/** Claims the guide's signer (jsonwebtoken's `expiresIn`) adds; every other key is an upload parameter. */
const TIME_CLAIMS = new Set(['iat', 'exp']);

const encoder = new TextEncoder();

/**
 * Upload auth for V2 as ImageKit does it: Basic auth with the private key (server side), or a
 * JWT `token` signed HS256 with the private key, header `kid` = the public key, valid for at
 * most an hour, used once (in the same ledger as v1 tokens), whose payload is exactly the
 * request's parameters. Signatures are checked by jose on Web Crypto (constant time).
 */
async function authenticateUploadV2(req: IncomingMessage, fields: ReadonlyMap<string, string>, ctx: RequestContext): Promise<void> {
  const { privateKey } = ctx.options;
  const hasBasic = /^Basic\s/i.test(req.headers.authorization ?? '');
  const token = fields.get('token');
  if (hasBasic && token !== undefined) throw new ImageKitError(400, V2_MESSAGES.both);
  if (hasBasic) return requirePrivateKey(req, privateKey);
  if (!token) throw new ImageKitError(400, V2_MESSAGES.missingToken);
  const payload = await verifyToken(token, ctx);

  // Spent even if the upload then fails, as ImageKit documents. The message is v1's (inferred for V2).
  // On disk before the upload is answered: with its record, or alone (the upload route).
  if (!ctx.tokens.spend(token, payload.exp!, req)) throw new ImageKitError(400, MESSAGES.tokenUsed(token));

  if (!samePayload(payload, fields)) throw new ImageKitError(400, V2_MESSAGES.payload);
}

/** The token's account (`kid`), signature and lifetime; not whether it was used, nor its payload. */
async function verifyToken(token: string, ctx: RequestContext): Promise<JWTPayload> {
  const { publicKey, privateKey } = ctx.options;
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new ImageKitError(400, V2_MESSAGES.invalid);
  }
  // A token naming another account: v1's answer to a wrong public key (inferred for V2).
  if (typeof kid !== 'string' || !secretsEqual(kid, publicKey)) throw new ImageKitError(403, MESSAGES.cannotAuthenticate);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(privateKey), { algorithms: ['HS256'], requiredClaims: ['exp'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new ImageKitError(400, V2_MESSAGES.expired);
    throw new ImageKitError(400, V2_MESSAGES.invalid);
  }
  const exp = payload.exp!;
  const now = Math.floor(Date.now() / 1000);
  // Longer than an hour, from now or from when it was issued (message inferred: the spec lists none for it).
  if (exp > now + MAX_TOKEN_SECONDS || (typeof payload.iat === 'number' && exp - payload.iat > MAX_TOKEN_SECONDS)) {
    throw new ImageKitError(400, V2_MESSAGES.invalid);
  }
  return payload;
}

/**
 * When the file part begins: a token sent before it is verified (a forged or expired one stores
 * nothing); a wrong Basic key too. Its payload covers every field, so the full check still runs.
 */
async function earlyCheckV2(req: IncomingMessage, fields: ReadonlyMap<string, string>, ctx: RequestContext): Promise<'later'> {
  const token = fields.get('token');
  const hasBasic = /^Basic\s/i.test(req.headers.authorization ?? '');
  if (hasBasic && token !== undefined) throw new ImageKitError(400, V2_MESSAGES.both);
  if (token) await verifyToken(token, ctx);
  else if (hasBasic) requirePrivateKey(req, ctx.options.privateKey);
  return 'later';
}

/** The request's parameters (all but `file` and `token`) are the signed ones, key for key, as strings. */
function samePayload(payload: JWTPayload, fields: ReadonlyMap<string, string>): boolean {
  const signed = Object.entries(payload).filter(([key]) => !TIME_CLAIMS.has(key));
  const sent = [...fields].filter(([key]) => key !== 'token');
  if (signed.length !== sent.length) return false;
  return signed.every(([key, value]) => typeof value === 'string' && fields.get(key) === value);
}

/** `POST /api/v2/files/upload`: the V2 upload API, on the same pipeline as v1. */
export const uploadV2Route: Route = createUploadRoute(UPLOAD_V2_PATH, authenticateUploadV2, earlyCheckV2);
