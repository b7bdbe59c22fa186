import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { emulator, HELP, png, rawRequest, signed, upload, type TestEmulator } from './emulator-helpers.js';

let emu: TestEmulator;
before(async () => {
  emu = await emulator();
});
after(() => emu.stop());
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/faults`, { method: 'DELETE' });
});

async function fault(spec: Record<string, unknown>) {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify(spec) });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

async function stats() {
  return (await fetch(`${emu.url}/__emulator/stats`)).json();
}

test('CORS preflight allows any origin, method and requested header', async () => {
  const res = await fetch(emu.uploadUrl, {
    method: 'OPTIONS',
    headers: {
      Origin: 'http://localhost:5173',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,x-custom',
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
  assert.match(res.headers.get('access-control-allow-methods') ?? '', /PATCH/);
  assert.equal(res.headers.get('access-control-allow-headers'), 'authorization,x-custom');
  assert.ok(res.headers.get('x-ik-requestId'));
});

test('every response, errors included, exposes the request id and rate-limit headers to pages', async () => {
  const ok = await upload(emu, { file: await png(2, 2) });
  const bad = await upload(emu, { auth: false });
  const missing = await fetch(`${emu.url}/nope`);
  for (const res of [ok, bad, { headers: missing.headers }]) {
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(/\s*,\s*/);
    for (const name of ['x-ik-requestId', 'x-request-id', 'X-RateLimit-Limit', 'X-RateLimit-Reset', 'X-RateLimit-Interval']) {
      assert.ok(exposed.includes(name), `${name} exposed`);
    }
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('x-ik-requestId'), res.headers.get('x-request-id'));
  }
  assert.notEqual(ok.headers.get('x-request-id'), bad.headers.get('x-request-id'));
});

test('a status fault fails the next N uploads with that status and body, then uploads work again', async () => {
  await fault({ count: 2, status: 503 });
  const bytes = await png(2, 2);
  const before = await stats();
  const first = await upload(emu, { file: bytes });
  const second = await upload(emu, { file: bytes });
  const third = await upload(emu, { file: bytes });
  assert.deepEqual([first.status, second.status, third.status], [503, 503, 200]);
  assert.deepEqual(first.body, { message: 'Service unavailable.', help: HELP });
  const after = await stats();
  assert.equal(after.uploadsStored - before.uploadsStored, 1, 'faulted uploads store nothing');
  assert.equal(after.faultsPending, 0);
});

test('a fault with a string body sends it as it is, like a proxy\'s error page', async () => {
  await fault({ count: 1, status: 502, body: '<html><body>Bad gateway</body></html>' });
  const html = await upload(emu, { file: await png(2, 2) });
  assert.equal(html.status, 502);
  assert.equal(html.body, '<html><body>Bad gateway</body></html>');
  assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
  await fault({ count: 1, status: 200, body: 'not json at all', contentType: 'text/plain' });
  const text = await fetch(emu.uploadUrl, { method: 'POST', body: new FormData() });
  assert.equal(text.status, 200);
  assert.equal(await text.text(), 'not json at all');
  assert.equal(text.headers.get('content-type'), 'text/plain');
});

test('a 429 fault carries ImageKit\'s rate-limit headers, reset in milliseconds', async () => {
  await fault({ count: 1, status: 429, resetMs: 1500, body: { message: 'slow down', help: HELP } });
  const res = await upload(emu, { file: await png(2, 2) });
  assert.equal(res.status, 429);
  assert.deepEqual(res.body, { message: 'slow down', help: HELP });
  assert.equal(res.headers.get('x-ratelimit-reset'), '1500');
  assert.ok(res.headers.get('x-ratelimit-limit'));
  assert.ok(res.headers.get('x-ratelimit-interval'));
});

test('a delay fault holds the answer, then the upload succeeds', async () => {
  await fault({ count: 1, delayMs: 300 });
  const started = Date.now();
  const res = await upload(emu, { file: await png(2, 2) });
  assert.equal(res.status, 200);
  assert.ok(Date.now() - started >= 280);
});

test('drop-before-response cuts the connection and stores nothing', async () => {
  await fault({ count: 1, mode: 'drop-before-response' });
  const before = await stats();
  await assert.rejects(upload(emu, { file: await png(20, 20) }));
  const after = await stats();
  assert.equal(after.uploadsStored, before.uploadsStored);
  assert.equal(after.faultsApplied, before.faultsApplied + 1);
});

test('lose-response stores the file but the client never hears so', async () => {
  await fault({ count: 1, mode: 'lose-response' });
  const before = emu.store.list().length;
  await assert.rejects(upload(emu, { file: await png(21, 21) }));
  const files = emu.store.list();
  assert.equal(files.length, before + 1);
  // The token was spent: a retry needs fresh auth parameters, as on ImageKit.
  assert.equal((await upload(emu, { file: await png(2, 2) })).status, 200);
});

test('stall stops reading the body and never answers', async () => {
  await fault({ count: 1, mode: 'stall' });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 500);
  const form = new FormData();
  form.append('file', new Blob([Buffer.alloc(4 * 1024 * 1024)]), 'big.bin');
  for (const [k, v] of Object.entries({ fileName: 'big.bin', ...signed() })) form.append(k, v);
  await assert.rejects(fetch(emu.uploadUrl, { method: 'POST', body: form, signal: controller.signal }), /abort/i);
  clearTimeout(timer);
  assert.equal((await upload(emu, { file: await png(2, 2) })).status, 200, 'later uploads are unaffected');
});

test('bad fault specs are refused with a clear message', async () => {
  for (const spec of [{ count: 0 }, { mode: 'explode' }, { status: 99 }, { delayMs: -1 }, [1], { contentType: 'text/plain' }]) {
    const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify(spec) });
    assert.equal(res.status, 400, JSON.stringify(spec));
    assert.ok((await res.json()).message);
  }
  const notJson = await rawRequest(`${emu.url}/__emulator/faults`, { body: '{nope' });
  assert.equal(notJson.status, 400);
});

test('a configured rate limit answers 429 with X-RateLimit-* once exceeded', async () => {
  const limited = await emulator({ rateLimit: 2, rateLimitIntervalMs: 60_000 });
  try {
    const bytes = await png(2, 2);
    const statuses = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await upload(limited, { file: bytes });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(last!.headers.get('x-ratelimit-limit'), '2');
    assert.equal(last!.headers.get('x-ratelimit-interval'), '60000');
    const reset = Number(last!.headers.get('x-ratelimit-reset'));
    assert.ok(reset > 0 && reset <= 60_000, `reset ${reset}`);
    assert.equal(last!.body.help, HELP);
  } finally {
    await limited.stop();
  }
});
