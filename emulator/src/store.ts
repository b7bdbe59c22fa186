import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeyedQueue, writeFileAtomic } from './atomic.js';
import { newId } from './ids.js';

/**
 * The emulator's media library on disk. Layout inside `dataDir`:
 *
 *   records/<fileId>.json   one file record (FileRecord), written atomically
 *   blobs/<versionId>       the bytes of one version; names are ours, never the user's
 *   docs/<name>.json        small named documents (used tokens, custom metadata fields, ...)
 *   tmp/                    uploads in flight; emptied on open
 *   emulator.pid            the owning process: one emulator per data dir
 *
 * Because stored bytes are named by generated ids, no file name or folder a client sends can
 * ever address a path on disk: `filePath` exists only inside records.
 *
 * Crash safety: bytes are renamed into `blobs/` before the record that points to them is
 * written, and a record is removed before its bytes; `open()` deletes bytes no record points
 * to. So a crash leaves neither a half file nor a record pointing to nothing.
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
  /** Oldest first; the last one is the current version. Never empty. */
  versions: FileVersion[];
}

/** The current version of a record: the bytes that its `url` serves. */
export function currentVersion(record: FileRecord): FileVersion {
  return record.versions[record.versions.length - 1]!;
}

/** Folder part of a filePath with leading and trailing slash: `/a/b/c.jpg` → `/a/b/`. */
export function folderOf(filePath: string): string {
  return filePath.slice(0, filePath.lastIndexOf('/') + 1);
}

export const MAX_VERSIONS = 100;

export class StoreError extends Error {
  constructor(
    readonly code: 'path-taken' | 'not-found' | 'too-many-versions',
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

export class FileStore {
  readonly dataDir: string;
  #records = new Map<string, FileRecord>();
  #byPath = new Map<string, string>();
  #writes = new KeyedQueue();
  #locks = new KeyedQueue();

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

  /** A fresh path inside the data dir for streaming an upload before it is committed. */
  tempPath(): string {
    return join(this.dataDir, 'tmp', randomBytes(12).toString('hex'));
  }

  /** Absolute path of the bytes of one version. */
  bytesPath(version: FileVersion): string {
    return join(this.dataDir, 'blobs', version.id);
  }

  get(fileId: string): FileRecord | undefined {
    const record = this.#records.get(fileId);
    return record && structuredClone(record);
  }

  getByPath(filePath: string): FileRecord | undefined {
    const fileId = this.#byPath.get(filePath);
    return fileId === undefined ? undefined : this.get(fileId);
  }

  /** Every record, oldest first (by createdAt, then fileId). */
  list(): FileRecord[] {
    return [...this.#records.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.fileId.localeCompare(b.fileId))
      .map((record) => structuredClone(record));
  }

  /**
   * Runs `job` while holding the lock for one filePath. Decisions of the form "is anything at
   * this path? then create / add a version" must run inside it, so concurrent uploads to one path
   * get exactly one winner per version.
   */
  /** How many files there are, without copying their records as list() does. */
  get size(): number {
    return this.#records.size;
  }

  withPathLock<T>(filePath: string, job: () => Promise<T>): Promise<T> {
    return this.#locks.run(filePath, job);
  }

  /**
   * Creates a file whose only version's bytes are at `tempBytes` (a `tempPath()`), moved in.
   * Throws StoreError('path-taken') if a file already has this filePath.
   */
  async create(
    init: { name: string; filePath: string } & FileMetadata,
    media: MediaInfo,
    tempBytes: string,
  ): Promise<FileRecord> {
    if (this.#byPath.has(init.filePath)) {
      throw new StoreError('path-taken', `a file already exists at ${init.filePath}`);
    }
    const fileId = newId();
    const now = new Date().toISOString();
    const version: FileVersion = { ...media, id: fileId, name: 'Version 1', createdAt: now };
    const record: FileRecord = {
      ...structuredClone(init),
      type: 'file',
      fileId,
      createdAt: now,
      updatedAt: now,
      versions: [version],
    };
    // Claim the path before any await so a racing create cannot also pass the check above.
    this.#byPath.set(record.filePath, fileId);
    try {
      await rename(tempBytes, this.bytesPath(version));
    } catch (error) {
      this.#byPath.delete(record.filePath);
      throw error;
    }
    this.#records.set(fileId, record);
    await this.#persist(record);
    return structuredClone(record);
  }

  /**
   * Adds a version (bytes at `tempBytes`) to an existing file and applies `metadata` to it.
   * Throws StoreError('too-many-versions') when the file already has MAX_VERSIONS.
   */
  async addVersion(
    fileId: string,
    metadata: FileMetadata,
    media: MediaInfo,
    tempBytes: string,
  ): Promise<FileRecord> {
    const record = this.#records.get(fileId);
    if (!record) throw new StoreError('not-found', `no file ${fileId}`);
    if (record.versions.length >= MAX_VERSIONS) {
      throw new StoreError('too-many-versions', `file ${fileId} has ${MAX_VERSIONS} versions`);
    }
    const id = newId();
    await rename(tempBytes, join(this.dataDir, 'blobs', id));
    // Read the record again after the await: a metadata update may have landed meanwhile.
    const latest = this.#records.get(fileId);
    if (!latest || latest.versions.length >= MAX_VERSIONS) {
      await rm(join(this.dataDir, 'blobs', id), { force: true });
      throw latest
        ? new StoreError('too-many-versions', `file ${fileId} has ${MAX_VERSIONS} versions`)
        : new StoreError('not-found', `no file ${fileId}`);
    }
    const now = new Date().toISOString();
    const version: FileVersion = { ...media, id, name: `Version ${latest.versions.length + 1}`, createdAt: now };
    const updated: FileRecord = {
      ...latest,
      ...structuredClone(metadata),
      updatedAt: now,
      versions: [...latest.versions, version],
    };
    this.#records.set(fileId, updated);
    await this.#persist(updated);
    return structuredClone(updated);
  }

  /**
   * Changes a file's metadata through `change`, which gets a copy to edit in place and may
   * throw to cancel. fileId, versions and createdAt cannot be changed; a new filePath must be
   * free (StoreError 'path-taken'). Returns the saved copy, or undefined if there is no such file.
   */
  async update(fileId: string, change: (record: FileRecord) => void): Promise<FileRecord | undefined> {
    const record = this.#records.get(fileId);
    if (!record) return undefined;
    const draft = structuredClone(record);
    change(draft);
    const updated: FileRecord = {
      ...draft,
      type: 'file',
      fileId: record.fileId,
      createdAt: record.createdAt,
      versions: record.versions,
      updatedAt: new Date().toISOString(),
    };
    if (updated.filePath !== record.filePath) {
      if (this.#byPath.has(updated.filePath)) {
        throw new StoreError('path-taken', `a file already exists at ${updated.filePath}`);
      }
      this.#byPath.delete(record.filePath);
      this.#byPath.set(updated.filePath, fileId);
    }
    this.#records.set(fileId, updated);
    await this.#persist(updated);
    return structuredClone(updated);
  }

  /** Deletes a file: its record first, then the bytes of every version. False if there was none. */
  async delete(fileId: string): Promise<boolean> {
    const found = this.#records.get(fileId);
    if (!found) return false;
    // Under the path's lock, as uploads to that path are: an overwrite in flight finishes first.
    return this.withPathLock(found.filePath, () => this.#deleteNow(fileId));
  }

  async #deleteNow(fileId: string): Promise<boolean> {
    const record = this.#records.get(fileId);
    if (!record) return false;
    this.#records.delete(fileId);
    this.#byPath.delete(record.filePath);
    await this.#writes.run(fileId, () => rm(this.#recordPath(fileId), { force: true }));
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

  /** Waits for every queued write to reach the disk. */
  async flush(): Promise<void> {
    await this.#writes.idle();
  }

  /** Flushes, then releases the data dir for another process. */
  async close(): Promise<void> {
    await this.flush();
    await rm(join(this.dataDir, LOCK_FILE), { force: true });
  }

  #docPath(name: string): string {
    if (!DOC_NAME.test(name)) throw new TypeError(`bad document name: ${name}`);
    return join(this.dataDir, 'docs', `${name}.json`);
  }

  #recordPath(fileId: string): string {
    return join(this.dataDir, 'records', `${fileId}.json`);
  }

  #persist(record: FileRecord): Promise<void> {
    const text = JSON.stringify(record, null, 1);
    return this.#writes.run(record.fileId, () => writeFileAtomic(this.#recordPath(record.fileId), text));
  }

  async #load(): Promise<void> {
    for (const dir of ['records', 'blobs', 'docs']) {
      await mkdir(join(this.dataDir, dir), { recursive: true });
    }
    // Uploads that were streaming when the last process stopped are lost, as on ImageKit.
    await rm(join(this.dataDir, 'tmp'), { recursive: true, force: true });
    await mkdir(join(this.dataDir, 'tmp'), { recursive: true });

    for (const entry of await readdir(join(this.dataDir, 'records'))) {
      if (!RECORD_FILE.test(entry)) {
        // Leftover temp files of an interrupted atomic write.
        if (entry.endsWith('.tmp')) await rm(join(this.dataDir, 'records', entry), { force: true });
        continue;
      }
      const record = JSON.parse(await readFile(join(this.dataDir, 'records', entry), 'utf8')) as FileRecord;
      this.#records.set(record.fileId, record);
      this.#byPath.set(record.filePath, record.fileId);
    }

    const referenced = new Set([...this.#records.values()].flatMap((r) => r.versions.map((v) => v.id)));
    for (const entry of await readdir(join(this.dataDir, 'blobs'))) {
      if (!referenced.has(entry)) await rm(join(this.dataDir, 'blobs', entry), { force: true });
    }
  }
}
