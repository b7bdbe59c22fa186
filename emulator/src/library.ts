import { ImageKitError } from './http.js';
import { MAX_FOLDER_DEPTH, normalizeFolder, sanitizeFileName } from './names.js';
import { refuse, Refusal } from './refusal.js';
import {
  currentVersion,
  folderOf,
  folderPathOf,
  lastVersionNumber,
  MAX_VERSIONS,
  metadataOf,
  StoreError,
  type FileMetadata,
  type FileRecord,
  type FileStore,
  type FileVersion,
} from './store.js';

/**
 * The media library's operations on files, versions and folders (copy, move, rename, delete,
 * restore), on top of the store's primitives, with ImageKit's refusals. Messages quoted in
 * the spec (`shared/imagekit/openapi-v1.yaml`) are ImageKit's; those marked "inferred" have
 * no public source and follow the pattern of the ones that do.
 *
 * Every change to a file runs under the locks of the paths it reads and writes, as uploads
 * do, so an upload to a path never races a move away from it.
 */

export const FILE_NOT_FOUND = 'The requested file does not exist.';
export const VERSION_NOT_FOUND = 'The requested file version does not exist.';
const ID = /^[0-9a-f]{24}$/i;

/** A fileId or versionId from a URL path, checked (400 with the spec's message otherwise). */
export function checkId(raw: string, kind: 'fileId' | 'versionId'): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    id = raw;
  }
  if (!ID.test(id)) throw new ImageKitError(400, `Your request contains invalid ${kind} parameter.`);
  return id;
}

// Inferred: the upload API's wording for a missing parameter, with the spec's reason code.
function missing(name: string): Refusal {
  return refuse(400, 'MISSING_PARAMETER', `Your request is missing ${name} parameter.`);
}

function invalid(name: string, why: string): Refusal {
  return refuse(400, 'INVALID_PARAMETER', `Your request contains invalid ${name} parameter. ${why}`);
}

/** A required string parameter of a JSON body. */
export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === '') throw missing(name);
  if (typeof value !== 'string') throw invalid(name, 'It should be a string.');
  return value;
}

/** An optional boolean parameter of a JSON body. */
export function optionalBoolean(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalid(name, 'It should be true or false.');
  return value;
}

/** Longest file or folder name and longest filePath, in characters: the upload API's limits, so every URL stays servable. */
const MAX_NAME = 255;
const MAX_PATH = 1024;
const characters = (text: string) => [...text].length;

/** Refuses a name over MAX_NAME characters. Inferred wording, as the upload API words its own. */
function checkName(name: string, parameter: string, reason: string): void {
  if (characters(name) > MAX_NAME) {
    throw refuse(400, reason, `Your request contains invalid ${parameter} parameter. A name can be at most ${MAX_NAME} characters long; this one has ${characters(name)}.`);
  }
}

/** Refuses a resulting path (or the length of the longest one) over MAX_PATH. Inferred wording. */
function checkPath(path: string | number, reason: string): void {
  const length = typeof path === 'number' ? path : characters(path);
  if (length > MAX_PATH) throw refuse(400, reason, `The resulting path would be ${length} characters long; a path can be at most ${MAX_PATH}.`);
}

/** A full file path as sent (`/a/b.jpg`; a missing leading slash is added, repeated ones collapse). */
function filePathParam(raw: string): string {
  return ('/' + raw).replace(/\/{2,}/g, '/');
}

/**
 * A folder parameter as `/a/b/`, checked as the upload API checks `folder`, refused with the
 * spec's reason INVALID_FOLDER_PATH. `.` and `..` get the spec's own message.
 */
export function folderParam(raw: string, name: string): string {
  const segments = raw.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) {
    throw refuse(400, 'INVALID_FOLDER_PATH', "'.' & '..' can not be used as folder-name");
  }
  for (const segment of segments) checkName(segment, name, 'INVALID_FOLDER_PATH');
  try {
    return normalizeFolder(raw);
  } catch (error) {
    if (error instanceof ImageKitError) throw refuse(400, 'INVALID_FOLDER_PATH', error.message.replace('folder parameter', `${name} parameter`));
    throw error;
  }
}

function versionLimit(): Refusal {
  // Inferred wording; the reason code is the spec's.
  return refuse(400, 'VERSION_LIMIT_EXCEEDED', `The destination file would have more than the maximum of ${MAX_VERSIONS} versions.`);
}

/**
 * Appends `added` (bytes already linked under their own ids) to a file's versions: its
 * current version keeps the metadata it had, the last added one becomes current with
 * `metadata`. New versions are numbered after the highest number the file used.
 */
function appendVersions(draft: FileRecord, added: FileVersion[], metadata: FileMetadata): void {
  const now = new Date().toISOString();
  const previous = draft.versions.pop()!;
  draft.versions.push({ ...previous, metadata: metadataOf(draft), updatedAt: now });
  let number = lastVersionNumber(draft);
  for (const version of added) draft.versions.push({ ...version, name: `Version ${++number}`, createdAt: now });
  Object.assign(draft, structuredClone(metadata));
}

/** Links the bytes of `versions` under new ids (versions keep their own metadata). */
async function linkAll(store: FileStore, versions: FileVersion[]): Promise<FileVersion[]> {
  const linked: FileVersion[] = [];
  try {
    for (const version of versions) linked.push({ ...version, id: await store.linkBlob(version) });
  } catch (error) {
    await store.dropBlobs(linked.map((v) => v.id));
    throw error;
  }
  return linked;
}

/**
 * Puts a copy of `source`'s `versions` at `targetPath`: a new file, or, when a file is there
 * already, more versions of it (as ImageKit appends to the destination's history). The caller
 * holds the locks of both paths. Returns the file at `targetPath`.
 */
async function copyInto(store: FileStore, source: FileRecord, versions: FileVersion[], targetPath: string): Promise<FileRecord> {
  const existing = store.getByPath(targetPath);
  if (existing && existing.versions.length + versions.length > MAX_VERSIONS) throw versionLimit();
  const linked = await linkAll(store, versions);
  try {
    if (existing) {
      const updated = await store.revise(existing.fileId, (d) => appendVersions(d, linked, metadataOf(source)));
      if (updated) return updated;
    }
    const now = new Date().toISOString();
    const numbered = linked.map((v, i) => ({ ...v, name: `Version ${i + 1}`, createdAt: now }));
    const name = targetPath.slice(targetPath.lastIndexOf('/') + 1);
    return await store.createFrom({ name, filePath: targetPath, ...metadataOf(source) }, numbered);
  } catch (error) {
    await store.dropBlobs(linked.map((v) => v.id));
    if (error instanceof StoreError && error.code === 'too-many-versions') throw versionLimit();
    throw error;
  }
}

/**
 * Moves `source` to `targetPath`: a new path for the same file, or, when a file is there,
 * its versions appended to that file and the source removed. The caller holds both locks.
 */
async function moveInto(store: FileStore, source: FileRecord, targetPath: string): Promise<void> {
  const existing = store.getByPath(targetPath);
  if (!existing) {
    await store.update(source.fileId, (d) => {
      d.filePath = targetPath;
      d.name = targetPath.slice(targetPath.lastIndexOf('/') + 1);
    });
    return;
  }
  // Written before the source is removed: a crash in between leaves a copy, never a loss.
  await copyInto(store, source, source.versions, targetPath);
  await store.deleteHeld(source.fileId);
}

// ---- files ----

function sourceFile(store: FileStore, sourceFilePath: string): FileRecord {
  const source = store.getByPath(sourceFilePath);
  if (!source) throw refuse(404, 'SOURCE_FILE_MISSING', `No file found with filePath \`${sourceFilePath}\`.`);
  return source;
}

function sameFolder(): Refusal {
  // Inferred wording (the folder APIs' is "sourceFolderPath and destinationPath is same").
  return refuse(400, 'SAME_SOURCE_AND_DESTINATION', 'sourceFilePath and destinationPath are the same folder.');
}

/** `POST /v1/files/copy`. */
export async function copyFile(store: FileStore, body: Record<string, unknown>): Promise<void> {
  const sourceFilePath = filePathParam(requiredString(body, 'sourceFilePath'));
  const destination = folderParam(requiredString(body, 'destinationPath'), 'destinationPath');
  const includeFileVersions = optionalBoolean(body, 'includeFileVersions');
  const source = sourceFile(store, sourceFilePath);
  if (folderOf(source.filePath) === destination) throw sameFolder();
  const targetPath = destination + source.name;
  checkPath(targetPath, 'INVALID_FOLDER_PATH');
  await store.withPathLocks([source.filePath, targetPath], async () => {
    const fresh = sourceFile(store, sourceFilePath);
    await copyInto(store, fresh, includeFileVersions ? fresh.versions : [currentVersion(fresh)], targetPath);
  });
}

/** `POST /v1/files/move`. */
export async function moveFile(store: FileStore, body: Record<string, unknown>): Promise<void> {
  const sourceFilePath = filePathParam(requiredString(body, 'sourceFilePath'));
  const destination = folderParam(requiredString(body, 'destinationPath'), 'destinationPath');
  const source = sourceFile(store, sourceFilePath);
  if (folderOf(source.filePath) === destination) throw sameFolder();
  const targetPath = destination + source.name;
  checkPath(targetPath, 'INVALID_FOLDER_PATH');
  await store.withPathLocks([source.filePath, targetPath], async () => {
    await moveInto(store, sourceFile(store, sourceFilePath), targetPath);
  });
}

/** `PUT /v1/files/rename`: returns the renamed file. */
export async function renameFile(store: FileStore, body: Record<string, unknown>): Promise<{ before: FileRecord; after: FileRecord }> {
  const filePath = filePathParam(requiredString(body, 'filePath'));
  const newFileName = requiredString(body, 'newFileName');
  const name = sanitizeFileName(newFileName);
  checkName(name, 'newFileName', 'INVALID_PARAMETER');
  const notFound = () => refuse(404, 'FILE_MISSING', `No file found in media library at filePath ${filePath}`);
  const record = store.getByPath(filePath);
  if (!record) throw notFound();
  if (name === record.name) throw refuse(400, 'SAME_OLD_AND_NEW_NAME', 'newFileName cannot be the same as its existing name.');
  const targetPath = folderOf(record.filePath) + name;
  checkPath(targetPath, 'INVALID_PARAMETER');
  return store.withPathLocks([filePath, targetPath], async () => {
    const fresh = store.getByPath(filePath);
    if (!fresh) throw notFound();
    if (store.getByPath(targetPath)) {
      throw refuse(409, 'FILE_ALREADY_EXISTS', `File with name ${name} already exists at the same location.`);
    }
    const after = await store.update(fresh.fileId, (d) => {
      d.name = name;
      d.filePath = targetPath;
    });
    if (!after) throw notFound();
    return { before: fresh, after };
  });
}

// ---- versions ----

export function fileOrThrow(store: FileStore, fileId: string, message = FILE_NOT_FOUND): FileRecord {
  const record = store.get(fileId);
  if (!record) throw new ImageKitError(404, message);
  return record;
}

export function versionOrThrow(record: FileRecord, versionId: string): FileVersion {
  const version = record.versions.find((v) => v.id === versionId);
  if (!version) throw new ImageKitError(404, VERSION_NOT_FOUND);
  return version;
}

/** `DELETE /v1/files/{fileId}/versions/{versionId}`: a non-current version only. */
export async function deleteVersion(store: FileStore, fileId: string, versionId: string): Promise<void> {
  const record = fileOrThrow(store, fileId, 'The requested asset does not exist.');
  await store.withPathLock(record.filePath, async () => {
    const fresh = fileOrThrow(store, fileId, 'The requested asset does not exist.');
    const version = fresh.versions.find((v) => v.id === versionId);
    if (!version) throw new ImageKitError(404, 'The requested asset does not exist.');
    if (version.id === currentVersion(fresh).id) throw new ImageKitError(400, 'You cannot delete current version of a file.');
    await store.revise(fileId, (d) => void (d.versions = d.versions.filter((v) => v.id !== versionId)));
  });
}

/**
 * `PUT /v1/files/{fileId}/versions/{versionId}/restore`: that version becomes the current one
 * again, with its own id, name and the metadata it had; the one that was current keeps its
 * metadata as a version. Returns the file.
 */
export async function restoreVersion(store: FileStore, fileId: string, versionId: string): Promise<FileRecord> {
  const record = fileOrThrow(store, fileId);
  return store.withPathLock(record.filePath, async () => {
    const fresh = fileOrThrow(store, fileId);
    const version = versionOrThrow(fresh, versionId);
    if (version.id === currentVersion(fresh).id) return fresh;
    const restored = await store.revise(fileId, (d) => {
      const now = new Date().toISOString();
      const previous = d.versions.pop()!;
      const others = d.versions.filter((v) => v.id !== versionId);
      const back = d.versions.find((v) => v.id === versionId)!;
      d.versions = [...others, { ...previous, metadata: metadataOf(d), updatedAt: now }, back];
      if (back.metadata) Object.assign(d, back.metadata);
    });
    return restored ?? fresh;
  });
}

// ---- folders ----

/** `/a/b` → `/a/b/`, the prefix of what is inside it. */
function inside(folderPath: string): string {
  return folderPath === '/' ? '/' : `${folderPath}/`;
}

/** Whether a folder has a record or any file in it (or deeper). */
function folderExists(store: FileStore, folderPath: string): boolean {
  return store.getFolder(folderPath) !== undefined || store.fileIdsIn(inside(folderPath), true).length > 0;
}

function depthOf(folder: string): number {
  return folder.split('/').filter((s) => s !== '').length;
}

/** `POST /v1/folder`: creates `folderName` in `parentFolderPath`, and the parents as needed. */
export async function createFolder(store: FileStore, body: Record<string, unknown>): Promise<void> {
  const folderName = requiredString(body, 'folderName');
  const parent = folderParam(requiredString(body, 'parentFolderPath'), 'parentFolderPath');
  if (folderName.trim() === '.' || folderName.trim() === '..') {
    throw refuse(400, 'INVALID_FOLDER_PATH', "'.' & '..' can not be used as folder-name");
  }
  // The spec: every character but letters and numbers (in any script) becomes `_`.
  const name = folderName.replace(/[^\p{L}\p{M}\p{N}]/gu, '_');
  checkName(name, 'folderName', 'INVALID_FOLDER_PATH');
  const folder = `${parent}${name}/`;
  checkPath(folder, 'INVALID_FOLDER_PATH');
  if (depthOf(folder) > MAX_FOLDER_DEPTH) {
    throw refuse(400, 'INVALID_FOLDER_PATH', `Folders can be nested at most ${MAX_FOLDER_DEPTH} levels deep.`);
  }
  await store.ensureFolders(folder);
}

/** The most files, versions and folders one folder operation may touch (the spec's limit). */
const MAX_NESTED = 100_000;

function tooMany(): Refusal {
  return refuse(400, 'TOO_MANY_OBJECTS', `Total nested assets (files, folders and file versions) are more than allowed limit of ${MAX_NESTED} items.`);
}

/** What is inside a folder: its files (deep) and folders (itself first, then outermost first). */
function contentsOf(store: FileStore, folderPath: string): { fileIds: string[]; folders: string[]; count: number } {
  const fileIds = store.fileIdsIn(inside(folderPath), true);
  const folders = store
    .folders()
    .map((f) => f.folderPath)
    .filter((p) => p === folderPath || p.startsWith(inside(folderPath)));
  let count = folders.length;
  for (const id of fileIds) count += store.get(id)?.versions.length ?? 0;
  return { fileIds, folders, count };
}

/** `DELETE /v1/folder`: the folder, everything in it, and every version of every file. */
export async function deleteFolder(store: FileStore, body: Record<string, unknown>): Promise<void> {
  const raw = requiredString(body, 'folderPath');
  const folderPath = folderPathOf(folderParam(raw, 'folderPath'));
  if (folderPath === '/' || !folderExists(store, folderPath)) {
    throw refuse(404, 'FOLDER_NOT_FOUND', `No folder found with folderPath \`${raw}\`.`);
  }
  const { fileIds, folders, count } = contentsOf(store, folderPath);
  if (count > MAX_NESTED) throw tooMany();
  // Files first, folders last (deepest first): a crash half-way leaves a smaller folder, not
  // files in a folder that has no record.
  await eachAtMost(FILES_AT_ONCE, fileIds, async (id) => void (await store.delete(id)));
  for (const folder of folders.sort((a, b) => b.length - a.length)) await store.removeFolderRecord(folder);
}

export type FolderJobType = 'COPY_FOLDER' | 'MOVE_FOLDER' | 'RENAME_FOLDER';

/** A checked folder job: what it moves or copies where. `run` does it. */
export interface FolderJobPlan {
  type: FolderJobType;
  /** `/a/b`: the folder copied, moved or renamed. */
  source: string;
  /** `/c/b`: where it ends up. */
  target: string;
  /** Paths the job writes under (for the 423 lock). */
  locks: string[];
  run(): Promise<void>;
}

/** How many files a folder job moves or copies at once (their writes overlap; each stays atomic). */
const FILES_AT_ONCE = 8;

/** Runs `job` on every item, at most `limit` at a time; the first failure is thrown once all have settled. */
async function eachAtMost<T>(limit: number, items: readonly T[], job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await job(item).catch((error: unknown) => void failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}

/** Copies (or moves) the folder tree at `source` to `target`, file by file, under the files' locks. */
async function transferTree(store: FileStore, source: string, target: string, mode: 'copy' | 'move', includeVersions: boolean): Promise<void> {
  const relocate = (path: string) => target + path.slice(source.length);
  const { fileIds, folders } = contentsOf(store, source);
  // Folders first, outermost first, so each file lands in a folder that exists.
  for (const folder of folders.sort((a, b) => a.length - b.length)) {
    if (mode === 'move') await store.moveFolderRecord(folder, relocate(folder));
    else await store.ensureFolders(inside(relocate(folder)));
  }
  // Files one by one under their own locks, a few at a time: each is its own atomic change.
  await eachAtMost(FILES_AT_ONCE, fileIds, async (fileId) => {
    const record = store.get(fileId);
    if (!record) return; // deleted meanwhile
    const targetPath = relocate(record.filePath);
    await store.withPathLocks([record.filePath, targetPath], async () => {
      const fresh = store.get(fileId);
      if (!fresh || !fresh.filePath.startsWith(inside(source))) return;
      if (mode === 'move') await moveInto(store, fresh, relocate(fresh.filePath));
      else await copyInto(store, fresh, includeVersions ? fresh.versions : [currentVersion(fresh)], relocate(fresh.filePath));
    });
  });
  if (mode === 'move') {
    // Whatever folder record is still under the source (an upload made it meanwhile) goes too,
    // unless files landed in it.
    for (const folder of contentsOf(store, source).folders.sort((a, b) => b.length - a.length)) {
      if (store.fileIdsIn(inside(folder), true).length === 0) await store.removeFolderRecord(folder);
    }
  }
}

/** `POST /v1/bulkJobs/copyFolder` and `moveFolder`, checked; `run` does the work. */
export function planCopyOrMove(store: FileStore, type: 'COPY_FOLDER' | 'MOVE_FOLDER', body: Record<string, unknown>): FolderJobPlan {
  const rawSource = requiredString(body, 'sourceFolderPath');
  const rawDestination = requiredString(body, 'destinationPath');
  const includeVersions = type === 'COPY_FOLDER' && optionalBoolean(body, 'includeVersions');
  const sourceFolderPath = folderPathOf(folderParam(rawSource, 'sourceFolderPath'));
  const destination = folderPathOf(folderParam(rawDestination, 'destinationPath'));
  if (sourceFolderPath === '/') throw refuse(400, 'SOURCE_IS_ROOT', 'sourceFolderPath cannot be root.'); // inferred wording
  if (sourceFolderPath === destination) throw refuse(400, 'SAME_SOURCE_AND_DESTINATION', 'sourceFolderPath and destinationPath is same');
  if (!folderExists(store, sourceFolderPath)) {
    throw refuse(404, 'NO_FILES_FOLDER', `No files & folder found at sourceFolderPath \`${rawSource}\`.`);
  }
  const name = sourceFolderPath.slice(sourceFolderPath.lastIndexOf('/') + 1);
  const target = destination === '/' ? `/${name}` : `${destination}/${name}`;
  if (target === sourceFolderPath) {
    // Inferred wording: the folder is already in that folder.
    throw refuse(400, 'SAME_SOURCE_AND_DESTINATION', 'sourceFolderPath is already in destinationPath.');
  }
  if (type === 'MOVE_FOLDER' && target.startsWith(inside(sourceFolderPath))) {
    throw refuse(400, 'INVALID_DESTINATION_PATH', 'This operation is not allowed because parent folder cannot be moved into child folder.');
  }
  if (depthOf(target) + maxDepthBelow(store, sourceFolderPath) > MAX_FOLDER_DEPTH) {
    throw refuse(400, 'INVALID_FOLDER_PATH', `Folders can be nested at most ${MAX_FOLDER_DEPTH} levels deep.`);
  }
  if (contentsOf(store, sourceFolderPath).count > MAX_NESTED) throw tooMany();
  checkPath(longestRelocated(store, sourceFolderPath, target), 'INVALID_FOLDER_PATH');
  return {
    type,
    source: sourceFolderPath,
    target,
    locks: [sourceFolderPath, target],
    run: () => transferTree(store, sourceFolderPath, target, type === 'COPY_FOLDER' ? 'copy' : 'move', includeVersions),
  };
}

/** The longest path anything inside `source` would have under `target`. */
function longestRelocated(store: FileStore, source: string, target: string): number {
  let longest = characters(target);
  for (const id of store.fileIdsIn(inside(source), true)) {
    const record = store.get(id);
    if (record) longest = Math.max(longest, characters(target) + characters(record.filePath) - characters(source));
  }
  return longest;
}

/** How many levels below `folderPath` its deepest folder or file's folder is. */
function maxDepthBelow(store: FileStore, folderPath: string): number {
  const base = depthOf(folderPath);
  let deepest = 0;
  for (const folder of contentsOf(store, folderPath).folders) deepest = Math.max(deepest, depthOf(folder) - base);
  return deepest;
}

/** `POST /v1/bulkJobs/renameFolder`, checked; `run` does the work. */
export function planRename(store: FileStore, body: Record<string, unknown>): FolderJobPlan {
  if (body.folderPath === undefined || body.folderPath === null || body.folderPath === '') {
    throw new ImageKitError(400, 'folderPath parameter is missing.');
  }
  const rawPath = requiredString(body, 'folderPath');
  const newFolderName = requiredString(body, 'newFolderName');
  const folderPath = folderPathOf(folderParam(rawPath, 'folderPath'));
  if (folderPath === '/') throw new ImageKitError(400, 'folderPath cannot be root.');
  if (!folderExists(store, folderPath)) throw new ImageKitError(404, 'Source folder not found.');
  // The spec: every character but letters, numbers and `-` becomes `_`.
  const name = newFolderName.replace(/[^\p{L}\p{M}\p{N}-]/gu, '_');
  checkName(name, 'newFolderName', 'INVALID_PARAMETER');
  const parent = folderPath.slice(0, folderPath.lastIndexOf('/'));
  const target = `${parent}/${name}`;
  if (target === folderPath) throw invalid('newFolderName', 'It is the folder\'s current name.'); // inferred
  if (folderExists(store, target)) throw new ImageKitError(409, `Folder with name ${name} already exists at the same location.`);
  checkPath(longestRelocated(store, folderPath, target), 'INVALID_PARAMETER');
  return {
    type: 'RENAME_FOLDER',
    source: folderPath,
    target,
    locks: [folderPath, target],
    run: () => transferTree(store, folderPath, target, 'move', true),
  };
}
