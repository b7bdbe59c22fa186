import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { createAuthHandler } from '../../src/server/auth.js';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index.js';

/**
 * The host's server and ImageKit (the emulator), end to end in Node: a real HTTP server runs
 * `createAuthHandler` with a policy; a client does what the element does in v2 mode (POST the
 * parameters it wants, read the token's payload, upload exactly those); the emulator enforces it.
 */

const PUBLIC = 'public_v2_e2e';
const PRIVATE = 'private_v2_e2e';
let emu: RunningEmulator;
let dataDir: string;
let app: Server;
let authUrl: string;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ik-v2-e2e-'));
  emu = await startEmulator({ port: 0, publicKey: PUBLIC, privateKey: PRIVATE, dataDir });
  const auth = createAuthHandler({
    privateKey: PRIVATE,
    authorize: (req) => req.headers.cookie === 'session=user-42',
    // The three lines a host adds: whatever the page asked, user 42 uploads to their folder, under 1 KB.
    policy: (_req, payload) => (payload.fileName.endsWith('.exe') ? false : { ...payload, folder: '/users/42', checks: '"file.size" < "1kb"' }),
  });
  app = createServer((req, res) => void auth(req, res));
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  authUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/imagekit-auth`;
});

after(async () => {
  await new Promise((r) => app.close(r));
  await emu.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The element's v2 auth request: ImageKit's backend-token-generation body, answered with `{ token }`. */
async function getToken(uploadPayload: Record<string, string>): Promise<{ status: number; token?: string }> {
  const res = await fetch(authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'session=user-42' },
    body: JSON.stringify({ uploadPayload, expire: 600, publicKey: PUBLIC }),
  });
  return { status: res.status, ...((await res.json()) as { token?: string }) };
}

/** The upload the element sends: the token and the parameters in its payload, or `tamper`ed ones. */
async function uploadWith(token: string, bytes: Buffer, tamper: (p: Record<string, string>) => void = () => {}) {
  const { iat: _iat, exp: _exp, ...params } = decodeJwt(token) as Record<string, string>;
  tamper(params);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), params.fileName);
  for (const [k, v] of Object.entries(params)) form.append(k, v);
  form.append('token', token);
  const res = await fetch(`${emu.url}/api/v2/files/upload`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { filePath?: string; message?: string } };
}

async function paths(folder: string): Promise<string[]> {
  const res = await fetch(`${emu.url}/v1/files?path=${folder}`, { headers: { authorization: 'Basic ' + Buffer.from(PRIVATE + ':').toString('base64') } });
  return ((await res.json()) as Array<{ filePath: string }>).map((f) => f.filePath).sort();
}

test('a policy forcing /users/42 puts the file there, whatever the page asked for', async () => {
  const { status, token } = await getToken({ fileName: 'avatar.png', folder: '/public/banners', useUniqueFileName: 'false' });
  assert.equal(status, 200);
  const res = await uploadWith(token!, Buffer.alloc(300, 1));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.filePath, '/users/42/avatar.png');
  assert.deepEqual(await paths('/public/banners'), []);
});

test('a folder changed in the browser after signing is refused by ImageKit', async () => {
  const { token } = await getToken({ fileName: 'sneaky.png' });
  const res = await uploadWith(token!, Buffer.alloc(100, 1), (p) => (p.folder = '/public/banners'));
  assert.equal(res.status, 400);
  assert.equal(res.body.message, 'Your request contains invalid payload. It does not match with the payload used to generate token.');
  assert.deepEqual(await paths('/public/banners'), []);
});

test('the size check the policy added refuses a big file at ImageKit, with no check in the browser at all', async () => {
  const { token } = await getToken({ fileName: 'huge.bin' });
  const res = await uploadWith(token!, Buffer.alloc(5000, 1));
  assert.equal(res.status, 400);
  assert.equal(res.body.message, "Your request failed 'checks' validation.");
  // Nor can the browser drop the check from the request.
  const again = await getToken({ fileName: 'huge.bin' });
  const stripped = await uploadWith(again.token!, Buffer.alloc(5000, 1), (p) => delete p.checks);
  assert.equal(stripped.status, 400);
  assert.match(String(stripped.body.message), /does not match/);
  assert.ok(!(await paths('/users/42')).some((p) => p.includes('huge')));
});

test('a refused file gets no token at all', async () => {
  assert.equal((await getToken({ fileName: 'setup.exe' })).status, 403);
});

test('eight pasted "image.png" files at once each get a token ImageKit takes', async () => {
  const tokens = await Promise.all(Array.from({ length: 8 }, () => getToken({ fileName: 'image.png' })));
  const results = await Promise.all(tokens.map(({ token }) => uploadWith(token!, Buffer.alloc(200, 2))));
  assert.deepEqual(results.map((r) => r.status), Array(8).fill(200), JSON.stringify(results.map((r) => r.body.message)));
  assert.equal(new Set(results.map((r) => r.body.filePath)).size, 8);
});
