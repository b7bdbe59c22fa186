import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import ImageKit, { toFile } from '@imagekit/nodejs';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { assertMatchesSchema } from './schema.js';

/**
 * ImageKit's official Node SDK, pointed at the emulator with `baseURL`, used as a developer would
 * use it against ImageKit: upload, details, list, update, delete, custom metadata fields. Every
 * success and details response is checked against the spec's schemas.
 */

const publicKey = 'public_sdk_test';
const privateKey = 'private_sdk_test_' + Math.random().toString(36).slice(2);
let dataDir: string;
let emulator: RunningEmulator;
let client: ImageKit;

async function png(width: number, height: number, alpha = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 200, g: 40, b: 40, alpha } } })
    .png()
    .toBuffer();
}

async function sdkError(promise: Promise<unknown>): Promise<{ status: number; message: string; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImageKit.APIError) {
      const body = (error.error ?? {}) as Record<string, unknown>;
      return { status: error.status as number, message: String(body.message), body };
    }
    throw error;
  }
  assert.fail('expected the SDK call to fail');
}

async function bytesAt(url: string): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ik-sdk-node-'));
  emulator = await startEmulator({ port: 0, publicKey, privateKey, dataDir });
  client = new ImageKit({ privateKey, baseURL: emulator.url, maxRetries: 0 });
});

after(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('files.upload (server side, Basic auth)', () => {
  test('stores an image and answers with the spec\'s Upload object; the url serves the same bytes', async () => {
    const bytes = await png(40, 30, 0.5);
    const res = await client.files.upload({
      file: await toFile(bytes, 'red square.png'),
      fileName: 'red square.png',
      folder: '/sdk/uploads',
      tags: ['sdk', 'red'],
      responseFields: ['tags', 'isPrivateFile', 'isPublished', 'customMetadata'],
    });
    assertMatchesSchema('Upload', res);
    assert.equal(res.fileType, 'image');
    assert.equal(res.width, 40);
    assert.equal(res.height, 30);
    assert.equal(res.size, bytes.length);
    assert.deepEqual(res.tags, ['sdk', 'red']);
    assert.equal(res.isPrivateFile, false);
    assert.equal(res.isPublished, true);
    assert.deepEqual(res.versionInfo, { id: res.fileId, name: 'Version 1' });
    // A space is not kept, and a unique suffix is added by default (seed 004).
    assert.match(res.name!, /^red_square_[A-Za-z0-9_-]{9}\.png$/);
    assert.equal(res.filePath, `/sdk/uploads/${res.name}`);
    const served = await bytesAt(res.url!);
    assert.equal(served.status, 200);
    assert.ok(served.body.equals(bytes), 'the url serves the uploaded bytes unchanged');
    const thumb = await bytesAt(res.thumbnailUrl!);
    assert.equal(thumb.status, 200);
  });

  test('a non-image comes back as non-image, without thumbnail or dimensions', async () => {
    const res = await client.files.upload({
      file: await toFile(Buffer.from('hello, emulator\n'), 'notes.txt'),
      fileName: 'notes.txt',
      useUniqueFileName: false,
      folder: '/sdk/docs',
    });
    assertMatchesSchema('Upload', res);
    assert.equal(res.fileType, 'non-image');
    assert.equal(res.thumbnailUrl, undefined);
    assert.equal(res.filePath, '/sdk/docs/notes.txt');
  });
});

describe('files.get', () => {
  test('returns seed 002\'s file object for the current version', async () => {
    const bytes = await png(64, 48);
    const up = await client.files.upload({ file: await toFile(bytes, 'car.png'), fileName: 'car.png', folder: '/sdk/get' });
    const file = await client.files.get(up.fileId!);
    assertMatchesSchema('FileDetails', file);
    assert.equal(file.type, 'file');
    assert.equal(file.fileId, up.fileId);
    assert.equal(file.name, up.name);
    assert.equal(file.filePath, up.filePath);
    assert.equal(file.url, up.url);
    assert.equal(file.thumbnail, up.thumbnailUrl);
    assert.deepEqual(file.versionInfo, up.versionInfo);
    assert.equal(file.mime, 'image/png');
    assert.equal(file.hasAlpha, true);
    assert.deepEqual([file.width, file.height, file.size], [64, 48, bytes.length]);
    assert.equal(file.tags, null);
    assert.equal(file.AITags, null);
    assert.equal(file.customCoordinates, null);
    assert.deepEqual(file.customMetadata, {});
    assert.equal(file.isPrivateFile, false);
    assert.equal(file.isPublished, true);
    assert.equal(file.createdAt, file.updatedAt);
  });

  test('an unknown file id is 404 with ImageKit\'s message; a malformed one is 400', async () => {
    const missing = await sdkError(client.files.get('5f1d3e1a2b3c4d5e6f708192'));
    assert.equal(missing.status, 404);
    assert.equal(missing.message, 'The requested file does not exist.');
    assert.equal(missing.body.help, 'For support kindly contact us at support@imagekit.io .');
    const bad = await sdkError(client.files.get('not-an-id'));
    assert.deepEqual([bad.status, bad.message], [400, 'Your request contains invalid fileId parameter.']);
  });
});

describe('assets.list', () => {
  let ids: Record<string, string>;

  before(async () => {
    ids = {};
    // Sizes grow with the letter, so size order equals name order.
    for (const [i, name] of ['b.png', 'a.png', 'c.png'].entries()) {
      const up = await client.files.upload({
        file: await toFile(await png(10 + i * 20, 10), name),
        fileName: name,
        useUniqueFileName: false,
        folder: '/sdk/list',
        tags: i === 0 ? ['even'] : ['odd', `n${i}`],
      });
      ids[name] = up.fileId!;
    }
    await client.files.upload({
      file: await toFile(Buffer.from('x'), 'd.txt'),
      fileName: 'd.txt',
      useUniqueFileName: false,
      folder: '/sdk/list/sub',
    });
  });

  test('lists one folder (not its subfolders), each item a FileDetails, in upload order by default', async () => {
    const items = await client.assets.list({ path: '/sdk/list' });
    for (const item of items) assertMatchesSchema('FileDetails', item);
    assert.deepEqual(items.map((f) => f.name), ['b.png', 'a.png', 'c.png']);
    const all = await client.assets.list({ path: '/sdk/list', type: 'all', sort: 'DESC_NAME' });
    assert.deepEqual(all.map((a) => `${a.type}:${a.name}`), ['folder:sub', 'file:c.png', 'file:b.png', 'file:a.png']);
    const folder = all[0]!;
    assertMatchesSchema('FolderDetails', folder);
    assert.equal(folder.type === 'folder' && folder.folderPath, '/sdk/list/sub');
  });

  test('sorts by name, size and creation, both ways', async () => {
    const names = async (sort: ImageKit.AssetListParams['sort']) =>
      (await client.assets.list({ path: '/sdk/list/', sort })).map((f) => f.name);
    assert.deepEqual(await names('ASC_NAME'), ['a.png', 'b.png', 'c.png']);
    assert.deepEqual(await names('DESC_NAME'), ['c.png', 'b.png', 'a.png']);
    assert.deepEqual(await names('DESC_CREATED'), ['c.png', 'a.png', 'b.png']);
    assert.deepEqual(await names('ASC_WIDTH'), ['b.png', 'a.png', 'c.png']);
    assert.deepEqual(await names('DESC_WIDTH'), ['c.png', 'a.png', 'b.png']);
  });

  test('pages with skip and limit', async () => {
    const page = async (skip: number, limit: number) =>
      (await client.assets.list({ path: '/sdk/list', sort: 'ASC_NAME', skip, limit })).map((f) => f.name);
    assert.deepEqual(await page(0, 2), ['a.png', 'b.png']);
    assert.deepEqual(await page(2, 2), ['c.png']);
    assert.deepEqual(await page(3, 2), []);
  });

  test('filters by fileType, and by searchQuery on name, tags, size and path', async () => {
    const names = async (params: ImageKit.AssetListParams) =>
      (await client.assets.list({ sort: 'ASC_NAME', ...params })).map((f) => f.name);
    assert.deepEqual(await names({ path: '/sdk/list/sub', fileType: 'non-image' }), ['d.txt']);
    assert.deepEqual(await names({ path: '/sdk/list/sub', fileType: 'image' }), []);
    assert.deepEqual(await names({ path: '/sdk/list', searchQuery: 'name = "c.png"' }), ['c.png']);
    assert.deepEqual(await names({ searchQuery: 'path : "/sdk/list/" AND name : "a"' }), ['a.png']);
    assert.deepEqual(await names({ searchQuery: 'tags IN ["n1", "even"]' }), ['a.png', 'b.png']);
    assert.deepEqual(await names({ searchQuery: 'path : "/sdk/list" AND (tags = "n2" OR name = "d.txt")' }), ['c.png', 'd.txt']);
    assert.deepEqual(await names({ searchQuery: 'path : "/sdk/list/" AND createdAt > "1h" AND width >= 30' }), ['a.png', 'c.png']);
  });

  test('refuses out-of-range paging and unknown sorts with ImageKit\'s messages', async () => {
    const cases: Array<[ImageKit.AssetListParams, string]> = [
      [{ skip: -1 }, 'The value of skip parameter should be greater than or equal to 0. Value sent is -1.'],
      [{ limit: 0 }, 'Minimum value of limit parameter is 1. Value sent is 0.'],
      [{ limit: 2000 }, 'Maximum value of limit parameter is 1000. Value sent is 2000.'],
      [{ sort: 'BY_COLOUR' as 'ASC_NAME' }, 'Your request contains invalid value for sort parameters.'],
      [
        { type: 'files' as 'file' },
        'Your request contains invalid value for type parameter. Please provide one of the following: file, file-version, folder, all.',
      ],
    ];
    for (const [params, message] of cases) {
      const err = await sdkError(client.assets.list(params));
      assert.deepEqual([err.status, err.message], [400, message], JSON.stringify(params));
    }
  });

  test('cleans up: deleting the listed files leaves the folder empty', async () => {
    for (const id of Object.values(ids)) await client.files.delete(id);
    assert.deepEqual((await client.assets.list({ path: '/sdk/list' })).length, 0);
  });
});

describe('files.update and custom metadata fields', () => {
  test('defines fields, then sets, keeps and unsets values on a file', async () => {
    const price = await client.customMetadataFields.create({
      name: 'price',
      label: 'Price',
      schema: { type: 'Number', minValue: 1000, maxValue: 3000 },
    });
    assertMatchesSchema('CustomMetadataField', price);
    assert.match(price.id, /^[0-9a-f]{24}$/);
    const size = await client.customMetadataFields.create({
      name: 'size',
      label: 'Size',
      schema: { type: 'SingleSelect', selectOptions: ['S', 'M', 'L'], isValueRequired: true, defaultValue: 'M' },
    });
    assertMatchesSchema('CustomMetadataField', size);

    const up = await client.files.upload({ file: await toFile(await png(20, 20), 'shirt.png'), fileName: 'shirt.png' });
    const before = await client.files.get(up.fileId!);
    const updated = await client.files.update(up.fileId!, {
      tags: ['tshirt', 'sale'],
      customCoordinates: '1,2,10,12',
      customMetadata: { price: 1999 },
    });
    assertMatchesSchema('FileUpdate', updated);
    assert.deepEqual(updated.tags, ['tshirt', 'sale']);
    assert.equal(updated.customCoordinates, '1,2,10,12');
    // The required field without a value takes its default.
    assert.deepEqual(updated.customMetadata, { price: 1999, size: 'M' });
    assert.ok(updated.updatedAt! >= before.updatedAt!);
    assert.equal(updated.createdAt, before.createdAt);

    const again = await client.files.update(up.fileId!, { customMetadata: { price: null, size: 'L' } as Record<string, unknown> });
    assert.deepEqual(again.customMetadata, { size: 'L' });
    assert.deepEqual(again.tags, ['tshirt', 'sale'], 'fields not sent are kept');
    const cleared = await client.files.update(up.fileId!, { tags: null, customCoordinates: null });
    assert.equal(cleared.tags, null);
    assert.equal(cleared.customCoordinates, null);

    const details = await client.files.get(up.fileId!);
    assertMatchesSchema('FileDetails', details);
    assert.deepEqual(details.customMetadata, { size: 'L' });
  });

  test('a bad value is refused with the reason, and the file keeps what it had', async () => {
    const up = await client.files.upload({ file: await toFile(await png(20, 20), 'mug.png'), fileName: 'mug.png' });
    await client.files.update(up.fileId!, { customMetadata: { price: 1500 } });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ price: 999 }, /"price" should be greater than or equal to 1000/],
      [{ price: 'cheap' }, /"price" should be of type number/],
      [{ size: 'XL' }, /"size" should be one of the select options: "S", "M", "L"/],
      [{ colour: 'red' }, /"colour" is not a defined custom metadata field/],
      [{ size: null }, /"size" is a required field and cannot be unset/],
    ];
    for (const [customMetadata, reason] of cases) {
      const err = await sdkError(client.files.update(up.fileId!, { customMetadata }));
      assert.equal(err.status, 400);
      assert.match(err.message, /^Invalid custom metadata\. /);
      assert.match(err.message, reason);
      assert.equal(typeof err.body.errors, 'object');
    }
    const bad = await sdkError(client.files.update(up.fileId!, { customCoordinates: '1,2,3' }));
    assert.equal(bad.status, 400);
    assert.match(bad.message, /^Your request contains invalid customCoordinates parameter\./);
    const file = await client.files.get(up.fileId!);
    assert.deepEqual(file.customMetadata, { price: 1500, size: 'M' });
    assert.equal(file.customCoordinates, null);
  });

  test('field definitions: list, update, delete, and names stay taken after deletion', async () => {
    const made = await client.customMetadataFields.create({
      name: 'launch',
      label: 'Launch date',
      schema: { type: 'Date', minValue: '2020-01-01T00:00:00.000Z' },
    });
    const list = await client.customMetadataFields.list();
    for (const field of list) assertMatchesSchema('CustomMetadataField', field);
    assert.ok(list.some((f) => f.id === made.id && f.name === 'launch'));

    const changed = await client.customMetadataFields.update(made.id, {
      label: 'Launch',
      schema: { maxValue: '2030-01-01T00:00:00.000Z' },
    });
    assertMatchesSchema('CustomMetadataField', changed);
    assert.deepEqual(changed.schema, { type: 'Date', minValue: '2020-01-01T00:00:00.000Z', maxValue: '2030-01-01T00:00:00.000Z' });

    const dup = await sdkError(
      client.customMetadataFields.create({ name: 'price', label: 'Other', schema: { type: 'Text' } }),
    );
    assert.deepEqual([dup.status, dup.message], [400, 'A custom metadata field with this name already exists.']);
    const badSchema = await sdkError(
      client.customMetadataFields.create({ name: 'weight', label: 'Weight', schema: { type: 'Number', minLength: 2 } }),
    );
    assert.equal(badSchema.status, 400);
    assert.deepEqual(badSchema.body.errors, { minLength: 'not allowed for this type' });

    await client.customMetadataFields.delete(made.id);
    assert.ok(!(await client.customMetadataFields.list()).some((f) => f.id === made.id));
    const withDeleted = await client.customMetadataFields.list({ includeDeleted: true });
    assert.ok(withDeleted.some((f) => f.id === made.id));
    const reuse = await sdkError(
      client.customMetadataFields.create({ name: 'launch', label: 'Launch again', schema: { type: 'Date' } }),
    );
    assert.deepEqual([reuse.status, reuse.message], [400, 'A custom metadata field with this name already exists.']);
    const gone = await sdkError(client.customMetadataFields.update(made.id, { label: 'x' }));
    assert.deepEqual([gone.status, gone.message], [400, 'Cannot update a deleted custom metadata fields.']);
    const missing = await sdkError(client.customMetadataFields.delete('5f1d3e1a2b3c4d5e6f708192'));
    assert.deepEqual([missing.status, missing.message], [404, 'No such custom metadata field exists.']);
  });
});

describe('files.delete', () => {
  test('removes the record, the url and the bytes of every version', async () => {
    const first = await png(12, 12);
    const up = await client.files.upload({
      file: await toFile(first, 'versioned.png'),
      fileName: 'versioned.png',
      useUniqueFileName: false,
      folder: '/sdk/delete',
    });
    const v2 = await client.files.upload({
      file: await toFile(await png(14, 14), 'versioned.png'),
      fileName: 'versioned.png',
      useUniqueFileName: false,
      folder: '/sdk/delete',
    });
    assert.equal(v2.fileId, up.fileId);
    assert.equal(v2.versionInfo?.name, 'Version 2');
    const record = emulator.store.get(up.fileId!)!;
    const blobs = record.versions.map((v) => emulator.store.bytesPath(v));
    assert.equal(blobs.length, 2);
    assert.ok(blobs.every((b) => existsSync(b)));

    await client.files.delete(up.fileId!);

    assert.ok(blobs.every((b) => !existsSync(b)), 'no version\'s bytes are left on disk');
    assert.equal((await bytesAt(up.url!)).status, 404);
    const details = await sdkError(client.files.get(up.fileId!));
    assert.deepEqual([details.status, details.message], [404, 'The requested file does not exist.']);
    const twice = await sdkError(client.files.delete(up.fileId!));
    assert.deepEqual([twice.status, twice.message], [404, 'The requested file does not exist.']);
  });
});

describe('authentication', () => {
  test('a wrong private key is 403 and no key is 401, with ImageKit\'s messages', async () => {
    const stranger = new ImageKit({ privateKey: 'not-the-key', baseURL: emulator.url, maxRetries: 0 });
    for (const call of [
      () => stranger.assets.list(),
      () => stranger.files.get('5f1d3e1a2b3c4d5e6f708192'),
      () => stranger.customMetadataFields.list(),
    ]) {
      const err = await sdkError(call());
      assert.deepEqual([err.status, err.message], [403, 'Your account cannot be authenticated.']);
    }
    for (const [method, path] of [
      ['GET', '/v1/files'],
      ['GET', '/v1/files/5f1d3e1a2b3c4d5e6f708192/details'],
      ['DELETE', '/v1/files/5f1d3e1a2b3c4d5e6f708192'],
      ['GET', '/v1/customMetadataFields'],
    ] as const) {
      const res = await fetch(emulator.url + path, { method });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(((await res.json()) as { message: string }).message, 'Your request does not contain private API key.');
    }
  });
});

describe('restart', () => {
  test('files and field definitions survive a restart on the same data folder', async () => {
    const up = await client.files.upload({ file: await toFile(await png(8, 8), 'keep.png'), fileName: 'keep.png' });
    const fieldsBefore = await client.customMetadataFields.list({ includeDeleted: true });
    await emulator.close();
    emulator = await startEmulator({ port: 0, publicKey, privateKey, dataDir });
    client = new ImageKit({ privateKey, baseURL: emulator.url, maxRetries: 0 });
    assert.deepEqual(await client.customMetadataFields.list({ includeDeleted: true }), fieldsBefore);
    const file = await client.files.get(up.fileId!);
    assertMatchesSchema('FileDetails', file);
    assert.equal(file.filePath, up.filePath);
  });
});
