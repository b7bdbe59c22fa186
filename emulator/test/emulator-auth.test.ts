import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import ImageKit, { toFile } from '@imagekit/nodejs';
import { basic, emulator, HELP, png, PRIVATE_KEY, PUBLIC_KEY, signed, upload, type TestEmulator } from './emulator-helpers.js';
import { assertMatchesSchema } from './schema.js';

let emu: TestEmulator;
before(async () => {
  emu = await emulator();
});
after(() => emu.stop());

const now = () => Math.floor(Date.now() / 1000);
const EXPIRE_MESSAGE =
  'Your request contains invalid expire parameter. Expire parameter should be a Unix time in less than 1 hour into the future.';

function assertError(res: { status: number; body: any }, status: number, message: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(res.body, { message, help: HELP });
}

test('a wrong signature is refused and nothing is stored', async () => {
  const auth = { ...signed(), signature: createHmac('sha1', 'another-key').update('x').digest('hex') };
  assertError(await upload(emu, { file: await png(2, 2), auth }), 400, 'Your request contains invalid signature parameter.');
  // Signed by a different private key: as wrong as garbage.
  assertError(await upload(emu, { file: await png(2, 2), auth: signed({ privateKey: 'not-the-key' }) }), 400, 'Your request contains invalid signature parameter.');
  assert.equal(emu.store.list().length, 0);
});

test('a signature over a different expire than the one sent is refused', async () => {
  const auth = signed();
  auth.expire = String(Number(auth.expire) + 1);
  assertError(await upload(emu, { file: await png(2, 2), auth }), 400, 'Your request contains invalid signature parameter.');
});

test('an expired, a far-future and a non-numeric expire are refused with ImageKit\'s message', async () => {
  for (const expire of [now() - 10, now() + 3600 + 5, now() + 24 * 3600]) {
    assertError(await upload(emu, { file: await png(2, 2), auth: signed({ expire }) }), 400, EXPIRE_MESSAGE);
  }
  const auth = { ...signed(), expire: 'soon' };
  assertError(await upload(emu, { file: await png(2, 2), auth }), 400, EXPIRE_MESSAGE);
  // Just under an hour ahead is fine.
  assert.equal((await upload(emu, { file: await png(2, 2), auth: signed({ expire: now() + 3590 }) })).status, 200);
});

test('a token is accepted once, even when the upload that used it failed', async () => {
  const auth = signed();
  assert.equal((await upload(emu, { file: await png(2, 2), auth })).status, 200);
  const reuse = `The token with value '${auth.token}' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.`;
  assertError(await upload(emu, { file: await png(2, 2), auth }), 400, reuse);

  const failing = signed();
  // Authenticated, then refused for the missing file: the token is spent all the same.
  assertError(await upload(emu, { auth: failing }), 400, 'Your request is missing file parameter.');
  assertError(await upload(emu, { file: await png(2, 2), auth: failing }), 400, `The token with value '${failing.token}' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.`);
});

test('of concurrent uploads with one token exactly one succeeds', async () => {
  const auth = signed();
  const bytes = await png(3, 3);
  const results = await Promise.all(Array.from({ length: 6 }, () => upload(emu, { file: bytes, auth })));
  assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(','));
});

test('used tokens survive a restart of the emulator, the tokens of stored and of refused uploads alike', async () => {
  const first = await emulator();
  const auth = signed();
  const refused = signed();
  try {
    assert.equal((await upload(first, { file: await png(2, 2), auth })).status, 200); // its record's line holds the token
    assert.equal((await upload(first, { auth: refused })).status, 400); // no file: the token is written alone
    await first.close();
    const again = await emulator({ dataDir: first.dataDir });
    try {
      for (const used of [auth, refused]) {
        const res = await upload(again, { file: await png(2, 2), auth: used });
        assertError(res, 400, `The token with value '${used.token}' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.`);
      }
    } finally {
      await again.close();
    }
  } finally {
    await first.stop();
  }
});

test('a wrong public key is 403; missing signature fields are named', async () => {
  assertError(await upload(emu, { file: await png(2, 2), auth: signed({ publicKey: 'public_someone_else' }) }), 403, 'Your account cannot be authenticated.');
  const { signature: _s, ...noSignature } = signed();
  assertError(await upload(emu, { file: await png(2, 2), auth: noSignature }), 400, 'Your request is missing signature parameter.');
  const { token: _t, ...noToken } = signed();
  assertError(await upload(emu, { file: await png(2, 2), auth: noToken }), 400, 'Your request is missing token parameter.');
  const { expire: _e, ...noExpire } = signed();
  assertError(await upload(emu, { file: await png(2, 2), auth: noExpire }), 400, 'Your request is missing expire parameter.');
});

test('server-side Basic auth: the private key as user name, any password', async () => {
  const ok = await upload(emu, { file: await png(2, 2), auth: false, headers: { Authorization: basic(PRIVATE_KEY, 'whatever') } });
  assert.equal(ok.status, 200);
  assertMatchesSchema('Upload', ok.body);
  assertError(await upload(emu, { file: await png(2, 2), auth: false }), 401, 'Your request does not contain private API key.');
  assertError(
    await upload(emu, { file: await png(2, 2), auth: false, headers: { Authorization: basic('not-the-key') } }),
    403,
    'Your account cannot be authenticated.',
  );
  assertError(
    await upload(emu, { file: await png(2, 2), auth: false, headers: { Authorization: basic(PUBLIC_KEY) } }),
    403,
    'Your account cannot be authenticated.',
  );
  assertError(
    await upload(emu, { file: await png(2, 2), headers: { Authorization: basic(PRIVATE_KEY) } }),
    400,
    'Your request contains both signature and basic auth parameter. Use only one method, you might be exposing your private API key.',
  );
});

test('an Authorization header of another scheme neither authenticates nor clashes with a signature', async () => {
  const bearer = { Authorization: 'Bearer some-proxy-token' };
  assertError(await upload(emu, { file: await png(2, 2), auth: false, headers: bearer }), 401, 'Your request does not contain private API key.');
  assert.equal((await upload(emu, { file: await png(2, 2), headers: bearer })).status, 200);
});

test('missing file and missing fileName get their 400s', async () => {
  assertError(await upload(emu, {}), 400, 'Your request is missing file parameter.');
  const res = await upload(emu, { file: await png(2, 2), fields: { fileName: '' } });
  assertError(res, 400, 'Your request is missing fileName parameter.');
});

test('parameters signed by the official Node SDK are accepted', async () => {
  const sdk = new ImageKit({ privateKey: PRIVATE_KEY, baseURL: emu.url });
  const params = sdk.helper.getAuthenticationParameters();
  const auth = { publicKey: PUBLIC_KEY, token: params.token, expire: String(params.expire), signature: params.signature };
  const res = await upload(emu, { file: await png(8, 9), auth });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.width, 8);
});

test('the official Node SDK uploads server-side against the emulator', async () => {
  const sdk = new ImageKit({ privateKey: PRIVATE_KEY, baseURL: emu.url });
  const bytes = await png(12, 7);
  const res = await sdk.files.upload({
    file: await toFile(bytes, 'sdk.png'),
    fileName: 'sdk upload.png',
    folder: '/sdk',
    tags: ['one', 'two'],
    useUniqueFileName: false,
    responseFields: ['tags', 'isPrivateFile'],
  });
  assertMatchesSchema('Upload', res);
  assert.equal(res.name, 'sdk_upload.png');
  assert.equal(res.filePath, '/sdk/sdk_upload.png');
  assert.deepEqual(res.tags, ['one', 'two']);
  assert.equal(res.width, 12);
  assert.deepEqual(Buffer.from(await (await fetch(res.url!)).arrayBuffer()), bytes);

  const wrong = new ImageKit({ privateKey: 'wrong-key', baseURL: emu.url, maxRetries: 0 });
  await assert.rejects(wrong.files.upload({ file: await toFile(bytes, 'x.png'), fileName: 'x.png' }), (error: any) => {
    assert.equal(error.status, 403);
    assert.equal(error.error?.message, 'Your account cannot be authenticated.');
    return true;
  });
});
