import { validateCustomMetadata, type CustomMetadataField } from './custom-metadata.js';
import type { FileRecord } from './store.js';

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
const COORDINATES = /^\d+,\d+,\d+,\d+$/;
const TAGS_MAX = 500;

function refuse(parameter: string, why: string): UpdateRefusal {
  return { status: 400, message: `Your request contains invalid ${parameter} parameter. ${why}` };
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
): { edit: (draft: FileRecord) => void; extensions: string[] } | UpdateRefusal {
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
    const list = (tags ?? []).map((t) => t.trim()).filter(Boolean);
    if (list.some((t) => t.includes('%'))) return refuse('tags', 'Tags cannot contain the % character.');
    if (list.join(',').length > TAGS_MAX) return refuse('tags', `All tags together can be at most ${TAGS_MAX} characters.`);
    steps.push((d) => void (d.tags = list.length > 0 ? [...new Set(list)] : null));
  }

  if ('customCoordinates' in body) {
    const cc = body.customCoordinates;
    if (cc !== null && (typeof cc !== 'string' || (cc !== '' && !COORDINATES.test(cc)))) {
      return refuse('customCoordinates', 'Use x,y,width,height with whole numbers, e.g. 10,10,100,100, or null to remove them.');
    }
    steps.push((d) => void (d.customCoordinates = cc ? (cc as string) : null));
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

  const extensions: string[] = [];
  if ('extensions' in body) {
    const list = body.extensions;
    if (!Array.isArray(list) || !list.every((e) => isObject(e) && typeof e.name === 'string')) {
      return refuse('extensions', 'Send an array of objects, each with a name.');
    }
    extensions.push(...list.map((e) => (e as { name: string }).name));
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
