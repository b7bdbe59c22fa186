import { UPLOAD_PARAM_NAMES, type ResponseField, type UploadParams } from './types.js';

// The checks are in validate-params.ts: the CDN build loads them only when a file has parameters.

/** An attribute whose JSON did not parse: kept so validation can say so before any request. */
export class InvalidJson {
  constructor(readonly text: string, readonly reason: string) {}
}

export const RESPONSE_FIELDS: readonly ResponseField[] = [
  'tags', 'customCoordinates', 'isPrivateFile', 'embeddedMetadata', 'isPublished', 'customMetadata', 'metadata', 'selectedFieldsSchema',
];

const JSON_PARAMS = new Set<string>(['extensions', 'customMetadata', 'transformation']);
/** A list parameter as its items, whether given as an array or as the comma-separated string the API takes. */
export function listOf(value: string[] | string): string[] {
  return Array.isArray(value) ? value : value.split(',');
}

/**
 * The form fields for a validated parameter set, exactly as ImageKit expects them: booleans as
 * "true"/"false", lists comma-joined, JSON fields stringified, and nothing that was not set.
 */
export function serializeParams(params: UploadParams): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const name of UPLOAD_PARAM_NAMES) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    if (name === 'tags' || name === 'responseFields') fields.push([name, listOf(value as string[] | string).join(',')]);
    else if (JSON_PARAMS.has(name)) fields.push([name, JSON.stringify(value)]);
    else fields.push([name, String(value)]);
  }
  return fields;
}

/** Per-file parameters over element-level ones; only `undefined` falls through, so `false` stays `false`. */
export function mergeParams(base: UploadParams, override: UploadParams | undefined): UploadParams {
  const merged: UploadParams = { ...base };
  if (!override) return merged;
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * keep-folders: a file from a dropped folder goes to `folder` + its path inside the drop
 * ("photos/2024/a.png" under "/site" → "/site/photos/2024"); a loose file keeps `folder`.
 */
export function keptFolder(path: string, folder: string | undefined): string | undefined {
  // ImageKit folder names take letters, digits, "_" and "-": anything else becomes "_", as in file names.
  const dir = path.split('/').slice(0, -1).join('/').replace(/[^\p{L}\p{M}\p{N}/_-]/gu, '_');
  return dir ? `${(folder ?? '').replace(/\/+$/, '')}/${dir}` : folder;
}
