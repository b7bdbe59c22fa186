import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { basic, signed } from './emulator-helpers.js';

// The records and the spent tokens are append-only logs with group commit (records.log, whose
// line for a stored upload also holds its token, and docs/used-tokens.log for the tokens of
// uploads that stored nothing): a change is answered once its line is on disk. Killed with
// SIGKILL while uploads, refused uploads, edits and deletes stream in, then restarted on the
// same folder, over and over, the emulator must still hold every change it answered, and
// refuse every token it took, stored or not.
const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
const PUBLIC = 'pub-crash';
const PRIVATE = 'secret-crash';
const CYCLES = 5;
const CLIENTS = 8;

async function start(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--data-dir', dataDir, '--public-key', PUBLIC, '--private-key', PRIVATE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  const match = /listening on (http:\/\/\S+)/.exec(line);
  assert.ok(match, line);
  return { child, base: match[1]! };
}

const auth = { Authorization: basic(PRIVATE) };

/** A file's tags, or null once deleted. */
type State = string[] | null;

interface Answered {
  /**
   * fileId → what it may be now: the state last answered, and while a change of it is in
   * flight, the state that change asked for too (applied but cut off before the answer).
   */
  files: Map<string, State[]>;
  tokens: string[];
  /** Tokens of uploads answered 400 after the token was taken (no file): spent all the same. */
  refusedTokens: string[];
}

/** One client: uploads, retags and deletes until the process dies; records what it was told. */
async function client(base: string, n: number, seen: Answered): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if (i % 4 === 3) {
        // Signed correctly, then refused for want of a file: its token is spent, alone.
        const refused = new FormData();
        const fields = signed({ privateKey: PRIVATE, publicKey: PUBLIC });
        for (const [k, v] of Object.entries({ fileName: `c${n}-${i}-none.txt`, ...fields })) refused.append(k, v);
        const res = await fetch(`${base}/api/v1/files/upload`, { method: 'POST', body: refused });
        if (res.status !== 400) throw new Error(`refused upload ${res.status}`);
        seen.refusedTokens.push(fields.token);
      }
      const form = new FormData();
      const fields = signed({ privateKey: PRIVATE, publicKey: PUBLIC });
      form.append('file', new Blob([`client ${n} file ${i} `.repeat(40)]), 'f.txt');
      for (const [k, v] of Object.entries({ fileName: `c${n}-${i}.txt`, tags: `c${n},i${i}`, ...fields })) form.append(k, v);
      const res = await fetch(`${base}/api/v1/files/upload`, { method: 'POST', body: form });
      if (res.status !== 200) throw new Error(`upload ${res.status}`);
      const { fileId } = (await res.json()) as { fileId: string };
      seen.tokens.push(fields.token);
      seen.files.set(fileId, [[`c${n}`, `i${i}`]]);
      if (i % 3 === 1) {
        seen.files.get(fileId)!.push(['edited']);
        const patched = await fetch(`${base}/v1/files/${fileId}/details`, {
          method: 'PATCH',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ tags: ['edited'] }),
        });
        if (patched.status !== 200) throw new Error(`patch ${patched.status}`);
        seen.files.set(fileId, [['edited']]);
      }
      if (i % 5 === 2) {
        seen.files.get(fileId)!.push(null);
        const deleted = await fetch(`${base}/v1/files/${fileId}`, { method: 'DELETE', headers: auth });
        if (deleted.status !== 204) throw new Error(`delete ${deleted.status}`);
        seen.files.set(fileId, [null]);
      }
    } catch {
      return; // the connection died with the process: nothing more was answered
    }
  }
}

test(`signed uploads, edits and deletes killed with SIGKILL mid-write ${CYCLES} times: nothing answered is lost, and every token taken stays spent`, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-crash-'));
  const seen: Answered = { files: new Map(), tokens: [], refusedTokens: [] };
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, base } = await start(dataDir);
      const running = Array.from({ length: CLIENTS }, (_, n) => client(base, cycle * CLIENTS + n, seen));
      await sleep(700 + cycle * 150);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      await Promise.all(running);
    }
    const { child, base } = await start(dataDir);
    try {
      const listed: { fileId: string; tags: string[] | null }[] = [];
      for (let page: typeof listed = []; listed.length % 1000 === 0; listed.push(...page)) {
        page = (await (await fetch(`${base}/v1/files?limit=1000&skip=${listed.length}&type=file`, { headers: auth })).json()) as typeof listed;
        if (!page.length) break;
      }
      const stored = new Map(listed.map((f) => [f.fileId, f.tags]));
      let kept = 0;
      for (const [fileId, states] of seen.files) {
        const now = stored.has(fileId) ? stored.get(fileId)! : null;
        assert.ok(
          states.some((state) => JSON.stringify(state) === JSON.stringify(now)),
          `${fileId} is ${JSON.stringify(now)}, answered as ${JSON.stringify(states[0])}`,
        );
        if (states.length === 1 && states[0] !== null) kept++;
      }
      assert.ok(kept > CYCLES, `only ${kept} files were answered: the test did too little`);
      // Files are served from their bytes, so none points to nothing.
      for (const fileId of [...stored.keys()].slice(0, 20)) {
        const details = (await (await fetch(`${base}/v1/files/${fileId}/details`, { headers: auth })).json()) as { url: string };
        assert.equal((await fetch(details.url)).status, 200);
      }
      // A token taken before any crash is still spent, whether its upload was stored or refused.
      assert.ok(seen.refusedTokens.length > CYCLES, `only ${seen.refusedTokens.length} refused uploads: the test did too little`);
      const first = (tokens: string[]) => tokens[0]!;
      const last = (tokens: string[]) => tokens[tokens.length - 1]!;
      for (const token of [first(seen.tokens), last(seen.tokens), first(seen.refusedTokens), last(seen.refusedTokens)]) {
        const form = new FormData();
        form.append('file', new Blob(['again']), 'a.txt');
        for (const [k, v] of Object.entries({ fileName: 'again.txt', ...signed({ privateKey: PRIVATE, publicKey: PUBLIC, token }) })) form.append(k, v);
        const res = await fetch(`${base}/api/v1/files/upload`, { method: 'POST', body: form });
        assert.equal(res.status, 400);
        assert.match(((await res.json()) as { message: string }).message, /has been used before/);
      }
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
