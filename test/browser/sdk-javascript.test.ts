import { expect } from '@esm-bundle/chai';
import { upload, ImageKitInvalidRequestError, ImageKitAbortError, type UploadResponse } from '@imagekit/javascript';

/**
 * ImageKit's official browser SDK, `@imagekit/javascript`, uploading from Chromium to the
 * emulator with parameters signed by the page's own `/auth` route (same private key as the
 * emulator), as an app using the SDK would sign them on its backend.
 */

const { emulatorUrl, publicKey } = (window as unknown as { IK_TEST: { emulatorUrl: string; publicKey: string } }).IK_TEST;
const uploadUrl = `${emulatorUrl}/api/v1/files/upload`;

type Signed = { token: string; expire: number; signature: string };

/**
 * The SDK always opens https://upload.imagekit.io; its `xhr` option is how a caller takes over
 * the request, so this one opens the emulator's upload URL instead.
 */
function emulatorXhr(): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  const open = xhr.open.bind(xhr) as (method: string, url: string) => void;
  xhr.open = ((method: string) => open(method, uploadUrl)) as XMLHttpRequest['open'];
  return xhr;
}

async function signed(route = '/auth'): Promise<Signed> {
  const res = await fetch(route, { cache: 'no-store' });
  expect(res.status, `${route} answers`).to.equal(200);
  return (await res.json()) as Signed;
}

async function transparentPng(width: number, height: number): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = 'rgba(0, 120, 200, 0.5)';
  g.fillRect(0, 0, width, height);
  const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'));
  return new File([blob], 'sdk photo.png', { type: 'image/png' });
}

async function sameBytesAt(url: string, file: Blob): Promise<boolean> {
  const res = await fetch(url, { cache: 'no-store' });
  if (res.status !== 200) return false;
  const [a, b] = [new Uint8Array(await res.arrayBuffer()), new Uint8Array(await file.arrayBuffer())];
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the upload to be refused');
}

const folder = `/sdk-js/${Date.now().toString(36)}`;

describe('@imagekit/javascript upload() against the emulator', () => {
  it('uploads an image and gets back the file object, its request id and the stored bytes', async () => {
    const file = await transparentPng(30, 20);
    const progress: number[] = [];
    const res: UploadResponse = await upload({
      ...(await signed()),
      publicKey,
      file,
      fileName: file.name,
      folder,
      tags: ['sdk-js', 'browser'],
      customCoordinates: '0,0,10,10',
      responseFields: ['tags', 'customCoordinates', 'isPrivateFile', 'isPublished'],
      xhr: emulatorXhr(),
      onProgress: (e) => progress.push(e.loaded),
    });

    expect(res.fileType).to.equal('image');
    expect([res.width, res.height, res.size]).to.deep.equal([30, 20, file.size]);
    expect(res.name).to.match(/^sdk_photo_[A-Za-z0-9_-]{9}\.png$/);
    expect(res.filePath).to.equal(`${folder}/${res.name}`);
    expect(res.tags).to.deep.equal(['sdk-js', 'browser']);
    expect(res.customCoordinates).to.equal('0,0,10,10');
    expect(res.isPrivateFile).to.equal(false);
    expect(res.isPublished).to.equal(true);
    expect(res.versionInfo).to.deep.equal({ id: res.fileId, name: 'Version 1' });
    expect(res.AITags).to.equal(null);
    expect(progress.length).to.be.greaterThan(0);
    expect(progress[progress.length - 1]).to.be.at.least(file.size);

    // The SDK reads x-request-id, which CORS must expose to this cross-origin page.
    const meta = res.$ResponseMetadata;
    expect(meta.statusCode).to.equal(200);
    expect(meta.requestId).to.match(/^[0-9a-f-]{36}$/);
    expect(meta.headers['x-ik-requestid']).to.equal(meta.requestId);

    expect(await sameBytesAt(res.url!, file), 'url serves the uploaded bytes').to.equal(true);
    const thumb = new Image();
    thumb.src = res.thumbnailUrl!;
    await thumb.decode();
    expect(thumb.naturalWidth).to.be.greaterThan(0);
  });

  it('uploads a non-image, which has no thumbnail', async () => {
    const file = new File(['plain text, not an image\n'], 'notes.txt', { type: 'text/plain' });
    const res = await upload({ ...(await signed()), publicKey, file, fileName: 'notes.txt', folder, xhr: emulatorXhr() });
    expect(res.fileType).to.equal('non-image');
    expect(res.thumbnailUrl).to.equal(undefined);
    expect(await sameBytesAt(res.url!, file)).to.equal(true);
  });

  it('gets ImageKit\'s refusal for a reused token, as ImageKitInvalidRequestError with the status', async () => {
    const auth = await signed();
    const file = new File(['once'], 'once.txt');
    await upload({ ...auth, publicKey, file, fileName: 'once.txt', folder, xhr: emulatorXhr() });
    const err = await rejection(upload({ ...auth, publicKey, file, fileName: 'twice.txt', folder, xhr: emulatorXhr() }));
    expect(err).to.be.instanceOf(ImageKitInvalidRequestError);
    expect(err.message).to.equal(
      `The token with value '${auth.token}' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.`,
    );
    expect((err as ImageKitInvalidRequestError).$ResponseMetadata?.statusCode).to.equal(400);
  });

  it('gets ImageKit\'s refusals for an expired signature and for a wrong key', async () => {
    const file = new File(['x'], 'x.txt');
    const expired = await rejection(upload({ ...(await signed('/auth/expired')), publicKey, file, fileName: 'x.txt', xhr: emulatorXhr() }));
    expect(expired).to.be.instanceOf(ImageKitInvalidRequestError);
    expect(expired.message).to.equal(
      'Your request contains invalid expire parameter. Expire parameter should be a Unix time in less than 1 hour into the future.',
    );
    const wrongKey = await rejection(upload({ ...(await signed()), publicKey: 'public_not_ours', file, fileName: 'x.txt', xhr: emulatorXhr() }));
    expect(wrongKey).to.be.instanceOf(ImageKitInvalidRequestError);
    expect(wrongKey.message).to.equal('Your account cannot be authenticated.');
    expect((wrongKey as ImageKitInvalidRequestError).$ResponseMetadata?.statusCode).to.equal(403);
  });

  it('aborts through abortSignal, and the emulator keeps serving', async () => {
    const big = new File([new Uint8Array(4 * 1024 * 1024)], 'big.bin');
    const controller = new AbortController();
    const pending = upload({
      ...(await signed()),
      publicKey,
      file: big,
      fileName: 'big.bin',
      folder,
      xhr: emulatorXhr(),
      abortSignal: controller.signal,
    });
    // upload() has opened and sent the request by the time it returns.
    controller.abort('user cancelled');
    const err = await rejection(pending);
    expect(err).to.be.instanceOf(ImageKitAbortError);
    expect((err as ImageKitAbortError).reason).to.equal('user cancelled');
    const after = await upload({ ...(await signed()), publicKey, file: new File(['ok'], 'ok.txt'), fileName: 'ok.txt', folder, xhr: emulatorXhr() });
    expect(after.fileType).to.equal('non-image');
  });
});
