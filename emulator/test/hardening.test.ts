import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { basic, emulator, HELP, listTree, png, PRIVATE_KEY, PUBLIC_KEY, signed, strayFiles, upload, type TestEmulator } from './emulator-helpers.js';

const MAX = 64 * 1024;
const TOO_LARGE = 'Your request contains invalid file parameter. The file size exceeds limits.';
const BOUNDARY = 'hardenBoundary';
let emu: TestEmulator;

before(async () => {
  emu = await emulator({ maxFileSize: MAX, idleTimeoutMs: 2000 });
});
after(() => emu.stop());

/** A raw connection: write what you like, read the answer as it comes, see whether it was reset. */
function open(target: TestEmulator): { socket: Socket; answer: Promise<{ text: string; reset: boolean }> } {
  const socket = connect(Number(new URL(target.url).port), '127.0.0.1');
  const answer = new Promise<{ text: string; reset: boolean }>((done) => {
    let text = '';
    let reset = false;
    socket.on('data', (c) => (text += c.toString('latin1')));
    socket.on('error', () => (reset = true));
    socket.on('close', () => done({ text, reset }));
  });
  return { socket, answer };
}

/** Waits for the head of an HTTP answer on a socket that is still open (the client still "sending"). */
function headOf(socket: Socket, ms = 5000): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms (got ${JSON.stringify(text)})`)), ms);
    socket.on('data', (c) => {
      text += c.toString('latin1');
      if (/\r\n\r\n[\s\S]*\}$/.test(text)) {
        clearTimeout(timer);
        done(text);
      }
    });
  });
}

const head = (path: string, headers: Record<string, string | number>) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

const partHead = (name: string, filename?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n`;

const field = (name: string, value: string) => `${partHead(name)}${value}\r\n`;

async function tmpFiles(target = emu): Promise<string[]> {
  return strayFiles(target.dataDir);
}

test('a declared Content-Length over the limit gets 413 and ImageKit\'s size message before any of the body is sent', async () => {
  const { socket, answer } = open(emu);
  socket.write(head('/api/v1/files/upload', { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': 300 * 1024 * 1024 }));
  const text = await headOf(socket); // not one byte of the body was sent
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.deepEqual(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)), { message: TOO_LARGE, help: HELP });
  socket.end();
  await answer;
  assert.deepEqual(await tmpFiles(), []);
});

test('a body far over the limit, streamed without a length, gets the size answer as soon as it is over, not a reset', async () => {
  const sent = await new Promise<{ status: number; body: string; bytesSent: number }>((done, fail) => {
    let bytesSent = 0;
    let answered = false;
    const req = request(`${emu.url}/api/v1/files/upload`, { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' } }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode!, body, bytesSent }));
    });
    req.on('error', (error) => (answered ? undefined : fail(error)));
    req.write(field('fileName', 'huge.bin') + partHead('file', 'huge.bin'));
    const chunk = Buffer.alloc(256 * 1024, 1);
    // Up to 300 MB, as long as nobody has answered: the emulator must not need all of it.
    const pump = () => {
      while (!answered && bytesSent < 300 * 1024 * 1024) {
        bytesSent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });
  assert.equal(sent.status, 400);
  assert.deepEqual(JSON.parse(sent.body), { message: TOO_LARGE, help: HELP });
  assert.ok(sent.bytesSent < 50 * 1024 * 1024, `answered after ${sent.bytesSent} bytes, not at the end of 300 MB`);
  assert.deepEqual(await tmpFiles(), []);
  assert.equal(emu.store.list().length, 0);
});

test('signature fields before the file part are checked before any of the file is stored', async () => {
  const bad = { ...signed(), signature: 'f'.repeat(40) };
  const { socket, answer } = open(emu);
  socket.write(head('/api/v1/files/upload', { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': 60_000 }));
  socket.write(Object.entries({ ...bad, fileName: 'unsigned.bin' }).map(([k, v]) => field(k, v)).join('') + partHead('file', 'unsigned.bin'));
  socket.write(Buffer.alloc(20_000, 7)); // a third of the file, and the client goes on "sending"
  const text = await headOf(socket);
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.match(text, /invalid signature parameter/);
  assert.deepEqual(await tmpFiles(), [], 'nothing of the unsigned file was written');
  socket.destroy();
  await answer;

  // A spent token is refused as early.
  const auth = signed();
  assert.equal((await upload(emu, { file: await png(2, 2), auth })).status, 200);
  const again = open(emu);
  again.socket.write(head('/api/v1/files/upload', { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': 60_000 }));
  again.socket.write(Object.entries({ ...auth, fileName: 'again.bin' }).map(([k, v]) => field(k, v)).join('') + partHead('file', 'again.bin') + 'x'.repeat(1000));
  assert.match(await headOf(again.socket), /has been used before/);
  assert.deepEqual(await tmpFiles(), []);
  again.socket.destroy();
  for (const r of emu.store.list()) await emu.store.delete(r.fileId);
});

test('a V2 token sent before the file is verified before the file is stored', async () => {
  const forged = await new SignJWT({ fileName: 'v2.bin' })
    .setProtectedHeader({ alg: 'HS256', kid: PUBLIC_KEY })
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode('not-the-private-key'));
  const { socket, answer } = open(emu);
  socket.write(head('/api/v2/files/upload', { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': 60_000 }));
  socket.write(field('token', forged) + field('fileName', 'v2.bin') + partHead('file', 'v2.bin') + 'y'.repeat(20_000));
  const text = await headOf(socket);
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.match(text, /Your request has invalid token/);
  assert.deepEqual(await tmpFiles(), []);
  socket.destroy();
  await answer;
});

test('at most maxConcurrentUploads are received at once; one more gets 429 at once, and the slots come back', async () => {
  const small = await emulator({ maxConcurrentUploads: 2, idleTimeoutMs: 20_000 });
  try {
    // Two uploads that keep their slot: headers and part of the body, then nothing.
    const stalled = [open(small), open(small)];
    for (const { socket } of stalled) {
      socket.write(head('/api/v1/files/upload', { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': 5000 }));
      socket.write(field('fileName', 'slow.bin'));
    }
    for (let i = 0; i < 100 && (await fetch(`${small.url}/__emulator/stats`).then((r) => r.json())).uploadsInFlight < 2; i++) await new Promise((d) => setTimeout(d, 20));
    const third = await upload(small, { file: await png(2, 2) });
    assert.equal(third.status, 429);
    assert.match(third.body.message, /takes 2 at a time/);
    assert.equal(third.headers.get('x-ratelimit-limit'), '2');
    assert.equal(third.headers.get('x-ratelimit-reset'), '1000');
    for (const { socket } of stalled) socket.destroy();
    await Promise.all(stalled.map((s) => s.answer));
    for (let i = 0; i < 100 && (await fetch(`${small.url}/__emulator/stats`).then((r) => r.json())).uploadsInFlight > 0; i++) await new Promise((d) => setTimeout(d, 20));
    assert.equal((await upload(small, { file: await png(2, 2) })).status, 200, 'a slot is free again');
  } finally {
    await small.stop();
  }
});

test('a JSON body that stalls gets 408; one declared over 1 MB gets 413 before it is read', async () => {
  const stalled = open(emu);
  stalled.socket.write(head('/__emulator/faults', { 'Content-Type': 'application/json', 'Content-Length': 100 }) + '{"status":');
  const { text } = await stalled.answer;
  assert.match(text, /^HTTP\/1\.1 408 /);
  assert.match(text, /timed out/);

  const big = open(emu);
  big.socket.write(head('/__emulator/faults', { 'Content-Type': 'application/json', 'Content-Length': 50 * 1024 * 1024 }));
  assert.match(await headOf(big.socket), /^HTTP\/1\.1 413 [\s\S]*too large/);
  big.socket.destroy();
  assert.equal((await fetch(`${emu.url}/__emulator/stats`).then((r) => r.json())).faultsPending, 0);
});

test('JSON nested deeper than 32 levels is a 400, and nothing it asked for happens', async () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const fault = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: `{"status":503,"body":${deep(5000)}}` });
  assert.equal(fault.status, 400);
  assert.match((await fault.json()).message, /nested more than 32 levels deep/);
  assert.equal((await fetch(`${emu.url}/__emulator/stats`).then((r) => r.json())).faultsPending, 0, 'no fault was queued');

  const file = await upload(emu, { file: await png(2, 2), fields: { fileName: 'deep.png' } });
  const patch = await fetch(`${emu.url}/v1/files/${file.body.fileId}/details`, {
    method: 'PATCH',
    headers: { Authorization: basic(PRIVATE_KEY), 'Content-Type': 'application/json' },
    body: `{"customMetadata":${deep(3000)}}`,
  });
  assert.equal(patch.status, 400);
  const extensions = await upload(emu, { file: await png(2, 2), fields: { fileName: 'deep.png', extensions: `[${'['.repeat(3000)}${']'.repeat(3000)}]` } });
  assert.equal(extensions.status, 400);
  assert.match(extensions.body.message, /invalid extensions parameter. It is nested more than 32 levels deep/);
  await emu.store.delete(file.body.fileId);
});

test('a searchQuery nested 3000 deep is a 400 with the reason, not a crash', async () => {
  const query = '('.repeat(3000) + 'name = "a"' + ')'.repeat(3000);
  const res = await fetch(`${emu.url}/v1/files?searchQuery=${encodeURIComponent(query)}`, { headers: { Authorization: basic(PRIVATE_KEY) } });
  assert.equal(res.status, 400);
  assert.match((await res.json()).message, /invalid syntax for the searchQuery parameter. Parentheses are nested more than 64 deep/);
  const fine = await fetch(`${emu.url}/v1/files?searchQuery=${encodeURIComponent('('.repeat(64) + 'name = "a"' + ')'.repeat(64))}`, { headers: { Authorization: basic(PRIVATE_KEY) } });
  assert.equal(fine.status, 200);
});

test('/__emulator/* refuses other origins, their preflights and rebinding hosts; tools, its own origin and listed origins pass', async () => {
  const evil = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: '{"status":500}' });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
  assert.match((await evil.json()).message, /comes from the page origin http:\/\/evil.example/);
  const site = await fetch(`${emu.url}/__emulator/stats`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
  assert.equal(site.status, 403);
  const preflight = await fetch(`${emu.url}/__emulator/faults`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'DELETE' } });
  assert.equal(preflight.status, 403);
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  const rebound = await new Promise<number>((done) => {
    request(`${emu.url}/__emulator/stats`, { headers: { Host: `attacker.example:${new URL(emu.url).port}` } }, (res) => done(res.statusCode!)).end();
  });
  assert.equal(rebound, 403);
  assert.equal((await fetch(`${emu.url}/__emulator/stats`).then((r) => r.json())).faultsPending, 0);
  // Uploads and the media API still answer any origin.
  assert.equal((await fetch(`${emu.url}/api/v1/files/upload`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } })).headers.get('access-control-allow-origin'), '*');

  assert.equal((await fetch(`${emu.url}/__emulator/stats`)).status, 200, 'a tool sends no Origin');
  assert.equal((await fetch(`${emu.url}/__emulator/stats`, { headers: { Origin: emu.url } })).status, 200, 'its own origin');
  const listed = await emulator({ controlOrigins: ['http://localhost:8000'] });
  try {
    const res = await fetch(`${listed.url}/__emulator/stats`, { headers: { Origin: 'http://localhost:8000' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:8000');
    const pre = await fetch(`${listed.url}/__emulator/faults`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:8000', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(pre.status, 204);
  } finally {
    await listed.stop();
  }
});

test('file URLs on loopback and private addresses are refused unless allowPrivateUrls', async () => {
  const origin: Server = createServer((_req, res) => void png(5, 5).then((b) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(b)));
  await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done));
  const port = (origin.address() as AddressInfo).port;
  try {
    for (const url of [`http://127.0.0.1:${port}/x.png`, `http://localhost:${port}/x.png`, `http://0x7f000001:${port}/x.png`, `http://[::ffff:127.0.0.1]:${port}/x.png`, 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/x.png']) {
      const res = await upload(emu, { file: url, fields: { fileName: 'ssrf.png' } });
      assert.equal(res.status, 400, url);
      assert.match(res.body.message, /could not be downloaded from the URL: it points to .*a loopback or private address ImageKit cannot reach\. Start the emulator with --allow-private-urls/, url);
    }
    const open = await emulator({ allowPrivateUrls: true });
    try {
      const res = await upload(open, { file: `http://localhost:${port}/x.png`, fields: { fileName: 'allowed.png' } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.width, 5);
    } finally {
      await open.stop();
    }
  } finally {
    await new Promise((done) => origin.close(done));
  }
});

test('fileName and folder names over 255 characters, and paths over 1024, are refused with the reason', async () => {
  const long = await upload(emu, { file: await png(2, 2), fields: { fileName: `${'a'.repeat(20_000)}.png` } });
  assert.equal(long.status, 400);
  assert.equal(long.body.message, 'Your request contains invalid fileName parameter. A file name can be at most 255 characters long; this one has 20004.');
  const segment = await upload(emu, { file: await png(2, 2), fields: { folder: `/ok/${'b'.repeat(300)}/` } });
  assert.equal(segment.status, 400);
  assert.match(segment.body.message, /invalid folder parameter. A folder name can be at most 255 characters long; "b{20}\.\.\." has 300\./);
  const path = await upload(emu, { file: await png(2, 2), fields: { folder: Array.from({ length: 5 }, () => 'c'.repeat(250)).join('/'), fileName: 'x.png' } });
  assert.equal(path.status, 400);
  assert.match(path.body.message, /folder and file name together can be at most 1024 characters long; these make 1271/);
  const fits = await upload(emu, { file: await png(2, 2), fields: { fileName: `${'é'.repeat(251)}.png` } });
  assert.equal(fits.status, 200, 'exactly 255 characters, multi-byte ones counted as one');
  assert.equal((await fetch(fits.body.url)).status, 200, 'and its URL serves');
  await emu.store.delete(fits.body.fileId);
  assert.equal(emu.store.list().length, 0);
});

test('every stale *.tmp in the data folder is swept at start', async () => {
  const dataDir = emu.dataDir + '-sweep';
  const first = await emulator({ dataDir });
  const kept = await upload(first, { file: await png(3, 3), fields: { fileName: 'kept.png' } });
  await first.close();
  const leftovers = ['docs/used-tokens.json.a1b2c3.tmp', 'docs/some-collection/0123456789abcdef01234567.json.d4e5f6.tmp', 'records/x.json.abcdef.tmp', 'folders/y.json.123456.tmp', 'stray.tmp'];
  for (const file of leftovers) {
    await mkdir(join(dataDir, file, '..'), { recursive: true });
    await writeFile(join(dataDir, file), '{"half":');
  }
  const second = await emulator({ dataDir });
  try {
    const tree = await listTree(dataDir);
    assert.deepEqual(tree.filter((p) => p.endsWith('.tmp')), [], tree.join('\n'));
    assert.equal(second.store.get(kept.body.fileId)?.name, kept.body.name, 'what was stored is still there');
    assert.ok((await readdir(join(dataDir, 'docs'))).length > 0);
  } finally {
    await second.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
