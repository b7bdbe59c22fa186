import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ImageKit, { toFile } from '@imagekit/nodejs';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { assertMatchesSchema } from './schema.js';
import { strayFiles } from './emulator-helpers.js';

/**
 * An upload's `customMetadata` is checked against the fields defined through the custom
 * metadata fields API, as ImageKit checks it: refused uploads store nothing.
 */

const privateKey = 'private_upload_cm_test';
let dataDir: string;
let emulator: RunningEmulator;
let client: ImageKit;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ik-upload-cm-'));
  emulator = await startEmulator({ port: 0, publicKey: 'public_upload_cm_test', privateKey, dataDir });
  client = new ImageKit({ privateKey, baseURL: emulator.url, maxRetries: 0 });
  await client.customMetadataFields.create({ name: 'sku', label: 'SKU', schema: { type: 'Text', minLength: 3, maxLength: 12 } });
  await client.customMetadataFields.create({ name: 'price', label: 'Price', schema: { type: 'Number', minValue: 1, maxValue: 500 } });
  await client.customMetadataFields.create({ name: 'onSale', label: 'On sale', schema: { type: 'Boolean' } });
  await client.customMetadataFields.create({
    name: 'colors',
    label: 'Colors',
    schema: { type: 'MultiSelect', selectOptions: ['red', 'green', 'blue'] },
  });
  await client.customMetadataFields.create({
    name: 'season',
    label: 'Season',
    schema: { type: 'SingleSelect', selectOptions: ['summer', 'winter'], isValueRequired: true, defaultValue: 'summer' },
  });
});

after(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function upload(fileName: string, extra: Partial<ImageKit.FileUploadParams> = {}) {
  return client.files.upload({
    file: await toFile(Buffer.from(`bytes of ${fileName}`), fileName),
    fileName,
    useUniqueFileName: false,
    folder: '/cm',
    responseFields: ['customMetadata'],
    ...extra,
  });
}

test('valid values are stored and returned; a required field left out takes its default', async () => {
  const res = await client.files.upload({
    file: await toFile(Buffer.from('shirt'), 'shirt.txt'),
    fileName: 'shirt.txt',
    folder: '/cm',
    useUniqueFileName: false,
    responseFields: ['customMetadata'],
    customMetadata: { sku: 'TS-001', price: 19.99, onSale: true, colors: ['red', 'blue'] },
  });
  assertMatchesSchema('Upload', res);
  const expected = { sku: 'TS-001', price: 19.99, onSale: true, colors: ['red', 'blue'], season: 'summer' };
  assert.deepEqual(res.customMetadata, expected);
  const details = await client.files.get(res.fileId!);
  assertMatchesSchema('FileDetails', details);
  assert.deepEqual(details.customMetadata, expected);
});

test('an upload without customMetadata still gets the required field\'s default', async () => {
  const res = await upload('plain.txt');
  assert.deepEqual(res.customMetadata, { season: 'summer' });
});

test('bad values are refused with ImageKit\'s message and the reason, and nothing is stored', async () => {
  const cases: Array<[Record<string, unknown>, Record<string, string>]> = [
    [{ brand: 'Nike' }, { brand: 'is not a defined custom metadata field; create it with the custom metadata fields API first' }],
    [{ sku: 'AB' }, { sku: 'should have at least 3 characters' }],
    [{ price: '20' }, { price: 'should be of type number' }],
    [{ price: 501 }, { price: 'should be less than or equal to 500' }],
    [{ onSale: 'yes' }, { onSale: 'should be of type boolean' }],
    [{ colors: ['red', 'pink'] }, { colors: 'should contain only the select options: "red", "green", "blue"' }],
    [{ season: 'spring' }, { season: 'should be one of the select options: "summer", "winter"' }],
    [{ season: null }, { season: 'is a required field and cannot be unset' }],
  ];
  const filesBefore = emulator.store.list().length;
  for (const [customMetadata, errors] of cases) {
    try {
      await upload('refused.txt', { customMetadata });
      assert.fail(`accepted ${JSON.stringify(customMetadata)}`);
    } catch (error) {
      assert.ok(error instanceof ImageKit.BadRequestError, String(error));
      const body = error.error as { message: string; help: string };
      const [key, reason] = Object.entries(errors)[0]!;
      assert.equal(body.message, `Invalid custom metadata. "${key}" ${reason}.`, JSON.stringify(customMetadata));
      assert.equal(body.help, 'For support kindly contact us at support@imagekit.io .');
    }
  }
  assert.equal(emulator.store.list().length, filesBefore, 'no refused upload was stored');
  assert.equal(emulator.store.getByPath('/cm/refused.txt'), undefined);
  assert.deepEqual(await strayFiles(dataDir), [], 'no partial bytes are left behind');
});

test('overwriteCustomMetadata=false keeps the old values when the new version sends none', async () => {
  await upload('kept.txt', { customMetadata: { sku: 'KEEP-1', price: 5 } });
  const v2 = await upload('kept.txt', { overwriteCustomMetadata: false });
  assert.equal(v2.versionInfo?.name, 'Version 2');
  assert.deepEqual(v2.customMetadata, { sku: 'KEEP-1', price: 5, season: 'summer' });
  const v3 = await upload('kept.txt');
  assert.deepEqual(v3.customMetadata, { season: 'summer' }, 'by default a new version drops the old values');
});

test('a field deleted through the API can no longer be set on upload', async () => {
  const fields = await client.customMetadataFields.list();
  const onSale = fields.find((f) => f.name === 'onSale')!;
  await client.customMetadataFields.delete(onSale.id);
  await assert.rejects(upload('late.txt', { customMetadata: { onSale: true } }), (error: unknown) => {
    assert.ok(error instanceof ImageKit.BadRequestError);
    assert.match((error.error as { message: string }).message, /"onSale" is not a defined custom metadata field/);
    return true;
  });
});
