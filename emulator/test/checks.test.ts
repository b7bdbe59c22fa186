import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChecks, type CheckFacts, CHECKS_FAILED, CHECKS_SYNTAX } from '../src/checks.js';
import { basic, emulator, HELP, jpeg, png, PRIVATE_KEY, upload, type TestEmulator } from './emulator-helpers.js';

/** `checks` (ImageKit's "Upload API Checks"): the grammar on its own, then through real uploads. */

function facts(overrides: { request?: Partial<CheckFacts['request']>; file?: Partial<CheckFacts['file']>; media?: CheckFacts['mediaMetadata'] } = {}): CheckFacts {
  return {
    request: {
      fileName: 'cat.png',
      folder: '/users/42/',
      tags: ['pets', 'cats'],
      useUniqueFileName: true,
      isPrivateFile: false,
      isPublished: true,
      customCoordinates: null,
      webhookUrl: undefined,
      overwriteFile: true,
      overwriteAITags: true,
      overwriteTags: true,
      overwriteCustomMetadata: true,
      customMetadata: { brand: 'Nike', price: 120, launch: '2024-05-01', colors: ['red', 'blue'], onSale: true },
      ...overrides.request,
    },
    file: { size: 2 * 1024 * 1024, mime: 'image/png', ...overrides.file },
    mediaMetadata: overrides.media ?? { width: 800, height: 600 },
    customMetadataTypes: new Map([
      ['brand', 'Text'],
      ['price', 'Number'],
      ['launch', 'Date'],
      ['colors', 'MultiSelect'],
      ['onSale', 'Boolean'],
    ] as const),
  };
}

const passes = (checks: string, f: CheckFacts = facts()) => parseChecks(checks).passes(f);

function refused(checks: string, detail: RegExp, f: CheckFacts = facts()) {
  assert.throws(
    () => parseChecks(checks).passes(f),
    (error: { status: number; message: string }) => {
      assert.equal(error.status, 400);
      assert.ok(error.message.startsWith(CHECKS_SYNTAX + ' '), error.message);
      assert.match(error.message.slice(CHECKS_SYNTAX.length), detail);
      return true;
    },
    checks,
  );
}

describe('the checks grammar', () => {
  test('sizes, numbers and mime types, as the docs write them', () => {
    assert.equal(passes('"file.size" < "5mb"'), true);
    assert.equal(passes('"file.size" < "1mb"'), false);
    assert.equal(passes('"file.size" <= 2mb'), true);
    assert.equal(passes('"file.size" >= 2097153'), false);
    assert.equal(passes('"file.size" = "2048kb"'), true);
    assert.equal(passes('"file.size" > "0.5gb"'), false);
    assert.equal(passes('"file.mime" : image'), true, '":" is "starts with"');
    assert.equal(passes('"file.mime": "image/jpeg"'), false);
    assert.equal(passes('"file.mime" = "image/png"'), true);
    assert.equal(passes('"file.mime" NOT = "image/png"'), false);
    assert.equal(passes('"file.mime" IN ["image/jpeg", "image/png"]'), true);
    assert.equal(passes('"file.mime" NOT IN ["image/jpeg","image/webp"]'), true);
    assert.equal(passes('"mediaMetadata.width" <= 1500 AND "mediaMetadata.height" <= 2000'), true);
    assert.equal(passes('"mediaMetadata.width" > 1500'), false);
  });

  test('request fields: folder, file name, booleans, tags', () => {
    assert.equal(passes('"request.folder" : "users/"'), true);
    assert.equal(passes('"request.folder" : "marketing/"'), false);
    assert.equal(passes('"request.folder" = "/users/42"'), true, 'slashes at either end do not matter');
    assert.equal(passes('"request.folder" = users/42/'), true);
    assert.equal(passes('"request.folder" NOT = marketing'), true);
    assert.equal(passes('"request.folder" IN ["/users/42", "/users/43"]'), true);
    assert.equal(passes('"request.folder" : "users/4"', facts({ request: { folder: '/users/4/' } })), true);
    assert.equal(passes('"request.folder" = "/"', facts({ request: { folder: '/' } })), true);
    assert.equal(passes('"request.fileName" : cat'), true);
    assert.equal(passes('"request.fileName" NOT IN ["cat.png"]'), false);
    assert.equal(passes('"request.useUniqueFileName" = true'), true);
    assert.equal(passes('"request.isPrivateFile" NOT = false'), false);
    assert.equal(passes('"request.tags" HAS cats'), true);
    assert.equal(passes('"request.tags" NOT HAS "cats"'), false);
    assert.equal(passes('"request.tags" HAS dogs', facts({ request: { tags: undefined } })), false);
    assert.equal(passes('"request.customCoordinates" = "1,2,3,4"'), false, 'no coordinates sent');
    assert.equal(passes('"request.customCoordinates" NOT = "1,2,3,4"'), true);
  });

  test('AND binds tighter than OR; parentheses group', () => {
    assert.equal(passes('"file.mime" : video OR "file.size" < 5mb AND "mediaMetadata.width" > 100'), true);
    assert.equal(passes('("file.mime" : video OR "file.size" < 5mb) AND "mediaMetadata.width" > 1000'), false);
    assert.equal(passes('"file.mime" : image OR ("mediaMetadata.width" = 1 AND "mediaMetadata.height" = 1)'), true);
    assert.equal(passes('  (  ( "file.size"<5mb ) )  '), true);
  });

  test('a value the file does not have passes nothing but a negation', () => {
    const pdf = facts({ file: { mime: 'application/pdf' }, media: {} });
    assert.equal(passes('"mediaMetadata.width" <= 1500', pdf), false);
    assert.equal(passes('"mediaMetadata.width" > 0 OR "file.mime" = "application/pdf"', pdf), true);
  });

  test('custom metadata fields, with the operators of their type', () => {
    assert.equal(passes('"request.customMetadata.brand" = Nike'), true);
    assert.equal(passes('"request.customMetadata.brand" IN ["Adidas", "Puma"]'), false);
    assert.equal(passes('"request.customMetadata.price" > 100 AND "request.customMetadata.price" NOT = 99'), true);
    assert.equal(passes('"request.customMetadata.launch" < "2025-01-01"'), true);
    assert.equal(passes('"request.customMetadata.colors" HAS red'), true);
    assert.equal(passes('"request.customMetadata.onSale" = false'), false);
    refused('"request.customMetadata.price" : 1', /"request.customMetadata.price" supports =, NOT =, >, >=, <, <=; not :/);
    refused('"request.customMetadata.colors" = red', /supports HAS, NOT HAS/);
    refused('"request.customMetadata.nope" = 1', /No custom metadata field is named "nope"/);
  });

  test('what the emulator does not know is refused with ImageKit\'s syntax message and the reason, never waved through', () => {
    refused('file.size < 1mb', /Expected "\(" or a quoted field name like "file.size" but "f" found \(at character 1\)/);
    refused('NOT ("file.size" < 1mb)', /at character 1/);
    refused('"file.size" < 1mb and "file.mime" : image', /Expected "AND", "OR", or end of input but "a" found/);
    refused('"file.size" < ', /Expected "\[" or a value but end of input found/);
    refused('"file.size" ~ 1', /Expected an operator/);
    refused('("file.size" < 1mb', /Expected/);
    refused('"file.size" : 1mb', /"file.size" supports =, >, >=, <, <=; not :/);
    refused('"file.size" NOT = 1mb', /not NOT =/);
    refused('"file.size" < lots', /"file.size" needs a number of bytes or a size like "1mb", not "lots"/);
    refused('"file.size" < 1tb', /needs a number of bytes/);
    refused('"mediaMetadata.width" > wide', /needs a number/);
    refused('"request.isPrivateFile" = yes', /true or false/);
    refused('"file.mime" IN "image/png"', /takes a list like \["a", "b"\]/);
    refused('"file.mime" = ["image/png"]', /takes one value, not a list/);
    refused('"request.tags" = cats', /supports HAS, NOT HAS/);
    refused('"file.name" = x', /"file.name" is not a field checks can test/);
    refused('"mediaMetadata.duration" < 10', /cannot check "mediaMetadata.duration": it reads no audio or video metadata/);
    refused('', /checks is empty/);
  });

  test('hostile input is refused quickly: deep nesting, huge expressions', () => {
    refused('('.repeat(21) + '"file.size" < 1' + ')'.repeat(21), /nested more than 20 deep/);
    assert.equal(passes('('.repeat(20) + '"file.size" > 1' + ')'.repeat(20)), true);
    refused('('.repeat(100_000), /longer than 4096 characters/);
    refused('"file.size" > 1 AND '.repeat(300) + '"file.size" > 1', /longer than 4096/);
    const many = Array.from({ length: 150 }, (_, i) => `"file.size" > ${i}`).join(' AND ');
    assert.equal(passes(many), true);
    refused('"file.mime" IN [' + '"a",'.repeat(2000) + '"b"]', /longer than 4096/);
  });
});

describe('checks on real uploads', () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await emulator();
  });
  after(async () => {
    await emu.stop();
  });

  const failed = { message: CHECKS_FAILED, help: HELP };

  test('v1: a failing check refuses the upload with ImageKit\'s message and stores nothing', async () => {
    const small = await upload(emu, { file: await png(10, 10), fields: { fileName: 'ok.png', folder: '/c', checks: '"file.size" < "1mb" AND "file.mime" : image' } });
    assert.equal(small.status, 200);
    const wide = await upload(emu, { file: await png(400, 10), fields: { fileName: 'wide.png', folder: '/c', checks: '"mediaMetadata.width" <= 300' } });
    assert.equal(wide.status, 400);
    assert.deepEqual(wide.body, failed);
    const notJpeg = await upload(emu, { file: await png(10, 10), fields: { fileName: 'fake.jpg', folder: '/c', checks: '"file.mime": "image/jpeg"' } });
    assert.deepEqual(notJpeg.body, failed, 'the type comes from the bytes, not the name');
    const jpg = await upload(emu, { file: await jpeg(10, 10), fields: { fileName: 'real.jpg', folder: '/c', checks: '"file.mime": "image/jpeg"' } });
    assert.equal(jpg.status, 200);
    const wrongFolder = await upload(emu, { file: await png(4, 4), fields: { fileName: 'm.png', folder: '/marketing', checks: '"request.folder" NOT = marketing' } });
    assert.deepEqual(wrongFolder.body, failed);
    const list = await fetch(`${emu.url}/v1/files?path=/c`, { headers: { authorization: basic(PRIVATE_KEY) } });
    assert.deepEqual(((await list.json()) as Array<{ name: string }>).map((f) => f.name.split('_')[0]).sort(), ['ok', 'real']);
  });

  test('checks see the file as stored, after a pre-transformation', async () => {
    const res = await upload(emu, {
      file: await png(400, 400),
      fields: { fileName: 'shrunk.png', checks: '"mediaMetadata.width" <= 100', transformation: JSON.stringify({ pre: 'w-100' }) },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.width, 100);
  });

  test('bad syntax is refused before any byte is stored; an empty checks field is none', async () => {
    const bad = await upload(emu, { file: await png(4, 4), fields: { fileName: 'b.png', checks: '"file.size" <' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /^Your request contains invalid syntax for the checks parameter\. Expected/);
    const hostile = await upload(emu, { file: await png(4, 4), fields: { fileName: 'h.png', checks: '('.repeat(200_000) } });
    assert.equal(hostile.status, 400);
    assert.match(hostile.body.message, /longer than 4096/);
    const empty = await upload(emu, { file: await png(4, 4), fields: { fileName: 'e.png', checks: '' } });
    assert.equal(empty.status, 200);
  });

  test('a check on a custom metadata field uses the field\'s definition', async () => {
    const define = await fetch(`${emu.url}/v1/customMetadataFields`, {
      method: 'POST',
      headers: { authorization: basic(PRIVATE_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'stock', label: 'Stock', schema: { type: 'Number', minValue: 0, maxValue: 1000 } }),
    });
    assert.equal(define.status, 201, await define.clone().text());
    const fields = (stock: number) => ({ fileName: 's.png', customMetadata: JSON.stringify({ stock }), checks: '"request.customMetadata.stock" > 10' });
    assert.equal((await upload(emu, { file: await png(4, 4), fields: fields(50) })).status, 200);
    assert.deepEqual((await upload(emu, { file: await png(4, 4), fields: fields(5) })).body, failed);
  });
});
