import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import ImageKit, { toFile } from '@imagekit/nodejs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { assertMatchesOperation, assertMatchesSchema } from './schema.js';

/**
 * Every method of ImageKit's official Node SDK (`@imagekit/nodejs` 7.11) against the emulator,
 * as a CMS would call them, from upload to account usage. Every answer, refusals included, is
 * checked against the response schema the spec's own `paths` give that operation and status
 * (schema.ts), and against what a user would see next: the bytes a URL serves, what the
 * listing shows, what the usage API counts. The last test fails if the SDK has a method no
 * test here called.
 */

const publicKey = 'public_every_method';
const privateKey = 'private_every_method_' + Math.random().toString(36).slice(2);
const WEBHOOK_SECRET = 'whsec_every_method';
let dataDir: string;
let emulator: RunningEmulator;
let raw: ImageKit;
let sdk: ImageKit;

// ---- which SDK methods ran ----

const called = new Set<string>();

/** The client, recording `resource.method` for every method called through it. */
function tracked<T extends object>(target: T, path = ''): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver);
      if (typeof key !== 'string' || key.startsWith('_')) return value;
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          called.add(path + key);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      }
      if (value && typeof value === 'object' && '_client' in value) return tracked(value, `${path}${key}.`);
      return value;
    },
  });
}

/** Every method of every resource of the SDK, found by walking a client. */
function sdkMethods(client: ImageKit): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('_') || !value || typeof value !== 'object' || !('_client' in value)) continue;
      const proto = Object.getPrototypeOf(value) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name !== 'constructor' && typeof proto[name] === 'function') out.push(`${path}${key}.${name}`);
      }
      walk(value as Record<string, unknown>, `${path}${key}.`);
    }
  };
  walk(client as unknown as Record<string, unknown>, '');
  return out.sort();
}

// ---- answers, checked against the spec ----

let answersChecked = 0;

/** Awaits an SDK call and checks its answer against the spec's schema for that operation and status. */
async function answer<T>(method: string, path: string, promise: { withResponse(): Promise<{ data: T; response: Response }> }, status?: number): Promise<T> {
  const { data, response } = await promise.withResponse();
  if (status !== undefined) assert.equal(response.status, status, `${method.toUpperCase()} ${path}`);
  assertMatchesOperation(method, path, response.status, data);
  answersChecked++;
  return data;
}

/** Expects an SDK call to fail with this status and message, and checks the error body against the spec. */
async function refusal(
  method: string,
  path: string,
  promise: Promise<unknown>,
  status: number,
  message: string | RegExp,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ImageKit.APIError)) throw error;
    const body = error.error as Record<string, unknown>;
    assert.equal(error.status, status, JSON.stringify(body));
    if (typeof message === 'string') assert.equal(body.message, message);
    else assert.match(String(body.message), message);
    assert.equal(body.help, 'For support kindly contact us at support@imagekit.io .');
    for (const [key, value] of Object.entries(extra)) assert.deepEqual(body[key], value, key);
    assertMatchesOperation(method, path, status, body);
    answersChecked++;
    return body;
  }
  assert.fail(`${method.toUpperCase()} ${path} should have been refused`);
}

// ---- delivery, counted for the usage API ----

let deliveredBytes = 0;
let deliveries = 0;

/** GETs a delivery URL as a browser would, counting what the usage API should count. */
async function fetchBytes(url: string): Promise<{ status: number; body: Buffer; type: string | null }> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  deliveredBytes += body.length;
  deliveries++;
  return { status: res.status, body, type: res.headers.get('content-type') };
}

async function photo(color: string, description: string): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .withExif({ IFD0: { ImageDescription: description, Artist: 'SDK test', Make: 'Emulator', Model: 'M1' } })
    .jpeg()
    .toBuffer();
}

const state = {} as {
  fieldId: string;
  photoId: string;
  photoUrl: string;
  v1Bytes: Buffer;
  v2Bytes: Buffer;
  v1Id: string;
  v2Id: string;
  notesId: string;
  copyId: string;
  originId: string;
  endpointId: string;
  extensionId: string;
  namedId: string;
  jobIds: string[];
  purgeIds: string[];
};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ik-sdk-every-'));
  emulator = await startEmulator({ port: 0, publicKey, privateKey, dataDir, webhookSecret: WEBHOOK_SECRET });
  raw = new ImageKit({ privateKey, baseURL: emulator.url, maxRetries: 0 });
  sdk = tracked(raw);
  state.jobIds = [];
  state.purgeIds = [];
});

after(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('custom metadata fields: create, list, update', async () => {
  const field = await answer(
    'post',
    '/v1/customMetadataFields',
    sdk.customMetadataFields.create({ name: 'price', label: 'Price', schema: { type: 'Number', minValue: 0, maxValue: 1000 } }),
    201,
  );
  assertMatchesSchema('CustomMetadataField', field);
  state.fieldId = field.id;
  const list = await answer('get', '/v1/customMetadataFields', sdk.customMetadataFields.list(), 200);
  assert.deepEqual(list.map((f) => f.name), ['price']);
  const updated = await answer('patch', '/v1/customMetadataFields/{id}', sdk.customMetadataFields.update(field.id, { label: 'Price in EUR' }), 200);
  assert.equal(updated.label, 'Price in EUR');
});

test('files: upload, get, update', async () => {
  state.v1Bytes = await photo('#c33', 'first take');
  const up = await answer(
    'post',
    '/api/v1/files/upload',
    sdk.files.upload({
      file: await toFile(state.v1Bytes, 'photo.jpg'),
      fileName: 'photo.jpg',
      folder: '/cms/photos',
      useUniqueFileName: false,
      tags: ['cover'],
      customMetadata: { price: 10 },
      responseFields: ['tags', 'customMetadata', 'embeddedMetadata', 'metadata', 'isPrivateFile', 'selectedFieldsSchema'],
    }),
    200,
  );
  assertMatchesSchema('Upload', up);
  assert.deepEqual(up.selectedFieldsSchema, { price: { type: 'Number', minValue: 0, maxValue: 1000, readOnly: false } });
  assert.equal(up.filePath, '/cms/photos/photo.jpg');
  state.photoId = up.fileId!;
  state.photoUrl = up.url!;
  state.v1Id = up.versionInfo!.id!;
  assert.deepEqual((await fetchBytes(up.url!)).body, state.v1Bytes);

  const notes = await answer(
    'post',
    '/api/v1/files/upload',
    sdk.files.upload({ file: await toFile(Buffer.from('release notes\n'), 'notes.txt'), fileName: 'notes.txt', folder: '/cms/docs', useUniqueFileName: false }),
    200,
  );
  state.notesId = notes.fileId!;

  const details = await answer('get', '/v1/files/{fileId}/details', sdk.files.get(state.photoId), 200);
  assertMatchesSchema('FileDetails', details);
  assert.equal(details.embeddedMetadata?.ImageDescription, 'first take');
  const text = await answer('get', '/v1/files/{fileId}/details', sdk.files.get(state.notesId), 200);
  assert.deepEqual(text.embeddedMetadata, {}, 'embeddedMetadata is an object even when the bytes carry none');

  const updated = await answer(
    'patch',
    '/v1/files/{fileId}/details',
    sdk.files.update(state.photoId, { tags: ['cover', 'hero'], customMetadata: { price: 12 } }),
    200,
  );
  assert.deepEqual(updated.tags, ['cover', 'hero']);
  assert.deepEqual(updated.customMetadata, { price: 12 });
});

test('versions: a second upload to the path, then list, get, restore, delete', async () => {
  state.v2Bytes = await photo('#36c', 'second take');
  const v2 = await answer(
    'post',
    '/api/v1/files/upload',
    sdk.files.upload({ file: await toFile(state.v2Bytes, 'photo.jpg'), fileName: 'photo.jpg', folder: '/cms/photos', useUniqueFileName: false }),
    200,
  );
  assert.equal(v2.fileId, state.photoId);
  assert.equal(v2.versionInfo?.name, 'Version 2');
  state.v2Id = v2.versionInfo!.id!;
  assert.deepEqual((await fetchBytes(state.photoUrl)).body, state.v2Bytes);

  const list = await answer('get', '/v1/files/{fileId}/versions', sdk.files.versions.list(state.photoId), 200);
  assert.deepEqual(list.map((v) => [v.type, v.versionInfo?.name]), [['file', 'Version 2'], ['file-version', 'Version 1']]);
  for (const v of list) assertMatchesSchema('FileDetails', v);

  const v1 = await answer('get', '/v1/files/{fileId}/versions/{versionId}', sdk.files.versions.get(state.v1Id, { fileId: state.photoId }), 200);
  assert.equal(v1.type, 'file-version');
  assert.deepEqual(v1.tags, ['cover', 'hero'], 'version 1 keeps the tags it had');
  assert.deepEqual(v1.customMetadata, { price: 12 });
  assert.deepEqual((await fetchBytes(v1.url!)).body, state.v1Bytes, "a version's url serves its own bytes");

  const pastVersions = await answer('get', '/v1/files', sdk.assets.list({ type: 'file-version', path: '/cms/photos' }), 200);
  assert.deepEqual(pastVersions.map((a) => ('versionInfo' in a ? a.versionInfo?.id : a.type)), [state.v1Id]);

  await refusal(
    'get',
    '/v1/files/{fileId}/versions/{versionId}',
    sdk.files.versions.get('0123456789abcdef01234567', { fileId: state.photoId }),
    404,
    'The requested file version does not exist.',
  );
  await refusal(
    'delete',
    '/v1/files/{fileId}/versions/{versionId}',
    sdk.files.versions.delete(state.v2Id, { fileId: state.photoId }),
    400,
    'You cannot delete current version of a file.',
  );

  const restored = await answer(
    'put',
    '/v1/files/{fileId}/versions/{versionId}/restore',
    sdk.files.versions.restore(state.v1Id, { fileId: state.photoId }),
    200,
  );
  assert.equal(restored.type, 'file');
  assert.deepEqual(restored.versionInfo, { id: state.v1Id, name: 'Version 1' });
  assert.deepEqual(restored.tags, ['cover', 'hero'], "the restored version's tags come back");
  assert.deepEqual((await fetchBytes(state.photoUrl)).body, state.v1Bytes, 'the url serves the restored bytes');

  await answer('delete', '/v1/files/{fileId}/versions/{versionId}', sdk.files.versions.delete(state.v2Id, { fileId: state.photoId }), 204);
  const after = await answer('get', '/v1/files/{fileId}/versions', sdk.files.versions.list(state.photoId), 200);
  assert.deepEqual(after.map((v) => v.versionInfo?.id), [state.v1Id]);
  assert.equal(existsSync(join(dataDir, 'blobs', state.v2Id)), false, "a deleted version's bytes are gone");
});

test('assets.list: files and folders', async () => {
  const files = await answer('get', '/v1/files', sdk.assets.list({ path: '/cms/photos' }), 200);
  assert.deepEqual(files.map((f) => f.type === 'file' && f.name), ['photo.jpg']);
  const folders = await answer('get', '/v1/files', sdk.assets.list({ type: 'folder', path: '/cms', sort: 'ASC_NAME' }), 200);
  for (const f of folders) assertMatchesSchema('FolderDetails', f);
  assert.deepEqual(folders.map((f) => f.type === 'folder' && f.folderPath), ['/cms/docs', '/cms/photos']);
});

test('files: copy, move, rename, and the purge the rename asks for', async () => {
  await answer('post', '/v1/files/copy', sdk.files.copy({ sourceFilePath: '/cms/photos/photo.jpg', destinationPath: '/cms/archive/' }), 204);
  const [copy] = await answer('get', '/v1/files', sdk.assets.list({ path: '/cms/archive' }), 200);
  assert.ok(copy && copy.type === 'file');
  state.copyId = copy.fileId!;
  assert.notEqual(copy.fileId, state.photoId);
  assert.deepEqual(copy.tags, ['cover', 'hero']);
  assert.deepEqual((await fetchBytes(copy.url!)).body, state.v1Bytes);
  assert.deepEqual((await fetchBytes(state.photoUrl)).body, state.v1Bytes, 'the source is untouched');

  // A second copy to the same place appends to that file's versions, as ImageKit does.
  await answer('post', '/v1/files/copy', sdk.files.copy({ sourceFilePath: '/cms/photos/photo.jpg', destinationPath: '/cms/archive', includeFileVersions: true }), 204);
  const copyVersions = await answer('get', '/v1/files/{fileId}/versions', sdk.files.versions.list(state.copyId), 200);
  assert.deepEqual(copyVersions.map((v) => v.versionInfo?.name), ['Version 2', 'Version 1']);

  await answer('post', '/v1/files/move', sdk.files.move({ sourceFilePath: '/cms/docs/notes.txt', destinationPath: '/cms/moved' }), 204);
  const moved = await answer('get', '/v1/files/{fileId}/details', sdk.files.get(state.notesId), 200);
  assert.equal(moved.filePath, '/cms/moved/notes.txt');
  assert.equal((await fetchBytes(`${emulator.urlEndpoint}/cms/docs/notes.txt`)).status, 404, 'the old url is gone');
  assert.equal((await fetchBytes(moved.url!)).body.toString(), 'release notes\n');

  const renamed = await answer(
    'put',
    '/v1/files/rename',
    sdk.files.rename({ filePath: '/cms/moved/notes.txt', newFileName: 'read me.txt', purgeCache: true }),
    200,
  );
  assert.match(renamed.purgeRequestId ?? '', /^[0-9a-f]{24}$/);
  state.purgeIds.push(renamed.purgeRequestId!);
  assert.equal((await answer('get', '/v1/files/{fileId}/details', sdk.files.get(state.notesId), 200)).filePath, '/cms/moved/read_me.txt');
  const status = await answer('get', '/v1/files/purge/{requestId}', sdk.cache.invalidation.get(renamed.purgeRequestId!), 200);
  assert.equal(status.status, 'Completed');
  assert.deepEqual(await answer('put', '/v1/files/rename', sdk.files.rename({ filePath: '/cms/moved/read_me.txt', newFileName: 'notes.txt' }), 200), {});

  await refusal('post', '/v1/files/copy', sdk.files.copy({ sourceFilePath: '/nowhere.jpg', destinationPath: '/x' }), 404, 'No file found with filePath `/nowhere.jpg`.', {
    reason: 'SOURCE_FILE_MISSING',
  });
  await refusal('post', '/v1/files/move', sdk.files.move({ sourceFilePath: '/cms/photos/photo.jpg', destinationPath: '/cms/photos/' }), 400, /same/, {
    reason: 'SAME_SOURCE_AND_DESTINATION',
  });
  await refusal('post', '/v1/files/copy', sdk.files.copy({ sourceFilePath: '/cms/photos/photo.jpg', destinationPath: '/../etc' }), 400, "'.' & '..' can not be used as folder-name", {
    reason: 'INVALID_FOLDER_PATH',
  });
  await refusal('put', '/v1/files/rename', sdk.files.rename({ filePath: '/cms/photos/photo.jpg', newFileName: 'photo.jpg' }), 400, 'newFileName cannot be the same as its existing name.', {
    reason: 'SAME_OLD_AND_NEW_NAME',
  });
  await refusal('put', '/v1/files/rename', sdk.files.rename({ filePath: '/cms/archive/photo.jpg', newFileName: 'photo.jpg' }), 400, /same/);
  await answer('post', '/v1/files/copy', sdk.files.copy({ sourceFilePath: '/cms/moved/notes.txt', destinationPath: '/cms/photos' }), 204);
  await refusal('put', '/v1/files/rename', sdk.files.rename({ filePath: '/cms/photos/notes.txt', newFileName: 'photo.jpg' }), 409, 'File with name photo.jpg already exists at the same location.', {
    reason: 'FILE_ALREADY_EXISTS',
  });
  await refusal('put', '/v1/files/rename', sdk.files.rename({ filePath: '/cms/nothing.txt', newFileName: 'x.txt' }), 404, 'No file found in media library at filePath /cms/nothing.txt', {
    reason: 'FILE_MISSING',
  });
});

test('bulk: add tags, remove tags, remove AI tags, delete', async () => {
  const ids: string[] = [];
  for (const name of ['a.txt', 'b.txt', 'c.txt']) {
    const up = await answer('post', '/api/v1/files/upload', sdk.files.upload({ file: await toFile(Buffer.from(name), name), fileName: name, folder: '/cms/bulk', useUniqueFileName: false }));
    ids.push(up.fileId!);
  }
  const [a, b, c] = ids as [string, string, string];
  const added = await answer('post', '/v1/files/addTags', sdk.files.bulk.addTags({ fileIds: [a, b], tags: ['sale', 'summer'] }), 200);
  assert.deepEqual(added.successfullyUpdatedFileIds, [a, b]);
  const removed = await answer('post', '/v1/files/removeTags', sdk.files.bulk.removeTags({ fileIds: [a], tags: ['sale'] }), 200);
  assert.deepEqual(removed.successfullyUpdatedFileIds, [a]);
  assert.deepEqual((await sdk.files.get(a)).tags, ['summer']);
  assert.deepEqual((await sdk.files.get(b)).tags, ['sale', 'summer']);

  // AI tags come only from extensions, which do not run offline: set some as auto-tagging would.
  await emulator.store.update(a, (r) => {
    r.AITags = [
      { name: 'Shirt', confidence: 91, source: 'google-auto-tagging' },
      { name: 'Blue', confidence: 80, source: 'aws-auto-tagging' },
    ];
  });
  const aiRemoved = await answer('post', '/v1/files/removeAITags', sdk.files.bulk.removeAITags({ fileIds: [a], AITags: ['Shirt'] }), 200);
  assert.deepEqual(aiRemoved.successfullyUpdatedFileIds, [a]);
  assert.deepEqual((await sdk.files.get(a)).AITags?.map((t) => t.name), ['Blue']);

  const missing = '0123456789abcdef01234567';
  await refusal('post', '/v1/files/addTags', sdk.files.bulk.addTags({ fileIds: [c, missing], tags: ['x'] }), 404, 'The requested file(s) does not exist.', {
    missingFileIds: [missing],
  });
  assert.equal((await sdk.files.get(c)).tags, null, 'nothing changed');
  await refusal('post', '/v1/files/addTags', sdk.files.bulk.addTags({ fileIds: Array.from({ length: 51 }, () => c), tags: ['x'] }), 400, 'A maximum of 50 files can be edited at a time.');
  await refusal('post', '/v1/files/removeAITags', sdk.files.bulk.removeAITags({ fileIds: [c], AITags: [] }), 400, 'AITags array cannot be empty.');
  await refusal('post', '/v1/files/batch/deleteByFileIds', sdk.files.bulk.delete({ fileIds: [] }), 400, 'fileIds is empty.');

  const deleted = await answer('post', '/v1/files/batch/deleteByFileIds', sdk.files.bulk.delete({ fileIds: [a, b] }), 200);
  assert.deepEqual(deleted.successfullyDeletedFileIds, [a, b]);
  const left = await sdk.assets.list({ path: '/cms/bulk' });
  assert.deepEqual(left.map((f) => f.type === 'file' && f.fileId), [c]);
});

test('metadata: of a file and of a URL, read from the bytes', async () => {
  const meta = await answer('get', '/v1/files/{fileId}/metadata', sdk.files.metadata.get(state.photoId), 200);
  assert.equal(meta.width, 64);
  assert.equal(meta.height, 48);
  assert.equal(meta.format, 'jpg');
  assert.equal(meta.size, state.v1Bytes.length);
  assert.equal(meta.hasTransparency, false);
  assert.equal(meta.exif?.image?.ImageDescription, 'first take');
  assert.equal(meta.exif?.image?.Make, 'Emulator');
  assert.match(meta.pHash ?? '', /^[0-9a-f]{16}$/);
  const byUrl = await answer('get', '/v1/metadata', sdk.files.metadata.getFromURL({ url: state.photoUrl }), 200);
  assert.deepEqual(byUrl, meta);
  const copy = await sdk.files.metadata.get(state.copyId);
  assert.equal(copy.pHash, meta.pHash, 'the same picture has the same perceptual hash');

  await refusal('get', '/v1/metadata', sdk.files.metadata.getFromURL({ url: 'https://example.com/photo.jpg' }), 400, 'The url should be accessible using your ImageKit.io account.');
  await refusal(
    'get',
    '/v1/metadata',
    sdk.files.metadata.getFromURL({ url: `${emulator.urlEndpoint}/no/such.jpg` }),
    404,
    'The requested file does not exist or is inaccessible at this time.',
  );
  await refusal('get', '/v1/files/{fileId}/metadata', sdk.files.metadata.get('0123456789abcdef01234567'), 404, 'The requested file does not exist or is inaccessible at this time.');
});

test('folders: create, copy, move, rename (jobs, completed when answered), delete', async () => {
  assert.deepEqual(await answer('post', '/v1/folder', sdk.folders.create({ folderName: 'empty one', parentFolderPath: '/cms' }), 201), {});
  const folders = await sdk.assets.list({ type: 'folder', path: '/cms' });
  assert.ok(folders.some((f) => f.type === 'folder' && f.folderPath === '/cms/empty_one'), 'an empty folder is listed');

  const copy = await answer('post', '/v1/bulkJobs/copyFolder', sdk.folders.copy({ sourceFolderPath: '/cms/photos', destinationPath: '/backup', includeVersions: true }), 200);
  state.jobIds.push(copy.jobId);
  const copyJob = await answer('get', '/v1/bulkJobs/{jobId}', sdk.folders.job.get(copy.jobId), 200);
  assert.deepEqual(copyJob, { jobId: copy.jobId, type: 'COPY_FOLDER', status: 'Completed' });
  const copied = await sdk.assets.list({ path: '/backup/photos', sort: 'ASC_NAME' });
  assert.deepEqual(copied.map((f) => f.type === 'file' && f.name), ['notes.txt', 'photo.jpg']);
  const copiedPhoto = copied.find((f) => f.type === 'file' && f.name === 'photo.jpg')!;
  assert.ok(copiedPhoto.type === 'file');
  assert.deepEqual((await fetchBytes(copiedPhoto.url!)).body, state.v1Bytes);

  const move = await answer('post', '/v1/bulkJobs/moveFolder', sdk.folders.move({ sourceFolderPath: '/backup/photos', destinationPath: '/moved-backup' }), 200);
  state.jobIds.push(move.jobId);
  assert.equal((await answer('get', '/v1/bulkJobs/{jobId}', sdk.folders.job.get(move.jobId), 200)).type, 'MOVE_FOLDER');
  assert.equal((await sdk.assets.list({ path: '/backup/photos' })).length, 0);
  const movedPhoto = await sdk.files.get(copiedPhoto.fileId!);
  assert.equal(movedPhoto.filePath, '/moved-backup/photos/photo.jpg', 'a move keeps the fileId');

  const rename = await answer('post', '/v1/bulkJobs/renameFolder', sdk.folders.rename({ folderPath: '/moved-backup/photos', newFolderName: 'pictures', purgeCache: true }), 202);
  state.jobIds.push(rename.jobId);
  const renameJob = await answer('get', '/v1/bulkJobs/{jobId}', sdk.folders.job.get(rename.jobId), 200);
  assert.equal(renameJob.type, 'RENAME_FOLDER');
  assert.equal(renameJob.status, 'Completed');
  assert.match(renameJob.purgeRequestId ?? '', /^[0-9a-f]{24}$/);
  assert.equal((await sdk.files.get(copiedPhoto.fileId!)).filePath, '/moved-backup/pictures/photo.jpg');

  await refusal('post', '/v1/bulkJobs/moveFolder', sdk.folders.move({ sourceFolderPath: '/cms', destinationPath: '/cms/photos' }), 400, 'This operation is not allowed because parent folder cannot be moved into child folder.', {
    reason: 'INVALID_DESTINATION_PATH',
  });
  await refusal('post', '/v1/bulkJobs/copyFolder', sdk.folders.copy({ sourceFolderPath: '/nothing/here', destinationPath: '/x' }), 404, 'No files & folder found at sourceFolderPath `/nothing/here`.', {
    reason: 'NO_FILES_FOLDER',
  });
  await refusal('post', '/v1/bulkJobs/copyFolder', sdk.folders.copy({ sourceFolderPath: '/cms', destinationPath: '/cms' }), 400, 'sourceFolderPath and destinationPath is same', {
    reason: 'SAME_SOURCE_AND_DESTINATION',
  });
  await refusal('post', '/v1/bulkJobs/renameFolder', sdk.folders.rename({ folderPath: '/', newFolderName: 'x' }), 400, 'folderPath cannot be root.');
  await refusal('post', '/v1/bulkJobs/renameFolder', sdk.folders.rename({ folderPath: '/cms/photos', newFolderName: 'docs' }), 409, 'Folder with name docs already exists at the same location.');
  await refusal('get', '/v1/bulkJobs/{jobId}', sdk.folders.job.get('0123456789abcdef01234567'), 404, 'The requested job does not exist.');
  await refusal('post', '/v1/folder', sdk.folders.create({ folderName: '..', parentFolderPath: '/' }), 400, "'.' & '..' can not be used as folder-name", { reason: 'INVALID_FOLDER_PATH' });

  const blobs = movedPhoto.versionInfo!.id!;
  await answer('delete', '/v1/folder', sdk.folders.delete({ folderPath: '/moved-backup/' }), 204);
  assert.equal((await sdk.assets.list({ path: '/moved-backup/pictures' })).length, 0);
  assert.equal((await sdk.assets.list({ type: 'folder', path: '/' })).some((f) => f.type === 'folder' && f.folderPath === '/moved-backup'), false);
  assert.equal(existsSync(join(dataDir, 'blobs', blobs)), false, "the deleted files' bytes are gone");
  await refusal('delete', '/v1/folder', sdk.folders.delete({ folderPath: '/moved-backup/' }), 404, 'No folder found with folderPath `/moved-backup/`.', { reason: 'FOLDER_NOT_FOUND' });
});

test('cache purge: create and status', async () => {
  const purge = await answer('post', '/v1/files/purge', sdk.cache.invalidation.create({ url: state.photoUrl }), 201);
  state.purgeIds.push(purge.requestId!);
  assert.deepEqual(await answer('get', '/v1/files/purge/{requestId}', sdk.cache.invalidation.get(purge.requestId!), 200), { status: 'Completed' });
  await refusal('post', '/v1/files/purge', sdk.cache.invalidation.create({ url: 'https://example.com/a.jpg' }), 400, 'The URL is not valid for cache purging.');
  await refusal('get', '/v1/files/purge/{requestId}', sdk.cache.invalidation.get('0123456789abcdef01234567'), 400, 'No request found for this requestId.');
});

test('saved extensions: create, list, get, update, delete', async () => {
  const made = await answer(
    'post',
    '/v1/saved-extensions',
    sdk.savedExtensions.create({ name: 'Tag products', description: 'Google tags above 80%', config: { name: 'google-auto-tagging', minConfidence: 80, maxTags: 10 } }),
    201,
  );
  state.extensionId = made.id!;
  assert.deepEqual(made.config, { name: 'google-auto-tagging', minConfidence: 80, maxTags: 10 });
  assert.deepEqual((await answer('get', '/v1/saved-extensions', sdk.savedExtensions.list(), 200)).map((e) => e.id), [made.id]);
  assert.equal((await answer('get', '/v1/saved-extensions/{id}', sdk.savedExtensions.get(made.id!), 200)).name, 'Tag products');
  const updated = await answer('patch', '/v1/saved-extensions/{id}', sdk.savedExtensions.update(made.id!, { description: 'Above 90%', config: { name: 'aws-auto-tagging', minConfidence: 90, maxTags: 5 } }), 200);
  assert.equal(updated.description, 'Above 90%');
  assert.equal(updated.config?.name, 'aws-auto-tagging');
  await refusal(
    'post',
    '/v1/saved-extensions',
    sdk.savedExtensions.create({ name: 'Bad', description: 'bad', config: { name: 'google-auto-tagging', minConfidence: 180, maxTags: 10 } }),
    400,
    /^Invalid extension configuration\. config\.minConfidence/,
  );
  // An upload and an update can name it, and get what its config does.
  const tagged = await answer(
    'post',
    '/api/v1/files/upload',
    sdk.files.upload({
      file: await toFile(await photo('#1a5', 'saved'), 'saved.jpg'),
      fileName: 'saved.jpg',
      folder: '/cms/saved',
      extensions: [{ name: 'saved-extension', id: made.id! }],
    }),
    200,
  );
  assert.deepEqual(tagged.extensionStatus, { 'aws-auto-tagging': 'success' });
  assert.ok(tagged.AITags && tagged.AITags.length > 0 && tagged.AITags.every((t) => t.source === 'aws-auto-tagging' && t.confidence! >= 90));
  const temporary = await sdk.savedExtensions.create({ name: 'Describe', description: 'Alt text', config: { name: 'ai-auto-description' } });
  const described = await answer('patch', '/v1/files/{fileId}/details', sdk.files.update(tagged.fileId!, { extensions: [{ name: 'saved-extension', id: temporary.id! }] }), 200);
  assert.match(described.description ?? '', /^A landscape image, 64 × 48 pixels/);
  await refusal(
    'post',
    '/api/v1/files/upload',
    sdk.files.upload({ file: await toFile(Buffer.from('x'), 'x.txt'), fileName: 'x.txt', extensions: [{ name: 'saved-extension', id: '0123456789abcdef01234567' }] }),
    400,
    "Your request contains invalid extensions parameter. extensions[0]: no saved extension has the id '0123456789abcdef01234567'.",
  );
  await answer('delete', '/v1/saved-extensions/{id}', sdk.savedExtensions.delete(temporary.id!), 204);
  await refusal('get', '/v1/saved-extensions/{id}', sdk.savedExtensions.get(temporary.id!), 404, 'The requested saved extension does not exist.');
});

test('account: origins and URL endpoints; a URL endpoint serves the media library under its prefix', async () => {
  const origin = await answer(
    'post',
    '/v1/accounts/origins',
    sdk.accounts.origins.create({ type: 'S3', name: 'Product images', bucket: 'products', accessKey: 'AKIA123', secretKey: 'secret' }),
    201,
  );
  state.originId = origin.id;
  assert.equal((origin as unknown as Record<string, unknown>).secretKey, undefined, 'secrets are never returned');
  assert.equal(origin.type === 'S3' && origin.prefix, '');
  assert.deepEqual((await answer('get', '/v1/accounts/origins', sdk.accounts.origins.list(), 200)).map((o) => o.id), [origin.id]);
  assert.equal((await answer('get', '/v1/accounts/origins/{id}', sdk.accounts.origins.get(origin.id), 200)).name, 'Product images');
  const web = await answer('put', '/v1/accounts/origins/{id}', sdk.accounts.origins.update(origin.id, { type: 'WEB_FOLDER', name: 'Shop', baseUrl: 'https://shop.example.com/images' }), 200);
  assert.equal(web.type, 'WEB_FOLDER');
  await refusal('post', '/v1/accounts/origins', sdk.accounts.origins.create({ type: 'FTP', name: 'x' } as never), 400, /^Invalid origin type\. Must be one of S3, S3_COMPATIBLE/);
  await refusal('post', '/v1/accounts/origins', sdk.accounts.origins.create({ type: 'S3', name: 'x', accessKey: 'a', secretKey: 'b' } as never), 400, 'bucket is required and must be a string');

  const endpoints = await answer('get', '/v1/accounts/url-endpoints', sdk.accounts.urlEndpoints.list(), 200);
  assert.deepEqual(endpoints.map((e) => [e.id, e.urlPrefix]), [['default', '']]);
  const endpoint = await answer(
    'post',
    '/v1/accounts/url-endpoints',
    sdk.accounts.urlEndpoints.create({ description: 'Shop images', urlPrefix: 'shop', origins: [origin.id] }),
    201,
  );
  state.endpointId = endpoint.id;
  const viaPrefix = await fetchBytes(`${emulator.urlEndpoint}/shop/cms/photos/photo.jpg`);
  assert.equal(viaPrefix.status, 200);
  assert.deepEqual(viaPrefix.body, state.v1Bytes);
  assert.equal((await answer('get', '/v1/accounts/url-endpoints/{id}', sdk.accounts.urlEndpoints.get(endpoint.id), 200)).description, 'Shop images');
  const changed = await answer(
    'put',
    '/v1/accounts/url-endpoints/{id}',
    sdk.accounts.urlEndpoints.update(endpoint.id, { description: 'Shop', urlPrefix: 'shop-2', urlRewriter: { type: 'CLOUDINARY' } }),
    200,
  );
  assert.deepEqual(changed.urlRewriter, { type: 'CLOUDINARY', preserveAssetDeliveryTypes: false });
  assert.equal((await fetchBytes(`${emulator.urlEndpoint}/shop-2/cms/photos/photo.jpg`)).status, 200);
  await refusal('post', '/v1/accounts/url-endpoints', sdk.accounts.urlEndpoints.create({ description: 'x', urlPrefix: 'y', origins: ['0123456789abcdef01234567'] }), 400, 'Origin does not exists. Please create origin before using it in URL-endpoint.');
  await refusal('post', '/v1/accounts/url-endpoints', sdk.accounts.urlEndpoints.create({ description: 'x', urlPrefix: '' }), 400, 'urlPrefix cannot be empty string. This is reserved for the default URL-endpoint created by ImageKit.');
  await refusal('delete', '/v1/accounts/url-endpoints/{id}', sdk.accounts.urlEndpoints.delete('default'), 400, 'Default URL-endpoint cannot be deleted.');
  await refusal('get', '/v1/accounts/origins/{id}', sdk.accounts.origins.get('0123456789abcdef01234567'), 404, 'Origin not found.');

  await answer('delete', '/v1/accounts/url-endpoints/{id}', sdk.accounts.urlEndpoints.delete(endpoint.id), 204);
  assert.equal((await fetchBytes(`${emulator.urlEndpoint}/shop-2/cms/photos/photo.jpg`)).status, 404);
  await refusal('get', '/v1/accounts/url-endpoints/{id}', sdk.accounts.urlEndpoints.get(endpoint.id), 404, 'URL-endpoint not found.');
  const spare = await sdk.accounts.origins.create({ type: 'WEB_PROXY', name: 'Proxy' });
  await answer('delete', '/v1/accounts/origins/{id}', sdk.accounts.origins.delete(spare.id), 204);
});

test('named transformations: create, list, get, update, delete; delivery URLs apply them (shapes from the SDK\'s types)', async () => {
  const made = await answer('post', '/v1/named-transformations', sdk.namedTransformations.create({ name: 'small_thumb', transformation: 'w-32,h-24' }), 201);
  state.namedId = made.id;
  assert.equal(made.enabled, true);
  assert.deepEqual((await answer('get', '/v1/named-transformations', sdk.namedTransformations.list(), 200)).map((n) => n.name), ['small_thumb']);
  assert.equal((await answer('get', '/v1/named-transformations/{id}', sdk.namedTransformations.get(made.id), 200)).transformation, 'w-32,h-24');
  const thumbUrl = `${emulator.urlEndpoint}/tr:n-small_thumb${state.photoUrl.slice(emulator.urlEndpoint.length)}`;
  const thumb = await fetchBytes(thumbUrl);
  assert.equal(thumb.status, 200);
  const size = await sharp(thumb.body).metadata();
  assert.deepEqual([size.width, size.height], [32, 24], 'tr:n-small_thumb is w-32,h-24');

  const off = await answer('patch', '/v1/named-transformations/{id}', sdk.namedTransformations.update(made.id, { enabled: false }), 200);
  assert.equal(off.enabled, false);
  assert.equal(off.name, 'small_thumb');
  assert.equal((await fetchBytes(thumbUrl)).status, 400, 'a disabled named transformation fails at delivery');
  const other = await sdk.namedTransformations.create({ name: 'wide', transformation: 'w-1200' });
  await assert.rejects(sdk.namedTransformations.update(other.id, { name: 'small_thumb' }), (e: unknown) => e instanceof ImageKit.APIError && e.status === 409);
  await answer('delete', '/v1/named-transformations/{id}', sdk.namedTransformations.delete(other.id), 204);
  await assert.rejects(sdk.namedTransformations.get(other.id), (e: unknown) => e instanceof ImageKit.APIError && e.status === 404);
});

test('upload API V2 and the helpers: a signed client-side upload, a signed URL for a private file', async () => {
  const v2 = await answer(
    'post',
    '/api/v2/files/upload',
    sdk.beta.v2.files.upload({ file: await toFile(await photo('#999', 'v2'), 'v2.jpg'), fileName: 'v2.jpg', folder: '/cms/v2', isPrivateFile: true, useUniqueFileName: false }),
    200,
  );
  assertMatchesSchema('Upload', v2);

  // getAuthenticationParameters signs what a browser then posts itself.
  const { token, expire, signature } = sdk.helper.getAuthenticationParameters();
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(await photo('#0a0', 'browser'))]), 'browser.jpg');
  for (const [k, v] of Object.entries({ fileName: 'browser.jpg', folder: '/cms/browser', publicKey, token, expire: String(expire), signature })) form.set(k, v);
  const browser = await fetch(`${emulator.url}/api/v1/files/upload`, { method: 'POST', body: form });
  assert.equal(browser.status, 200);
  assertMatchesOperation('post', '/api/v1/files/upload', 200, await browser.json());

  // The private file's url needs a signature: buildSrc makes one the emulator accepts.
  const unsigned = await fetchBytes(v2.url!);
  assert.equal(unsigned.status, 401);
  const src = sdk.helper.buildSrc({ urlEndpoint: emulator.urlEndpoint, src: v2.filePath!, signed: true, expiresIn: 600 });
  const signedFetch = await fetchBytes(src);
  assert.equal(signedFetch.status, 200);
  assert.equal(signedFetch.type, 'image/jpeg');

  // A transformation string the SDK builds, applied by the emulator's delivery.
  const tr = sdk.helper.buildTransformationString([{ width: 16, height: 12 }]);
  assert.equal(tr, 'w-16,h-12');
  const small = await fetchBytes(`${emulator.urlEndpoint}/tr:${tr}${state.photoUrl.slice(emulator.urlEndpoint.length)}`);
  assert.equal(small.status, 200);
  const size = await sharp(small.body).metadata();
  assert.deepEqual([size.width, size.height], [16, 12]);
});

test('webhooks: an upload\'s post-transformation ends in a webhook that the SDK unwraps and verifies', async () => {
  const received: Array<{ body: string; headers: Record<string, string> }> = [];
  const hooks = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ body, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((done) => hooks.listen(0, '127.0.0.1', done));
  try {
    const webhookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/imagekit`;
    const up = await answer(
      'post',
      '/api/v1/files/upload',
      sdk.files.upload({
        file: await toFile(await photo('#fa0', 'hooked'), 'hooked.jpg'),
        fileName: 'hooked.jpg',
        folder: '/cms/hooks',
        webhookUrl,
        transformation: { post: [{ type: 'transformation', value: 'w-20' }] },
      }),
      200,
    );
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((done) => setTimeout(done, 50));
    assert.equal(received.length, 1, 'one webhook');
    const [hook] = received as [{ body: string; headers: Record<string, string> }];
    const event = sdk.webhooks.unwrap(hook.body, { headers: hook.headers, key: WEBHOOK_SECRET });
    assert.equal(event.type, 'upload.post-transform.success');
    assert.ok(event.type === 'upload.post-transform.success' && event.data.fileId === up.fileId);
    assert.throws(() => sdk.webhooks.unwrap(hook.body, { headers: hook.headers, key: 'not-the-secret' }), 'a wrong secret is caught');
    const unverified = sdk.webhooks.unsafeUnwrap(hook.body);
    assert.deepEqual(unverified, event);
  } finally {
    hooks.close();
  }
});

test('account usage and usage analytics count what was stored and delivered', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await emulator.store.flush();
  const usage = await answer('get', '/v1/accounts/usage', sdk.accounts.usage.get({ startDate: today, endDate: tomorrow }), 200);
  const stored = emulator.store.list().reduce((n, r) => n + r.versions.reduce((m, v) => m + v.size, 0), 0);
  assert.equal(usage.mediaLibraryStorageBytes, stored, 'every version of every file counts');
  assert.equal(usage.bandwidthBytes, deliveredBytes, 'every byte delivered counts');
  assert.equal(usage.extensionUnitsCount, 0);

  const analytics = await answer('get', '/v1/accounts/usage-analytics', sdk.accounts.usageAnalytics.get({ startDate: today, endDate: today }), 200);
  assert.equal(analytics.requestCount, deliveries);
  assert.equal(analytics.bandwidthBytes, deliveredBytes);
  assert.equal(analytics.cache.missCount, deliveries, 'nothing is cached, so every request is a miss');
  const codes = Object.fromEntries(analytics.statusCodes.map((s) => [s.name, s.requestCount]));
  assert.ok(codes['200']! > 0 && codes['404']! > 0 && codes['401'] === 1, JSON.stringify(codes));
  assert.ok(analytics.topImages.byRequests.some((i) => i.name === state.photoUrl), 'the photo is a top image');
  assert.ok(analytics.top404Assets.some((a) => a.name === `${emulator.urlEndpoint}/cms/docs/notes.txt`));
  assert.ok(analytics.urlEndpoints.byRequests.some((e) => e.name === 'Shop images'), 'traffic through the shop endpoint is counted under it');

  await refusal('get', '/v1/accounts/usage', sdk.accounts.usage.get({ startDate: tomorrow, endDate: today }), 400, 'startDate should be before endDate.');
  await refusal('get', '/v1/accounts/usage', sdk.accounts.usage.get({ startDate: '2024-01-01', endDate: '2024-06-01' }), 400, 'startDate and endDate should be within 90 days.');
  await refusal('get', '/v1/accounts/usage', sdk.accounts.usage.get({ startDate: '2024-02-30', endDate: '2024-03-02' }), 400, 'startDate and endDate should be in format YYYY-MM-DD.');
});

test('delete: a file, a custom metadata field', async () => {
  await answer('delete', '/v1/files/{fileId}', sdk.files.delete(state.copyId), 204);
  await refusal('get', '/v1/files/{fileId}/details', sdk.files.get(state.copyId), 404, 'The requested file does not exist.');
  await answer('delete', '/v1/customMetadataFields/{id}', sdk.customMetadataFields.delete(state.fieldId), 204);
});

test('everything made through the API is still there after a restart', async () => {
  await emulator.close();
  emulator = await startEmulator({ port: 0, publicKey, privateKey, dataDir });
  raw = new ImageKit({ privateKey, baseURL: emulator.url, maxRetries: 0 });
  const restarted = raw;
  assert.equal((await restarted.files.get(state.photoId)).versionInfo?.id, state.v1Id);
  assert.ok((await restarted.assets.list({ type: 'folder', path: '/cms' })).some((f) => f.type === 'folder' && f.folderPath === '/cms/empty_one'));
  for (const jobId of state.jobIds) assert.equal((await restarted.folders.job.get(jobId)).status, 'Completed');
  for (const id of state.purgeIds) assert.equal((await restarted.cache.invalidation.get(id)).status, 'Completed');
  assert.equal((await restarted.savedExtensions.get(state.extensionId)).description, 'Above 90%');
  assert.equal((await restarted.accounts.origins.get(state.originId)).type, 'WEB_FOLDER');
  assert.equal((await restarted.namedTransformations.get(state.namedId)).enabled, false);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await restarted.accounts.usageAnalytics.get({ startDate: today, endDate: today })).bandwidthBytes, deliveredBytes);
});

test('the SDK has no method these tests did not call', () => {
  const methods = sdkMethods(raw);
  assert.ok(methods.length >= 58, `found ${methods.length} methods`);
  const missed = methods.filter((m) => !called.has(m));
  assert.deepEqual(missed, [], `SDK methods never called: ${missed.join(', ')}`);
  assert.ok(answersChecked > 100, `${answersChecked} answers checked against the spec`);
});
