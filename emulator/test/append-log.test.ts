import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, appendFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendLog } from '../src/append-log.js';
import { FileStore } from '../src/store.js';
import { TokenLedger } from '../src/auth.js';

async function withDir(run: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'ik-log-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('every append is on disk once it resolves, in order, however many run at once', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'a.log');
    const { log, entries } = await AppendLog.open<number>(path);
    assert.deepEqual(entries, []);
    await Promise.all(Array.from({ length: 500 }, (_, i) => log.append(i)));
    assert.deepEqual(await lines(path), Array.from({ length: 500 }, (_, i) => i));
    assert.equal(log.count, 500);
    await log.close();
    await assert.rejects(log.append(1), /closed/);
    const again = await AppendLog.open<number>(path);
    assert.equal(again.entries.length, 500);
    await again.log.close();
  });
});

test('a line torn by a crash is dropped at open and never runs into the next append', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'a.log');
    await writeFile(path, '["x",1]\n["y",2]\n["z",');
    const { log, entries } = await AppendLog.open<[string, number]>(path);
    assert.deepEqual(entries, [['x', 1], ['y', 2]]);
    await log.append(['w', 3]);
    await log.close();
    assert.deepEqual(await lines(path), [['x', 1], ['y', 2], ['w', 3]]);
  });
});

test('open keeps what keep() returns; rewrite replaces the file and later appends follow it', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'a.log');
    await writeFile(path, '1\n2\n3\n4\n');
    const { log } = await AppendLog.open<number>(path, (entries) => entries.filter((n) => n % 2 === 0));
    assert.deepEqual(await lines(path), [2, 4]);
    // Appends queued before a rewrite are the caller's to include in it; later ones land after it.
    const before = log.append(5);
    const rewritten = log.rewrite([4, 5]);
    const after = log.append(6);
    await Promise.all([before, rewritten, after]);
    assert.deepEqual(await lines(path), [4, 5, 6]);
    assert.equal(log.count, 3);
    await log.close();
    assert.deepEqual((await readdir(dir)).sort(), ['a.log'], 'no temp file left');
  });
});

test('the token ledger: a token is spent once, across a reopen; expired ones are dropped from disk; the old JSON document is taken over', async () => {
  await withDir(async (dir) => {
    const now = Math.floor(Date.now() / 1000);
    let store = await FileStore.open(dir);
    // A data dir from before the log: tokens in docs/used-tokens.json.
    await store.writeDoc('used-tokens', { old: now + 600, gone: now - 5 });
    await store.flush();
    let ledger = await TokenLedger.open(store);
    assert.equal(ledger.spend('old', now + 600, {}), false, 'a token from the old document stays spent');
    const uploads = Array.from({ length: 50 }, () => ({}));
    assert.ok(uploads.every((u, i) => ledger.spend(`t${i}`, now + 600, u)));
    assert.equal(ledger.spend('t3', now + 600, {}), false);
    await Promise.all(uploads.map((u) => ledger.durable(u)));
    await store.close();
    await appendFile(join(dir, 'docs', 'used-tokens.log'), JSON.stringify(['expired', now - 1]) + '\n');

    store = await FileStore.open(dir);
    ledger = await TokenLedger.open(store);
    for (const token of ['old', 't0', 't49']) assert.equal(ledger.spend(token, now + 600, {}), false, token);
    const onDisk = (await lines(join(dir, 'docs', 'used-tokens.log'))).map(([t]: [string]) => t);
    assert.equal(onDisk.length, 51);
    assert.ok(!onDisk.includes('expired') && !onDisk.includes('gone'), 'expired tokens are not kept');
    assert.ok(!(await readdir(join(dir, 'docs'))).includes('used-tokens.json'), 'the old document is gone');
    await store.close();
  });
});

test('the token ledger: durable(upload) waits for the token that upload spent, whoever else spends meanwhile', async () => {
  await withDir(async (dir) => {
    const now = Math.floor(Date.now() / 1000);
    const store = await FileStore.open(dir);
    const ledger = await TokenLedger.open(store);
    const uploads = Array.from({ length: 16 }, () => ({}));
    uploads.forEach((u, i) => assert.ok(ledger.spend(`u${i}`, now + 600, u)));
    // Each upload, once its token is durable, finds it in the file, as a restarted emulator would.
    await Promise.all(uploads.map(async (u, i) => {
      await ledger.durable(u);
      const onDisk = (await lines(join(dir, 'docs', 'used-tokens.log'))).map(([t]: [string]) => t);
      assert.ok(onDisk.includes(`u${i}`), `u${i} is on disk when its upload is answered`);
    }));
    await ledger.durable({}); // an upload that spent no token (private-key auth) waits for nothing
    await store.close();
    await assert.rejects(() => (ledger.spend('late', now + 600, uploads[0]!), ledger.durable(uploads[0]!)), /closed/, 'a save that fails is the upload\'s failure');
  });
});

const media = { size: 3, mime: 'text/plain', fileType: 'non-image' as const, hasAlpha: false, embeddedMetadata: null };
const metadata = { tags: null, AITags: null, customCoordinates: null, customMetadata: {}, isPrivateFile: false, isPublished: true };

test('the token ledger: the record line of a stored upload carries its token, one write for both; it stays spent across a reopen and a compaction of records.log', async () => {
  await withDir(async (dir) => {
    const now = Math.floor(Date.now() / 1000);
    let store = await FileStore.open(dir);
    let ledger = await TokenLedger.open(store);
    const upload = {};
    assert.ok(ledger.spend('carried', now + 600, upload));
    const bytes = store.draftBlob();
    await writeFile(bytes, 'abc');
    const made = await store.create({ name: 'a.txt', filePath: '/a.txt', ...metadata }, media, bytes, ledger.toCarry(upload));
    ledger.carried(upload);
    assert.equal(ledger.toCarry(upload), undefined, 'nothing left to carry');
    await ledger.durable(upload); // writes nothing more
    assert.deepEqual((await lines(join(dir, 'records.log'))).map((l) => l.spent), [['carried', now + 600]], 'the record line holds the token');
    assert.deepEqual(await lines(join(dir, 'docs', 'used-tokens.log')).catch(() => []), [], 'and no second log was written');
    // A line carrying a token that has expired since: compaction does not keep it.
    const again = store.draftBlob();
    await writeFile(again, 'abcd');
    await store.addVersion(made.fileId, metadata, { ...media, size: 4 }, again, ['expired', now - 10]);
    await store.close();

    store = await FileStore.open(dir);
    ledger = await TokenLedger.open(store);
    assert.equal(ledger.spend('carried', now + 600, {}), false, 'refused after a reopen');
    // Enough changes to compact records.log (more than twice its live lines, plus 1024).
    for (let i = 0; i < 1100; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => store.update(made.fileId, (r) => void (r.tags = [`t${i + k}`]))));
    }
    const compacted = await lines(join(dir, 'records.log'));
    assert.ok(compacted.length < 200, `records.log was compacted (${compacted.length} lines)`);
    assert.deepEqual(compacted.filter((l) => l.spent).map((l) => l.spent[0]), ['carried'], 'the live token stays, the expired one goes');
    await store.close();

    store = await FileStore.open(dir);
    ledger = await TokenLedger.open(store);
    assert.equal(ledger.spend('carried', now + 600, {}), false, 'still refused after the compaction and a reopen');
    assert.equal(ledger.spend('expired', now + 600, {}), true, 'an expired one is forgotten (its expire refuses a replay anyway)');
    await store.close();
  });
});
