import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';
import ts from 'typescript';
import { jwtVerify, decodeProtectedHeader } from 'jose';
import { createAuthHandler, createExpressAuthHandler } from '../../src/server/auth.js';
import { createFetchAuthHandler } from '../../src/server/fetch-handler.js';
import { AuthHookTimeoutError } from '../../src/server/handler-core.js';
import { signUploadToken } from '../../src/server/upload-token.js';

const PRIVATE = 'private_test_key';
const PUBLIC = 'public_test_key';
const key = new TextEncoder().encode(PRIVATE);

async function serve(handler: (req: IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>) {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/auth`, close: () => new Promise((r) => server.close(r)) };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** The payload of a token the server signed, checked as ImageKit checks it. */
async function verified(token: string) {
  const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: ['HS256'] });
  return { payload, protectedHeader };
}

test('POST answers a v2 token built as ImageKit\'s guide builds it: HS256, kid = public key, the payload as sent plus iat and exp', async () => {
  const s = await serve(createAuthHandler({ privateKey: PRIVATE }));
  try {
    const uploadPayload = { fileName: 'dress.jpg', useUniqueFileName: 'false', tags: 'summer,dress' };
    const res = await post(s.url, { uploadPayload, expire: 400, publicKey: PUBLIC });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const { token } = (await res.json()) as { token: string };
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', typ: 'JWT', kid: PUBLIC });
    const { payload } = await verified(token);
    const { iat, exp, ...rest } = payload;
    assert.deepEqual(rest, uploadPayload);
    assert.ok(Math.abs(exp! - (Date.now() / 1000 + 400)) < 5, 'the request asked for 400 seconds');
    assert.ok(iat! <= Date.now() / 1000 && exp! - iat! < 3600);
    await assert.rejects(jwtVerify(token, new TextEncoder().encode('another key')), /signature verification failed/);
  } finally {
    await s.close();
  }
});

test('a v2 request gets at most expireSeconds, and never the full hour ImageKit refuses', async () => {
  const capped = createFetchAuthHandler({ privateKey: PRIVATE, expireSeconds: 120 });
  const ask = async (handler: (r: Request) => Promise<Response>, expire?: number) => {
    const res = await handler(new Request('http://x/auth', { method: 'POST', body: JSON.stringify({ uploadPayload: { fileName: 'a.png' }, expire, publicKey: PUBLIC }) }));
    const { payload } = await verified(((await res.json()) as { token: string }).token);
    assert.ok(payload.exp! - payload.iat! < 3600);
    return payload.exp! - Date.now() / 1000;
  };
  const about = (actual: number, seconds: number, why?: string) => assert.ok(Math.abs(actual - seconds) < 3, `${actual} vs ${seconds} ${why ?? ''}`);
  about(await ask(capped, 3600), 120);
  about(await ask(capped, 30), 30);
  about(await ask(capped), 120);
  const full = createFetchAuthHandler({ privateKey: PRIVATE, expireSeconds: 3600 });
  about(await ask(full, 3600), 3540, 'a minute short of ImageKit\'s limit, for clock skew');
});

test('tokens for the same parameters in the same second still differ, since ImageKit takes each token once', async () => {
  // Two pasted files are both "image.png"; a retry asks again for the same file.
  const handler = createFetchAuthHandler({ privateKey: PRIVATE, publicKey: PUBLIC });
  const ask = () => handler(new Request('http://x/auth', { method: 'POST', body: JSON.stringify({ uploadPayload: { fileName: 'image.png' }, expire: 600 }) }));
  const tokens = await Promise.all(Array.from({ length: 8 }, async () => ((await (await ask()).json()) as { token: string }).token));
  assert.equal(new Set(tokens).size, 8);
  for (const token of tokens) {
    const { payload } = await verified(token);
    assert.equal(payload.fileName, 'image.png');
    assert.ok(payload.exp! - payload.iat! < 3600, 'still under ImageKit\'s hour');
  }
});

test('expireSeconds must be a whole number from 1 to 3600, refused when the handler is made', () => {
  for (const create of [createAuthHandler, createExpressAuthHandler, createFetchAuthHandler] as Array<(o: { privateKey: string; expireSeconds?: number }) => unknown>) {
    for (const bad of [0, -5, 3601, 7200, 1.5, Number.NaN, '600' as unknown as number]) {
      assert.throws(() => create({ privateKey: PRIVATE, expireSeconds: bad }), /expireSeconds must be a whole number of seconds from 1 to 3600/, String(bad));
    }
    assert.doesNotThrow(() => create({ privateKey: PRIVATE, expireSeconds: 3600 }));
    assert.doesNotThrow(() => create({ privateKey: PRIVATE, expireSeconds: 1 }));
  }
  assert.throws(() => createFetchAuthHandler({ privateKey: PRIVATE, timeoutMs: 0 }), /timeoutMs/);
});

test('the policy decides what is signed: a forced folder, added checks, fixed tags; false refuses with 403', async () => {
  const seen: unknown[] = [];
  const handler = createFetchAuthHandler({
    privateKey: PRIVATE,
    publicKey: PUBLIC,
    policy: (request, payload) => {
      seen.push(payload);
      if (payload.fileName.endsWith('.exe')) return false;
      const user = request.headers.get('x-user');
      return { ...payload, folder: `/users/${user}`, checks: '"file.size" < "5mb"', tags: ['avatar', `user-${user}`], useUniqueFileName: true };
    },
  });
  const ask = (fileName: string, extra: Record<string, string> = {}) =>
    handler(new Request('http://x/auth', { method: 'POST', headers: { 'x-user': '42' }, body: JSON.stringify({ uploadPayload: { fileName, folder: '/anything', ...extra }, expire: 60 }) }));
  const ok = await ask('me.jpg', { description: 'my face' });
  assert.equal(ok.status, 200);
  const { payload } = await verified(((await ok.json()) as { token: string }).token);
  assert.equal(payload.folder, '/users/42');
  assert.equal(payload.checks, '"file.size" < "5mb"');
  assert.equal(payload.tags, 'avatar,user-42');
  assert.equal(payload.useUniqueFileName, 'true');
  assert.equal(payload.description, 'my face');
  assert.deepEqual(seen[0], { fileName: 'me.jpg', folder: '/anything', description: 'my face' });

  const refused = await ask('virus.exe');
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get('cache-control'), 'no-store');
  assert.match(((await refused.json()) as { message: string }).message, /not allowed/);
});

test('a policy binds v2 only, so with one GET stops handing out v1 signatures unless v1: true says so', async () => {
  const locked = createFetchAuthHandler({ privateKey: PRIVATE, policy: (_r, p) => p });
  const get = await locked(new Request('http://x/auth'));
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  assert.match(((await get.json()) as { message: string }).message, /V2 tokens only/);

  const both = createFetchAuthHandler({ privateKey: PRIVATE, policy: (_r, p) => p, v1: true });
  const v1 = (await (await both(new Request('http://x/auth'))).json()) as { token: string; expire: number; signature: string };
  assert.equal(v1.signature, createHmac('sha1', PRIVATE).update(v1.token + v1.expire).digest('hex'));
  assert.equal((await both(new Request('http://x/auth', { method: 'PUT' }))).headers.get('allow'), 'GET, POST');
});

test('a malformed request gets a 400 that names the field and the fix', async () => {
  const handler = createFetchAuthHandler({ privateKey: PRIVATE, publicKey: PUBLIC });
  const cases: Array<[unknown, RegExp]> = [
    ['not json', /not JSON/],
    ['', /body is empty/],
    [[1, 2], /must be a JSON object/],
    [{ expire: 60 }, /uploadPayload must be an object of upload parameters, got undefined/],
    [{ uploadPayload: 'fileName=a.jpg' }, /uploadPayload must be an object.*got string/],
    [{ uploadPayload: { folder: '/a' } }, /uploadPayload.fileName is required/],
    [{ uploadPayload: { fileName: 'a.jpg', useUniqueFileName: false } }, /uploadPayload.useUniqueFileName must be a string.*got boolean/],
    [{ uploadPayload: { fileName: 'a.jpg', tags: ['a'] } }, /uploadPayload.tags must be a string.*got an array/],
    [{ uploadPayload: { fileName: 'a.jpg', exp: '99999999999' } }, /uploadPayload.exp is not a parameter of ImageKit's upload API V2/],
    [{ uploadPayload: { fileName: 'a.jpg', file: 'https://x/y.jpg' } }, /uploadPayload.file does not belong/],
    [{ uploadPayload: { fileName: 'a.jpg' }, expire: 1900000000 }, /expire must be a whole number of seconds from now, 1 to 3600, got 1900000000/],
    [{ uploadPayload: { fileName: 'a.jpg' }, expire: '60' }, /expire must be a whole number/],
    [{ uploadPayload: { fileName: 'a.jpg' }, publicKey: 'public_someone_else' }, /publicKey is not the public key/],
  ];
  for (const [body, message] of cases) {
    const res = await handler(new Request('http://x/auth', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }));
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(((await res.json()) as { message: string }).message, message);
  }
  const noKey = createFetchAuthHandler({ privateKey: PRIVATE });
  const res = await noKey(new Request('http://x/auth', { method: 'POST', body: JSON.stringify({ uploadPayload: { fileName: 'a.jpg' } }) }));
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { message: string }).message, /publicKey is required/);
});

test('an oversized body is refused with 413 by the Node and the fetch handlers', async () => {
  const big = JSON.stringify({ uploadPayload: { fileName: 'a.jpg', description: 'x'.repeat(70 * 1024) }, publicKey: PUBLIC });
  const s = await serve(createAuthHandler({ privateKey: PRIVATE }));
  try {
    assert.equal((await post(s.url, big)).status, 413);
  } finally {
    await s.close();
  }
  const res = await createFetchAuthHandler({ privateKey: PRIVATE })(new Request('http://x/auth', { method: 'POST', body: big }));
  assert.equal(res.status, 413);
});

test('authorize comes first, and a policy or authorize that throws or hangs answers JSON, never cached, in Node and fetch alike', async () => {
  const errors: unknown[] = [];
  let aborted: unknown;
  const options = {
    privateKey: PRIVATE,
    publicKey: PUBLIC,
    timeoutMs: 50,
    onError: (e: unknown) => errors.push(e),
    authorize: (req: { headers: unknown }) => {
      const h = (name: string) => (req.headers instanceof Headers ? req.headers.get(name) : (req.headers as Record<string, string>)[name]);
      if (h('x-mode') === 'throw') throw new Error('session store down');
      return h('cookie') === 'session=ok';
    },
    policy: (req: { headers: unknown }, payload: { fileName: string }, { signal }: { signal: AbortSignal }) => {
      const mode = req.headers instanceof Headers ? req.headers.get('x-policy') : (req.headers as Record<string, string>)['x-policy'];
      if (mode === 'throw') throw new Error('quota service down');
      if (mode === 'bad') return { ...payload, size: 5 } as never;
      if (mode === 'hang') {
        signal.addEventListener('abort', () => (aborted = signal.reason));
        return new Promise<never>(() => {});
      }
      return payload;
    },
  };
  const s = await serve(createAuthHandler(options));
  const fetchHandler = createFetchAuthHandler(options);
  const body = { uploadPayload: { fileName: 'a.jpg' } };
  const viaNode = (headers: Record<string, string>) => post(s.url, body, headers);
  const viaFetch = (headers: Record<string, string>) =>
    fetchHandler(new Request('http://x/auth', { method: 'POST', headers, body: JSON.stringify(body) }));
  try {
    for (const send of [viaNode, viaFetch]) {
      errors.length = 0;
      const anonymous = await send({});
      assert.equal(anonymous.status, 401);
      const broken = await send({ 'x-mode': 'throw' });
      assert.equal(broken.status, 500);
      assert.equal(broken.headers.get('cache-control'), 'no-store');
      assert.equal(broken.headers.get('content-type'), 'application/json');
      assert.match(((await broken.json()) as { message: string }).message, /Could not check who is asking/);
      const signedIn = { cookie: 'session=ok' };
      const failing = await send({ ...signedIn, 'x-policy': 'throw' });
      assert.equal(failing.status, 500);
      assert.match(((await failing.json()) as { message: string }).message, /Could not decide what this upload may be/);
      const wrongShape = await send({ ...signedIn, 'x-policy': 'bad' });
      assert.equal(wrongShape.status, 500);
      const hanging = await send({ ...signedIn, 'x-policy': 'hang' });
      assert.equal(hanging.status, 503);
      assert.equal(hanging.headers.get('cache-control'), 'no-store');
      assert.match(((await hanging.json()) as { message: string }).message, /took too long/);
      assert.ok(aborted instanceof AuthHookTimeoutError, 'the policy\'s signal is aborted when its time is up');
      assert.equal((await send(signedIn)).status, 200);
      assert.match(String(errors[0]), /session store down/);
      assert.match(String(errors[1]), /quota service down/);
      assert.match(String(errors[2]), /returned "size", which is not a parameter/, 'the developer learns what the policy got wrong');
      assert.match(String(errors[3]), /policy\(\) did not answer within 50 ms/);
    }
  } finally {
    await s.close();
  }
});

test('CORS: a listed origin may send credentials, \'*\' never, and a preflight allows the POST', async () => {
  const listed = createFetchAuthHandler({ privateKey: PRIVATE, allowOrigins: ['https://app.example'] });
  const pre = await listed(new Request('http://x/auth', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-headers': 'content-type,x-csrf' } }));
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, POST');
  assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type,x-csrf');
  const stranger = await listed(new Request('http://x/auth', { headers: { origin: 'https://evil.example' } }));
  assert.equal(stranger.headers.get('access-control-allow-origin'), null);

  const s = await serve(createAuthHandler({ privateKey: PRIVATE, allowOrigins: '*' }));
  try {
    for (const res of [await fetch(s.url, { headers: { origin: 'https://a.example' } }), await post(s.url, { uploadPayload: { fileName: 'a.jpg' }, publicKey: PUBLIC }, { origin: 'https://b.example' })]) {
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('access-control-allow-credentials'), null);
    }
  } finally {
    await s.close();
  }
});

test('Express: with or without express.json(), typed hooks, and errors (a time limit as 503) reach the app\'s error middleware', async () => {
  const { default: express } = await import('express');
  const app = express();
  const errors: unknown[] = [];
  const handler = createExpressAuthHandler<import('express').Request>({
    privateKey: PRIVATE,
    publicKey: PUBLIC,
    timeoutMs: 50,
    authorize: (req) => {
      if (req.get('x-break')) throw new Error('session store down');
      return req.get('cookie') === 'session=ok';
    },
    policy: (req, payload) => (req.get('x-hang') ? new Promise<never>(() => {}) : { ...payload, folder: `/users/${req.get('x-user')}` }),
  });
  app.post('/parsed', express.json(), handler);
  app.post('/raw', handler);
  app.use((err: { status?: number }, _req: unknown, res: import('express').Response, _next: unknown) => {
    errors.push(err);
    res.status(err.status ?? 500).send('app error page');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const body = { uploadPayload: { fileName: 'a.jpg', folder: '/' }, expire: 60 };
  try {
    for (const path of ['/parsed', '/raw']) {
      const ok = await post(base + path, body, { cookie: 'session=ok', 'x-user': '7' });
      assert.equal(ok.status, 200, path);
      const { payload } = await verified(((await ok.json()) as { token: string }).token);
      assert.equal(payload.folder, '/users/7');
    }
    assert.equal((await post(base + '/raw', body)).status, 401);
    const broken = await post(base + '/raw', body, { 'x-break': '1' });
    assert.equal(broken.status, 500);
    assert.equal(await broken.text(), 'app error page');
    const hung = await post(base + '/parsed', body, { cookie: 'session=ok', 'x-hang': '1' });
    assert.equal(hung.status, 503, 'the time-limit error carries status 503 for Express\'s error handler');
    assert.match(String(errors[0]), /session store down/);
    assert.ok(errors[1] instanceof AuthHookTimeoutError);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('signUploadToken signs by hand what the handlers sign, with plain values turned into ImageKit\'s strings', async () => {
  const token = await signUploadToken({
    privateKey: PRIVATE,
    publicKey: PUBLIC,
    uploadPayload: { fileName: 'a.jpg', isPrivateFile: false, customMetadata: { brand: 'Nike' }, responseFields: ['tags', 'customMetadata'], folder: undefined },
    expireSeconds: 90,
  });
  const { payload, protectedHeader } = await verified(token);
  assert.equal(protectedHeader.kid, PUBLIC);
  const { iat, exp, ...rest } = payload;
  assert.ok(Math.abs(exp! - (Date.now() / 1000 + 90)) < 5 && iat! <= Date.now() / 1000);
  assert.deepEqual(rest, { fileName: 'a.jpg', isPrivateFile: 'false', customMetadata: '{"brand":"Nike"}', responseFields: 'tags,customMetadata' });
  await assert.rejects(signUploadToken({ privateKey: PRIVATE, publicKey: PUBLIC, uploadPayload: { fileName: 'a.jpg' }, expireSeconds: 4000 }), /1 to 3600/);
  await assert.rejects(signUploadToken({ privateKey: PRIVATE, publicKey: '', uploadPayload: { fileName: 'a.jpg' } }), /publicKey is required/);
});

test('ik-uploader/server/fetch loads nothing from node:*, so edge runtimes can import it', () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/server');
  const seen = new Set<string>();
  const bare = new Set<string>();
  // Follows what stays after compiling: type-only imports and exports are erased.
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const node of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) specifier = node.moduleSpecifier;
      if (ts.isExportDeclaration(node) && !node.isTypeOnly) specifier = node.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      const name = specifier.text;
      if (name.startsWith('.')) walk(resolve(dirname(file), name.replace(/\.js$/, '.ts')));
      else bare.add(name);
    }
  };
  walk(resolve(root, 'fetch.ts'));
  assert.ok(seen.has(resolve(root, 'handler-core.ts')) && seen.has(resolve(root, 'upload-token.ts')));
  assert.ok(!seen.has(resolve(root, 'auth.ts')), 'auth.ts (node:crypto) is reached by type imports only');
  assert.deepEqual([...bare], ['jose'], 'jose is Web Crypto only');
});
