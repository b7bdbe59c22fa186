// What a v2 token signs: ImageKit's upload parameters as strings. No Node-only imports (edge runtimes load it).
import { isExpireSeconds } from './expiry.js';

/**
 * Every parameter of ImageKit's upload API V2 (`FileUploadV2`) that a token may sign: all but
 * `file` and `token`. Each value is the string the multipart form carries.
 */
export const UPLOAD_PARAMETERS = [
  'fileName',
  'useUniqueFileName',
  'tags',
  'folder',
  'isPrivateFile',
  'isPublished',
  'customCoordinates',
  'responseFields',
  'extensions',
  'webhookUrl',
  'overwriteFile',
  'overwriteAITags',
  'overwriteTags',
  'overwriteCustomMetadata',
  'customMetadata',
  'transformation',
  'checks',
  'description',
] as const;

export type UploadParameter = (typeof UPLOAD_PARAMETERS)[number];

/** The parameters a v2 token signs, each in the string form the upload sends: `{ fileName: 'a.jpg', useUniqueFileName: 'false' }`. */
export type UploadPayload = { fileName: string } & Partial<Record<UploadParameter, string>>;

/**
 * What a policy may return: an `UploadPayload`, or one with plain values that are turned into
 * ImageKit's strings (booleans to `"true"`/`"false"`, `tags`/`responseFields` arrays joined with
 * commas, `customMetadata`/`extensions`/`transformation` as JSON). `undefined` drops a parameter.
 */
export type UploadPayloadInput = { fileName: string } & Partial<Record<UploadParameter, unknown>>;

/** The JSON body the element POSTs (ImageKit's "backend token generation" guide): `expire` in seconds from now. */
export interface UploadTokenRequest {
  uploadPayload: UploadPayload;
  expire?: number;
  publicKey?: string;
}

const KNOWN = new Set<string>(UPLOAD_PARAMETERS);
const COMMA_LISTS = new Set<string>(['tags', 'responseFields']);
const JSON_VALUED = new Set<string>(['customMetadata', 'extensions', 'transformation']);

/** A request the endpoint refuses with 400: the message says what to fix. */
export class BadTokenRequest extends Error {
  override name = 'BadTokenRequest';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Checks the POSTed body; throws BadTokenRequest with the field and the fix. */
export function readTokenRequest(body: unknown): UploadTokenRequest {
  if (!isPlainObject(body)) {
    throw new BadTokenRequest('The request body must be a JSON object: { uploadPayload, expire, publicKey }.');
  }
  const { uploadPayload, expire, publicKey } = body;
  if (!isPlainObject(uploadPayload)) {
    throw new BadTokenRequest(`uploadPayload must be an object of upload parameters, got ${typeName(uploadPayload)}.`);
  }
  const payload: Record<string, string> = {};
  for (const [key, value] of Object.entries(uploadPayload)) {
    if (key === 'file' || key === 'token') {
      throw new BadTokenRequest(`uploadPayload.${key} does not belong in the payload: a token signs every parameter but file and token.`);
    }
    if (!KNOWN.has(key)) {
      throw new BadTokenRequest(`uploadPayload.${key} is not a parameter of ImageKit's upload API V2.`);
    }
    if (typeof value !== 'string') {
      throw new BadTokenRequest(`uploadPayload.${key} must be a string, as the upload sends it, got ${typeName(value)}.`);
    }
    payload[key] = value;
  }
  if (!payload.fileName) throw new BadTokenRequest('uploadPayload.fileName is required.');
  if (expire !== undefined && !isExpireSeconds(expire)) {
    throw new BadTokenRequest(`expire must be a whole number of seconds from now, 1 to 3600, got ${JSON.stringify(expire)}.`);
  }
  if (publicKey !== undefined && (typeof publicKey !== 'string' || publicKey === '')) {
    throw new BadTokenRequest('publicKey must be your ImageKit public key.');
  }
  return { uploadPayload: payload as UploadPayload, expire: expire as number | undefined, publicKey: publicKey as string | undefined };
}

/** Turns what a policy returned into the strings to sign; a wrong shape is the app's bug, so it throws TypeError. */
export function toUploadPayload(input: unknown, who = 'policy()'): UploadPayload {
  if (!isPlainObject(input)) throw new TypeError(`${who} must return the upload payload (an object) or false, got ${typeName(input)}`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!KNOWN.has(key)) throw new TypeError(`${who} returned "${key}", which is not a parameter of ImageKit's upload API V2`);
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) out[key] = String(value);
    else if (COMMA_LISTS.has(key) && Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value.join(',');
    else if (JSON_VALUED.has(key) && typeof value === 'object' && value !== null) out[key] = JSON.stringify(value);
    else throw new TypeError(`${who} returned ${key} as ${typeName(value)}; ImageKit takes it as a string`);
  }
  if (!out.fileName) throw new TypeError(`${who} returned a payload without fileName; every upload needs one`);
  return out as UploadPayload;
}

/** Parses a POSTed body; throws BadTokenRequest for an empty or broken one. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new BadTokenRequest('The request body is empty: POST JSON { uploadPayload, expire, publicKey }.');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadTokenRequest(`The request body is not JSON (${(error as Error).message}).`);
  }
}
