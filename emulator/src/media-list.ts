import { ImageKitError } from './http.js';
import { currentVersion, folderOf, type FileRecord, type FileVersion, type FolderRecord } from './store.js';
import { parseSearchQuery } from './search-query.js';

/**
 * `GET /v1/files` query parameters, checked and applied as ImageKit documents them: `type`,
 * `sort`, `path` (that folder only, not its subfolders), `fileType`, `skip`, `limit`, the
 * legacy `name` (exact) and `tags` (any of a comma-separated list), and `searchQuery`.
 * `type=file-version` lists the versions that are not current (the current one is the file).
 */

/** A folder as the list API shows it (spec `FolderDetails`). */
export interface FolderEntry extends FolderRecord {
  type: 'folder';
  customMetadata: Record<string, unknown>;
}

/** A non-current version of a file, listed with `type=file-version`. */
export interface VersionEntry {
  type: 'file-version';
  record: FileRecord;
  version: FileVersion;
  createdAt: string;
}

export type Asset = FileRecord | FolderEntry | VersionEntry;

export const SORTS = [
  'ASC_NAME', 'DESC_NAME', 'ASC_CREATED', 'DESC_CREATED', 'ASC_UPDATED', 'DESC_UPDATED',
  'ASC_HEIGHT', 'DESC_HEIGHT', 'ASC_WIDTH', 'DESC_WIDTH', 'ASC_SIZE', 'DESC_SIZE',
  'ASC_RELEVANCE', 'DESC_RELEVANCE',
] as const;
const TYPES = ['file', 'file-version', 'folder', 'all'] as const;
const FILE_TYPES = ['all', 'image', 'non-image'] as const;

type Key = (r: FileRecord, v: FileVersion) => string | number;
const KEYS: Record<string, Key> = {
  NAME: (r) => r.name,
  CREATED: (r, v) => (v === currentVersion(r) ? r.createdAt : v.createdAt),
  UPDATED: (r, v) => (v === currentVersion(r) ? r.updatedAt : (v.updatedAt ?? v.createdAt)),
  HEIGHT: (_, v) => v.height ?? 0,
  WIDTH: (_, v) => v.width ?? 0,
  SIZE: (_, v) => v.size,
  // Without a search engine there is no relevance score: upload order stands in.
  RELEVANCE: (r, v) => (v === currentVersion(r) ? r.createdAt : v.createdAt),
};

function sortKey(asset: Asset, key: string): string | number {
  if (asset.type === 'file') return KEYS[key]!(asset, currentVersion(asset));
  if (asset.type === 'file-version') return KEYS[key]!(asset.record, asset.version);
  if (key === 'NAME') return asset.name;
  if (key === 'UPDATED') return asset.updatedAt;
  return key === 'CREATED' || key === 'RELEVANCE' ? asset.createdAt : 0;
}

function idOf(asset: Asset): string {
  if (asset.type === 'file') return asset.fileId;
  if (asset.type === 'file-version') return asset.version.id;
  return asset.folderId;
}

function integerParam(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new ImageKitError(400, `Your request contains invalid value for ${name} parameter. It should be an integer. Value sent is ${raw}.`);
  }
  return Number(raw);
}

/** Normalises a folder path to `/a/b/` form, as `folderOf` returns it. */
function folderParam(path: string): string {
  let p = path.trim();
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p.replace(/\/{2,}/g, '/');
}

/**
 * What `GET /v1/files?...` returns, in order, from the library's files and folders. Throws
 * ImageKitError 400 for a bad parameter.
 */
export function listFiles(
  records: readonly FileRecord[],
  storedFolders: readonly FolderRecord[],
  params: URLSearchParams,
  now = Date.now(),
): Asset[] {
  const type = params.get('type') ?? 'file';
  if (!(TYPES as readonly string[]).includes(type)) {
    throw new ImageKitError(400, `Your request contains invalid value for type parameter. Please provide one of the following: ${TYPES.join(', ')}.`);
  }
  const sort = params.get('sort') ?? 'ASC_CREATED';
  if (!(SORTS as readonly string[]).includes(sort)) {
    throw new ImageKitError(400, 'Your request contains invalid value for sort parameters.');
  }
  const fileType = params.get('fileType') ?? 'all';
  if (!(FILE_TYPES as readonly string[]).includes(fileType)) {
    throw new ImageKitError(400, `Your request contains invalid value for fileType parameter. Please provide one of the following: ${FILE_TYPES.join(', ')}.`);
  }
  const skip = integerParam(params, 'skip', 0);
  if (skip < 0) {
    throw new ImageKitError(400, `The value of skip parameter should be greater than or equal to 0. Value sent is ${skip}.`);
  }
  const limit = integerParam(params, 'limit', 1000);
  if (limit < 1) throw new ImageKitError(400, `Minimum value of limit parameter is 1. Value sent is ${limit}.`);
  if (limit > 1000) throw new ImageKitError(400, `Maximum value of limit parameter is 1000. Value sent is ${limit}.`);

  const searchQuery = params.get('searchQuery');
  const matches = searchQuery ? parseSearchQuery(searchQuery, now) : undefined;
  const path = params.get('path');
  const folder = path ? folderParam(path) : undefined;
  // The spec: with searchQuery, `tags`, `type` and `name` have no effect.
  const name = matches ? null : params.get('name');
  const tags = matches
    ? []
    : (params.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const listType = matches ? 'file' : type;

  const inScope = (r: FileRecord, v: FileVersion, recordTags: string[] | null) => {
    if (folder !== undefined && folderOf(r.filePath) !== folder) return false;
    if (fileType !== 'all' && v.fileType !== fileType) return false;
    if (name && r.name !== name) return false;
    return !(tags.length > 0 && !tags.some((t) => recordTags?.includes(t)));
  };
  const selected: Asset[] = [];
  if (listType === 'file' || listType === 'all') {
    for (const r of records) {
      if (inScope(r, currentVersion(r), r.tags) && (!matches || matches(r))) selected.push(r);
    }
  }
  if (listType === 'file-version') {
    for (const r of records) {
      for (const v of r.versions.slice(0, -1)) {
        if (inScope(r, v, v.metadata?.tags ?? r.tags)) selected.push({ type: 'file-version', record: r, version: v, createdAt: v.createdAt });
      }
    }
  }
  // Folders have no file type, tags or searchable fields: they show only when nothing rules them out.
  if ((listType === 'folder' || listType === 'all') && fileType === 'all' && tags.length === 0) {
    for (const f of storedFolders) {
      if (folder !== undefined && folderOf(f.folderPath) !== folder) continue;
      if (name && f.name !== name) continue;
      selected.push({ ...f, type: 'folder', customMetadata: {} });
    }
  }

  const key = sort.slice(sort.indexOf('_') + 1);
  const direction = sort.startsWith('DESC') ? -1 : 1;
  selected.sort((a, b) => {
    const x = sortKey(a, key);
    const y = sortKey(b, key);
    const order = x < y ? -1 : x > y ? 1 : 0;
    // Ties keep upload order, so paging through equal keys is stable.
    return order * direction || a.createdAt.localeCompare(b.createdAt) || idOf(a).localeCompare(idOf(b));
  });
  return selected.slice(skip, skip + limit);
}
