import { ImageKitError } from './http.js';
import { Refusal } from './refusal.js';
import type { FileStore } from './store.js';

/**
 * The bulk file APIs: delete by fileIds (at most 100), add tags, remove tags, remove AI tags
 * (at most 50 files). Messages are the spec's. Every id must name a file, or nothing is
 * changed and the 404 lists the missing ones; a file the change cannot be applied to (its
 * tags would exceed 500 characters) is left as it is and reported in a 207.
 */

const MISSING_FILES = 'The requested file(s) does not exist.';
const TAGS_TOO_LONG = 'Your request contains invalid value for tags parameter. Combined length of all tags should be less than or equal to 500.';
const MAX_TAG_CHARS = 500;

function fileIdsOf(body: Record<string, unknown>, max: number): string[] {
  const ids = body.fileIds;
  if (ids === undefined || ids === null) throw new ImageKitError(400, 'fileIds parameter is missing.');
  if (!Array.isArray(ids)) throw new ImageKitError(400, 'fileIds should be an Array.');
  if (ids.length === 0) throw new ImageKitError(400, 'fileIds is empty.');
  if (ids.length > max) {
    throw new ImageKitError(400, max === 100 ? 'fileIds cannot have more than 100 items.' : 'A maximum of 50 files can be edited at a time.');
  }
  if (!ids.every((id) => typeof id === 'string')) throw new ImageKitError(400, 'fileIds should be an Array of strings.'); // inferred
  return [...new Set(ids as string[])];
}

function stringList(body: Record<string, unknown>, name: 'tags' | 'AITags'): string[] {
  const list = body[name];
  if (list === undefined || list === null) throw new ImageKitError(400, `${name} parameter is missing.`);
  const strings = Array.isArray(list) && list.every((t) => typeof t === 'string');
  if (!strings) {
    throw new ImageKitError(
      400,
      name === 'AITags'
        ? "Your request contains invalid value for AITags. Please provide an array of strings. Example - ['t-shirt','summer-sale']."
        : "Your request contains invalid value for tags. Please provide an array of strings. Example - ['t-shirt','summer-sale'].", // inferred, as for AITags
    );
  }
  const cleaned = [...new Set((list as string[]).map((t) => t.trim()).filter((t) => t !== ''))];
  if (cleaned.length === 0) throw new ImageKitError(400, `${name} array cannot be empty.`);
  if (name === 'tags') {
    // The upload API's rules: no % and no comma (tags travel comma-separated there).
    if (cleaned.some((t) => t.includes('%') || t.includes(','))) {
      throw new ImageKitError(400, 'Your request contains invalid value for tags parameter. A tag cannot contain % or ,.'); // inferred
    }
    if (cleaned.join(',').length > MAX_TAG_CHARS) throw new ImageKitError(400, TAGS_TOO_LONG);
  }
  return cleaned;
}

function requireAll(store: FileStore, ids: string[], listMissing: boolean): void {
  const missing = ids.filter((id) => !store.get(id));
  if (missing.length > 0) throw new Refusal(404, MISSING_FILES, listMissing ? { missingFileIds: missing } : {});
}

/** `POST /v1/files/batch/deleteByFileIds`. */
export async function bulkDelete(store: FileStore, body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const ids = fileIdsOf(body, 100);
  requireAll(store, ids, true);
  const deleted: string[] = [];
  for (const id of ids) if (await store.delete(id)) deleted.push(id);
  return { status: 200, body: { successfullyDeletedFileIds: deleted } };
}

type Edit = 'addTags' | 'removeTags' | 'removeAITags';

/** `POST /v1/files/addTags`, `removeTags` and `removeAITags`. */
export async function bulkTags(store: FileStore, edit: Edit, body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const ids = fileIdsOf(body, 50);
  const list = stringList(body, edit === 'removeAITags' ? 'AITags' : 'tags');
  requireAll(store, ids, edit !== 'removeAITags');
  const updated: string[] = [];
  const errors: Array<{ fileId: string; error: string }> = [];
  for (const id of ids) {
    try {
      const done = await store.update(id, (d) => {
        if (edit === 'removeAITags') {
          const kept = (d.AITags ?? []).filter((t) => !list.includes(t.name));
          d.AITags = kept.length > 0 ? kept : null;
          return;
        }
        const tags = edit === 'addTags' ? [...new Set([...(d.tags ?? []), ...list])] : (d.tags ?? []).filter((t) => !list.includes(t));
        if (tags.join(',').length > MAX_TAG_CHARS) throw new ImageKitError(400, TAGS_TOO_LONG);
        d.tags = tags.length > 0 ? tags : null;
      });
      if (done) updated.push(id);
      else errors.push({ fileId: id, error: 'The requested file does not exist.' }); // deleted meanwhile
    } catch (error) {
      if (!(error instanceof ImageKitError)) throw error;
      errors.push({ fileId: id, error: error.message });
    }
  }
  if (errors.length > 0) return { status: 207, body: { successfullyUpdatedFileIds: updated, errors } };
  return { status: 200, body: { successfullyUpdatedFileIds: updated } };
}
