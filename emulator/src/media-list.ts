import { createHash } from 'node:crypto';
import { ImageKitError } from './http.js';
import { currentVersion, folderOf, type FileRecord } from './store.js';
import { parseSearchQuery } from './search-query.js';

/**
 * `GET /v1/files` query parameters, checked and applied as ImageKit documents them: `type`,
 * `sort`, `path` (that folder only, not its subfolders), `fileType`, `skip`, `limit`, the
 * legacy `name` (exact) and `tags` (any of a comma-separated list), and `searchQuery`.
 * Folders are those the stored files' paths create; past versions are not listed.
 */

/** A folder as the list API shows it (spec `FolderDetails`). */
export interface FolderEntry {
  type: 'folder';
  folderId: string;
  name: string;
  /** The folder's own path, e.g. `/products/shoes`. */
  folderPath: string;
  createdAt: string;
  updatedAt: string;
  customMetadata: Record<string, unknown>;
}

export type Asset = FileRecord | FolderEntry;

export const SORTS = [
  'ASC_NAME', 'DESC_NAME', 'ASC_CREATED', 'DESC_CREATED', 'ASC_UPDATED', 'DESC_UPDATED',
  'ASC_HEIGHT', 'DESC_HEIGHT', 'ASC_WIDTH', 'DESC_WIDTH', 'ASC_SIZE', 'DESC_SIZE',
  'ASC_RELEVANCE', 'DESC_RELEVANCE',
] as const;
const TYPES = ['file', 'file-version', 'folder', 'all'] as const;
const FILE_TYPES = ['all', 'image', 'non-image'] as const;

type Key = (r: FileRecord) => string | number;
const KEYS: Record<string, Key> = {
  NAME: (r) => r.name,
  CREATED: (r) => r.createdAt,
  UPDATED: (r) => r.updatedAt,
  HEIGHT: (r) => currentVersion(r).height ?? 0,
  WIDTH: (r) => currentVersion(r).width ?? 0,
  SIZE: (r) => currentVersion(r).size,
  // Without a search engine there is no relevance score: upload order stands in.
  RELEVANCE: (r) => r.createdAt,
};

function sortKey(asset: Asset, key: string): string | number {
  if (asset.type === 'file') return KEYS[key]!(asset);
  if (key === 'NAME') return asset.name;
  if (key === 'UPDATED') return asset.updatedAt;
  return key === 'CREATED' || key === 'RELEVANCE' ? asset.createdAt : 0;
}

/** Every folder some file's path runs through, dated by the files under it. */
export function foldersOf(records: readonly FileRecord[]): FolderEntry[] {
  const folders = new Map<string, FolderEntry>();
  for (const r of records) {
    const parts = r.filePath.split('/').slice(1, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folderPath = '/' + parts.slice(0, i).join('/');
      const known = folders.get(folderPath);
      if (known) {
        if (r.createdAt < known.createdAt) known.createdAt = r.createdAt;
        if (r.updatedAt > known.updatedAt) known.updatedAt = r.updatedAt;
        continue;
      }
      folders.set(folderPath, {
        type: 'folder',
        // Stable across restarts: the folder's identity is its path.
        folderId: createHash('sha1').update(folderPath).digest('hex').slice(0, 24),
        name: parts[i - 1]!,
        folderPath,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        customMetadata: {},
      });
    }
  }
  return [...folders.values()];
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

/** What `GET /v1/files?...` returns, in order. Throws ImageKitError 400 for a bad parameter. */
export function listFiles(records: readonly FileRecord[], params: URLSearchParams, now = Date.now()): Asset[] {
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

  if (type === 'file-version') {
    throw new ImageKitError(400, 'The emulator does not list file versions: use type=file, folder or all.');
  }
  const searchQuery = params.get('searchQuery');
  const matches = searchQuery ? parseSearchQuery(searchQuery, now) : undefined;
  const path = params.get('path');
  const folder = path ? folderParam(path) : undefined;
  // The spec: with searchQuery, `tags`, `type` and `name` have no effect.
  const name = matches ? null : params.get('name');
  const tags = matches
    ? []
    : (params.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);

  const files = type === 'folder' && !matches ? [] : records.filter((r) => {
    if (folder !== undefined && folderOf(r.filePath) !== folder) return false;
    if (fileType !== 'all' && currentVersion(r).fileType !== fileType) return false;
    if (name && r.name !== name) return false;
    if (tags.length > 0 && !tags.some((t) => r.tags?.includes(t))) return false;
    return matches ? matches(r) : true;
  });
  // Folders have no file type, tags or searchable fields: they show only when nothing rules them out.
  const folders =
    type === 'file' || fileType !== 'all' || tags.length > 0 || matches
      ? []
      : foldersOf(records).filter((f) => {
          if (folder !== undefined && folderOf(f.folderPath) !== folder) return false;
          return !name || f.name === name;
        });
  const selected: Asset[] = [...files, ...folders];

  const key = sort.slice(sort.indexOf('_') + 1);
  const direction = sort.startsWith('DESC') ? -1 : 1;
  const id = (a: Asset) => (a.type === 'file' ? a.fileId : a.folderId);
  selected.sort((a, b) => {
    const x = sortKey(a, key);
    const y = sortKey(b, key);
    const order = x < y ? -1 : x > y ? 1 : 0;
    // Ties keep upload order, so paging through equal keys is stable.
    return order * direction || a.createdAt.localeCompare(b.createdAt) || id(a).localeCompare(id(b));
  });
  return selected.slice(skip, skip + limit);
}
