import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { storedRecords } from './emulator-helpers.js';

/**
 * kill -9 while the media library is being reorganised (folder moves and renames, file moves,
 * copies, renames, version restores, all at once), restart, and again, for several cycles:
 * every file uploaded at the start is still there (as a file or one of its versions), every
 * record's bytes exist, no bytes are left that no record names, and every file's folder is
 * listed. A crash may leave a copy of something (a move caught between its two writes), never
 * a loss.
 */

const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
const privateKey = 'private_crash_ops';
const auth = { Authorization: 'Basic ' + Buffer.from(`${privateKey}:`).toString('base64') };
const CYCLES = 5;
const FILES = 12;

async function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--data-dir', dataDir, '--private-key', privateKey], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
  assert.ok(url, line);
  return { child, url };
}

/** Changes the emulator confirmed (2xx to a write) before it was killed. */
let confirmed = 0;

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...auth, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (method !== 'GET' && res.ok) confirmed++;
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function upload(base: string, folder: string, name: string, text: string): Promise<void> {
  const form = new FormData();
  form.set('file', new Blob([text]), name);
  form.set('fileName', name);
  form.set('folder', folder);
  form.set('useUniqueFileName', 'false');
  const res = await fetch(`${base}/api/v1/files/upload`, { method: 'POST', headers: auth, body: form });
  assert.equal(res.status, 200, await res.text());
}

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Reorganises the library until the process dies under it. Every error is expected. */
async function churn(base: string, round: number, running: { on: boolean }): Promise<void> {
  const jobs: Array<() => Promise<unknown>> = [
    () => call(base, 'POST', '/v1/bulkJobs/moveFolder', { sourceFolderPath: '/lib/a', destinationPath: '/lib/b' }),
    () => call(base, 'POST', '/v1/bulkJobs/moveFolder', { sourceFolderPath: '/lib/b/a', destinationPath: '/lib' }),
    () => call(base, 'POST', '/v1/bulkJobs/renameFolder', { folderPath: '/lib/c', newFolderName: 'd' }),
    () => call(base, 'POST', '/v1/bulkJobs/renameFolder', { folderPath: '/lib/d', newFolderName: 'c' }),
    () => call(base, 'POST', '/v1/bulkJobs/copyFolder', { sourceFolderPath: '/lib/c', destinationPath: `/copies/r${round}`, includeVersions: true }),
    async () => {
      const files = (await call(base, 'GET', '/v1/files?path=/lib/e')).json as Array<{ filePath: string; fileId: string }>;
      for (const f of files ?? []) await call(base, 'POST', '/v1/files/move', { sourceFilePath: f.filePath, destinationPath: '/lib/f' });
    },
    async () => {
      const files = (await call(base, 'GET', '/v1/files?path=/lib/f')).json as Array<{ filePath: string; name: string }>;
      for (const f of files ?? []) await call(base, 'PUT', '/v1/files/rename', { filePath: f.filePath, newFileName: `r${round}-${f.name}` });
    },
    async () => {
      const files = (await call(base, 'GET', '/v1/files?path=/lib/f')).json as Array<{ filePath: string }>;
      for (const f of files ?? []) await call(base, 'POST', '/v1/files/move', { sourceFilePath: f.filePath, destinationPath: '/lib/e' });
    },
    async () => {
      const versions = (await call(base, 'GET', '/v1/files?type=file-version')).json as Array<{ fileId: string; versionInfo: { id: string } }>;
      for (const v of (versions ?? []).slice(0, 3)) await call(base, 'PUT', `/v1/files/${v.fileId}/versions/${v.versionInfo.id}/restore`);
    },
  ];
  while (running.on) {
    await Promise.allSettled(jobs.map((job) => job()));
  }
}

/** What the data dir holds, read back the way a restarted emulator sees it. */
async function checkIntact(dataDir: string, base: string, seeded: Set<string>): Promise<void> {
  const records = [...(await storedRecords(dataDir)).values()] as Array<{
    fileId: string;
    filePath: string;
    versions: Array<{ id: string; size: number }>;
  }>;
  const named = new Set<string>();
  const contents = new Set<string>();
  for (const record of records) {
    for (const version of record.versions) {
      const bytes = await readFile(join(dataDir, 'blobs', version.id));
      assert.equal(bytes.length, version.size, `${record.filePath} ${version.id}: the bytes a record names are whole`);
      named.add(version.id);
      contents.add(sha(bytes));
    }
  }
  for (const blob of await readdir(join(dataDir, 'blobs'))) assert.ok(named.has(blob), `no bytes left that no record names: ${blob}`);
  for (const hash of seeded) assert.ok(contents.has(hash), 'every file uploaded at the start is still in the library');
  // The API agrees with the disk: each file can be fetched, and its folder is listed.
  const files = (await call(base, 'GET', '/v1/files?limit=1000')).json as Array<{ filePath: string; url: string; size: number }>;
  assert.equal(files.length, records.length);
  // Without `path`, type=folder lists every folder.
  const folders = new Set(((await call(base, 'GET', '/v1/files?type=folder&limit=1000')).json as Array<{ folderPath: string }>).map((f) => f.folderPath));
  for (const file of files) {
    const res = await fetch(file.url);
    assert.equal(res.status, 200, file.filePath);
    assert.equal((await res.arrayBuffer()).byteLength, file.size);
    const parent = file.filePath.slice(0, file.filePath.lastIndexOf('/'));
    if (parent !== '') assert.ok(folders.has(parent), `the folder of ${file.filePath} is listed`);
  }
  for (const dir of ['.', 'folders']) {
    for (const entry of await readdir(join(dataDir, dir))) assert.ok(!entry.endsWith('.tmp'), `${dir}/${entry}: no temp file survives a restart`);
  }
  assert.ok((await stat(join(dataDir, 'emulator.pid'))).isFile());
}

test(`kill -9 during folder and file reorganisation, ${CYCLES} times: nothing is lost, nothing dangles`, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-crash-ops-'));
  try {
    let { child, url } = await start(dataDir);
    const seeded = new Set<string>();
    for (let i = 0; i < FILES; i++) {
      const folder = ['/lib/a', '/lib/c', '/lib/e'][i % 3]!;
      const text = `file ${i}\n`.repeat(50 + i);
      await upload(url, folder, `f${i}.txt`, text);
      seeded.add(sha(text));
      if (i % 4 === 0) {
        const second = `${text}second version\n`;
        await upload(url, folder, `f${i}.txt`, second);
        seeded.add(sha(second));
      }
    }
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const running = { on: true };
      const churning = churn(url, cycle, running).catch(() => undefined);
      // Let some of the work land, then pull the plug wherever it is.
      await new Promise((done) => setTimeout(done, 150 + cycle * 90));
      child.kill('SIGKILL');
      await once(child, 'exit');
      running.on = false;
      await churning;
      ({ child, url } = await start(dataDir));
      await checkIntact(dataDir, url, seeded);
    }
    child.kill('SIGTERM');
    await once(child, 'exit');
    assert.ok(confirmed > CYCLES, `the kills came while work was landing (${confirmed} changes confirmed)`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
