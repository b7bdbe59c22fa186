import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { listTree } from './emulator-helpers.js';

/**
 * Hostile input on every path of the media library API that writes: folder and file
 * parameters that try to climb out (`..`, backslashes, encoded dots, NUL, bidi overrides),
 * names that would be paths, ids that would be file names, bodies of the wrong shape. Each is
 * refused with a specific 400 or sanitised into a plain name; afterwards the data folder holds
 * only the emulator's own layout, nothing was written beside it, and the library still serves.
 */

const privateKey = 'private_ops_hostile';
const auth = { Authorization: 'Basic ' + Buffer.from(`${privateKey}:`).toString('base64') };
let root: string;
let dataDir: string;
let outside: string;
let emulator: RunningEmulator;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(emulator.url + path, {
    method,
    headers: { ...auth, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function upload(folder: string, name: string): Promise<{ fileId: string; filePath: string; url: string }> {
  const form = new FormData();
  form.set('file', new Blob([`bytes of ${name}`]), name);
  form.set('fileName', name);
  form.set('folder', folder);
  form.set('useUniqueFileName', 'false');
  const res = await fetch(`${emulator.url}/api/v1/files/upload`, { method: 'POST', headers: auth, body: form });
  assert.equal(res.status, 200);
  return (await res.json()) as { fileId: string; filePath: string; url: string };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'ik-ops-hostile-'));
  dataDir = join(root, 'data');
  outside = join(root, 'outside');
  mkdirSync(outside);
  emulator = await startEmulator({ port: 0, publicKey: 'public_ops_hostile', privateKey, dataDir });
  await upload('/safe', 'target.txt');
});

after(async () => {
  await emulator.close();
  rmSync(root, { recursive: true, force: true });
});

const CLIMBS = ['../outside', '/../../outside', 'a/../../outside', '..\\..\\outside', '%2e%2e/outside', 'nul\u0000byte', 'ünï\u202Ecode', 'semi;colon', 'dot.ted'];

test('folder parameters that are not folders are refused with INVALID_FOLDER_PATH, on every operation', async () => {
  for (const bad of CLIMBS) {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['POST', '/v1/files/copy', { sourceFilePath: '/safe/target.txt', destinationPath: bad }],
      ['POST', '/v1/files/move', { sourceFilePath: '/safe/target.txt', destinationPath: bad }],
      ['POST', '/v1/folder', { folderName: 'x', parentFolderPath: bad }],
      ['POST', '/v1/bulkJobs/copyFolder', { sourceFolderPath: '/safe', destinationPath: bad }],
      ['POST', '/v1/bulkJobs/moveFolder', { sourceFolderPath: '/safe', destinationPath: bad }],
      ['POST', '/v1/bulkJobs/copyFolder', { sourceFolderPath: bad, destinationPath: '/elsewhere' }],
      ['POST', '/v1/bulkJobs/renameFolder', { folderPath: bad, newFolderName: 'x' }],
      ['DELETE', '/v1/folder', { folderPath: bad }],
    ];
    for (const [method, path, body] of cases) {
      const res = await call(method, path, body);
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.json)}`);
      assert.equal(res.json.reason, 'INVALID_FOLDER_PATH', `${path} ${JSON.stringify(bad)}`);
      assert.ok(res.json.message.length > 0);
    }
  }
  const deep = Array.from({ length: 50 }, (_, i) => `l${i}`).join('/');
  const tooDeep = await call('POST', '/v1/folder', { folderName: 'one-more', parentFolderPath: deep });
  assert.deepEqual([tooDeep.status, tooDeep.json.reason], [400, 'INVALID_FOLDER_PATH']);
});

test('names that would be paths are sanitised into plain names in the same folder', async () => {
  const file = await upload('/names', 'plain.txt');
  const renamed = await call('PUT', '/v1/files/rename', { filePath: file.filePath, newFileName: '../../outside/evil\u0000.txt' });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
  const after = await call('GET', `/v1/files/${file.fileId}/details`);
  assert.equal(after.json.filePath, '/names/.._.._outside_evil_.txt');
  assert.equal((await fetch(after.json.url)).status, 200);

  const dots = await call('PUT', '/v1/files/rename', { filePath: '/names/.._.._outside_evil_.txt', newFileName: '..' });
  assert.equal(dots.status, 200);
  assert.equal((await call('GET', `/v1/files/${file.fileId}/details`)).json.filePath, '/names/__');

  assert.equal((await call('POST', '/v1/folder', { folderName: '../up\\and/out', parentFolderPath: '/names' })).status, 201);
  const folders = (await call('GET', '/v1/files?type=folder&path=/names')).json.map((f: { folderPath: string }) => f.folderPath);
  assert.deepEqual(folders, ['/names/___up_and_out']);

  const job = await call('POST', '/v1/bulkJobs/renameFolder', { folderPath: '/names/___up_and_out', newFolderName: '../../x y' });
  assert.equal(job.status, 202);
  assert.deepEqual((await call('GET', '/v1/files?type=folder&path=/names')).json.map((f: { folderPath: string }) => f.folderPath), ['/names/______x_y']);
});

test('names over 255 characters and paths over 1024 are refused, so every URL stays servable', async () => {
  const long = 'n'.repeat(256);
  const file = await upload('/lengths', 'short.txt');
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['PUT', '/v1/files/rename', { filePath: file.filePath, newFileName: `${long}.txt` }, 'INVALID_PARAMETER'],
    ['POST', '/v1/folder', { folderName: long, parentFolderPath: '/lengths' }, 'INVALID_FOLDER_PATH'],
    ['POST', '/v1/files/copy', { sourceFilePath: file.filePath, destinationPath: `/ok/${long}` }, 'INVALID_FOLDER_PATH'],
    ['POST', '/v1/bulkJobs/renameFolder', { folderPath: '/lengths', newFolderName: long }, 'INVALID_PARAMETER'],
  ];
  for (const [method, path, body, reason] of cases) {
    const res = await call(method, path, body);
    assert.deepEqual([res.status, res.json.reason], [400, reason], `${path}: ${JSON.stringify(res.json)}`);
    assert.match(res.json.message, /at most 255 characters long; this one has 2\d\d\./);
  }
  // Four folders of 240 characters: a path of 964. Moving it under a 100-character folder would make 1 066.
  const deep = Array.from({ length: 4 }, (_, i) => String(i).repeat(240)).join('/');
  assert.equal((await call('POST', '/v1/folder', { folderName: 'leaf', parentFolderPath: `/${deep}` })).status, 201);
  await upload(`/${deep}/leaf`, 'f.txt');
  const tooLong = await call('POST', '/v1/bulkJobs/moveFolder', { sourceFolderPath: `/${deep.split('/')[0]}`, destinationPath: `/${'m'.repeat(100)}` });
  assert.deepEqual([tooLong.status, tooLong.json.reason], [400, 'INVALID_FOLDER_PATH'], JSON.stringify(tooLong.json));
  assert.match(tooLong.json.message, /a path can be at most 1024/);
  assert.equal((await call('GET', `/v1/files?path=${encodeURIComponent(`/${deep}/leaf`)}`)).json.length, 1, 'nothing moved');
});

test('ids that would be file names are refused or not found, never read from disk', async () => {
  const cases: Array<[string, string, number]> = [
    ['GET', '/v1/files/..%2F..%2Frecords/versions', 400],
    ['PUT', '/v1/files/0123456789abcdef01234567/versions/..%2Fblobs/restore', 400],
    ['GET', '/v1/files/%2e%2e/metadata', 400],
    ['GET', '/v1/saved-extensions/..%2F..%2Femulator.pid', 400],
    ['PATCH', '/v1/saved-extensions/..%2Fx', 400],
    ['GET', '/v1/accounts/origins/..%2F..%2Fdocs%2Fused-tokens', 404],
    ['GET', '/v1/accounts/url-endpoints/%2e%2e', 404],
    ['GET', '/v1/named-transformations/..%2F..%2Fx', 404],
    ['GET', '/v1/bulkJobs/..%2F..%2Frecords', 404],
    ['GET', '/v1/files/purge/..%2F..%2Frecords', 400],
  ];
  for (const [method, path, status] of cases) {
    const res = await call(method, path, method === 'PATCH' ? { name: 'x' } : undefined);
    assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.json)}`);
  }
});

test('bodies of the wrong shape get a specific 400 and change nothing', async () => {
  const before = await listTree(dataDir);
  const cases: Array<[string, string, unknown, string | RegExp]> = [
    ['POST', '/v1/files/copy', [], 'Your request body should be a JSON object.'],
    ['POST', '/v1/files/copy', 'null', 'Your request body should be a JSON object.'],
    ['POST', '/v1/files/copy', '{"sourceFilePath":', /not valid JSON/],
    ['POST', '/v1/files/copy', { sourceFilePath: 5, destinationPath: '/x' }, 'Your request contains invalid sourceFilePath parameter. It should be a string.'],
    ['POST', '/v1/files/move', { destinationPath: '/x' }, 'Your request is missing sourceFilePath parameter.'],
    ['POST', '/v1/files/copy', { sourceFilePath: '/safe/target.txt', destinationPath: '/x', includeFileVersions: 'yes' }, /includeFileVersions/],
    ['PUT', '/v1/files/rename', { filePath: '/safe/target.txt', newFileName: ['a'] }, /newFileName/],
    ['POST', '/v1/files/addTags', { fileIds: 'abc', tags: ['a'] }, 'fileIds should be an Array.'],
    ['POST', '/v1/files/addTags', { fileIds: ['0123456789abcdef01234567'], tags: 'a' }, /array of strings/],
    ['POST', '/v1/files/addTags', { fileIds: ['0123456789abcdef01234567'], tags: ['a%b'] }, /cannot contain %/],
    ['POST', '/v1/files/addTags', { fileIds: ['0123456789abcdef01234567'], tags: ['x'.repeat(501)] }, /less than or equal to 500/],
    ['POST', '/v1/files/batch/deleteByFileIds', { fileIds: Array.from({ length: 101 }, (_, i) => String(i)) }, 'fileIds cannot have more than 100 items.'],
    ['POST', '/v1/files/removeAITags', { fileIds: ['0123456789abcdef01234567'] }, 'AITags parameter is missing.'],
    ['POST', '/v1/folder', { folderName: '', parentFolderPath: '/' }, 'Your request is missing folderName parameter.'],
    ['POST', '/v1/bulkJobs/renameFolder', {}, 'folderPath parameter is missing.'],
    ['POST', '/v1/files/purge', { url: 'file:///etc/passwd' }, 'The URL is not valid for cache purging.'],
    ['POST', '/v1/saved-extensions', { name: 'x', description: 'y', config: { name: 'saved-extension', id: 'z' } }, /cannot refer to another saved extension/],
    ['POST', '/v1/accounts/origins', { type: 'S3', name: '<script>', bucket: 'b', accessKey: 'a', secretKey: 's' }, 'name can contain only letters, digits and spaces'],
    ['POST', '/v1/accounts/url-endpoints', { description: 'd', urlPrefix: '../x' }, /urlPrefix can contain only letters, digits and hyphens/],
    ['POST', '/v1/named-transformations', { name: '../x', transformation: 'w-10' }, /name is required and can contain only letters, digits and _/],
    ['GET', '/v1/accounts/usage?startDate=2024-01-01', undefined, 'startDate and endDate are required in query parameters.'],
  ];
  for (const [method, path, body, message] of cases) {
    const res = await call(method, path, body);
    assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.json)}`);
    if (typeof message === 'string') assert.equal(res.json.message, message, path);
    else assert.match(res.json.message, message, path);
  }
  assert.deepEqual(await listTree(dataDir), before, 'nothing was written');
});

test('after all of it: only the emulator\'s own layout in the data folder, nothing beside it, and the library serves', async () => {
  await emulator.store.flush();
  assert.deepEqual(readdirSync(outside), []);
  assert.deepEqual(readdirSync(root).sort(), ['data', 'outside']);
  for (const path of await listTree(dataDir)) {
    assert.match(
      path,
      /^(records\.log|blobs\/[0-9a-f]{24}|folders\/[0-9a-f]{24}\.json|docs\/[a-z0-9-]+\.(json|log)|docs\/[a-z0-9-]+\/[A-Za-z0-9_-]+\.json|emulator\.pid)$/,
      path,
    );
  }
  const [target] = (await call('GET', '/v1/files?path=/safe')).json;
  assert.equal(await (await fetch(target.url)).text(), 'bytes of target.txt');
});
