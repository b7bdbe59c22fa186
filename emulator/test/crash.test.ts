import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { basic, listTree, storedRecords } from './emulator-helpers.js';

const KEY = 'crash-test-private-key';
const CYCLES = 6;
const WORKERS = 6;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/ik-emulator.js', '--port', '0', '--data-dir', dataDir, '--private-key', KEY], {
    cwd: new URL('..', import.meta.url),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const m = /listening on (\S+)/.exec(out);
      if (m) done({ child, url: m[1]! });
    });
    child.stderr!.resume();
    child.once('exit', (code) => fail(new Error(`the emulator exited (${code}) before listening: ${out}`)));
  });
}

interface Acked {
  sha: string;
  size: number;
  /** Tags as last acknowledged, and a change that was in flight when the process died (either may be stored). */
  tags: string[] | null;
  maybeTags?: string[];
  /** A delete was in flight when the process died: the file may be gone. */
  maybeDeleted?: boolean;
}

/** Acknowledged operations of all workers, to know when to pull the plug. */
let done = 0;

/** Uploads, retags and deletes until the emulator dies under it; records only what was acknowledged. */
async function load(url: string, worker: number, files: Map<string, Acked>, deleted: Set<string>): Promise<void> {
  const auth = { Authorization: basic(KEY) };
  const mine: string[] = [];
  for (let i = 0; ; i++, done++) {
    try {
      if (i % 4 === 1 && mine.length > 0) {
        const fileId = mine[i % mine.length]!;
        const record = files.get(fileId)!;
        const tags = [`w${worker}`, `i${i}`];
        record.maybeTags = tags;
        const res = await fetch(`${url}/v1/files/${fileId}/details`, { method: 'PATCH', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ tags }) });
        if (res.status !== 200) throw new Error(`PATCH ${res.status}`);
        record.tags = tags;
        delete record.maybeTags;
      } else if (i % 4 === 3 && mine.length > 1) {
        const fileId = mine.shift()!;
        files.get(fileId)!.maybeDeleted = true;
        const res = await fetch(`${url}/v1/files/${fileId}`, { method: 'DELETE', headers: auth });
        if (res.status !== 204) throw new Error(`DELETE ${res.status}`);
        files.delete(fileId);
        deleted.add(fileId);
      } else {
        // Mostly parts the emulator holds and writes in one go (up to 256 KB), some it streams.
        const spread = (worker * 7919 + i * 104729) % (256 * 1024);
        const bytes = randomBytes(i % 5 === 4 ? 300 * 1024 + spread : 1024 + spread);
        const form = new FormData();
        form.append('file', new Blob([bytes]), 'crash.bin');
        form.append('fileName', `w${worker}-${i}.bin`);
        form.append('folder', `/crash/w${worker}`);
        const res = await fetch(`${url}/api/v1/files/upload`, { method: 'POST', body: form, headers: auth });
        if (res.status !== 200) throw new Error(`upload ${res.status}`);
        const body = (await res.json()) as { fileId: string; size: number };
        files.set(body.fileId, { sha: sha(bytes), size: body.size, tags: null });
        mine.push(body.fileId);
      }
    } catch {
      return; // the process was killed: whatever was not acknowledged may or may not be there
    }
  }
}

/** Every acknowledged file is there with its bytes and tags; no deleted one is; nothing half-done lies on disk. */
async function verify(url: string, dataDir: string, files: Map<string, Acked>, deleted: Set<string>): Promise<void> {
  await verifyDisk(dataDir);
  const auth = { Authorization: basic(KEY) };
  for (const [fileId, want] of files) {
    const res = await fetch(`${url}/v1/files/${fileId}/details`, { headers: auth });
    if (want.maybeDeleted && res.status === 404) {
      files.delete(fileId);
      deleted.add(fileId);
      continue;
    }
    delete want.maybeDeleted;
    assert.equal(res.status, 200, `acknowledged file ${fileId} is there`);
    const details = (await res.json()) as { url: string; size: number; tags: string[] | null };
    assert.equal(details.size, want.size);
    const bytes = new Uint8Array(await (await fetch(details.url)).arrayBuffer());
    assert.equal(sha(bytes), want.sha, `${fileId}: the same bytes`);
    const allowed = [JSON.stringify(want.tags), JSON.stringify(want.maybeTags ?? want.tags)];
    assert.ok(allowed.includes(JSON.stringify(details.tags)), `${fileId}: tags ${JSON.stringify(details.tags)} are one acknowledged or in flight (${allowed})`);
    if (want.maybeTags) {
      want.tags = details.tags; // settled now, either way
      delete want.maybeTags;
    }
  }
  for (const fileId of deleted) {
    assert.equal((await fetch(`${url}/v1/files/${fileId}/details`, { headers: auth })).status, 404, `deleted ${fileId} stays deleted`);
  }
}

/** On disk, right after a restart swept it (before any request): no temp file, every record readable, its bytes complete, no stray bytes. */
async function verifyDisk(dataDir: string): Promise<void> {
  const tree = await listTree(dataDir);
  assert.deepEqual(tree.filter((p) => p.startsWith('tmp/') || p.endsWith('.tmp')), []);
  const referenced = new Set<string>();
  for (const [fileId, record] of await storedRecords(dataDir)) {
    for (const version of (record as { versions: Array<{ id: string; size: number }> }).versions) {
      referenced.add(version.id);
      assert.equal((await stat(join(dataDir, 'blobs', version.id))).size, version.size, `the bytes of ${fileId} are whole`);
    }
  }
  assert.deepEqual((await readdir(join(dataDir, 'blobs'))).filter((b) => !referenced.has(b)), [], 'no bytes without a record');
}

test(`kill -9 while writing, restart, ${CYCLES} times: every acknowledged upload, edit and delete survives, nothing half-done is left`, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-emu-crash-'));
  const files = new Map<string, Acked>();
  const deleted = new Set<string>();
  let running: ChildProcess | undefined;
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, url } = await start(dataDir);
      running = child;
      await verify(url, dataDir, files, deleted);
      const workers = Array.from({ length: WORKERS }, (_, w) => load(url, w + cycle * WORKERS, files, deleted));
      // Let writes pile up, then kill the process in the middle of them (SIGKILL: no cleanup of any kind).
      const before = done;
      while (done < before + 30 + cycle * 5) await sleep(5);
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
      await Promise.all(workers);
    }
    const { child, url } = await start(dataDir);
    running = child;
    try {
      await verify(url, dataDir, files, deleted);
      assert.ok(files.size >= CYCLES * 10, `${files.size} acknowledged files checked, ${deleted.size} deletes`);
      t.diagnostic(`${CYCLES} kills; ${files.size} acknowledged files and ${deleted.size} deletes checked after each restart`);
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((done) => running!.once('exit', done));
      running.kill('SIGKILL');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
});
