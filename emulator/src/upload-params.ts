import { ImageKitError } from './http.js';
import { OPTIONAL_UPLOAD_FIELDS, type OptionalUploadField } from './file-object.js';
import { characters, MAX_NAME_LENGTH, MAX_PATH_LENGTH, normalizeFolder } from './names.js';
import { parseExtensions, type ExtensionRequest } from './extensions.js';
import { parseTransformation, type UploadTransformation } from './transformation.js';

/** The upload request's parameters (seed 004), validated, with ImageKit's defaults applied. */
export interface UploadParams {
  fileName: string;
  useUniqueFileName: boolean;
  /** `/a/b/` form; `/` for the root. */
  folder: string;
  /** undefined when the request had no `tags` field (matters for overwriteTags). */
  tags: string[] | undefined;
  isPrivateFile: boolean;
  isPublished: boolean;
  customCoordinates: string | null;
  responseFields: Set<OptionalUploadField>;
  /**
   * The raw JSON text, checked later against the defined fields (custom-metadata.ts); undefined
   * when the request had no `customMetadata` field (matters for overwriteCustomMetadata).
   */
  customMetadata: string | undefined;
  overwriteFile: boolean;
  overwriteAITags: boolean;
  overwriteTags: boolean;
  overwriteCustomMetadata: boolean;
  description: string | undefined;
  extensions: ExtensionRequest[];
  transformation: UploadTransformation | undefined;
  /** Where the webhooks of extensions and post-transformations go (upload-effects.ts). */
  webhookUrl: string | undefined;
}

const invalid = (name: string, why: string) => new ImageKitError(400, `Your request contains invalid ${name} parameter. ${why}`);

/** Booleans travel as the strings "true" / "false". */
function bool(fields: Map<string, string>, name: string, fallback: boolean): boolean {
  const value = fields.get(name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(name, 'It should be true or false.');
}

/** `tags`: comma-separated, at most 500 characters in all (commas counted), no `%` (seed 004). */
export function parseTags(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.includes('%')) throw invalid('tags', 'The character % is not allowed in tags.');
  const tags = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (tags.join(',').length > 500) throw invalid('tags', 'The maximum length of all characters should not exceed 500.');
  return [...new Set(tags)];
}

/** `customCoordinates`: `x,y,width,height`, non-negative integers; empty means none. */
export function parseCustomCoordinates(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*$/.test(value)) {
    throw invalid('customCoordinates', 'It should be four integers in the format x,y,width,height, e.g. 10,10,100,100.');
  }
  return value.replace(/\s+/g, '');
}

/** `responseFields`: comma-separated names from the seed's list; unknown names are refused. */
export function parseResponseFields(value: string | undefined): Set<OptionalUploadField> {
  const fields = new Set<OptionalUploadField>();
  if (value === undefined) return fields;
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!(OPTIONAL_UPLOAD_FIELDS as readonly string[]).includes(name)) {
      throw invalid('responseFields', `Accepted values are ${OPTIONAL_UPLOAD_FIELDS.join(', ')}.`);
    }
    fields.add(name as OptionalUploadField);
  }
  // The seed: asking for isPrivateFile returns isPublished as well.
  if (fields.has('isPrivateFile')) fields.add('isPublished');
  return fields;
}

/** `webhookUrl`: an absolute http(s) URL. */
export function parseWebhookUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw invalid('webhookUrl', 'It should be an http or https URL.');
  return value;
}

/** Reads and validates every parameter except `file` and the auth fields. */
export function parseUploadParams(fields: Map<string, string>): UploadParams {
  const fileName = fields.get('fileName');
  if (fileName === undefined || fileName.trim() === '') throw new ImageKitError(400, 'Your request is missing fileName parameter.');
  if (characters(fileName) > MAX_NAME_LENGTH) {
    throw invalid('fileName', `A file name can be at most ${MAX_NAME_LENGTH} characters long; this one has ${characters(fileName)}.`);
  }
  const description = fields.get('description');
  const params: UploadParams = {
    fileName,
    useUniqueFileName: bool(fields, 'useUniqueFileName', true),
    folder: normalizeFolder(fields.get('folder')),
    tags: parseTags(fields.get('tags')),
    isPrivateFile: bool(fields, 'isPrivateFile', false),
    isPublished: bool(fields, 'isPublished', true),
    customCoordinates: parseCustomCoordinates(fields.get('customCoordinates')),
    responseFields: parseResponseFields(fields.get('responseFields')),
    customMetadata: fields.get('customMetadata'),
    overwriteFile: bool(fields, 'overwriteFile', true),
    overwriteAITags: bool(fields, 'overwriteAITags', true),
    overwriteTags: bool(fields, 'overwriteTags', true),
    overwriteCustomMetadata: bool(fields, 'overwriteCustomMetadata', true),
    description: description === undefined || description === '' ? undefined : description,
    extensions: parseExtensions(fields.get('extensions')),
    transformation: parseTransformation(fields.get('transformation')),
    webhookUrl: parseWebhookUrl(fields.get('webhookUrl')),
  };
  // The unique suffix adds 10 characters; the whole path must stay short enough to serve.
  const pathLength = characters(params.folder) + characters(fileName) + (params.useUniqueFileName ? 10 : 0);
  if (pathLength > MAX_PATH_LENGTH) {
    throw invalid('folder', `The folder and file name together can be at most ${MAX_PATH_LENGTH} characters long; these make ${pathLength}.`);
  }
  return params;
}
