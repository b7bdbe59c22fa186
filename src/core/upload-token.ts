import { decodeJwt } from 'jose';
import { checkExpiry, describe, fail, typeName } from './auth-checks.js';
import type { UploadPayload } from './types.js';

/** Reads a v2 `{ token }`: a JWT whose payload (less its time claims) is exactly what will be sent. */
export async function checkUploadToken(value: unknown, from: string, serverNow?: number): Promise<{ token: string; payload: UploadPayload }> {
  const token = value && typeof value === 'object' && !Array.isArray(value) ? (value as { token?: unknown }).token : undefined;
  if (typeof token !== 'string' || !token) {
    throw fail(`An upload token from ${from} must be an object { token }, the token a JWT string; got ${typeName(token ?? value)}.`);
  }
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch (err) {
    throw fail(`The token from ${from} is not a JWT (${describe(err)}): with upload-api="v2" it must sign the upload parameters.`, false, err);
  }
  const { exp, iat: _, ...params } = claims;
  if (typeof exp !== 'number') throw fail(`The token from ${from} has no "exp": ImageKit refuses a V2 token without an expiry.`);
  checkExpiry(exp, from, serverNow);
  const bad = Object.entries(params).find(([, v]) => typeof v !== 'string');
  if (bad) throw fail(`The token from ${from} signs "${bad[0]}" as ${typeName(bad[1])}; each upload parameter must be signed as the string that is sent.`);
  if (typeof params.fileName !== 'string' || !params.fileName) throw fail(`The token from ${from} does not sign a fileName, which ImageKit requires.`);
  return { token, payload: params as UploadPayload };
}
