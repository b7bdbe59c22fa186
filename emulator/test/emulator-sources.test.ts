import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import ImageKit from '@imagekit/nodejs';
import { emulator, HELP, jpeg, png, PRIVATE_KEY, upload, type TestEmulator } from './emulator-helpers.js';
import { assertMatchesSchema } from './schema.js';

const MAX = 200 * 1024;
let emu: TestEmulator;
let origin: Server;
let originUrl: string;
let pngBytes: Buffer;

before(async () => {
  // The file URLs below are on loopback, which ImageKit could never reach: allowed for these tests.
  emu = await emulator({ maxFileSize: MAX, allowPrivateUrls: true });
  pngBytes = await png(31, 17);
  // A loopback "internet" for file URLs: the only network these tests can reach.
  origin = createServer((req, res) => {
    switch (req.url) {
      case '/ok.png':
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(pngBytes);
        return;
      case '/redirect':
        res.writeHead(302, { Location: '/ok.png' }).end();
        return;
      case '/missing.png':
        res.writeHead(404).end('nope');
        return;
      case '/huge.bin': // no Content-Length: the limit must hold while streaming
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.write(Buffer.alloc(MAX));
        res.end(Buffer.alloc(10));
        return;
      case '/slow-headers': // headers after 9 s: past ImageKit's 8 s
        setTimeout(() => res.writeHead(200).end(pngBytes), 9000);
        return;
      default:
        res.writeHead(500).end();
    }
  });
  await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});
after(async () => {
  origin.closeAllConnections();
  await new Promise((done) => origin.close(done));
  await emu.stop();
});

const URL_FAILED = 'Your request contains invalid file parameter. The file could not be downloaded from the URL';

test('file as a base64 string: plain, line-wrapped, and as a data URI', async () => {
  const b64 = pngBytes.toString('base64');
  const variants = [b64, b64.replace(/(.{76})/g, '$1\r\n'), `data:image/png;base64,${b64}`];
  for (const file of variants) {
    const res = await upload(emu, { file, fields: { fileName: 'b64.png' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertMatchesSchema('Upload', res.body);
    assert.equal(res.body.size, pngBytes.length);
    assert.deepEqual([res.body.width, res.body.height], [31, 17]);
    assert.deepEqual(Buffer.from(await (await fetch(res.body.url)).arrayBuffer()), pngBytes);
  }
});

test('base64 whose padding ends one read chunk and whose line break starts the next', async () => {
  const bytes = Buffer.alloc(49151, 5); // 65536 base64 characters, the last one '='
  const res = await upload(emu, { file: `${bytes.toString('base64')}\r\n`, fields: { fileName: 'edge.bin' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.size, bytes.length);
});

test('file as a URL is downloaded, redirects followed', async () => {
  for (const path of ['/ok.png', '/redirect']) {
    const res = await upload(emu, { file: originUrl + path, fields: { fileName: 'fetched.png' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.width, 31);
    assert.deepEqual(Buffer.from(await (await fetch(res.body.url)).arrayBuffer()), pngBytes);
  }
});

test('a URL that cannot be fetched is a 400 that says why', async () => {
  const cases: Array<[string, string]> = [
    [`${originUrl}/missing.png`, `${URL_FAILED}: it answered HTTP 404.`],
    ['http://127.0.0.1:1/closed.png', `${URL_FAILED}: it could not be reached.`],
    [`${originUrl}/huge.bin`, 'Your request contains invalid file parameter. The file size exceeds limits.'],
  ];
  for (const [file, message] of cases) {
    const res = await upload(emu, { file });
    assert.equal(res.status, 400, file);
    assert.deepEqual(res.body, { message, help: HELP });
  }
  assert.equal(emu.store.list().filter((r) => r.name.startsWith('photo')).length, 0);
});

test('a URL whose headers take more than 8 seconds is given up with a 400', async () => {
  const res = await upload(emu, { file: `${originUrl}/slow-headers` });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, { message: `${URL_FAILED}: no response headers within 8 seconds.`, help: HELP });
});

test('embeddedMetadata carries the EXIF the bytes hold', async () => {
  const withExif = await sharp(await jpeg(40, 30))
    .withExif({ IFD0: { ImageDescription: 'A test card', Artist: 'Emulator Tests', Copyright: 'CC0' } })
    .jpeg()
    .toBuffer();
  const res = await upload(emu, { file: withExif, fields: { fileName: 'exif.jpg', responseFields: 'embeddedMetadata,metadata' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assertMatchesSchema('Upload', res.body);
  assert.equal(res.body.embeddedMetadata.ImageDescription, 'A test card');
  assert.equal(res.body.embeddedMetadata.Artist, 'Emulator Tests');
  assert.equal(res.body.embeddedMetadata.Copyright, 'CC0');
  assert.equal(res.body.metadata.format, 'jpg');
  assert.equal(res.body.metadata.hasTransparency, false);
  const plain = await upload(emu, { file: await png(3, 3, false), fields: { responseFields: 'embeddedMetadata,metadata' } });
  assert.deepEqual(plain.body.embeddedMetadata, {});
  assert.equal(plain.body.metadata.hasTransparency, false);
});

test('a private file is served only through a URL signed as the official SDK signs it', async () => {
  const res = await upload(emu, { file: pngBytes, fields: { fileName: 'secret.png', useUniqueFileName: 'false', isPrivateFile: 'true' } });
  assert.equal(res.status, 200);
  const unsigned = await fetch(res.body.url);
  assert.equal(unsigned.status, 401);
  assert.equal((await unsigned.json()).help, HELP);
  const sdk = new ImageKit({ privateKey: PRIVATE_KEY, baseURL: emu.url });
  for (const options of [{ signed: true }, { expiresIn: 300 }]) {
    const signedUrl = sdk.helper.buildSrc({ urlEndpoint: emu.urlEndpoint, src: '/secret.png', ...options });
    const got = await fetch(signedUrl);
    assert.equal(got.status, 200, signedUrl);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), pngBytes);
  }
  const forged = new ImageKit({ privateKey: 'not-the-key', baseURL: emu.url }).helper.buildSrc({
    urlEndpoint: emu.urlEndpoint,
    src: '/secret.png',
    signed: true,
  });
  assert.equal((await fetch(forged)).status, 401);
  // The thumbnail is a named transformation: it needs no signature.
  assert.equal((await fetch(res.body.thumbnailUrl)).status, 200);
});
