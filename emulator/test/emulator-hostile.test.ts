import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { emulator, HELP, listTree, multipart, png, rawRequest, signed, upload, type TestEmulator } from './emulator-helpers.js';

const MAX = 64 * 1024;
let emu: TestEmulator;
before(async () => {
  // The default stall timeout (30 s): a client this busy machine starves for a second or two must
  // still hear its answer. The slow-client test starts its own emulator with a short one.
  emu = await emulator({ maxFileSize: MAX });
});
after(() => emu.stop());

const TOO_LARGE = 'Your request contains invalid file parameter. The file size exceeds limits.';

async function assertNothingStoredOrLeft(target = emu) {
  assert.equal(target.store.list().length, 0, 'no record');
  const tree = await listTree(target.dataDir);
  assert.deepEqual(tree.filter((p) => !p.startsWith('docs/') && p !== 'emulator.pid' && p !== 'records.log'), [], 'no bytes, no temp file');
}

async function stillServing(target = emu) {
  const res = await upload(target, { file: await png(2, 2) });
  assert.equal(res.status, 200, 'the emulator still serves uploads');
  await target.store.delete(res.body.fileId);
}

test('a file over the size limit is refused with ImageKit\'s 400 and leaves nothing behind', async () => {
  const big = Buffer.alloc(MAX + 1, 7);
  const res = await upload(emu, { file: big });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, { message: TOO_LARGE, help: HELP });
  await assertNothingStoredOrLeft();
  // Exactly at the limit is fine.
  const exact = await upload(emu, { file: Buffer.alloc(MAX, 7), fields: { fileName: 'exact.bin' } });
  assert.equal(exact.status, 200, JSON.stringify(exact.body));
  assert.equal(exact.body.size, MAX);
  await emu.store.delete(exact.body.fileId);
});

test('a file hundreds of times the limit is refused without being stored, and the client hears why', async () => {
  const res = await upload(emu, { file: Buffer.alloc(40 * 1024 * 1024, 1) });
  assert.deepEqual(res.body, { message: TOO_LARGE, help: HELP });
  await assertNothingStoredOrLeft();
  await stillServing();
});

test('base64 over the limit is refused by its decoded size', async () => {
  const ok = await upload(emu, { file: Buffer.alloc(MAX, 3).toString('base64'), fields: { fileName: 'b.bin' } });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.size, MAX);
  await emu.store.delete(ok.body.fileId);
  const res = await upload(emu, { file: Buffer.alloc(MAX + 1, 3).toString('base64') });
  assert.deepEqual(res.body, { message: TOO_LARGE, help: HELP });
  await assertNothingStoredOrLeft();
});

test('a body far past any limit gets the size answer (not a reset), and the server keeps serving', async () => {
  // 70 MB against a 64 KB limit: answered as soon as the file is over, the rest never read.
  const res = await rawRequest(emu.uploadUrl, {
    headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
    body: Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n'), Buffer.alloc(70 * 1024 * 1024)]),
  });
  assert.equal(res.status, 400, res.error?.message);
  assert.deepEqual(JSON.parse(res.body), { message: TOO_LARGE, help: HELP });
  await assertNothingStoredOrLeft();
  await stillServing();
});

const BOUNDARY = 'xXxBoundaryxXx';

function authParts() {
  return Object.entries(signed()).map(([name, value]) => ({ name, value }));
}

const hostile: Array<{ name: string; headers: Record<string, string>; body: Buffer | string; status: number; message: RegExp }> = [
  {
    name: 'no Content-Type',
    headers: {},
    body: 'file=abc',
    status: 400,
    message: /multipart\/form-data/,
  },
  {
    name: 'JSON instead of multipart',
    headers: { 'Content-Type': 'application/json' },
    body: '{"file":"abc","fileName":"a.png"}',
    status: 400,
    message: /multipart\/form-data/,
  },
  {
    name: 'multipart without a boundary',
    headers: { 'Content-Type': 'multipart/form-data' },
    body: '--x\r\n',
    status: 400,
    message: /multipart\/form-data/,
  },
  {
    name: 'a body cut before the closing boundary',
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipart(BOUNDARY, [...authParts(), { name: 'fileName', value: 'a.png' }]).subarray(0, -30),
    status: 400,
    message: /malformed multipart|ended in the middle/,
  },
  {
    name: 'garbage that never mentions the boundary',
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: Buffer.alloc(5000, 'z'),
    status: 400,
    message: /malformed multipart|missing/,
  },
  {
    name: 'an oversized field',
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipart(BOUNDARY, [...authParts(), { name: 'tags', value: 'a'.repeat(300 * 1024) }]),
    status: 400,
    message: /oversized tags parameter/,
  },
  {
    name: 'thousands of fields',
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipart(BOUNDARY, Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}`, value: 'v' }))),
    status: 400,
    message: /more than 100 fields/,
  },
];

for (const c of hostile) {
  test(`hostile multipart: ${c.name} → ${c.status}, and the server keeps serving`, async () => {
    const res = await rawRequest(emu.uploadUrl, { headers: c.headers, body: c.body });
    assert.equal(res.status, c.status, res.body || res.error?.message);
    const body = JSON.parse(res.body);
    assert.match(body.message, c.message);
    assert.equal(body.help, HELP);
    await assertNothingStoredOrLeft();
    await stillServing();
  });
}

test('a client that hangs up mid-file leaves no partial file', async () => {
  const body = multipart(BOUNDARY, [...authParts(), { name: 'fileName', value: 'a.bin' }, { name: 'file', value: Buffer.alloc(30_000, 9), filename: 'a.bin' }]);
  const res = await rawRequest(emu.uploadUrl, {
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': body.length * 2 },
    body,
    endEarly: true,
  });
  assert.ok(res.error, 'the request was cut by the client');
  await new Promise((r) => setTimeout(r, 300));
  await assertNothingStoredOrLeft();
  await stillServing();
});

test('a slow client that goes silent gets 408 and its connection closed', async (t) => {
  const slow = await emulator({ maxFileSize: MAX, idleTimeoutMs: 1500 });
  t.after(() => slow.stop());
  const { port } = new URL(slow.url);
  const socket = connect(Number(port), '127.0.0.1');
  const head =
    `POST /api/v1/files/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
    'Content-Length: 100000\r\n\r\n' +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nsome bytes`;
  socket.write(head);
  const answer = await new Promise<string>((done) => {
    let text = '';
    socket.on('data', (c) => (text += c.toString()));
    socket.on('close', () => done(text));
  });
  assert.match(answer, /^HTTP\/1\.1 408/);
  assert.match(answer, /timed out/);
  await assertNothingStoredOrLeft(slow);
  await stillServing(slow);
});

test('GET on a path that is no file is a JSON 404 with the request id', async () => {
  for (const path of ['/media/nothing-here.png', '/media/%E0%A4%A.png', '/nowhere', '/media/../records']) {
    const res = await fetch(emu.url + path);
    assert.equal(res.status, 404, path);
    assert.equal((await res.json()).help, HELP);
    assert.ok(res.headers.get('x-ik-requestId'));
  }
});
