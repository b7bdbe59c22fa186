import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import ImageKit from '@imagekit/nodejs';
import { basic, emulator, PRIVATE_KEY, upload, type TestEmulator } from './emulator-helpers.js';
import { assertMatchesSchema } from './schema.js';

const SECRET = 'whsec_emulator_test_secret';

interface Delivery {
  body: string;
  headers: IncomingHttpHeaders;
  json: any;
}

/** A webhook endpoint on loopback, as a host app would run one: it keeps each raw body and its headers. */
class Receiver {
  server: Server;
  deliveries: Delivery[] = [];
  /** Statuses to answer, in order; then 200. */
  answers: number[] = [];
  #waiters: Array<() => void> = [];
  url = '';
  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        this.deliveries.push({ body, headers: req.headers, json: JSON.parse(body) });
        res.writeHead(this.answers.shift() ?? 200).end();
        this.#waiters.splice(0).forEach((w) => w());
      });
    });
  }
  async start() {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/imagekit`;
  }
  /** Waits until `count` deliveries matching `match` arrived. */
  async wait(count: number, match: (d: Delivery) => boolean = () => true, ms = 15_000): Promise<Delivery[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.deliveries.filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`waited for ${count} webhooks, got: ${this.deliveries.map((d) => d.body).join('\n')}`);
      await new Promise<void>((done) => {
        this.#waiters.push(done);
        setTimeout(done, 200);
      });
    }
  }
}

let emu: TestEmulator;
let hooks: Receiver;
const sdk = new ImageKit({ privateKey: PRIVATE_KEY });

before(async () => {
  hooks = new Receiver();
  await hooks.start();
  emu = await emulator({ webhookSecret: SECRET, webhookRetryDelaysMs: [50, 50] });
});
after(async () => {
  await emu.stop();
  hooks.server.close();
});
beforeEach(() => {
  hooks.deliveries = [];
  hooks.answers = [];
});

/** 400×300, the left half red and the right half blue. */
async function halves(): Promise<Buffer> {
  const red = await sharp({ create: { width: 200, height: 300, channels: 3, background: '#ff0000' } }).png().toBuffer();
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#0000ff' } }).composite([{ input: red, left: 0, top: 0 }]).png().toBuffer();
}

/** Checks a delivery the way ImageKit documents it: the official SDK's unwrap, and x-ik-signature by hand. */
function verified(delivery: Delivery, secret = SECRET): any {
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
  const event = sdk.webhooks.unwrap(delivery.body, { headers, key: secret });
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(headers['x-ik-signature'] ?? '') ?? [];
  assert.ok(t && v1, `x-ik-signature: ${headers['x-ik-signature']}`);
  assert.equal(v1, createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'), 'x-ik-signature is HMAC-SHA256 of "<t>.<raw body>"');
  assert.ok(Math.abs(Number(t) - Date.now()) < 60_000, 'its timestamp is now, in milliseconds');
  return event;
}

test('an upload with webhookUrl: pre- and post-transformations and extensions end in signed webhooks of ImageKit\'s types', async () => {
  const res = await upload(emu, {
    file: await halves(),
    fields: {
      fileName: 'hooked.png',
      webhookUrl: hooks.url,
      transformation: JSON.stringify({ pre: 'w-200', post: [{ type: 'transformation', value: 'w-50,h-50' }, { type: 'transformation', value: 'w-40,e-sharpen' }] }),
      extensions: JSON.stringify([{ name: 'google-auto-tagging', minConfidence: 40, maxTags: 10 }, { name: 'ai-auto-description' }, { name: 'remove-bg' }]),
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.extensionStatus, { 'google-auto-tagging': 'pending', 'ai-auto-description': 'pending', 'remove-bg': 'pending' });
  assert.deepEqual([res.body.width, res.body.height], [200, 150]);

  const all = await hooks.wait(6);
  const events = all.map((d) => verified(d));
  const byType = (type: string) => events.filter((e) => e.type === type);

  const [pre] = byType('upload.pre-transform.success');
  assert.ok(pre, 'pre-transform success');
  assert.equal(pre.request.transformation, 'w-200');
  assert.equal(pre.request.x_request_id, res.headers.get('x-ik-requestid'));
  assert.equal(pre.data.fileId, res.body.fileId);
  assertMatchesSchema('Upload', pre.data);
  assert.ok(!Number.isNaN(Date.parse(pre.created_at)));

  const [ok] = byType('upload.post-transform.success');
  assert.equal(ok.data.url, `${res.body.url}?tr=w-50,h-50`);
  assert.deepEqual(ok.request.transformation, { type: 'transformation', value: 'w-50,h-50' });
  const made = await sharp(Buffer.from(await (await fetch(ok.data.url)).arrayBuffer())).metadata();
  assert.deepEqual([made.width, made.height], [50, 50], 'the URL in the webhook serves the post-transformation');
  const [failed] = byType('upload.post-transform.error');
  assert.equal(failed.data.fileId, res.body.fileId);
  assert.equal(failed.data.path, res.body.filePath);
  assert.match(failed.data.transformation.error.reason, /e-sharpen: not simulated by ik-emulator/);

  const services = Object.fromEntries(events.filter((e) => e.service).map((e) => [e.service, e]));
  assert.equal(services['google-auto-tagging'].status, 'SUCCESS');
  assert.deepEqual(
    services['google-auto-tagging'].fileObject.AITags,
    [
      { name: 'Landscape', confidence: 99, source: 'google-auto-tagging' },
      { name: 'Blue', confidence: 50, source: 'google-auto-tagging' },
      { name: 'Red', confidence: 50, source: 'google-auto-tagging' },
    ],
    'deterministic tags from the pixels',
  );
  assert.equal(services['ai-auto-description'].status, 'SUCCESS');
  assert.equal(services['ai-auto-description'].fileObject.description, 'A landscape image, 200 × 150 pixels, mostly blue and red.');
  assert.deepEqual(services['remove-bg'], { service: 'remove-bg', status: 'FAILURE', fileId: res.body.fileId, error: { reason: 'remove-bg is not simulated by ik-emulator' } });
  assertMatchesSchema('FileDetails', services['ai-auto-description'].fileObject);

  // The file now carries what the extensions found.
  const details = await fetch(`${emu.url}/v1/files/${res.body.fileId}/details`, { headers: { Authorization: basic(PRIVATE_KEY) } }).then((r) => r.json());
  assert.equal(details.AITags.length, 3);
  assert.equal(details.description, 'A landscape image, 200 × 150 pixels, mostly blue and red.');
});

test('a webhook signed with another secret, or a body changed on the way, does not verify', async () => {
  await upload(emu, { file: await halves(), fields: { fileName: 'forged.png', webhookUrl: hooks.url, transformation: '{"pre":"w-10"}' } });
  const [delivery] = await hooks.wait(1);
  const headers = Object.fromEntries(Object.entries(delivery!.headers).map(([k, v]) => [k, String(v)]));
  assert.throws(() => sdk.webhooks.unwrap(delivery!.body, { headers, key: 'another-secret' }));
  assert.throws(() => sdk.webhooks.unwrap(delivery!.body.replace('w-10', 'w-11'), { headers, key: SECRET }));
  assert.ok(sdk.webhooks.unwrap(delivery!.body, { headers, key: SECRET }));
});

test('without webhookUrl, extensions run before the answer: success, the tags and the description in the response', async () => {
  const res = await upload(emu, {
    file: await halves(),
    fields: { fileName: 'now.png', extensions: JSON.stringify([{ name: 'aws-auto-tagging', minConfidence: 60, maxTags: 5 }, { name: 'ai-auto-description' }, { name: 'ai-tasks', tasks: [{ type: 'yes_no', instruction: 'Is it red?' }] }]) },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.extensionStatus, { 'aws-auto-tagging': 'success', 'ai-auto-description': 'success', 'ai-tasks': 'failed' });
  assert.deepEqual(res.body.AITags, [{ name: 'Landscape', confidence: 99, source: 'aws-auto-tagging' }], 'minConfidence 60 leaves the 50 % colours out');
  assert.equal(res.body.description, 'A landscape image, 400 × 300 pixels, mostly blue and red.');
  // A text file cannot be tagged: failed, honestly.
  const text = await upload(emu, { file: Buffer.from('plain words'), fields: { fileName: 'notes.txt', extensions: '[{"name":"google-auto-tagging","minConfidence":0,"maxTags":3}]' } });
  assert.deepEqual(text.body.extensionStatus, { 'google-auto-tagging': 'failed' });
  assert.equal(text.body.AITags, null);
  // A new version without extensions does not repeat the old statuses.
  const again = await upload(emu, { file: await halves(), fields: { fileName: res.body.name, useUniqueFileName: 'false' } });
  assert.equal(again.body.extensionStatus, undefined);
});

test('the media API runs extensions too: now without a webhookUrl, after the answer with one', async () => {
  const res = await upload(emu, { file: await halves(), fields: { fileName: 'patched.png' } });
  const patch = (body: unknown) =>
    fetch(`${emu.url}/v1/files/${res.body.fileId}/details`, { method: 'PATCH', headers: { Authorization: basic(PRIVATE_KEY), 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, json: await r.json() }),
    );
  const now = await patch({ extensions: [{ name: 'google-auto-tagging', minConfidence: 0, maxTags: 2 }] });
  assert.equal(now.status, 200, JSON.stringify(now.json));
  assert.deepEqual(now.json.extensionStatus, { 'google-auto-tagging': 'success' });
  assert.deepEqual(now.json.AITags.map((t: { name: string }) => t.name), ['Landscape', 'Blue']);
  const later = await patch({ extensions: [{ name: 'ai-auto-description' }], webhookUrl: hooks.url });
  assert.deepEqual(later.json.extensionStatus, { 'ai-auto-description': 'pending' });
  const [hook] = await hooks.wait(1);
  const event = verified(hook!);
  assert.equal(event.service, 'ai-auto-description');
  assert.equal(event.fileObject.description, 'A landscape image, 400 × 300 pixels, mostly blue and red.');
  assert.equal(event.fileObject.AITags.length, 2, 'the earlier tags are kept');
  const bad = await patch({ extensions: [{ name: 'google-auto-tagging', maxTags: 0, minConfidence: 10 }] });
  assert.equal(bad.status, 400);
  assert.match(bad.json.message, /maxTags should be a positive integer/);
});

test('a webhook endpoint that fails is retried with the same id, then given up on, and the emulator says so', async () => {
  hooks.answers = [500, 503];
  await upload(emu, { file: await halves(), fields: { fileName: 'retry.png', webhookUrl: hooks.url, transformation: '{"pre":"w-20"}' } });
  const tries = await hooks.wait(3);
  assert.equal(new Set(tries.map((d) => d.headers['webhook-id'])).size, 1, 'one event, three attempts');
  tries.forEach((d) => verified(d));
  const stats = await fetch(`${emu.url}/__emulator/stats`).then((r) => r.json());
  assert.equal(stats.webhooksFailed, 0);

  hooks.answers = [500, 500, 500];
  const warn = console.warn;
  const logged: string[] = [];
  console.warn = (...args: unknown[]) => void logged.push(args.join(' '));
  try {
    await upload(emu, { file: await halves(), fields: { fileName: 'lost.png', webhookUrl: hooks.url, transformation: '{"pre":"w-20"}' } });
    await hooks.wait(3);
    for (let i = 0; i < 50 && (await fetch(`${emu.url}/__emulator/stats`).then((r) => r.json())).webhooksFailed === 0; i++) await new Promise((d) => setTimeout(d, 20));
  } finally {
    console.warn = warn;
  }
  assert.equal((await fetch(`${emu.url}/__emulator/stats`).then((r) => r.json())).webhooksFailed, 1);
  assert.ok(logged.some((l) => l.includes('not delivered: HTTP 500')), logged.join('\n'));
});

test('ik-emulator --webhook-secret signs with the secret given', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-emu-hook-'));
  const child = spawn(process.execPath, ['bin/ik-emulator.js', '--port', '0', '--data-dir', dataDir, '--private-key', PRIVATE_KEY, '--webhook-secret', 'from-the-flag'], {
    cwd: new URL('..', import.meta.url),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((done, fail) => {
      child.stdout!.on('data', (c: Buffer) => {
        const m = /listening on (\S+)/.exec(String(c));
        if (m) done(m[1]!);
      });
      child.on('exit', (code) => fail(new Error(`exited ${code}`)));
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await halves())]), 'x.png');
    form.append('fileName', 'cli.png');
    form.append('webhookUrl', hooks.url);
    form.append('transformation', '{"pre":"w-30"}');
    const res = await fetch(`${url}/api/v1/files/upload`, { method: 'POST', body: form, headers: { Authorization: basic(PRIVATE_KEY) } });
    assert.equal(res.status, 200);
    const [delivery] = await hooks.wait(1);
    assert.equal(verified(delivery!, 'from-the-flag').type, 'upload.pre-transform.success');
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    await rm(dataDir, { recursive: true, force: true });
  }
});
