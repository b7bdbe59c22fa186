import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { png, signed } from './emulator-helpers.js';

// The source, through tsx as bin/ik-emulator.js runs it in a clone: the bin itself would prefer a
// dist/ build left over from `npm run build`, which may be older than the code under test.
const CLI = new URL('../src/cli.ts', import.meta.url).pathname;

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return line;
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

async function uploadPng(base: string, privateKey: string, publicKey: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'a.png');
  for (const [k, v] of Object.entries({ fileName: 'kept.png', useUniqueFileName: 'false', ...signed({ privateKey, publicKey }) })) form.append(k, String(v));
  const res = await fetch(`${base}/api/v1/files/upload`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { url: string } };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`ik-emulator prints its one line, serves, and exits 0 on ${signal}; files survive a restart`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ik-cli-'));
    const args = ['--port', '0', '--data-dir', dataDir, '--public-key', 'pub-cli', '--private-key', 'secret-cli', '--max-file-size', '100000'];
    try {
      const child = run(args);
      const line = await firstLine(child);
      const match = /^ik-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      assert.ok(match, `printed: ${line}`);
      const base = match[1]!;
      const bytes = await png(9, 4);
      const { status, body } = await uploadPng(base, 'secret-cli', 'pub-cli', bytes);
      assert.equal(status, 200, JSON.stringify(body));
      assert.ok(body.url.startsWith(`${base}/media/`));

      const exited = exitOf(child);
      child.kill(signal);
      const { code, stdout } = await exited;
      assert.equal(code, 0);
      assert.equal(stdout, '', 'nothing more than the one line');

      const again = run(args);
      const base2 = /(http:\S+)$/.exec(await firstLine(again))![1]!;
      const path = new URL(body.url).pathname;
      const served = await fetch(base2 + path);
      assert.equal(served.status, 200);
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), bytes);
      const stopped = exitOf(again);
      again.kill('SIGTERM');
      assert.equal((await stopped).code, 0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}

test('ik-emulator --help lists every flag; a bad flag exits 2 with the reason', async () => {
  const help = await exitOf(run(['--help']));
  assert.equal(help.code, 0);
  for (const flag of ['--port', '--host', '--public-key', '--private-key', '--data-dir', '--url-endpoint', '--max-file-size', '--rate-limit']) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  const bad = await exitOf(run(['--port', 'eighty']));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--port must be an integer/);
  const unknown = await exitOf(run(['--colour', 'blue']));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /colour/);
});

test('--url-endpoint sets the base of returned urls; files are still served under its path', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-cli-'));
  try {
    const child = run(['--port', '0', '--data-dir', dataDir, '--url-endpoint', 'http://cdn.example.test/my_id/']);
    const base = /(http:\S+)$/.exec(await firstLine(child))![1]!;
    const { status, body } = await uploadPng(base, 'ik-emulator-private-key', 'ik-emulator-public-key', await png(3, 3));
    assert.equal(status, 200);
    assert.equal(body.url, 'http://cdn.example.test/my_id/kept.png');
    assert.equal((await fetch(`${base}/my_id/kept.png`)).status, 200);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    assert.equal((await exited).code, 0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('ik-emulator exits 1 with the reason when its port or its data dir is taken', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-cli-'));
  const otherDir = await mkdtemp(join(tmpdir(), 'ik-cli-'));
  try {
    const first = run(['--port', '0', '--data-dir', dataDir]);
    const port = /:(\d+)$/.exec(await firstLine(first))![1]!;
    const samePort = await exitOf(run(['--port', port, '--data-dir', otherDir]));
    assert.equal(samePort.code, 1);
    assert.match(samePort.stderr, /could not start: .*EADDRINUSE/);
    const sameDir = await exitOf(run(['--port', '0', '--data-dir', dataDir]));
    assert.equal(sameDir.code, 1);
    assert.match(sameDir.stderr, /in use by another emulator/);
    const exited = exitOf(first);
    first.kill('SIGTERM');
    assert.equal((await exited).code, 0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(otherDir, { recursive: true, force: true });
  }
});
