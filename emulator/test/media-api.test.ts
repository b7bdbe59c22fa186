import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { assertMatchesSchema } from './schema.js';

/**
 * The media API and custom metadata fields API over plain HTTP: every bad input gets its status
 * and a specific message in ImageKit's `{ message, help }` body, and changes nothing.
 */

const privateKey = 'private_media_test';
let dataDir: string;
let emulator: RunningEmulator;
const auth = { Authorization: 'Basic ' + Buffer.from(`${privateKey}:`).toString('base64') };
const HELP = 'For support kindly contact us at support@imagekit.io .';

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(emulator.url + path, {
    method,
    headers: { ...auth, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as any) : undefined };
}

async function uploadText(name: string, folder = '/media-api'): Promise<{ fileId: string; url: string }> {
  const form = new FormData();
  form.set('file', new Blob(['some text']), name);
  form.set('fileName', name);
  form.set('folder', folder);
  form.set('useUniqueFileName', 'false');
  const res = await fetch(`${emulator.url}/api/v1/files/upload`, { method: 'POST', headers: auth, body: form });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { fileId: string; url: string };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ik-media-api-'));
  emulator = await startEmulator({ port: 0, publicKey: 'public_media_test', privateKey, dataDir });
});

after(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('bad inputs', () => {
  let fileId: string;
  before(async () => {
    fileId = (await uploadText('target.txt')).fileId;
  });

  test('each gets its status and a specific message, and the file is unchanged', async () => {
    const before = await call('GET', `/v1/files/${fileId}/details`);
    const details = `/v1/files/${fileId}/details`;
    const table: Array<[string, string, unknown, number, string | RegExp]> = [
      ['GET', '/v1/files?limit=abc', undefined, 400, 'Your request contains invalid value for limit parameter. It should be an integer. Value sent is abc.'],
      ['GET', '/v1/files?skip=1.5', undefined, 400, 'Your request contains invalid value for skip parameter. It should be an integer. Value sent is 1.5.'],
      ['GET', '/v1/files?fileType=video', undefined, 400, 'Your request contains invalid value for fileType parameter. Please provide one of the following: all, image, non-image.'],
      ['GET', '/v1/files?searchQuery=' + encodeURIComponent('name ='), undefined, 400, 'Your request contains invalid syntax for the searchQuery parameter. The query ends too early.'],
      ['GET', '/v1/files?searchQuery=' + encodeURIComponent('colour = "red"'), undefined, 400, 'Your request contains invalid syntax for the searchQuery parameter. The field "colour" is not searchable here.'],
      ['GET', '/v1/files?searchQuery=' + encodeURIComponent('name = "a" name = "b"'), undefined, 400, 'Your request contains invalid syntax for the searchQuery parameter. Unexpected "name".'],
      ['GET', '/v1/files?searchQuery=' + encodeURIComponent('size < "big"'), undefined, 400, 'Your request contains invalid syntax for the searchQuery parameter. size needs a number of bytes or a size like "1mb".'],
      ['GET', '/v1/files/xyz/details', undefined, 400, 'Your request contains invalid fileId parameter.'],
      ['DELETE', '/v1/files/..%2F..%2Fetc', undefined, 400, 'Your request contains invalid fileId parameter.'],
      ['PATCH', details, '{"tags": [', 400, 'Your request body is not valid JSON.'],
      ['PATCH', details, [1, 2], 400, 'Your request body should be a JSON object.'],
      ['PATCH', details, { tag: ['x'] }, 400, /^Your request contains unknown parameters: tag\. The update API accepts tags, /],
      ['PATCH', details, { tags: 'a,b' }, 400, 'Your request contains invalid tags parameter. Send an array of strings, or null to remove every tag.'],
      ['PATCH', details, { tags: ['50%off'] }, 400, 'Your request contains invalid tags parameter. The character % is not allowed in tags.'],
      ['PATCH', details, { tags: ['a'.repeat(300), 'b'.repeat(300)] }, 400, 'Your request contains invalid tags parameter. The maximum length of all characters should not exceed 500.'],
      ['PATCH', details, { customCoordinates: '1,2,3,x' }, 400, 'Your request contains invalid customCoordinates parameter. It should be four integers in the format x,y,width,height, e.g. 10,10,100,100.'],
      ['PATCH', details, { customMetadata: '{"a":1}' }, 400, 'Invalid custom metadata. customMetadata should be a JSON object.'],
      ['PATCH', details, { customMetadata: { nope: 1 } }, 400, /^Invalid custom metadata\. "nope" is not a defined custom metadata field/],
      ['PATCH', details, { customCoordinates: 12 }, 400, 'Your request contains invalid customCoordinates parameter. Send a string x,y,width,height, e.g. 10,10,100,100, or null to remove them.'],
      ['PATCH', details, { removeAITags: 'some' }, 400, 'Your request contains invalid removeAITags parameter. Send an array of AITag names, or "all".'],
      ['PATCH', details, { publish: { isPublished: 'yes' } }, 400, /^Your request contains invalid publish parameter\./],
      ['PATCH', details, { webhookUrl: 'not a url' }, 400, 'Your request contains invalid webhookUrl parameter. Send an absolute URL.'],
      ['PATCH', details, { extensions: [{ maxTags: 5 }] }, 400, 'Your request contains invalid extensions parameter. extensions[0] should be an object with a name.'],
      ['PATCH', '/v1/files/5f1d3e1a2b3c4d5e6f708192/details', { tags: ['x'] }, 404, 'The requested file does not exist.'],
      ['POST', '/v1/customMetadataFields', '{', 400, 'Your request body is not valid JSON.'],
      ['POST', '/v1/customMetadataFields', { label: 'x', schema: { type: 'Text' } }, 400, 'Your request is missing name parameter.'],
      ['POST', '/v1/customMetadataFields', { name: 'x', label: 'x', schema: 'Text' }, 400, 'Invalid schema object. schema should be an object.'],
      ['POST', '/v1/customMetadataFields', { name: 'x', label: 'x', schema: { type: 'Colour' } }, 400, 'Invalid schema object. type should be one of Text, Textarea, Number, Date, Boolean, SingleSelect, MultiSelect.'],
      ['PATCH', '/v1/customMetadataFields/', { label: 'x' }, 400, 'Missing id parameter.'],
      ['PATCH', '/v1/customMetadataFields/xyz', { label: 'x' }, 400, 'Your request contains invalid ID parameter.'],
      ['DELETE', '/v1/customMetadataFields/5f1d3e1a2b3c4d5e6f708192', undefined, 404, 'No such custom metadata field exists.'],
    ];
    for (const [method, path, body, status, message] of table) {
      const res = await call(method, path, body);
      const where = `${method} ${path} ${typeof body === 'string' ? body : JSON.stringify(body)}`;
      assert.equal(res.status, status, where);
      if (typeof message === 'string') assert.equal(res.json.message, message, where);
      else assert.match(res.json.message, message, where);
      assert.equal(res.json.help, HELP, where);
      assert.match(res.headers.get('x-ik-requestId') ?? '', /^[0-9a-f-]{36}$/, where);
    }
    const afterAll = await call('GET', `/v1/files/${fileId}/details`);
    assert.deepEqual(afterAll.json, before.json, 'no refused request changed the file');
  });

  test('an unknown path or verb under /v1 is a 404, never a file', async () => {
    for (const [method, path] of [['POST', '/v1/files'], ['PUT', `/v1/files/${fileId}/details`], ['GET', '/v1/files/x/y/z']]) {
      const res = await call(method!, path!);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.json.message, 'The requested resource does not exist.');
    }
  });
});

describe('updates', () => {
  test('unpublishing hides the url; publishing brings it back', async () => {
    const up = await uploadText('draft.txt');
    const hidden = await call('PATCH', `/v1/files/${up.fileId}/details`, { publish: { isPublished: false } });
    assert.equal(hidden.status, 200);
    assertMatchesSchema('FileUpdate', hidden.json);
    assert.equal(hidden.json.isPublished, false);
    assert.equal((await fetch(up.url)).status, 404);
    await call('PATCH', `/v1/files/${up.fileId}/details`, { publish: { isPublished: true } });
    assert.equal((await fetch(up.url)).status, 200);
  });

  test('extensions with a webhookUrl are pending (they run after the answer); description and removeAITags apply', async () => {
    const up = await uploadText('described.txt');
    const res = await call('PATCH', `/v1/files/${up.fileId}/details`, {
      extensions: [{ name: 'google-auto-tagging', maxTags: 5, minConfidence: 80 }],
      webhookUrl: 'https://example.com/hook',
      description: 'A text file',
      removeAITags: 'all',
    });
    assert.equal(res.status, 200);
    assertMatchesSchema('FileUpdate', res.json);
    assert.deepEqual(res.json.extensionStatus, { 'google-auto-tagging': 'pending' });
    assert.equal(res.json.description, 'A text file');
    assert.equal(res.json.AITags, null);
    const details = await call('GET', `/v1/files/${up.fileId}/details`);
    assert.equal(details.json.description, 'A text file');
    assert.equal(details.json.extensionStatus, undefined);
  });

  test('concurrent updates of different custom metadata keys all land', async () => {
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    for (const name of keys) {
      const made = await call('POST', '/v1/customMetadataFields', { name, label: name, schema: { type: 'Text' } });
      assert.equal(made.status, 201);
      assertMatchesSchema('CustomMetadataField', made.json);
    }
    const up = await uploadText('busy.txt');
    const results = await Promise.all(
      keys.map((k) => call('PATCH', `/v1/files/${up.fileId}/details`, { customMetadata: { [k]: `value of ${k}` } })),
    );
    assert.ok(results.every((r) => r.status === 200));
    const details = await call('GET', `/v1/files/${up.fileId}/details`);
    assert.deepEqual(details.json.customMetadata, Object.fromEntries(keys.map((k) => [k, `value of ${k}`])));
  });

  test('legacy name and tags filters of the list API', async () => {
    await uploadText('legacy-a.txt', '/legacy');
    const b = await uploadText('legacy-b.txt', '/legacy');
    await call('PATCH', `/v1/files/${b.fileId}/details`, { tags: ['blue', 'sale'] });
    const byName = await call('GET', '/v1/files?name=legacy-a.txt');
    assert.deepEqual(byName.json.map((f: { name: string }) => f.name), ['legacy-a.txt']);
    const byTag = await call('GET', '/v1/files?tags=red,sale');
    assert.deepEqual(byTag.json.map((f: { name: string }) => f.name), ['legacy-b.txt']);
    // With searchQuery, name and tags have no effect (the spec says so).
    const both = await call('GET', '/v1/files?path=/legacy&name=nothing&searchQuery=' + encodeURIComponent('name : "legacy"'));
    assert.equal(both.json.length, 2);
  });

  test('folders: those the files\' paths create, listed per parent with type=folder or all', async () => {
    await uploadText('x.txt', '/tree/a/b');
    await uploadText('y.txt', '/tree/a');
    const top = await call('GET', '/v1/files?type=folder&path=/tree');
    assert.equal(top.status, 200);
    for (const folder of top.json) assertMatchesSchema('FolderDetails', folder);
    assert.deepEqual(top.json.map((f: { folderPath: string; name: string }) => [f.folderPath, f.name]), [['/tree/a', 'a']]);
    const all = await call('GET', '/v1/files?type=all&path=/tree/a/&sort=ASC_NAME');
    assert.deepEqual(all.json.map((f: { type: string; name: string }) => `${f.type}:${f.name}`), ['folder:b', 'file:y.txt']);
    // Same folder, same id, whatever the request.
    const again = await call('GET', '/v1/files?type=folder&path=/tree');
    assert.equal(again.json[0].folderId, top.json[0].folderId);
    // A folder is kept when its last file goes, as on ImageKit (DELETE /v1/folder removes it).
    const [only] = (await call('GET', '/v1/files?path=/tree/a/b')).json;
    assert.equal((await call('DELETE', `/v1/files/${only.fileId}`)).status, 204);
    assert.deepEqual((await call('GET', '/v1/files?type=folder&path=/tree/a')).json.map((f: { name: string }) => f.name), ['b']);
  });

  test('type=file-version lists the versions that are not current, each serving its own bytes', async () => {
    const upload = async (text: string) => {
      const form = new FormData();
      form.set('file', new Blob([text]), 'v.txt');
      form.set('fileName', 'v.txt');
      form.set('folder', '/versioned');
      form.set('useUniqueFileName', 'false');
      form.set('tags', text);
      const res = await fetch(`${emulator.url}/api/v1/files/upload`, { method: 'POST', headers: auth, body: form });
      assert.equal(res.status, 200);
      return (await res.json()) as { fileId: string; versionInfo: { id: string; name: string } };
    };
    const first = await upload('first');
    const second = await upload('second');
    const files = await call('GET', '/v1/files?path=/versioned');
    assert.deepEqual(files.json.map((f: { versionInfo: unknown }) => f.versionInfo), [second.versionInfo]);
    const versions = await call('GET', '/v1/files?type=file-version&path=/versioned');
    assert.equal(versions.status, 200);
    assert.equal(versions.json.length, 1);
    const [old] = versions.json;
    assertMatchesSchema('FileDetails', old);
    assert.equal(old.type, 'file-version');
    assert.equal(old.fileId, first.fileId);
    assert.deepEqual(old.versionInfo, { id: first.fileId, name: 'Version 1' });
    assert.deepEqual(old.tags, ['first'], 'a version keeps the tags it had');
    assert.deepEqual(old.embeddedMetadata, {});
    assert.equal(await (await fetch(old.url)).text(), 'first');
    assert.equal(await (await fetch(files.json[0].url)).text(), 'second');
    // type=all is files and folders only, as the spec says.
    assert.ok((await call('GET', '/v1/files?type=all&path=/versioned')).json.every((a: { type: string }) => a.type !== 'file-version'));
  });
});
