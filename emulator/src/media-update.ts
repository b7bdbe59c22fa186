import { validateCustomMetadata, type CustomMetadataField } from './custom-metadata.js';
import { ImageKitError } from './http.js';
import { parseCustomCoordinates, parseTags } from './upload-params.js';
import type { FileRecord } from './store.js';
import { checkExtensions, type ExtensionRequest } from './extensions.js';

/**
 * `PATCH /v1/files/{fileId}/details` (spec `UpdateFileRequest`): the body checked against the
 * file's current state, as an edit to apply, or the ImageKit-style 400 explaining what is wrong.
 */

export interface UpdateRefusal {
  status: 400;
  message: string;
  errors?: Record<string, string>;
}

const ALLOWED = new Set([
  'tags', 'customCoordinates', 'customMetadata', 'removeAITags', 'description', 'extensions', 'webhookUrl', 'publish',
]);

function refuse(parameter: string, why: string): UpdateRefusal {
  return { status: 400, message: `Your request contains invalid ${parameter} parameter. ${why}` };
}

/** Runs one of the upload API's parameter checks, turning its ImageKitError into a refusal. */
function sameAsUpload<T>(check: () => T): T | UpdateRefusal {
  try {
    return check();
  } catch (error) {
    if (error instanceof ImageKitError && error.status === 400) return { status: 400, message: error.message };
    throw error;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks `body` and returns the edit that applies it to a record, or why it is refused.
 * `fields` are the live custom metadata fields.
 */
export function planFileUpdate(
  record: FileRecord,
  body: unknown,
  fields: readonly CustomMetadataField[],
): { edit: (draft: FileRecord) => void; extensions: ExtensionRequest[] } | UpdateRefusal {
  if (!isObject(body)) return { status: 400, message: 'Your request body should be a JSON object.' };
  const unknown = Object.keys(body).filter((k) => !ALLOWED.has(k));
  if (unknown.length > 0) {
    return { status: 400, message: `Your request contains unknown parameters: ${unknown.join(', ')}. The update API accepts ${[...ALLOWED].join(', ')}.` };
  }
  const steps: Array<(draft: FileRecord) => void> = [];

  if ('tags' in body) {
    const tags = body.tags;
    if (tags !== null && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) {
      return refuse('tags', 'Send an array of strings, or null to remove every tag.');
    }
    // The upload API's rules (no %, at most 500 characters in all), with its messages.
    const list = sameAsUpload(() => parseTags((tags ?? []).join(',')) ?? []);
    if (!Array.isArray(list)) return list;
    steps.push((d) => void (d.tags = list.length > 0 ? list : null));
  }

  if ('customCoordinates' in body) {
    const cc = body.customCoordinates;
    if (cc !== null && typeof cc !== 'string') {
      return refuse('customCoordinates', 'Send a string x,y,width,height, e.g. 10,10,100,100, or null to remove them.');
    }
    const coordinates = cc === null ? null : sameAsUpload(() => parseCustomCoordinates(cc));
    if (coordinates !== null && typeof coordinates !== 'string') return coordinates;
    steps.push((d) => void (d.customCoordinates = coordinates));
  }

  if ('customMetadata' in body) {
    if (!isObject(body.customMetadata)) {
      return { status: 400, message: 'Invalid custom metadata. customMetadata should be a JSON object.', errors: { customMetadata: 'should be a JSON object' } };
    }
    const checked = validateCustomMetadata(fields, body.customMetadata, record.customMetadata);
    if (!checked.ok) return { status: 400, message: checked.message, ...(checked.errors && { errors: checked.errors }) };
    steps.push((d) => void (d.customMetadata = checked.value));
  }

  if ('removeAITags' in body) {
    const remove = body.removeAITags;
    if (remove !== 'all' && !(Array.isArray(remove) && remove.every((t) => typeof t === 'string'))) {
      return refuse('removeAITags', 'Send an array of AITag names, or "all".');
    }
    steps.push((d) => {
      const kept = remove === 'all' ? [] : (d.AITags ?? []).filter((t) => !(remove as string[]).includes(t.name));
      d.AITags = kept.length > 0 ? kept : null;
    });
  }

  if ('description' in body) {
    if (typeof body.description !== 'string') return refuse('description', 'Send a string.');
    const description = body.description;
    steps.push((d) => {
      if (description) d.description = description;
      else delete d.description;
    });
  }

  if ('webhookUrl' in body && (typeof body.webhookUrl !== 'string' || !URL.canParse(body.webhookUrl))) {
    return refuse('webhookUrl', 'Send an absolute URL.');
  }

  let extensions: ExtensionRequest[] = [];
  if ('extensions' in body) {
    // The upload API's checks and messages, on the parsed array.
    const checked = sameAsUpload(() => checkExtensions(body.extensions));
    if (!Array.isArray(checked)) return checked;
    extensions = checked;
  }

  if ('publish' in body) {
    const publish = body.publish;
    if (!isObject(publish) || typeof publish.isPublished !== 'boolean') {
      return refuse('publish', 'Send { "isPublished": true or false, "includeFileVersions"?: boolean }.');
    }
    const isPublished = publish.isPublished;
    steps.push((d) => void (d.isPublished = isPublished));
  }

  return { edit: (draft) => steps.forEach((step) => step(draft)), extensions };
}

export function isRefusal(value: unknown): value is UpdateRefusal {
  return isObject(value) && value.status === 400 && typeof value.message === 'string';
}
