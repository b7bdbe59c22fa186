import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emulator, jpeg, listTree, png, storedRecord, strayFiles, upload, type TestEmulator } from './emulator-helpers.js';
import { assertMatchesSchema } from './schema.js';

let emu: TestEmulator;
before(async () => {
  emu = await emulator();
});
after(() => emu.stop());

const UNIQUE = /^photo_[A-Za-z0-9_-]{9}\.png$/;

test('a signed upload answers the file object of seed 004, field by field', async () => {
  const bytes = await png(64, 48);
  const res = await upload(emu, { file: bytes, fields: { fileName: 'photo.png' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const body = res.body;
  assertMatchesSchema('Upload', body);
  assert.match(body.fileId, /^[0-9a-f]{24}$/);
  assert.match(body.name, UNIQUE);
  assert.equal(body.size, bytes.length);
  assert.deepEqual(body.versionInfo, { id: body.fileId, name: 'Version 1' });
  assert.equal(body.filePath, `/${body.name}`);
  assert.equal(body.url, `${emu.urlEndpoint}/${body.name}`);
  assert.equal(body.thumbnailUrl, `${emu.urlEndpoint}/tr:n-ik_ml_thumbnail/${body.name}`);
  assert.equal(body.fileType, 'image');
  assert.equal(body.width, 64);
  assert.equal(body.height, 48);
  assert.equal(body.AITags, null);
  // Optional fields come back only when asked for in responseFields.
  for (const key of ['tags', 'isPrivateFile', 'customCoordinates', 'customMetadata', 'embeddedMetadata', 'metadata']) {
    assert.equal(key in body, false, `${key} should not be in the response`);
  }
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  const id = res.headers.get('x-ik-requestId');
  assert.match(id ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(res.headers.get('x-request-id'), id);
});

test('the returned url serves the same bytes with the type read from them; HEAD too', async () => {
  const bytes = await jpeg(33, 21);
  // A misleading name: the type comes from the bytes.
  const { body } = await upload(emu, { file: bytes, fields: { fileName: 'not-really.png' } });
  assert.equal(body.width, 33);
  assert.equal(body.height, 21);
  const got = await fetch(body.url);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  assert.equal(got.headers.get('content-length'), String(bytes.length));
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
  const head = await fetch(body.url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(bytes.length));
  assert.equal(head.headers.get('content-type'), 'image/jpeg');
});

test('thumbnailUrl serves a real image no larger than 100 px', async () => {
  const { body } = await upload(emu, { file: await png(400, 200) });
  const res = await fetch(body.thumbnailUrl);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  const sharp = (await import('sharp')).default;
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  assert.deepEqual([meta.width, meta.height], [100, 50]);
});

test('a non-image is fileType non-image, with no thumbnail and no dimensions', async () => {
  const text = Buffer.from('just some words\n');
  const res = await upload(emu, { file: text, fields: { fileName: 'notes.txt' } });
  assert.equal(res.status, 200);
  assertMatchesSchema('Upload', res.body);
  assert.equal(res.body.fileType, 'non-image');
  for (const key of ['thumbnailUrl', 'width', 'height']) assert.equal(key in res.body, false, key);
  const got = await fetch(res.body.url);
  assert.equal(got.headers.get('content-type'), 'text/plain');
  assert.equal(await got.text(), 'just some words\n');
  assert.equal((await fetch(`${emu.urlEndpoint}/tr:n-ik_ml_thumbnail${res.body.filePath}`)).status, 404);
});

test('PNG bytes named .jpg are an image/png, not what the name says', async () => {
  const res = await upload(emu, { file: await png(5, 5), fields: { fileName: 'x.jpg', responseFields: 'metadata' } });
  assert.equal(res.body.metadata.format, 'png');
  assert.equal((await fetch(res.body.url)).headers.get('content-type'), 'image/png');
});

test('useUniqueFileName=false keeps the sanitised name; the suffix goes before the extension', async () => {
  const plain = await upload(emu, { file: await png(2, 2), fields: { fileName: 'keep me.png', useUniqueFileName: 'false' } });
  assert.equal(plain.body.name, 'keep_me.png');
  const noExt = await upload(emu, { file: await png(2, 2), fields: { fileName: 'README' } });
  assert.match(noExt.body.name, /^README_[A-Za-z0-9_-]{9}$/);
  const twoDots = await upload(emu, { file: await png(2, 2), fields: { fileName: 'a.tar.gz' } });
  assert.match(twoDots.body.name, /^a\.tar_[A-Za-z0-9_-]{9}\.gz$/);
  const names = new Set<string>();
  for (let i = 0; i < 5; i++) names.add((await upload(emu, { file: await png(2, 2), fields: { fileName: 'photo.png' } })).body.name);
  assert.equal(names.size, 5, 'each unique name differs');
});

test('fileName is sanitised as seed 004 says: Unicode letters, marks, digits, . and - stay', async () => {
  const cases: Array<[string, string]> = [
    ['my photo (1).png', 'my_photo__1_.png'],
    ['café-ß-日本語-١٢٣.png', 'café-ß-日本語-١٢٣.png'],
    ['e\u0301clair.png', 'e\u0301clair.png'], // a combining mark is kept
    ['../../etc/passwd', '.._.._etc_passwd'],
    ['/etc/passwd', '_etc_passwd'],
    ['C:\\Windows\\win.ini', 'C__Windows_win.ini'],
    ['nul\u0000byte.png', 'nul_byte.png'],
    ['rtl\u202Egnp.exe', 'rtl_gnp.exe'], // a bidi override would disguise the extension
    ['a\uFF0Fb.png', 'a_b.png'], // fullwidth solidus is not a slash, but not allowed either
    ['..', '__'],
    ['<script>alert(1)</script>.svg', '_script_alert_1___script_.svg'],
  ];
  for (const [fileName, expected] of cases) {
    const res = await upload(emu, { file: await png(3, 3), fields: { fileName, useUniqueFileName: 'false' } });
    assert.equal(res.status, 200, `${JSON.stringify(fileName)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.name, expected, JSON.stringify(fileName));
    assert.equal(res.body.filePath, `/${expected}`);
    const served = await fetch(res.body.url);
    assert.equal(served.status, 200, `${JSON.stringify(fileName)} is served back`);
  }
  // Whatever the names said, the data dir holds only our own layout (the delivery counters of
  // the fetches above may still be mid-write: an atomic write's temp file is ours too).
  for (const path of await listTree(emu.dataDir)) {
    assert.match(
      path,
      /^(records\.log|blobs\/[0-9a-f]{24}|folders\/[0-9a-f]{24}\.json|docs\/[a-z0-9-]+\.(json|log)|docs\/[a-z0-9-]+\/[A-Za-z0-9_-]+\.json(\.[0-9a-f]{12}\.tmp)?|emulator\.pid)$/,
      path,
    );
  }
});

test('folder puts the file under that path, created as needed; slashes are normalised', async () => {
  const res = await upload(emu, { file: await png(4, 4), fields: { fileName: 'a.png', folder: 'products//2024/shoes/', useUniqueFileName: 'false' } });
  assert.equal(res.status, 200);
  assert.equal(res.body.filePath, '/products/2024/shoes/a.png');
  assert.equal(res.body.url, `${emu.urlEndpoint}/products/2024/shoes/a.png`);
  assert.equal((await fetch(res.body.url)).status, 200);
  const unicode = await upload(emu, { file: await png(4, 4), fields: { fileName: 'b.png', folder: '/фото/ünï_cödé-1', useUniqueFileName: 'false' } });
  assert.equal(unicode.body.filePath, '/фото/ünï_cödé-1/b.png');
  assert.equal((await fetch(unicode.body.url)).status, 200);
});

test('tags and the other optional fields come back when responseFields asks', async () => {
  const res = await upload(emu, {
    file: await png(10, 10),
    fields: {
      tags: 't-shirt, round-neck ,sale2019',
      customCoordinates: '1,2,3,4',
      responseFields: 'tags,customCoordinates,isPrivateFile,customMetadata,embeddedMetadata,metadata',
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assertMatchesSchema('Upload', res.body);
  assert.deepEqual(res.body.tags, ['t-shirt', 'round-neck', 'sale2019']);
  assert.equal(res.body.customCoordinates, '1,2,3,4');
  assert.equal(res.body.isPrivateFile, false);
  assert.equal(res.body.isPublished, true, 'the seed: asking for isPrivateFile returns isPublished too');
  assert.deepEqual(res.body.customMetadata, {});
  assert.equal(typeof res.body.embeddedMetadata, 'object');
  assert.equal(res.body.metadata.width, 10);
  assert.equal(res.body.metadata.hasTransparency, true);
});

test('the stored record and bytes are where the layout says, written whole', async () => {
  const bytes = await png(6, 6);
  const { body } = await upload(emu, { file: bytes });
  const record = await storedRecord(emu.dataDir, body.fileId);
  assert.equal(record.filePath, body.filePath);
  assert.deepEqual(await readFile(join(emu.dataDir, 'blobs', body.versionInfo.id)), bytes);
  assert.deepEqual(await strayFiles(emu.dataDir), [], 'no bytes left that no record names');
});

test('a pre-transformation of w, h and rt is applied to the stored image; a step not simulated stores the original', async () => {
  const cases: Array<[string, [number, number]]> = [
    ['w-20', [20, 5]],
    ['h-5', [20, 5]],
    ['rt-90', [10, 40]],
    ['w-10,h-10', [10, 10]],
    ['w-20:rt-270', [5, 20]],
    ['e-sharpen', [40, 10]], // not simulated by the emulator: the original is kept whole (transformations.test.ts)
  ];
  for (const [pre, [width, height]] of cases) {
    const res = await upload(emu, { file: await png(40, 10), fields: { transformation: JSON.stringify({ pre }) } });
    assert.equal(res.status, 200, `${pre}: ${JSON.stringify(res.body)}`);
    assert.deepEqual([res.body.width, res.body.height], [width, height], pre);
    const served = await (await import('sharp')).default(Buffer.from(await (await fetch(res.body.url)).arrayBuffer())).metadata();
    assert.deepEqual([served.width, served.height, served.format], [width, height, 'png'], pre);
    const head = await fetch(res.body.url, { method: 'HEAD' });
    assert.equal(Number(head.headers.get('content-length')), res.body.size, `${pre}: size is the stored bytes'`);
  }
});

test('an SVG is an image, with or without an XML declaration, its size read from the markup', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="red"/></svg>';
  for (const text of [svg, `<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n${svg}`]) {
    const res = await upload(emu, { file: Buffer.from(text), fields: { fileName: 'drawing.svg', responseFields: 'metadata' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.fileType, 'image');
    assert.deepEqual([res.body.width, res.body.height], [30, 20]);
    assert.equal(res.body.metadata.format, 'svg');
    const served = await fetch(res.body.url);
    assert.equal(served.headers.get('content-type'), 'image/svg+xml');
    // Served from the emulator's origin, an SVG must not be able to run script there.
    assert.match(served.headers.get('content-security-policy') ?? '', /sandbox/);
  }
});

test('text files are typed by their extension, binaries by their bytes, as ImageKit documents', async () => {
  const cases: Array<[string, Buffer, string]> = [
    ['page.html', Buffer.from('<!doctype html><p>hi</p>'), 'text/html'],
    ['data.csv', Buffer.from('a,b\n1,2\n'), 'text/csv'],
    ['app.js', Buffer.from('console.log(1)'), 'text/javascript'],
    ['README', Buffer.from('no extension at all'), 'application/octet-stream'],
    ['fake.png', Buffer.from('text pretending to be a PNG'), 'application/octet-stream'],
    ['noise.txt', Buffer.from([0x00, 0xff, 0x13, 0x80, 0x00, 0x7f]), 'application/octet-stream'],
    ['real.txt', await png(2, 2), 'image/png'],
  ];
  for (const [fileName, bytes, type] of cases) {
    const res = await upload(emu, { file: bytes, fields: { fileName } });
    assert.equal(res.status, 200, `${fileName}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.fileType, type.startsWith('image/') ? 'image' : 'non-image', fileName);
    const served = await fetch(res.body.url);
    assert.equal(served.headers.get('content-type'), type, fileName);
    assert.match(served.headers.get('content-security-policy') ?? '', /sandbox/, 'uploaded HTML cannot script the emulator origin');
  }
});
