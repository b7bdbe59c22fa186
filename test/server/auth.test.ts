import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import ImageKit from '@imagekit/nodejs';
import { getAuthenticationParameters, createAuthHandler } from '../../src/server/auth.js';

test('matches the official test vector from ImageKit', () => {
  const p = getAuthenticationParameters('private_key_test', 'your_token', 1582269249);
  assert.deepEqual(p, {
    token: 'your_token',
    expire: 1582269249,
    signature: 'e71bcd6031016b060d349d212e23e85c791decdd',
  });
});

test('agrees with the official Node SDK for the same token and expire', () => {
  const ik = new ImageKit({ privateKey: 'some-private-key', baseURL: 'http://127.0.0.1:1' });
  const expire = Math.floor(Date.now() / 1000) + 600;
  const theirs = ik.helper.getAuthenticationParameters('tok-123', expire);
  const ours = getAuthenticationParameters('some-private-key', 'tok-123', expire);
  assert.deepEqual(ours, { token: theirs.token, expire: Number(theirs.expire), signature: theirs.signature });
});

test('defaults to a fresh UUID v4 token and an expiry 30 minutes ahead', () => {
  const now = Math.floor(Date.now() / 1000);
  const a = getAuthenticationParameters('k');
  const b = getAuthenticationParameters('k');
  assert.match(a.token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a.token, b.token);
  assert.ok(a.expire >= now + 1799 && a.expire <= now + 1801, `expire ${a.expire} vs now ${now}`);
  assert.equal(a.signature, createHmac('sha1', 'k').update(a.token + a.expire).digest('hex'));
});

test('refuses to sign without a private key', () => {
  assert.throws(() => getAuthenticationParameters(''), /privateKey is required/);
});

async function serve(handler: ReturnType<typeof createAuthHandler>) {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/auth`, close: () => new Promise((r) => server.close(r)) };
}

test('the HTTP handler answers fresh, uncacheable, valid parameters each time', async () => {
  const s = await serve(createAuthHandler({ privateKey: 'pk', expireSeconds: 120 }));
  try {
    const r1 = await fetch(s.url);
    const r2 = await fetch(s.url);
    assert.equal(r1.status, 200);
    assert.equal(r1.headers.get('cache-control'), 'no-store');
    const a = (await r1.json()) as { token: string; expire: number; signature: string };
    const b = (await r2.json()) as { token: string };
    assert.notEqual(a.token, b.token);
    assert.equal(a.signature, createHmac('sha1', 'pk').update(a.token + a.expire).digest('hex'));
    const now = Math.floor(Date.now() / 1000);
    assert.ok(a.expire > now + 100 && a.expire <= now + 121);
    assert.equal((await fetch(s.url, { method: 'PUT' })).status, 405);
  } finally {
    await s.close();
  }
});

test('the HTTP handler puts the app login check first', async () => {
  const s = await serve(
    createAuthHandler({ privateKey: 'pk', authorize: (req) => req.headers.cookie === 'session=ok' }),
  );
  try {
    assert.equal((await fetch(s.url)).status, 401);
    const ok = await fetch(s.url, { headers: { cookie: 'session=ok' } });
    assert.equal(ok.status, 200);
  } finally {
    await s.close();
  }
});

test('the HTTP handler never lets expiry reach ImageKit\'s one-hour limit', async () => {
  const s = await serve(createAuthHandler({ privateKey: 'pk', expireSeconds: 3600 }));
  try {
    const { expire } = (await (await fetch(s.url)).json()) as { expire: number };
    assert.ok(expire < Math.floor(Date.now() / 1000) + 3600);
  } finally {
    await s.close();
  }
});

test('the handler works as Express middleware behind the app\'s own login', async () => {
  const { default: express } = await import('express');
  const app = express();
  const errors: unknown[] = [];
  app.get(
    '/api/imagekit-auth',
    createAuthHandler({
      privateKey: 'pk',
      authorize: (req) => {
        if (req.headers['x-break']) throw new Error('session store down');
        return req.headers.cookie === 'session=ok';
      },
    }),
  );
  app.use((err: unknown, _req: unknown, res: { status: (n: number) => { send: (s: string) => void } }, _next: unknown) => {
    errors.push(err);
    res.status(503).send('app error page');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/imagekit-auth`;
  try {
    assert.equal((await fetch(url)).status, 401);
    const ok = await fetch(url, { headers: { cookie: 'session=ok' } });
    const body = (await ok.json()) as { token: string; expire: number; signature: string };
    assert.equal(body.signature, createHmac('sha1', 'pk').update(body.token + body.expire).digest('hex'));
    const broken = await fetch(url, { headers: { 'x-break': '1' } });
    assert.equal(broken.status, 503, 'an authorize() failure reaches the app\'s error middleware');
    assert.match(String(errors[0]), /session store down/);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('the fetch-style handler signs with Web Crypto exactly as the Node helper does', async () => {
  const { signUpload, createFetchAuthHandler } = await import('../../src/server/fetch-handler.js');
  assert.deepEqual(
    await signUpload('private_key_test', 'your_token', 1582269249),
    getAuthenticationParameters('private_key_test', 'your_token', 1582269249),
  );
  const handler = createFetchAuthHandler({
    privateKey: 'pk',
    authorize: (r) => r.headers.get('authorization') === 'Bearer ok',
  });
  assert.equal((await handler(new Request('http://x/auth'))).status, 401);
  const res = await handler(new Request('http://x/auth', { headers: { authorization: 'Bearer ok' } }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = (await res.json()) as { token: string; expire: number; signature: string };
  assert.equal(body.signature, createHmac('sha1', 'pk').update(body.token + body.expire).digest('hex'));
  assert.ok(body.expire > Date.now() / 1000 + 1700);
  assert.equal((await handler(new Request('http://x/auth', { method: 'DELETE' }))).status, 405);
});
