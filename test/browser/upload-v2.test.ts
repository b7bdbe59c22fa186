import { expect } from '@esm-bundle/chai';
import type { UploadPayload } from '../../src/core/types.js';
import { authCalls, cleanup, emulatorStats, emulatorUrl, fault, makeBytes, mount, nextEvent, record, uniqueFolder } from './helpers.js';

afterEach(cleanup);

const v2 = { 'upload-api': 'v2', 'upload-endpoint': `${emulatorUrl}/api/v2/files/upload` };

describe('<ik-uploader upload-api="v2">', () => {
  it('POSTs the file\'s parameters for a token and uploads through ImageKit\'s V2 API', async () => {
    const folder = uniqueFolder('v2');
    const el = await mount({ ...v2, folder, tags: 'a,b', 'use-unique-file-name': 'false' });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('signed.bin', 100)]);
    const { response } = await success;
    expect(response.filePath).to.equal(`${folder}/signed.bin`);
    expect(response.tags).to.equal(undefined); // not asked for in responseFields
    const stored = await fetch(response.url).then((r) => r.arrayBuffer());
    expect(stored.byteLength).to.equal(100);
  });

  it('calls the authenticator with the upload payload, as strings', async () => {
    const folder = uniqueFolder('v2-authenticator');
    const el = await mount({ ...v2, folder, 'is-private-file': 'false' });
    const payloads: UploadPayload[] = [];
    el.authenticator = async (payload) => {
      payloads.push(payload!);
      const res = await fetch('/auth', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ uploadPayload: payload, expire: 60, publicKey: el.publicKey }) });
      return res.json();
    };
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('by-hand.bin', 10)]);
    await success;
    expect(payloads).to.deep.equal([{ fileName: 'by-hand.bin', folder, isPrivateFile: 'false' }]);
  });

  it('sends exactly what the server signed: a policy that forces /users/42 and tags wins over what the element asked', async () => {
    const el = await mount({ ...v2, 'auth-endpoint': '/auth/v2-locked', folder: '/anywhere-i-like', tags: 'mine', 'response-fields': 'tags' });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('small.bin', 500)]);
    const { response } = await success;
    expect(response.filePath).to.match(/^\/users\/42\/small/);
    expect(response.tags).to.deep.equal(['from-policy']);
  });

  it('a size limit in the signed checks refuses a big file at the server, though the browser has no limit', async () => {
    const el = await mount({ ...v2, 'auth-endpoint': '/auth/v2-locked', retries: '3' });
    const before = await authCalls();
    const error = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('big.bin', 5000)]);
    const { error: e } = await error;
    expect(e.code).to.equal('invalid-request');
    expect(e.status).to.equal(400);
    expect(e.message).to.match(/checks/i);
    expect(await authCalls(), 'no retry: a retry cannot pass a check').to.equal(before + 1);
  });

  it('a forged token is refused with ImageKit\'s message, and not tried again', async () => {
    const el = await mount({ ...v2, 'auth-endpoint': '/auth/v2-forged', retries: '3' });
    const before = await authCalls();
    const { error } = await (async () => {
      const e = nextEvent(el, 'ik-upload-error');
      el.addFiles([makeBytes('forged.bin', 10)]);
      return e;
    })();
    expect(error).to.include({ code: 'auth-failed', status: 400, message: 'Your request has invalid token.' });
    expect(await authCalls()).to.equal(before + 1);
  });

  it('a token already expired by its own server\'s clock is a clock problem, and nothing is sent', async () => {
    const el = await mount({ ...v2, 'auth-endpoint': '/auth/v2-expired', retries: '0' });
    const { uploadsReceived } = await emulatorStats();
    const error = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('late.bin', 10)]);
    const { error: e } = await error;
    expect(e.code).to.equal('auth-failed');
    expect(e.message).to.match(/had already expired .* clock problem/);
    expect((await emulatorStats()).uploadsReceived).to.equal(uploadsReceived);
  });
});

describe('<ik-uploader> auth that does not fail', () => {
  const used = { status: 400, body: { message: "The token with value 'x' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.", help: 'x' } };
  const expired = { status: 400, body: { message: 'Your request contains invalid expire parameter. Expire parameter should be a Unix time in less than 1 hour into the future.', help: 'x' } };

  for (const [what, refusal] of [['used', used], ['expired', expired]] as const) {
    it(`a token refused as ${what} earns exactly one retry, with a fresh token`, async () => {
      const el = await mount({ folder: uniqueFolder(`fresh-${what}`), retries: '0' });
      const events = record(el, ['ik-upload-retry', 'ik-upload-success', 'ik-upload-error']);
      const before = await authCalls();
      await fault({ count: 1, ...refusal });
      const success = nextEvent(el, 'ik-upload-success');
      el.addFiles([makeBytes('once.bin', 10)]);
      await success;
      expect(events.of('ik-upload-retry').map((r) => [r.attempt, r.error.code])).to.deep.equal([[1, 'auth-failed']]);
      expect(await authCalls(), 'a fresh token for the retry').to.equal(before + 2);

      // Refused twice: one retry only, then the error.
      await fault({ count: 2, ...refusal });
      const error = nextEvent(el, 'ik-upload-error');
      el.addFiles([makeBytes('twice.bin', 10)]);
      expect((await error).error.message).to.equal(refusal.body.message);
      expect(await authCalls()).to.equal(before + 4);
    });
  }
});
