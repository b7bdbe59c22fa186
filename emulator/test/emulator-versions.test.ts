import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { basic, emulator, HELP, png, PRIVATE_KEY, storedRecord, upload, type TestEmulator } from './emulator-helpers.js';
import { assertMatchesSchema } from './schema.js';

let emu: TestEmulator;
before(async () => {
  emu = await emulator();
});
after(() => emu.stop());

const ALL = 'tags,customCoordinates,isPrivateFile,customMetadata';

function put(fileName: string, fields: Record<string, string>, bytes: Buffer) {
  return upload(emu, { file: bytes, fields: { fileName, useUniqueFileName: 'false', responseFields: ALL, ...fields } });
}

test('an upload to an existing path is a new version of the same file; url serves the newest bytes', async () => {
  const v1 = await put('same.png', { tags: 'a,b', customCoordinates: '1,1,2,2' }, await png(10, 10));
  const v2Bytes = await png(20, 30);
  const v2 = await put('same.png', {}, v2Bytes);
  assert.equal(v2.status, 200, JSON.stringify(v2.body));
  assertMatchesSchema('Upload', v2.body);
  assert.equal(v2.body.fileId, v1.body.fileId);
  assert.notEqual(v2.body.versionInfo.id, v1.body.versionInfo.id);
  assert.match(v2.body.versionInfo.id, /^[0-9a-f]{24}$/);
  assert.equal(v2.body.versionInfo.name, 'Version 2');
  assert.deepEqual([v2.body.width, v2.body.height], [20, 30]);
  // Seed 004: without tags or customCoordinates, an overwrite removes them.
  assert.equal(v2.body.tags, null);
  assert.equal(v2.body.customCoordinates, null);
  const served = Buffer.from(await (await fetch(v2.body.url)).arrayBuffer());
  assert.deepEqual(served, v2Bytes);
  // The first version's bytes are kept, as ImageKit keeps versions.
  const record = emu.store.get(v1.body.fileId)!;
  assert.deepEqual(record.versions.map((v) => v.name), ['Version 1', 'Version 2']);
  assert.equal((await readFile(join(emu.dataDir, 'blobs', v1.body.versionInfo.id))).length, v1.body.size);
});

test('overwriteTags=false keeps the old tags when none are sent; sent tags always replace them', async () => {
  await put('tags.png', { tags: 'keep,me' }, await png(2, 2));
  const kept = await put('tags.png', { overwriteTags: 'false' }, await png(2, 2));
  assert.deepEqual(kept.body.tags, ['keep', 'me']);
  const replaced = await put('tags.png', { overwriteTags: 'false', tags: 'new' }, await png(2, 2));
  assert.deepEqual(replaced.body.tags, ['new']);
  const removed = await put('tags.png', {}, await png(2, 2));
  assert.equal(removed.body.tags, null);
  assert.equal(removed.body.versionInfo.name, 'Version 4');
});

test('overwriteAITags=false keeps AITags; the default removes them', async () => {
  const first = await put('ai.png', {}, await png(2, 2));
  // AI tags only come from extensions, which do not run offline: set them as the media API could.
  const aiTags = [{ name: 'Shirt', confidence: 90.12, source: 'google-auto-tagging' }];
  await emu.store.update(first.body.fileId, (r) => {
    r.AITags = aiTags;
  });
  const kept = await put('ai.png', { overwriteAITags: 'false' }, await png(2, 2));
  assert.deepEqual(kept.body.AITags, aiTags);
  const removed = await put('ai.png', {}, await png(2, 2));
  assert.equal(removed.body.AITags, null);
});

test('overwriteFile=false with useUniqueFileName=false refuses an existing path with ImageKit\'s 400', async () => {
  const first = await put('locked.png', {}, await png(2, 2));
  const res = await put('locked.png', { overwriteFile: 'false' }, await png(3, 3));
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    message:
      'A file with the same name already exists at the exact location. We could not overwrite it because both overwriteFile and useUniqueFileName are set to false.',
    help: HELP,
  });
  assert.equal(emu.store.get(first.body.fileId)!.versions.length, 1);
  // With a unique name there is nothing to overwrite.
  const unique = await upload(emu, { file: await png(2, 2), fields: { fileName: 'locked.png', overwriteFile: 'false' } });
  assert.equal(unique.status, 200);
  assert.notEqual(unique.body.name, 'locked.png');
});

test('a file keeps at most 100 versions: the 101st upload is refused and changes nothing', async () => {
  const bytes = await png(2, 2);
  const headers = { Authorization: basic(PRIVATE_KEY) };
  let last;
  for (let i = 1; i <= 100; i++) {
    last = await upload(emu, { file: bytes, auth: false, headers, fields: { fileName: 'many.png', useUniqueFileName: 'false' } });
    assert.equal(last.status, 200, `version ${i}: ${JSON.stringify(last.body)}`);
  }
  assert.equal(last!.body.versionInfo.name, 'Version 100');
  const refused = await upload(emu, { file: bytes, auth: false, headers, fields: { fileName: 'many.png', useUniqueFileName: 'false' } });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, {
    message: 'The file could not be uploaded because it already has the maximum of 100 versions.',
    help: HELP,
  });
  assert.equal(emu.store.get(last!.body.fileId)!.versions.length, 100);
});

test('concurrent uploads to one path: one file, each version number exactly once, record intact', async () => {
  const sizes = Array.from({ length: 12 }, (_, i) => i + 1);
  const results = await Promise.all(sizes.map(async (n) => put('race.png', {}, await png(n, n))));
  for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(new Set(results.map((r) => r.body.fileId)).size, 1, 'one file');
  const names = results.map((r) => r.body.versionInfo.name).sort((a, b) => parseInt(a.slice(8)) - parseInt(b.slice(8)));
  assert.deepEqual(names, sizes.map((n) => `Version ${n}`));
  const fileId = results[0]!.body.fileId;
  const onDisk = await storedRecord(emu.dataDir, fileId);
  assert.equal(onDisk.versions.length, 12);
  assert.equal(new Set(onDisk.versions.map((v: { id: string }) => v.id)).size, 12);
  // The newest version's bytes are the ones served: the upload that got Version 12.
  const newest = results.find((r) => r.body.versionInfo.name === 'Version 12')!;
  const meta = await (await import('sharp')).default(Buffer.from(await (await fetch(newest.body.url)).arrayBuffer())).metadata();
  assert.equal(meta.width, newest.body.width);
});

test('concurrent uploads to one path with overwriteFile=false: exactly one wins', async () => {
  const results = await Promise.all(
    Array.from({ length: 8 }, async () => put('first-wins.png', { overwriteFile: 'false' }, await png(2, 2))),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400, 400, 400, 400, 400]);
});

test('isPrivateFile and isPublished are stored and reported; an unpublished file is not served', async () => {
  const res = await put('draft.png', { isPrivateFile: 'true', isPublished: 'false' }, await png(2, 2));
  assert.equal(res.status, 200);
  assert.equal(res.body.isPrivateFile, true);
  assert.equal(res.body.isPublished, false);
  assert.equal((await fetch(res.body.url)).status, 404);
  const published = await put('draft.png', {}, await png(2, 2));
  assert.equal(published.body.isPublished, true, 'isPublished defaults to true on every upload');
  assert.equal(published.body.isPrivateFile, false);
});
