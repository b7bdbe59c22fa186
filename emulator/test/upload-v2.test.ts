import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { SignJWT } from 'jose';
import ImageKit, { toFile } from '@imagekit/nodejs';
import { basic, emulator, HELP, jpeg, png, PRIVATE_KEY, PUBLIC_KEY, signed, upload, type JsonResponse, type TestEmulator } from './emulator-helpers.js';
import { assertMatchesSchema } from './schema.js';

/**
 * Upload API V2 (`POST /api/v2/files/upload`) as a client meets it: a JWT from the host's server
 * (built here as ImageKit's "backend token generation" guide builds it), then a multipart upload
 * carrying exactly the signed parameters.
 */

let emu: TestEmulator;
before(async () => {
  emu = await emulator();
});
after(async () => {
  await emu.stop();
});

const key = (privateKey = PRIVATE_KEY) => new TextEncoder().encode(privateKey);

let issued = 0;
/** One start time for every token, so the steps back never meet (with Date.now() a second's tick could). */
const startedAt = Math.floor(Date.now() / 1000);

/**
 * What the guide's `jwt.sign(uploadPayload, privateKey, { expiresIn, header: { alg, typ, kid } })`
 * makes; `iat` steps back a second per call so two tokens for one payload differ, as the
 * project's signer makes them differ.
 */
function token(
  uploadPayload: Record<string, unknown>,
  options: { expiresIn?: number; iat?: number; exp?: number; kid?: string; privateKey?: string; alg?: string } = {},
) {
  const iat = options.iat ?? startedAt - issued++;
  const jwt = new SignJWT(uploadPayload as Record<string, string>)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT', kid: options.kid ?? PUBLIC_KEY })
    .setIssuedAt(iat);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? iat + (options.expiresIn ?? 600));
  return jwt.sign(key(options.privateKey));
}

/** A multipart V2 upload, as a browser sends it. */
async function uploadV2(file: Buffer, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'upload.bin');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${emu.url}/api/v2/files/upload`, { method: 'POST', body: form, headers });
  const body = (await res.json()) as any;
  if (res.status === 200) assertMatchesSchema('Upload', body);
  return { status: res.status, headers: res.headers, body };
}

async function filesIn(folder: string): Promise<string[]> {
  const res = await fetch(`${emu.url}/v1/files?path=${encodeURIComponent(folder)}`, { headers: { authorization: basic(PRIVATE_KEY) } });
  return ((await res.json()) as Array<{ filePath: string }>).map((f) => f.filePath);
}

const refusedWith = (res: JsonResponse, status: number, message: string | RegExp) => {
  assert.equal(res.status, status, JSON.stringify(res.body));
  if (typeof message === 'string') assert.deepEqual(res.body, { message, help: HELP });
  else assert.match(res.body.message, message);
};

describe('the token', () => {
  test('a token for exactly the sent parameters uploads the file where it says', async () => {
    const params = { fileName: 'me.png', folder: '/users/42', useUniqueFileName: 'false', tags: 'avatar,user-42', responseFields: 'tags' };
    const res = await uploadV2(await png(20, 10), { ...params, token: await token(params) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.filePath, '/users/42/me.png');
    assert.deepEqual(res.body.tags, ['avatar', 'user-42']);
    assert.equal(res.body.width, 20);
    assert.ok((await filesIn('/users/42')).includes('/users/42/me.png'));
  });

  test('a folder changed in the browser after signing is refused, and nothing is stored', async () => {
    const signedFor = { fileName: 'x.png', folder: '/users/7' };
    const res = await uploadV2(await png(8, 8), { fileName: 'x.png', folder: '/users/1', token: await token(signedFor) });
    refusedWith(res, 400, 'Your request contains invalid payload. It does not match with the payload used to generate token.');
    assert.deepEqual(await filesIn('/users/1'), []);
    assert.deepEqual(await filesIn('/users/7'), []);
  });

  test('a parameter added, dropped or reworded after signing is refused too', async () => {
    const signedFor = { fileName: 'y.png', folder: '/a', isPrivateFile: 'false' };
    const payloadMismatch = 'Your request contains invalid payload. It does not match with the payload used to generate token.';
    const file = await png(4, 4);
    refusedWith(await uploadV2(file, { ...signedFor, tags: 'extra', token: await token(signedFor) }), 400, payloadMismatch);
    refusedWith(await uploadV2(file, { fileName: 'y.png', folder: '/a', token: await token(signedFor) }), 400, payloadMismatch);
    refusedWith(await uploadV2(file, { ...signedFor, isPrivateFile: 'true', token: await token(signedFor) }), 400, payloadMismatch);
    // A value signed as a boolean, not as the string the form carries, is not the same parameter.
    refusedWith(await uploadV2(file, { fileName: 'y.png', isPrivateFile: 'false', token: await token({ fileName: 'y.png', isPrivateFile: false }) }), 400, payloadMismatch);
  });

  test('a token signed with another key, with another algorithm, or without an expiry is refused', async () => {
    const params = { fileName: 'z.png' };
    const file = await png(4, 4);
    refusedWith(await uploadV2(file, { ...params, token: await token(params, { privateKey: 'not-the-key' }) }), 400, 'Your request has invalid token.');
    refusedWith(await uploadV2(file, { ...params, token: await token(params, { alg: 'HS512' }) }), 400, 'Your request has invalid token.');
    refusedWith(await uploadV2(file, { ...params, token: await token(params, { exp: null as unknown as number }) }), 400, 'Your request has invalid token.');
    refusedWith(await uploadV2(file, { ...params, token: 'not.a.jwt' }), 400, 'Your request has invalid token.');
    const valid = await token(params);
    const [h, p] = valid.split('.');
    refusedWith(await uploadV2(file, { ...params, token: `${h}.${p}.` }), 400, 'Your request has invalid token.');
    refusedWith(await uploadV2(file, { ...params, token: await token(params, { kid: 'public_someone_else' }) }), 403, 'Your account cannot be authenticated.');
  });

  test('an expired token and one valid for over an hour are refused; the guide\'s full hour is not', async () => {
    const now = Math.floor(Date.now() / 1000);
    const file = await png(4, 4);
    const p = (n: number) => ({ fileName: `t${n}.png` });
    refusedWith(await uploadV2(file, { ...p(1), token: await token(p(1), { iat: now - 700, exp: now - 100 }) }), 400, 'Your request contains expired token.');
    refusedWith(await uploadV2(file, { ...p(2), token: await token(p(2), { expiresIn: 7200 }) }), 400, 'Your request has invalid token.');
    refusedWith(await uploadV2(file, { ...p(3), token: await token(p(3), { iat: now - 3000, exp: now + 1200 }) }), 400, 'Your request has invalid token.');
    const fullHour = await uploadV2(file, { ...p(4), token: await token(p(4), { expiresIn: 3600 }) });
    assert.equal(fullHour.status, 200, JSON.stringify(fullHour.body));
  });

  test('a token is single use, even when its first upload failed', async () => {
    const params = { fileName: 'once.png', folder: '/once' };
    const jwt = await token(params);
    const first = await uploadV2(await png(4, 4), { ...params, token: jwt });
    assert.equal(first.status, 200);
    const used = `The token with value '${jwt}' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.`;
    refusedWith(await uploadV2(await png(4, 4), { ...params, token: jwt }), 400, used);

    const tampered = await token({ fileName: 'twice.png' });
    refusedWith(await uploadV2(await png(4, 4), { fileName: 'other.png', token: tampered }), 400, /does not match/);
    refusedWith(await uploadV2(await png(4, 4), { fileName: 'twice.png', token: tampered }), 400, /has been used before/);
  });

  test('v1 and v2 spend tokens from one ledger', async () => {
    // The same token string offered to both APIs: whichever comes second is refused.
    const shared = await token({ fileName: 'shared.png' });
    const v1 = await upload(emu, { file: await png(4, 4), fields: { fileName: 'shared.png' }, auth: signed({ token: shared }) });
    assert.equal(v1.status, 200, JSON.stringify(v1.body));
    refusedWith(await uploadV2(await png(4, 4), { fileName: 'shared.png', token: shared }), 400, /has been used before/);

    const other = await token({ fileName: 'shared2.png' });
    assert.equal((await uploadV2(await png(4, 4), { fileName: 'shared2.png', token: other })).status, 200);
    const again = await upload(emu, { file: await png(4, 4), fields: { fileName: 'shared2.png' }, auth: signed({ token: other }) });
    refusedWith(again, 400, /has been used before/);
  });

  test('a spent token stays spent after the emulator restarts', async () => {
    const restartable = await emulator();
    const dataDir = restartable.dataDir;
    const params = { fileName: 'r.png' };
    const jwt = await token(params);
    const post = async (target: TestEmulator) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await png(4, 4))]));
      form.append('fileName', 'r.png');
      form.append('token', jwt);
      const res = await fetch(`${target.url}/api/v2/files/upload`, { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as { message?: string } };
    };
    try {
      assert.equal((await post(restartable)).status, 200);
    } finally {
      await restartable.close();
    }
    const again = await emulator({ dataDir });
    try {
      const res = await post(again);
      assert.equal(res.status, 400);
      assert.match(String(res.body.message), /has been used before/);
    } finally {
      await again.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('server side (private key)', () => {
  test('Basic auth uploads to V2 as to v1; with a token as well it is refused, with neither it asks for the token', async () => {
    const file = await png(6, 6);
    const ok = await uploadV2(file, { fileName: 'server.png', folder: '/server' }, { authorization: basic(PRIVATE_KEY) });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.filePath.startsWith('/server/server_'), true);
    refusedWith(await uploadV2(file, { fileName: 's.png' }, { authorization: basic('wrong') }), 403, 'Your account cannot be authenticated.');
    refusedWith(
      await uploadV2(file, { fileName: 's.png', token: await token({ fileName: 's.png' }) }, { authorization: basic(PRIVATE_KEY) }),
      400,
      'Your request contains both token and basic auth parameter. Use only one method, you might be exposing your private API key.',
    );
    refusedWith(await uploadV2(file, { fileName: 's.png' }), 400, 'Your request is missing token parameter.');
  });

  test('the official Node SDK\'s client.beta.v2.files.upload works against the emulator', async () => {
    const client = new ImageKit({ privateKey: PRIVATE_KEY, baseURL: emu.url, maxRetries: 0 });
    const bytes = await jpeg(64, 48);
    const res = await client.beta.v2.files.upload({
      file: await toFile(bytes, 'sdk.jpg'),
      fileName: 'sdk.jpg',
      folder: '/sdk-v2',
      tags: ['a', 'b'],
      useUniqueFileName: false,
      customCoordinates: '1,2,3,4',
      responseFields: ['tags', 'customCoordinates', 'isPrivateFile'],
      checks: '"file.mime": "image/jpeg" AND "mediaMetadata.width" = 64',
    });
    assertMatchesSchema('Upload', res);
    assert.equal(res.filePath, '/sdk-v2/sdk.jpg');
    assert.deepEqual(res.tags, ['a', 'b']);
    assert.equal(res.customCoordinates, '1,2,3,4');
    assert.equal(res.width, 64);
    const served = await fetch(res.url!);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), bytes);

    try {
      await client.beta.v2.files.upload({ file: await toFile(await png(80, 10), 'big.png'), fileName: 'big.png', checks: '"mediaMetadata.width" <= 64' });
      assert.fail('the checks should have refused it');
    } catch (error) {
      assert.ok(error instanceof ImageKit.BadRequestError, String(error));
      assert.equal((error.error as { message: string }).message, "Your request failed 'checks' validation.");
    }
  });
});

describe('checks signed into the token', () => {
  test('a size limit the host signed refuses a big file at the server, and takes a small one', async () => {
    const params = (name: string) => ({ fileName: name, folder: '/limited', checks: '"file.size" < "1kb"' });
    const big = Buffer.alloc(4096, 7);
    refusedWith(await uploadV2(big, { ...params('big.bin'), token: await token(params('big.bin')) }), 400, "Your request failed 'checks' validation.");
    assert.deepEqual(await filesIn('/limited'), []);
    const small = await uploadV2(Buffer.alloc(100, 7), { ...params('small.bin'), token: await token(params('small.bin')) });
    assert.equal(small.status, 200);
    // Dropping the checks from the request is a payload mismatch, not a way around them.
    refusedWith(await uploadV2(big, { fileName: 'big.bin', folder: '/limited', token: await token(params('big.bin')) }), 400, /does not match/);
  });
});
