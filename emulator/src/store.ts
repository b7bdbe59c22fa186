import { constants, copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { KeyedQueue, sweepTemps, writeFileAtomic } from './atomic.js';
import { newId } from './ids.js';
import { Collection } from './collection.js';
import { AppendLog } from './append-log.js';

/**
 * The emulator's media library on disk. Layout inside `dataDir`:
 *
 *   records.log             every file record (FileRecord): one JSON line per change, appended
 *                           with group commit (append-log.ts), compacted when mostly superseded;
 *                           an upload's line also holds the token it spent (auth.ts)
 *   blobs/<versionId>       the bytes of one version; names are ours, never the user's. An
 *                           upload writes its file here under a fresh id (draftBlob) before
 *                           its record exists, so storing it moves nothing
 *   folders/<folderId>.json one folder (FolderRecord); every folder a file is in has one
 *   docs/<name>.json        small named documents (used tokens, custom metadata fields, ...)
 *   docs/<name>/<id>.json   collections of small objects, one file each (collection.ts)
 *   docs/<name>.log         append-only JSON lines with group commit (append-log.ts): tokens
 *                           spent by uploads that stored nothing
 *   emulator.pid            the owning process: one emulator per data dir
 *
 * Because stored bytes are named by generated ids, no file name or folder a client sends can
 * ever address a path on disk: `filePath` exists only inside records.
 *
 * Crash safety: bytes are written to `blobs/` before the record that points to them is
 * written, and a record is removed before its bytes; `open()` deletes bytes no record points
 * to (an upload in flight, or one whose record a crash kept from the disk). A change is answered only once its line is on disk (fdatasync), and a line a crash tore
 * is dropped at open. So a crash leaves neither a half file nor a record pointing to nothing.
 * The records of concurrent uploads share one write and one fdatasync, where one file per
 * record cost each upload a new file, a write, an fsync and a rename. A data dir of an older
 * emulator (`records/<fileId>.json`) is taken over into the log at open. Blobs are never
 * changed once written, so a copied version is a hard link under a new id, not a copy.
 *
 * All reads return copies: mutate through `update()`, never through a returned object.
 */

export type FileType = 'image' | 'non-image';

export interface AITag {
  name: string;
  confidence: number;
  source: string;
}

/** What one version's bytes say about themselves (read from the bytes, never from the name). */
export interface MediaInfo {
  size: number;
  mime: string;
  fileType: FileType;
  width?: number;
  height?: number;
  hasAlpha: boolean;
  /** EXIF/IPTC/XMP as read by exifr; null when the bytes carry none or it was not read. */
  embeddedMetadata: Record<string, unknown> | null;
}

export interface FileVersion extends MediaInfo {
  /** versionInfo.id; the first version's id equals the fileId, as on ImageKit. */
  id: string;
  /** versionInfo.name: "Version N". */
  name: string;
  createdAt: string;
  /**
   * Set once the version is no longer the current one: the file's metadata as it was then
   * (a file version keeps its own tags, custom metadata, ...), and when that happened.
   * Absent on the current version, whose metadata is the record's.
   */
  metadata?: FileMetadata;
  updatedAt?: string;
}

/** The metadata a client can set on a file (upload parameters, media API PATCH). */
export interface FileMetadata {
  tags: string[] | null;
  AITags: AITag[] | null;
  customCoordinates: string | null;
  customMetadata: Record<string, unknown>;
  isPrivateFile: boolean;
  isPublished: boolean;
  description?: string;
  /** Status of each requested extension at the end of the last upload, as ImageKit reports it. */
  extensionStatus?: Record<string, string>;
}

export interface FileRecord extends FileMetadata {
  type: 'file';
  fileId: string;
  /** The file's name, e.g. `photo_S-PgGysnR.jpg`. */
  name: string;
  /** `/` + folders + name, e.g. `/products/photo.jpg`; unique across the library. */
  filePath: string;
  createdAt: string;
  updatedAt: string;
  /** The last one is the current version (a restored version moves to the end). Never empty. */
  versions: FileVersion[];
  /** The highest N of any "Version N" this file ever had, so deleted numbers are not reused. */
  versionCounter?: number;
}

/** A folder of the media library (the list API's `FolderDetails`). */
export interface FolderRecord {
  folderId: string;
  name: string;
  /** `/a/b`: no trailing slash, as the list API shows it. Never `/` (the root is no folder). */
  folderPath: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A deep copy of JSON-shaped data (records, folders): what structuredClone gives for it, at a
 * tenth of the cost (Node 20's structuredClone serializes through a worker Message: ~4 us for a
 * small record, on every upload). Anything that is not a plain object, array or primitive is
 * left to structuredClone.
 */
export function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyOf(value[i]);
    return out as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyOf((value as Record<string, unknown>)[key]);
    // An own "__proto__" (JSON.parse makes one) stays a property, as structuredClone keeps it.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}

/** The metadata of a record, as a version keeps it once it is no longer current. */
export function metadataOf(record: FileMetadata): FileMetadata {
  const metadata: FileMetadata = {
    tags: record.tags,
    AITags: record.AITags,
    customCoordinates: record.customCoordinates,
    customMetadata: record.customMetadata,
    isPrivateFile: record.isPrivateFile,
    isPublished: record.isPublished,
  };
  if (record.description !== undefined) metadata.description = record.description;
  return copyOf(metadata);
}

/** The number N of a "Version N" name (0 for any other name). */
function versionNumber(name: string): number {
  const match = /^Version (\d+)$/.exec(name);
  return match ? Number(match[1]) : 0;
}

/** The highest version number a record has used. */
export function lastVersionNumber(record: FileRecord): number {
  return Math.max(record.versionCounter ?? 0, ...record.versions.map((v) => versionNumber(v.name)));
}

/** The current version of a record: the bytes that its `url` serves. */
export function currentVersion(record: FileRecord): FileVersion {
  return record.versions[record.versions.length - 1]!;
}

/** Folder part of a filePath with leading and trailing slash: `/a/b/c.jpg` → `/a/b/`. */
export function folderOf(filePath: string): string {
  return filePath.slice(0, filePath.lastIndexOf('/') + 1);
}

/** `/a/b/` (or `/a/b`) → `/a/b`, the form FolderRecord.folderPath has; `/` stays `/`. */
export function folderPathOf(folder: string): string {
  const trimmed = folder.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Every folder on the way to `folder` (`/a/b/` → `/a`, `/a/b`), outermost first. */
function ancestorsOf(folder: string): string[] {
  const parts = folder.split('/').filter((p) => p !== '');
  return parts.map((_, i) => '/' + parts.slice(0, i + 1).join('/'));
}

export const MAX_VERSIONS = 100;

export class StoreError extends Error {
  constructor(
    readonly code: 'path-taken' | 'not-found' | 'too-many-versions' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

const DOC_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const LOCK_FILE = 'emulator.pid';

/**
 * Makes this process the data dir's one owner: two emulators writing one folder would each
 * sweep the other's uploads in flight. A lock left by a process that no longer runs is taken over.
 */
async function claimDataDir(dataDir: string): Promise<void> {
  const lock = join(dataDir, LOCK_FILE);
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
    throw new Error(`the data dir ${dataDir} is in use by another emulator (process ${owner})`);
  }
  await writeFile(lock, String(process.pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
const RECORD_FILE = /^[0-9a-f]{24}\.json$/;
const RECORD_LOG = 'records.log';
/** An upload token spent and its expire (Unix seconds), as the token ledger keeps it (auth.ts). */
export type SpentToken = [token: string, expire: number];
const isSpentToken = (value: unknown): value is SpentToken =>
  Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number';
/**
 * One line of records.log: a record as it now is, with the token its upload spent if any (so
 * one durable write saves both); the removal of one; or a spent token alone, as compaction
 * keeps one while it is live.
 */
type RecordEntry = { put: FileRecord; spent?: SpentToken } | { del: string } | { spent: SpentToken };
/** How often (seconds) expired tokens are dropped from the ones records.log holds. */
const PRUNE_SPENT_EVERY_S = 60;
const COLLECTION_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class FileStore {
  readonly dataDir: string;
  #records = new Map<string, FileRecord>();
  #byPath = new Map<string, string>();
  /** By folderPath (`/a/b`). */
  #folders = new Map<string, FolderRecord>();
  #collections = new Map<string, Collection<{ id: string }>>();
  #writes = new KeyedQueue();
  #locks = new KeyedQueue();
  #logs: AppendLog<unknown>[] = [];
  /** draftBlob() paths no record has taken yet, with their ids. */
  #drafts = new Map<string, string>();
  /** Set by open(). */
  #recordLog!: AppendLog<RecordEntry>;
  #compacting = false;
  /** The live spent tokens records.log holds (token → expire), kept by its compaction. */
  #spent = new Map<string, number>();
  #nextSpentPrune = 0;

  private constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** Opens (creating if needed) the store in `dataDir`, loads every record, sweeps leftovers. */
  static async open(dataDir: string): Promise<FileStore> {
    const store = new FileStore(dataDir);
    await mkdir(dataDir, { recursive: true });
    await claimDataDir(dataDir);
    await store.#load();
    return store;
  }

  /**
   * A fresh path in `blobs/` for an upload's bytes before any record names them: the upload
   * writes its file there, and create() or addVersion() given this path takes the bytes where
   * they are, under the path's id, with no rename (an upload's cost was one). Until then no
   * record names it: `dropDrafts()` removes it when the upload fails, and open() when a crash
   * came first, as it removes any bytes no record names.
   */
  draftBlob(): string {
    const id = newId();
    const path = join(this.dataDir, 'blobs', id);
    this.#drafts.set(path, id);
    return path;
  }

  /** Removes the bytes at those `draftBlob()` paths that no record took (an upload that failed). */
  async dropDrafts(paths: readonly string[]): Promise<void> {
    const dropped: Promise<void>[] = [];
    for (const path of paths) {
      if (!this.#drafts.delete(path)) continue; // taken by a record, or not a draft
      dropped.push(rm(path, { force: true }));
    }
    await Promise.all(dropped);
  }

  /** Absolute path of the bytes of one version. */
  bytesPath(version: FileVersion): string {
    return join(this.dataDir, 'blobs', version.id);
  }

  get(fileId: string): FileRecord | undefined {
    const record = this.#records.get(fileId);
    return record && copyOf(record);
  }

  getByPath(filePath: string): FileRecord | undefined {
    const fileId = this.#byPath.get(filePath);
    return fileId === undefined ? undefined : this.get(fileId);
  }

  /** Every record, oldest first (by createdAt, then fileId). */
  list(): FileRecord[] {
    return [...this.#records.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.fileId.localeCompare(b.fileId))
      .map((record) => copyOf(record));
  }

  /**
   * Runs `job` while holding the lock for one filePath. Decisions of the form "is anything at
   * this path? then create / add a version" must run inside it, so concurrent uploads to one path
   * get exactly one winner per version.
   */
  /** Bytes of every version of every file, as the usage API counts storage. */
  storageBytes(): number {
    let total = 0;
    for (const record of this.#records.values()) for (const version of record.versions) total += version.size;
    return total;
  }

  /** How many files there are, without copying their records as list() does. */
  get size(): number {
    return this.#records.size;
  }

  withPathLock<T>(filePath: string, job: () => Promise<T>): Promise<T> {
    return this.#locks.run(filePath, job);
  }

  /**
   * Creates a file whose only version's bytes are at `bytesPath`: a `draftBlob()` path, whose
   * id the file takes, or any other path in the data dir, moved in under a new id.
   * Throws StoreError('path-taken') if a file already has this filePath.
   */
  async create(
    init: { name: string; filePath: string } & FileMetadata,
    media: MediaInfo,
    bytesPath: string,
    spent?: SpentToken,
  ): Promise<FileRecord> {
    if (this.#byPath.has(init.filePath)) {
      throw new StoreError('path-taken', `a file already exists at ${init.filePath}`);
    }
    const draft = this.#drafts.get(bytesPath);
    const fileId = draft ?? newId();
    const now = new Date().toISOString();
    // Object.assign, not `{ ...media, id }`: V8 (Node 20) defines properties that follow a
    // spread in a literal on a slow path, several microseconds each object.
    const version: FileVersion = Object.assign({}, media, { id: fileId, name: 'Version 1', createdAt: now });
    // Built from the caller's objects and returned; the store keeps a deep copy of it (one
    // clone, where cloning `init` in and the record out made two).
    const record: FileRecord = Object.assign({}, init, { type: 'file' as const, fileId, createdAt: now, updatedAt: now, versions: [version] });
    // Claim the path before any await so a racing create cannot also pass the check above.
    this.#byPath.set(record.filePath, fileId);
    try {
      if (draft === undefined) await rename(bytesPath, this.bytesPath(version));
      await this.ensureFolders(folderOf(record.filePath));
    } catch (error) {
      this.#byPath.delete(record.filePath);
      throw error;
    }
    this.#drafts.delete(bytesPath); // named by the record from here on
    const kept = copyOf(record);
    this.#records.set(fileId, kept);
    await this.#persist(kept, spent);
    return record;
  }

  /**
   * Creates a file from versions whose bytes are already in `blobs/` (see `linkBlob`); the
   * last one is current, and the file's id is the first one's, as on ImageKit.
   * Throws StoreError('path-taken') if a file already has this filePath.
   */
  async createFrom(init: { name: string; filePath: string } & FileMetadata, versions: FileVersion[]): Promise<FileRecord> {
    if (this.#byPath.has(init.filePath)) {
      throw new StoreError('path-taken', `a file already exists at ${init.filePath}`);
    }
    if (versions.length === 0 || versions.length > MAX_VERSIONS) throw new StoreError('invalid', 'a file needs 1 to 100 versions');
    const now = new Date().toISOString();
    const current = { ...versions[versions.length - 1]! };
    delete current.metadata;
    delete current.updatedAt;
    const record: FileRecord = {
      ...copyOf(init),
      type: 'file',
      fileId: versions[0]!.id,
      createdAt: now,
      updatedAt: now,
      versions: [...copyOf(versions.slice(0, -1)), current],
    };
    record.versionCounter = lastVersionNumber(record);
    this.#byPath.set(record.filePath, record.fileId);
    try {
      await this.ensureFolders(folderOf(record.filePath));
    } catch (error) {
      this.#byPath.delete(record.filePath);
      throw error;
    }
    this.#records.set(record.fileId, record);
    await this.#persist(record);
    return copyOf(record);
  }

  /**
   * A second name in `blobs/` for the bytes of `version` (a hard link: blobs never change),
   * for a copied version. Until a record names it, `open()` would sweep it.
   */
  async linkBlob(version: FileVersion): Promise<string> {
    const id = newId();
    const target = join(this.dataDir, 'blobs', id);
    try {
      await link(this.bytesPath(version), target);
    } catch {
      // A file system without hard links: a real copy (a clone where it can).
      await copyFile(this.bytesPath(version), target, constants.COPYFILE_FICLONE);
    }
    return id;
  }

  /** Removes blobs no record names (after a failed copy, say). */
  async dropBlobs(ids: readonly string[]): Promise<void> {
    const named = new Set([...this.#records.values()].flatMap((r) => r.versions.map((v) => v.id)));
    await Promise.all(ids.filter((id) => !named.has(id)).map((id) => rm(join(this.dataDir, 'blobs', id), { force: true })));
  }

  /**
   * Adds a version (bytes at `bytesPath`, as for create()) to an existing file and applies
   * `metadata` to it. Throws StoreError('too-many-versions') when the file already has MAX_VERSIONS.
   */
  async addVersion(
    fileId: string,
    metadata: FileMetadata,
    media: MediaInfo,
    bytesPath: string,
    spent?: SpentToken,
  ): Promise<FileRecord> {
    const record = this.#records.get(fileId);
    if (!record) throw new StoreError('not-found', `no file ${fileId}`);
    if (record.versions.length >= MAX_VERSIONS) {
      throw new StoreError('too-many-versions', `file ${fileId} has ${MAX_VERSIONS} versions`);
    }
    const draft = this.#drafts.get(bytesPath);
    const id = draft ?? newId();
    if (draft === undefined) {
      await rename(bytesPath, join(this.dataDir, 'blobs', id));
      // Read the record again after the await: a metadata update may have landed meanwhile.
      const latest = this.#records.get(fileId);
      if (!latest || latest.versions.length >= MAX_VERSIONS) {
        await rm(join(this.dataDir, 'blobs', id), { force: true });
        throw latest
          ? new StoreError('too-many-versions', `file ${fileId} has ${MAX_VERSIONS} versions`)
          : new StoreError('not-found', `no file ${fileId}`);
      }
    }
    const latest = this.#records.get(fileId)!;
    const now = new Date().toISOString();
    const number = lastVersionNumber(latest) + 1;
    const version: FileVersion = Object.assign({}, media, { id, name: `Version ${number}`, createdAt: now });
    const previous = latest.versions[latest.versions.length - 1]!;
    const updated: FileRecord = Object.assign({}, latest, copyOf(metadata), {
      updatedAt: now,
      // The version that stops being current keeps the metadata it had.
      versions: [...latest.versions.slice(0, -1), Object.assign({}, previous, { metadata: metadataOf(latest), updatedAt: now }), version],
      versionCounter: number,
    });
    this.#drafts.delete(bytesPath);
    this.#records.set(fileId, updated);
    await this.#persist(updated, spent);
    return copyOf(updated);
  }

  /**
   * Changes a file's metadata through `change`, which gets a copy to edit in place and may
   * throw to cancel. fileId, versions and createdAt cannot be changed; a new filePath must be
   * free (StoreError 'path-taken'). Returns the saved copy, or undefined if there is no such file.
   */
  async update(fileId: string, change: (record: FileRecord) => void): Promise<FileRecord | undefined> {
    const record = this.#records.get(fileId);
    if (!record) return undefined;
    const draft = copyOf(record);
    change(draft);
    const updated: FileRecord = {
      ...draft,
      type: 'file',
      fileId: record.fileId,
      createdAt: record.createdAt,
      versions: record.versions,
      updatedAt: new Date().toISOString(),
    };
    // No await before the record is set: a concurrent update must start from this one.
    const moved = this.#claimNewPath(record, updated);
    this.#records.set(fileId, updated);
    await Promise.all([moved && this.ensureFolders(folderOf(updated.filePath)), this.#persist(updated)]);
    return copyOf(updated);
  }

  /**
   * Like update(), but `change` may also edit the versions (delete one, reorder them, append
   * ones whose bytes `linkBlob` put in place). The versions must stay 1 to MAX_VERSIONS with
   * distinct ids; the last is current. Bytes of versions no longer named are removed after
   * the record is saved. Returns the saved copy, or undefined if there is no such file.
   */
  async revise(fileId: string, change: (record: FileRecord) => void): Promise<FileRecord | undefined> {
    const record = this.#records.get(fileId);
    if (!record) return undefined;
    const draft = copyOf(record);
    change(draft);
    const ids = new Set(draft.versions.map((v) => v.id));
    if (draft.versions.length === 0 || ids.size !== draft.versions.length) {
      throw new StoreError('invalid', `file ${fileId} needs 1 to ${MAX_VERSIONS} versions with distinct ids`);
    }
    if (draft.versions.length > MAX_VERSIONS) {
      throw new StoreError('too-many-versions', `file ${fileId} would have more than ${MAX_VERSIONS} versions`);
    }
    const current = draft.versions[draft.versions.length - 1]!;
    delete current.metadata;
    delete current.updatedAt;
    const updated: FileRecord = {
      ...draft,
      type: 'file',
      fileId: record.fileId,
      createdAt: record.createdAt,
      updatedAt: new Date().toISOString(),
    };
    updated.versionCounter = lastVersionNumber(updated);
    const moved = this.#claimNewPath(record, updated);
    this.#records.set(fileId, updated);
    await Promise.all([moved && this.ensureFolders(folderOf(updated.filePath)), this.#persist(updated)]);
    const dropped = record.versions.filter((v) => !ids.has(v.id));
    await Promise.all(dropped.map((v) => rm(this.bytesPath(v), { force: true })));
    return copyOf(updated);
  }

  /** Moves the path index to a new filePath (true) or does nothing (false); throws if it is taken. Synchronous. */
  #claimNewPath(record: FileRecord, updated: FileRecord): boolean {
    if (updated.filePath === record.filePath) return false;
    if (this.#byPath.has(updated.filePath)) {
      throw new StoreError('path-taken', `a file already exists at ${updated.filePath}`);
    }
    this.#byPath.delete(record.filePath);
    this.#byPath.set(updated.filePath, record.fileId);
    return true;
  }

  /** The ids of the files in `folder` (`/a/b/`), and with `deep` in its subfolders too. */
  fileIdsIn(folder: string, deep: boolean): string[] {
    const ids: string[] = [];
    for (const record of this.#records.values()) {
      const inFolder = deep ? record.filePath.startsWith(folder) : folderOf(record.filePath) === folder;
      if (inFolder) ids.push(record.fileId);
    }
    return ids;
  }

  // ---- folders ----

  /** Every folder, outermost first, then by path. */
  folders(): FolderRecord[] {
    return [...this.#folders.values()].sort((a, b) => a.folderPath.localeCompare(b.folderPath)).map((f) => ({ ...f }));
  }

  /** The folder at `folderPath` (`/a/b`, a trailing slash is allowed), or undefined. */
  getFolder(folderPath: string): FolderRecord | undefined {
    const folder = this.#folders.get(folderPathOf(folderPath));
    return folder && { ...folder };
  }

  /**
   * Makes sure `folder` (`/a/b/`) and every folder on the way to it exist, as an upload into
   * it creates them. Costs a map lookup when the folder exists, which is nearly always.
   */
  async ensureFolders(folder: string): Promise<void> {
    const path = folderPathOf(folder);
    if (path === '/' || this.#folders.has(path)) return;
    const now = new Date().toISOString();
    const made: FolderRecord[] = [];
    for (const folderPath of ancestorsOf(folder)) {
      if (this.#folders.has(folderPath)) continue;
      const record: FolderRecord = { folderId: newId(), name: folderPath.slice(folderPath.lastIndexOf('/') + 1), folderPath, createdAt: now, updatedAt: now };
      // Claimed before any await, so two uploads into one new folder make one record.
      this.#folders.set(folderPath, record);
      made.push(record);
    }
    await Promise.all(made.map((f) => this.#persistFolder(f)));
  }

  /**
   * Gives the folder at `from` (`/a/b`) the path `to` (`/c/d`), keeping its id and creation
   * date. The caller moves what is inside it. If a folder exists at `to` already, the one
   * at `from` is removed instead (the two merge).
   */
  async moveFolderRecord(from: string, to: string): Promise<void> {
    const folder = this.#folders.get(from);
    if (!folder) return;
    if (this.#folders.has(to)) {
      await this.removeFolderRecord(from);
      return;
    }
    await this.ensureFolders(folderOf(to));
    const moved: FolderRecord = { ...folder, folderPath: to, name: to.slice(to.lastIndexOf('/') + 1), updatedAt: new Date().toISOString() };
    this.#folders.delete(from);
    this.#folders.set(to, moved);
    await this.#persistFolder(moved);
  }

  /** Removes one folder record (not what is inside it). */
  async removeFolderRecord(folderPath: string): Promise<void> {
    const folder = this.#folders.get(folderPath);
    if (!folder) return;
    this.#folders.delete(folderPath);
    await this.#writes.run(`folder:${folder.folderId}`, () => rm(this.#folderFile(folder.folderId), { force: true }));
  }

  // ---- collections ----

  /**
   * A collection of small objects kept one file each in `docs/<name>/` (saved extensions,
   * origins, jobs, ...), loaded on first use. One instance per name.
   */
  collection<T extends { id: string }>(name: string): Collection<T> {
    if (!COLLECTION_NAME.test(name)) throw new TypeError(`bad collection name: ${name}`);
    let collection = this.#collections.get(name);
    if (!collection) {
      collection = new Collection(join(this.dataDir, 'docs', name), this.#writes, `collection:${name}`);
      this.#collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  /** Deletes a file: its record first, then the bytes of every version. False if there was none. */
  async delete(fileId: string): Promise<boolean> {
    const found = this.#records.get(fileId);
    if (!found) return false;
    // Under the path's lock, as uploads to that path are: an overwrite in flight finishes first.
    return this.withPathLock(found.filePath, () => this.deleteHeld(fileId));
  }

  /**
   * Runs `job` holding the locks of every path in `filePaths` (taken in one order, so two
   * jobs never wait for each other).
   */
  withPathLocks<T>(filePaths: readonly string[], job: () => Promise<T>): Promise<T> {
    const paths = [...new Set(filePaths)].sort();
    const run = (i: number): Promise<T> => (i === paths.length ? job() : this.withPathLock(paths[i]!, () => run(i + 1)));
    return run(0);
  }

  /** delete(), for a caller that already holds the file's path lock. */
  async deleteHeld(fileId: string): Promise<boolean> {
    const record = this.#records.get(fileId);
    if (!record) return false;
    this.#records.delete(fileId);
    this.#byPath.delete(record.filePath);
    await this.#log({ del: fileId });
    await Promise.all(record.versions.map((v) => rm(this.bytesPath(v), { force: true })));
    return true;
  }

  /** Reads a named JSON document (`docs/<name>.json`), or `fallback` when there is none yet. */
  async readDoc<T>(name: string, fallback: T): Promise<T> {
    try {
      return JSON.parse(await readFile(this.#docPath(name), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
      throw error;
    }
  }

  /** Replaces a named JSON document atomically; writes to one name are applied in call order. */
  writeDoc(name: string, value: unknown): Promise<void> {
    const path = this.#docPath(name);
    const text = JSON.stringify(value);
    return this.#writes.run(`doc:${name}`, () => writeFileAtomic(path, text));
  }

  /**
   * Opens the append-only log `docs/<name>.log` (see AppendLog) and reads its entries;
   * `compact` may return what to keep (see AppendLog.open). The store closes it on close().
   */
  async openLog<T>(name: string, compact?: (entries: T[]) => readonly T[] | undefined): Promise<{ log: AppendLog<T>; entries: T[] }> {
    if (!DOC_NAME.test(name)) throw new TypeError(`bad log name: ${name}`);
    const opened = await AppendLog.open<T>(join(this.dataDir, 'docs', `${name}.log`), compact);
    this.#logs.push(opened.log);
    return opened;
  }

  /** Removes a named JSON document (one replaced by something else). */
  async removeDoc(name: string): Promise<void> {
    const path = this.#docPath(name);
    await this.#writes.run(`doc:${name}`, () => rm(path, { force: true }));
  }

  /** Waits for every queued write to reach the disk. */
  async flush(): Promise<void> {
    await this.#writes.idle();
  }

  /** Flushes, then releases the data dir for another process. */
  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.#logs.map((log) => log.close()));
    await rm(join(this.dataDir, LOCK_FILE), { force: true });
  }

  #docPath(name: string): string {
    if (!DOC_NAME.test(name)) throw new TypeError(`bad document name: ${name}`);
    return join(this.dataDir, 'docs', `${name}.json`);
  }

  #folderFile(folderId: string): string {
    return join(this.dataDir, 'folders', `${folderId}.json`);
  }

  #persistFolder(folder: FolderRecord): Promise<void> {
    const text = JSON.stringify(folder);
    return this.#writes.run(`folder:${folder.folderId}`, () => writeFileAtomic(this.#folderFile(folder.folderId), text));
  }

  /**
   * Saves `record` as it is now (the caller has set it in #records, with no await between),
   * and in the same line `spent`, the token its upload spent: on disk when this resolves.
   */
  #persist(record: FileRecord, spent?: SpentToken): Promise<void> {
    if (!spent) return this.#log({ put: record });
    const now = Math.floor(Date.now() / 1000);
    if (now >= this.#nextSpentPrune) {
      this.#nextSpentPrune = now + PRUNE_SPENT_EVERY_S;
      for (const [token, expire] of this.#spent) if (expire < now) this.#spent.delete(token);
    }
    this.#spent.set(spent[0], spent[1]);
    return this.#log({ put: record, spent });
  }

  /**
   * The live tokens records.log holds, spent by uploads it recorded (read at open and saved
   * since), for the token ledger to refuse again.
   */
  spentTokens(): SpentToken[] {
    const now = Math.floor(Date.now() / 1000);
    return [...this.#spent].filter(([, expire]) => expire >= now);
  }

  /**
   * Appends one change to records.log; resolves once it is on disk. When the log holds more
   * than twice as many lines as there are records and live tokens, it is rewritten to one line
   * per record and per live token instead (the change among them), so each change costs O(1)
   * on average.
   */
  #log(entry: RecordEntry): Promise<void> {
    if (!this.#compacting && this.#recordLog.count > 2 * (this.#records.size + this.#spent.size) + 1024) {
      this.#compacting = true;
      const now = Math.floor(Date.now() / 1000);
      for (const [token, expire] of this.#spent) if (expire < now) this.#spent.delete(token);
      return this.#recordLog.rewrite(this.#snapshot()).finally(() => (this.#compacting = false));
    }
    return this.#recordLog.append(entry);
  }

  /** What a compacted records.log holds: a line per record, then one per live spent token. */
  #snapshot(): RecordEntry[] {
    const lines: RecordEntry[] = [];
    for (const put of this.#records.values()) lines.push({ put });
    for (const spent of this.#spent) lines.push({ spent });
    return lines;
  }

  async #load(): Promise<void> {
    for (const dir of ['blobs', 'docs', 'folders']) {
      await mkdir(join(this.dataDir, dir), { recursive: true });
    }
    // Uploads that were streaming when the last process stopped are lost, as on ImageKit: their
    // bytes, in blobs/ under no record, go below; an older emulator streamed them to tmp/.
    await rm(join(this.dataDir, 'tmp'), { recursive: true, force: true });
    // Atomic writes a crash interrupted, wherever they were (records, docs and their collections, folders).
    await sweepTemps(this.dataDir);

    // A data dir of an older emulator: one file per record in records/, read first.
    const legacyDir = join(this.dataDir, 'records');
    const legacy: string[] = [];
    for (const entry of await readdir(legacyDir).catch(() => [] as string[])) {
      if (RECORD_FILE.test(entry)) {
        const record = JSON.parse(await readFile(join(legacyDir, entry), 'utf8')) as FileRecord;
        this.#records.set(record.fileId, record);
        legacy.push(record.fileId);
      }
    }
    const now = Math.floor(Date.now() / 1000);
    const { log } = await AppendLog.open<RecordEntry>(join(this.dataDir, RECORD_LOG), (entries) => {
      for (const entry of entries) {
        if ('put' in entry) this.#records.set(entry.put.fileId, entry.put);
        else if ('del' in entry) this.#records.delete(entry.del);
        if ('spent' in entry && isSpentToken(entry.spent) && entry.spent[1] >= now) this.#spent.set(entry.spent[0], entry.spent[1]);
      }
      if (!legacy.length && entries.length <= 2 * (this.#records.size + this.#spent.size) + 1024) return undefined;
      // Compacted: one line per record and live token; a record of records/ that the log
      // removed stays removed should a crash come before records/ is gone.
      const gone = legacy.filter((id) => !this.#records.has(id)).map((del) => ({ del }));
      return [...this.#snapshot(), ...gone];
    });
    this.#nextSpentPrune = now + PRUNE_SPENT_EVERY_S;
    this.#recordLog = log;
    this.#logs.push(log);
    if (legacy.length || existsSync(legacyDir)) await rm(legacyDir, { recursive: true, force: true }); // now in the log
    for (const record of this.#records.values()) this.#byPath.set(record.filePath, record.fileId);

    const referenced = new Set([...this.#records.values()].flatMap((r) => r.versions.map((v) => v.id)));
    for (const entry of await readdir(join(this.dataDir, 'blobs'))) {
      if (!referenced.has(entry)) await rm(join(this.dataDir, 'blobs', entry), { force: true });
    }
    await this.#loadFolders();
  }

  async #loadFolders(): Promise<void> {
    const dir = join(this.dataDir, 'folders');
    for (const entry of await readdir(dir)) {
      if (!RECORD_FILE.test(entry)) {
        if (entry.endsWith('.tmp')) await rm(join(dir, entry), { force: true });
        continue;
      }
      const folder = JSON.parse(await readFile(join(dir, entry), 'utf8')) as FolderRecord;
      if (this.#folders.has(folder.folderPath)) {
        await rm(join(dir, entry), { force: true }); // a duplicate left by a crash mid-merge
        continue;
      }
      this.#folders.set(folder.folderPath, folder);
    }
    // Folders a file is in but that have no record (data from before folders were kept, or a
    // crash between a file's record and its folder's): made now, dated by their oldest file,
    // with the id the path gave them before.
    const made = new Map<string, FolderRecord>();
    const dated = [
      ...this.#records.values(),
      ...[...this.#folders.values()].map((f) => ({ filePath: `${f.folderPath}/`, createdAt: f.createdAt, updatedAt: f.updatedAt })),
    ];
    for (const record of dated) {
      for (const folderPath of ancestorsOf(folderOf(record.filePath))) {
        if (this.#folders.has(folderPath)) continue;
        const known = made.get(folderPath);
        if (known) {
          if (record.createdAt < known.createdAt) known.createdAt = record.createdAt;
          if (record.updatedAt > known.updatedAt) known.updatedAt = record.updatedAt;
          continue;
        }
        made.set(folderPath, {
          folderId: createHash('sha1').update(folderPath).digest('hex').slice(0, 24),
          name: folderPath.slice(folderPath.lastIndexOf('/') + 1),
          folderPath,
          createdAt: record.createdAt,
          updatedAt: record.updatedAt,
        });
      }
    }
    for (const folder of made.values()) {
      this.#folders.set(folder.folderPath, folder);
      await this.#persistFolder(folder);
    }
  }
}
