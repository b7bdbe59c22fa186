import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore, StoreError, copyOf, currentVersion, type MediaInfo } from '../src/store.js';
import { listTree } from './emulator-helpers.js';

const media: MediaInfo = { size: 3, mime: 'text/plain', fileType: 'non-image', hasAlpha: false, embeddedMetadata: null };
const metadata = {
  tags: null,
  AITags: null,
  customCoordinates: null,
  customMetadata: {},
  isPrivateFile: false,
  isPublished: true,
};

async function withDir(run: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'ik-store-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function staged(store: FileStore, text: string): Promise<string> {
  const path = store.draftBlob();
  await writeFile(path, text);
  return path;
}

test('records and bytes survive reopening; what a crash leaves half-done is swept', async () => {
  await withDir(async (dir) => {
    const store = await FileStore.open(dir);
    const made = await store.create({ name: 'a.txt', filePath: '/docs/a.txt', ...metadata }, media, await staged(store, 'abc'));
    await store.addVersion(made.fileId, { ...metadata, tags: ['v2'] }, { ...media, size: 4 }, await staged(store, 'abcd'));
    const folder = store.getFolder('/docs');
    await store.close();

    // What a crash could leave: an upload mid-stream (in blobs/ under no record; an older
    // emulator's in tmp/), bytes whose record was never written, and a record line cut off
    // mid-write (its upload was never answered).
    await writeFile(join(dir, 'blobs', '89abcdef0123456789abcdef'), 'partial');
    await mkdir(join(dir, 'tmp'));
    await writeFile(join(dir, 'tmp', 'half-an-upload'), 'partial');
    await writeFile(join(dir, 'blobs', '0123456789abcdef01234567'), 'orphan bytes');
    await appendFile(join(dir, 'records.log'), '{"put":{"type":"file","fileId":"0123456789abcdef01234567","trunc');
    assert.ok(folder, 'the upload made its folder');
    await writeFile(join(dir, 'folders', `${folder.folderId}.json.abc123.tmp`), '{"truncat');

    const reopened = await FileStore.open(dir);
    const record = reopened.getByPath('/docs/a.txt');
    assert.ok(record);
    assert.equal(record.fileId, made.fileId);
    assert.deepEqual(record.versions.map((v) => v.name), ['Version 1', 'Version 2']);
    assert.deepEqual(record.tags, ['v2']);
    assert.equal(await readFile(reopened.bytesPath(currentVersion(record)), 'utf8'), 'abcd');
    assert.deepEqual(reopened.getFolder('/docs'), folder);
    const tree = await listTree(dir);
    assert.deepEqual(
      tree.sort(),
      [
        `blobs/${record.versions[0]!.id}`,
        `blobs/${record.versions[1]!.id}`,
        'records.log',
        `folders/${folder.folderId}.json`,
        'emulator.pid',
      ].sort(),
    );
  });
});

test('a path holds one file: a second create at it is refused, even when racing', async () => {
  await withDir(async (dir) => {
    const store = await FileStore.open(dir);
    const attempts = await Promise.allSettled(
      [1, 2, 3].map(async (i) => store.create({ name: 'x', filePath: '/x', ...metadata }, media, await staged(store, `v${i}`))),
    );
    assert.equal(attempts.filter((a) => a.status === 'fulfilled').length, 1);
    for (const a of attempts) if (a.status === 'rejected') assert.ok(a.reason instanceof StoreError && a.reason.code === 'path-taken');
    assert.equal(store.list().length, 1);
    await store.close();
  });
});

test('update changes metadata, never identity or versions; a rename must go to a free path', async () => {
  await withDir(async (dir) => {
    const store = await FileStore.open(dir);
    const a = await store.create({ name: 'a', filePath: '/a', ...metadata }, media, await staged(store, 'a'));
    await store.create({ name: 'b', filePath: '/b', ...metadata }, media, await staged(store, 'b'));
    const updated = await store.update(a.fileId, (r) => {
      r.tags = ['t'];
      r.fileId = 'ffffffffffffffffffffffff';
      r.versions = [];
    });
    assert.equal(updated!.fileId, a.fileId);
    assert.deepEqual(updated!.tags, ['t']);
    assert.equal(updated!.versions.length, 1);
    await assert.rejects(store.update(a.fileId, (r) => void (r.filePath = '/b')), StoreError);
    const moved = await store.update(a.fileId, (r) => void (r.filePath = '/c'));
    assert.equal(store.getByPath('/c')?.fileId, moved!.fileId);
    assert.equal(store.getByPath('/a'), undefined);
    // Returned objects are copies: editing one changes nothing stored.
    store.get(a.fileId)!.tags = ['changed'];
    assert.deepEqual(store.get(a.fileId)!.tags, ['t']);
    await store.close();
  });
});

test('delete removes the record and every version\'s bytes', async () => {
  await withDir(async (dir) => {
    const store = await FileStore.open(dir);
    const a = await store.create({ name: 'a', filePath: '/a', ...metadata }, media, await staged(store, 'a'));
    await store.addVersion(a.fileId, metadata, media, await staged(store, 'b'));
    assert.equal(await store.delete(a.fileId), true);
    assert.equal(await store.delete(a.fileId), false);
    assert.deepEqual(await listTree(dir), ['emulator.pid', 'records.log']);
    await store.close();
    assert.equal((await FileStore.open(dir)).list().length, 0);
  });
});

test('named documents are written atomically and read back after reopening', async () => {
  await withDir(async (dir) => {
    const store = await FileStore.open(dir);
    assert.deepEqual(await store.readDoc('things', []), []);
    await Promise.all([1, 2, 3].map((n) => store.writeDoc('things', [n])));
    assert.deepEqual(await (await FileStore.open(dir)).readDoc('things', []), [3], 'writes land in call order');
    assert.throws(() => store.writeDoc('../escape', 1), TypeError);
  });
});

test('one data dir, one emulator: a second process is refused; a dead owner\'s lock is taken over', async () => {
  await withDir(async (dir) => {
    const { spawn } = await import('node:child_process');
    // A live process that is not this one owns the dir.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, 'emulator.pid'), String(other.pid));
      await assert.rejects(FileStore.open(dir), /in use by another emulator \(process \d+\)/);
    } finally {
      other.kill();
    }
    await new Promise((done) => other.once('exit', done));
    const store = await FileStore.open(dir); // its owner is gone now
    assert.equal(await readFile(join(dir, 'emulator.pid'), 'utf8'), String(process.pid));
    await store.close();
    assert.deepEqual(await listTree(dir), [], 'close releases the dir');
  });
});

test('a data folder of the one-file-per-record layout is taken over: records, and removals made since', async () => {
  await withDir(async (dir) => {
    const store = await FileStore.open(dir);
    const kept = await store.create({ name: 'a', filePath: '/a', ...metadata }, media, await staged(store, 'a'));
    const removed = await store.create({ name: 'b', filePath: '/b', ...metadata }, media, await staged(store, 'b'));
    await store.close();
    // As an older emulator left it: records/<fileId>.json, no records.log.
    await mkdir(join(dir, 'records'));
    for (const record of [kept, removed]) await writeFile(join(dir, 'records', `${record.fileId}.json`), JSON.stringify(record, null, 1));
    await rm(join(dir, 'records.log'));

    const taken = await FileStore.open(dir);
    assert.deepEqual(taken.list().map((r) => r.filePath), ['/a', '/b']);
    assert.ok(!(await listTree(dir)).some((p) => p.startsWith('records/')), 'records/ is folded into records.log');
    assert.equal(await taken.delete(removed.fileId), true);
    await taken.close();
    // A crash that left records/ behind after the log took it over: the removal still holds.
    await mkdir(join(dir, 'records'));
    await writeFile(join(dir, 'records', `${removed.fileId}.json`), JSON.stringify(removed));
    const again = await FileStore.open(dir);
    assert.deepEqual(again.list().map((r) => r.filePath), ['/a']);
    await again.close();
  });
});

test('records.log is compacted as records change: its length follows the records, not the changes', async () => {
  await withDir(async (dir) => {
    const store = await FileStore.open(dir);
    const record = await store.create({ name: 'a', filePath: '/a', ...metadata }, media, await staged(store, 'a'));
    for (let i = 0; i < 3000; i++) await store.update(record.fileId, (draft) => void (draft.tags = [`t${i}`]));
    const lines = (await readFile(join(dir, 'records.log'), 'utf8')).split('\n').filter(Boolean);
    assert.ok(lines.length <= 1026, `${lines.length} lines for one record`);
    await store.close();
    assert.deepEqual((await FileStore.open(dir)).get(record.fileId)!.tags, ['t2999']);
  });
});

test('copyOf copies JSON-shaped data deeply, as structuredClone does, and leaves other objects to it', () => {
  const customMetadata = JSON.parse('{"sku":"A-1","nested":{"list":[1,{"deep":true}]},"__proto__":{"polluted":true}}') as Record<string, unknown>;
  const record = { name: 'a.txt', tags: ['x'], AITags: null, customMetadata, extensionStatus: undefined, when: new Date(0), versions: [{ id: 'v', embeddedMetadata: { Make: 'Z' } }] };
  const copy = copyOf(record);
  assert.deepStrictEqual(copy, structuredClone(record));
  assert.ok('extensionStatus' in copy, 'an undefined property stays, as structuredClone keeps it');
  assert.ok(Object.hasOwn(copy.customMetadata, '__proto__'), 'an own __proto__ stays a property');
  assert.equal(Object.getPrototypeOf(copy.customMetadata), Object.prototype, 'and does not become the prototype');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.ok(copy.when instanceof Date && copy.when !== record.when);
  copy.tags.push('y');
  (copy.versions[0]!.embeddedMetadata as Record<string, string>).Make = 'changed';
  assert.deepEqual(record.tags, ['x']);
  assert.equal(record.versions[0]!.embeddedMetadata.Make, 'Z');
});
