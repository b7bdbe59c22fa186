import { expect } from '@esm-bundle/chai';
import exifr from 'exifr';
import { ImageResizer, fileNameForType, resizeImage, type ResizeResult } from '../../src/core/resize/index.js';
import {
  BLUE, GREEN, RED, YELLOW,
  canvasBlob, decode, encodeGif, halves, near, quadrantCanvas, sameBytes, stored, withExifOrientation,
} from './resize-fixtures.js';

declare global {
  interface Window {
    IK_TEST: { emulatorUrl: string; publicKey: string };
  }
}

/** The upright quadrant colours of the photo below, corner by corner, once orientation 6 is applied. */
const UPRIGHT = { topLeft: BLUE, topRight: RED, bottomRight: GREEN, bottomLeft: YELLOW };

/** Checks the four quadrants of a decoded image against UPRIGHT. */
function expectUpright(image: Awaited<ReturnType<typeof decode>>) {
  const { width: w, height: h } = image;
  const q = (fx: number, fy: number) => image.at(Math.round(w * fx), Math.round(h * fy));
  expect(near(q(0.25, 0.25), UPRIGHT.topLeft), `top-left ${q(0.25, 0.25)}`).to.equal(true);
  expect(near(q(0.75, 0.25), UPRIGHT.topRight), `top-right ${q(0.75, 0.25)}`).to.equal(true);
  expect(near(q(0.75, 0.75), UPRIGHT.bottomRight), `bottom-right ${q(0.75, 0.75)}`).to.equal(true);
  expect(near(q(0.25, 0.75), UPRIGHT.bottomLeft), `bottom-left ${q(0.25, 0.75)}`).to.equal(true);
}

/** A 4000×3000 JPEG stored landscape with EXIF Orientation 6: a portrait phone photo, 3000×4000 as seen. */
let photo: File;
/** A 400×300 PNG: left half fully transparent, right half at alpha 128 (green above, yellow below), with grain. */
let transparentPng: File;

before(async function () {
  this.timeout(60_000);
  const jpeg = await canvasBlob(quadrantCanvas(4000, 3000), 'image/jpeg', 0.9);
  photo = new File([await withExifOrientation(jpeg, 6)], 'IMG_0001.JPG', { type: 'image/jpeg', lastModified: 1_700_000_000_000 });

  const canvas = quadrantCanvas(400, 300);
  const ctx = canvas.getContext('2d')!;
  const pixels = ctx.getImageData(0, 0, 400, 300);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const x = (i / 4) % 400;
    pixels.data[i + 3] = x < 200 ? 0 : 128;
  }
  ctx.putImageData(pixels, 0, 0);
  transparentPng = new File([await canvasBlob(canvas, 'image/png')], 'logo.png', { type: 'image/png' });
});

describe('resize fixtures are what they claim', () => {
  it('the photo carries EXIF Orientation 6 and is shown as a 3000×4000 portrait', async () => {
    expect(await exifr.orientation(photo)).to.equal(6);
    expect(await stored(photo)).to.deep.equal({ width: 4000, height: 3000, orientation: 6 });
    const seen = await decode(photo);
    expect([seen.width, seen.height]).to.deep.equal([3000, 4000]);
    expectUpright(seen);
  });

  it('the hand-made GIF decodes, with two frames when two are written', async () => {
    const palette = [RED, GREEN, BLUE, YELLOW] as [typeof RED, typeof RED, typeof RED, typeof RED];
    const gif = encodeGif(20, 10, palette, [halves(20, 10, 0, 1), halves(20, 10, 2, 3)]);
    const decoder = new ImageDecoder({ data: gif.stream(), type: 'image/gif' });
    await decoder.tracks.ready;
    expect(decoder.tracks.selectedTrack!.frameCount).to.equal(2);
    const { image } = await decoder.decode({ frameIndex: 1 });
    const canvas = new OffscreenCanvas(20, 10);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    image.close();
    decoder.close();
    expect(near(ctx.getImageData(2, 5, 1, 1).data, BLUE, 2)).to.equal(true);
    expect(near(ctx.getImageData(17, 5, 1, 1).data, YELLOW, 2)).to.equal(true);
  });
});

for (const mode of ['worker', 'main-thread'] as const) {
  describe(`resizeImage in ${mode === 'worker' ? 'a worker' : 'the main thread'}`, () => {
    const resizer = new ImageResizer({ mode });
    after(() => resizer.dispose());

    it('a 4000×3000 portrait photo with resize width 1600 comes out 1600×2133, upright, smaller, same name', async function () {
      this.timeout(60_000);
      const result = await resizer.resize(photo, { width: 1600 });
      expect(result.resized, result.reason).to.equal(true);
      expect(result.processedIn).to.equal(mode);
      expect(result.originalWidth).to.equal(3000);
      expect(result.originalHeight).to.equal(4000);
      expect([result.width, result.height]).to.deep.equal([1600, 2133]);
      expect(result.file.type).to.equal('image/jpeg');
      expect(result.file.name).to.equal('IMG_0001.JPG');
      expect(result.file.lastModified).to.equal(photo.lastModified);
      expect(result.originalSize).to.equal(photo.size);
      expect(result.file.size).to.be.lessThan(photo.size / 2);
      // Upright in the pixels themselves: stored portrait, with no orientation tag to lean on.
      expect(await exifr.orientation(result.file)).to.equal(undefined);
      expect(await stored(result.file)).to.deep.equal({ width: 1600, height: 2133, orientation: undefined });
      const image = await decode(result.file);
      expect([image.width, image.height]).to.deep.equal([1600, 2133]);
      expectUpright(image);
    });

    it('a transparent PNG stays a PNG with its alpha channel', async () => {
      const result = await resizer.resize(transparentPng, { width: 200 });
      expect(result.resized, result.reason).to.equal(true);
      expect(result.file.type).to.equal('image/png');
      expect(result.file.name).to.equal('logo.png');
      const image = await decode(result.file);
      expect([image.width, image.height]).to.deep.equal([200, 150]);
      expect(image.at(50, 40)[3]).to.equal(0);
      expect(image.at(150, 40)[3]).to.be.within(120, 136);
      expect(near(image.at(150, 40), GREEN, 45), `${image.at(150, 40)}`).to.equal(true);
      expect(near(image.at(150, 110), YELLOW, 45), `${image.at(150, 110)}`).to.equal(true);
    });
  });
}

describe('resizeImage: sizes, types and quality', () => {
  it('fits inside both width and height, whichever is tighter', async function () {
    this.timeout(60_000);
    const result = await resizeImage(photo, { width: 1600, height: 1000 });
    expect([result.width, result.height]).to.deep.equal([750, 1000]);
    expect(await stored(result.file)).to.deep.equal({ width: 750, height: 1000, orientation: undefined });
    const image = await decode(result.file);
    expect([image.width, image.height]).to.deep.equal([750, 1000]);
    expectUpright(image);
  });

  it('never enlarges: an image already inside the box is sent as it is', async () => {
    const result = await resizeImage(transparentPng, { width: 1000, height: 1000 });
    expect(result).to.include({ resized: false, reason: 'within-limits', width: 400, height: 300 });
    expect(result.file).to.equal(transparentPng);
  });

  it('resize type image/jpeg flattens transparency onto white, not black, and renames the file', async () => {
    const result = await resizeImage(transparentPng, { type: 'image/jpeg' });
    expect(result.resized, result.reason).to.equal(true);
    expect(result.file.type).to.equal('image/jpeg');
    expect(result.file.name).to.equal('logo.jpg');
    const image = await decode(result.file);
    expect([image.width, image.height]).to.deep.equal([400, 300]);
    expect(near(image.at(100, 150), [255, 255, 255], 6), `${image.at(100, 150)}`).to.equal(true);
    expect(image.at(100, 150)[3]).to.equal(255);
  });

  it('resize type image/webp writes WebP bytes, keeps alpha and renames photo.png to photo.webp', async () => {
    const png = new File([transparentPng], 'photo.png', { type: 'image/png' });
    const result = await resizeImage(png, { width: 300, type: 'image/webp' });
    expect(result.resized, result.reason).to.equal(true);
    expect(result.file.type).to.equal('image/webp');
    expect(result.file.name).to.equal('photo.webp');
    const head = new TextDecoder().decode(await result.file.slice(0, 12).arrayBuffer());
    expect(head.slice(0, 4) + head.slice(8, 12)).to.equal('RIFFWEBP');
    const image = await decode(result.file);
    expect([image.width, image.height]).to.deep.equal([300, 225]);
    expect(image.at(60, 100)[3]).to.equal(0);
    expect(image.at(230, 100)[3]).to.be.within(118, 138);
  });

  it('quality is honoured: a lower quality gives a smaller file of the same size in pixels', async function () {
    this.timeout(60_000);
    const low = await resizeImage(photo, { width: 1200, quality: 0.3 });
    const high = await resizeImage(photo, { width: 1200, quality: 0.95 });
    expect(low.resized && high.resized).to.equal(true);
    expect([low.width, low.height]).to.deep.equal([1200, 1600]);
    expect([high.width, high.height]).to.deep.equal([1200, 1600]);
    expect(low.file.size).to.be.lessThan(high.file.size * 0.6);
  });

  it('quality alone recompresses a photo without changing its dimensions', async function () {
    this.timeout(60_000);
    const result = await resizeImage(photo, { quality: 0.5 });
    expect(result.resized, result.reason).to.equal(true);
    expect([result.width, result.height]).to.deep.equal([3000, 4000]);
    expect(result.file.size).to.be.lessThan(photo.size);
  });

  it('when only a new type was asked for, a result that is not smaller is dropped: the original is sent', async () => {
    const jpeg = new File([await canvasBlob(quadrantCanvas(600, 400), 'image/jpeg', 0.5)], 'small.jpg', { type: 'image/jpeg' });
    const result = await resizeImage(jpeg, { width: 800, type: 'image/png' });
    expect(result).to.include({ resized: false, reason: 'not-smaller', width: 600, height: 400 });
    expect(result.file).to.equal(jpeg);
  });

  it('an image larger than the box is resized even when the result has more bytes: the box is the rule', async () => {
    const jpeg = new File([await canvasBlob(quadrantCanvas(600, 400), 'image/jpeg', 0.5)], 'small.jpg', { type: 'image/jpeg' });
    const result = await resizeImage(jpeg, { width: 500, type: 'image/png' });
    expect(result.file.size, 'the PNG has more bytes than the JPEG').to.be.greaterThan(jpeg.size);
    expect(result).to.include({ resized: true, width: 500, height: 333 });
    expect(result.file.type).to.equal('image/png');
    expect(await stored(result.file)).to.deep.include({ width: 500, height: 333 });
  });

  it('a static GIF with a transparent colour becomes a PNG; an opaque one a JPEG', async () => {
    const palette = [RED, GREEN, BLUE, YELLOW] as [typeof RED, typeof RED, typeof RED, typeof RED];
    const see = encodeGif(400, 300, palette, [halves(400, 300, 0, 2)], { transparentIndex: 0 });
    const clear = await resizeImage(new File([see], 'sticker.gif', { type: 'image/gif' }), { width: 200 });
    expect(clear.resized, clear.reason).to.equal(true);
    expect(clear.file.type).to.equal('image/png');
    expect(clear.file.name).to.equal('sticker.png');
    const a = await decode(clear.file);
    expect(a.at(50, 75)[3]).to.equal(0);
    expect(near(a.at(150, 75), BLUE, 4)).to.equal(true);

    const solid = encodeGif(400, 300, palette, [halves(400, 300, 1, 3)]);
    const opaque = await resizeImage(new File([solid], 'banner.gif', { type: 'image/gif' }), { width: 200 });
    expect(opaque.resized, opaque.reason).to.equal(true);
    expect(opaque.file.type).to.equal('image/jpeg');
    expect(opaque.file.name).to.equal('banner.jpg');
    const b = await decode(opaque.file);
    expect([b.width, b.height]).to.deep.equal([200, 150]);
    expect(near(b.at(50, 75), GREEN, 12)).to.equal(true);
    expect(near(b.at(150, 75), YELLOW, 12)).to.equal(true);
  });

  it('fileNameForType swaps or adds the extension and keeps one that already fits', () => {
    expect(fileNameForType('photo.png', 'image/webp')).to.equal('photo.webp');
    expect(fileNameForType('IMG_0001.JPEG', 'image/jpeg')).to.equal('IMG_0001.JPEG');
    expect(fileNameForType('scan.final.bmp', 'image/jpeg')).to.equal('scan.final.jpg');
    expect(fileNameForType('noextension', 'image/png')).to.equal('noextension.png');
    expect(fileNameForType('.hidden', 'image/png')).to.equal('.hidden.png');
  });
});

describe('resizeImage: files passed through untouched', () => {
  async function expectUntouched(file: File, reason: string): Promise<ResizeResult> {
    const copy = new Blob([await file.arrayBuffer()]);
    const result = await resizeImage(file, { width: 10, height: 10, quality: 0.5, type: 'image/webp' });
    expect(result.resized).to.equal(false);
    expect(result.reason).to.equal(reason);
    expect(result.file).to.equal(file);
    expect(await sameBytes(result.file, copy)).to.equal(true);
    return result;
  }

  it('an animated GIF (two frames, NETSCAPE2.0 loop)', async () => {
    const palette = [RED, GREEN, BLUE, YELLOW] as [typeof RED, typeof RED, typeof RED, typeof RED];
    const gif = encodeGif(64, 48, palette, [halves(64, 48, 0, 1), halves(64, 48, 2, 3)]);
    await expectUntouched(new File([gif], 'spinner.gif', { type: 'image/gif' }), 'animated');
  });

  it('an animated GIF with no type and a wrong name is still recognised by its bytes', async () => {
    const palette = [RED, GREEN, BLUE, YELLOW] as [typeof RED, typeof RED, typeof RED, typeof RED];
    const gif = encodeGif(64, 48, palette, [halves(64, 48, 0, 1), halves(64, 48, 2, 3)]);
    await expectUntouched(new File([gif], 'spinner.jpg'), 'animated');
  });

  it('an SVG, by type and by content', async () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="red"/></svg>';
    await expectUntouched(new File([svg], 'logo.svg', { type: 'image/svg+xml' }), 'svg');
    await expectUntouched(new File([svg], 'download'), 'svg');
  });

  it('a file that is not an image', async () => {
    await expectUntouched(new File(['name,size\nphoto,1\n'], 'report.csv', { type: 'text/csv' }), 'not-an-image');
  });

  it('a HEIC photo the browser cannot decode', async () => {
    // A real HEIF header (ftyp box, brand heic) over bytes no decoder accepts.
    const header = new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic')]);
    const heic = new File([header, new Uint8Array(4096).fill(7)], 'IMG_0001.HEIC', { type: 'image/heic' });
    const result = await expectUntouched(heic, 'undecodable');
    expect(result.message).to.be.a('string').and.not.equal('');
  });

  it('a damaged JPEG', async () => {
    const head = await photo.slice(0, 600).arrayBuffer();
    await expectUntouched(new File([head, new Uint8Array(2000).fill(0x55)], 'broken.jpg', { type: 'image/jpeg' }), 'undecodable');
  });

  it('no resize options at all', async () => {
    const result = await resizeImage(photo, {});
    expect(result).to.include({ resized: false, reason: 'no-options', file: photo });
  });
});

describe('resizeImage: queue, abort and bad options', () => {
  it('refuses bad options with a message naming the option', async () => {
    const cases: [object, RegExp][] = [
      [{ width: 0 }, /width .*above 0; got 0/],
      [{ height: 12.5 }, /height .*whole number.*12\.5/],
      [{ quality: 1.5 }, /quality .*0 to 1; got 1\.5/],
      [{ type: 'webp' }, /type .*image MIME type.*"webp"/],
    ];
    for (const [options, message] of cases) {
      let error: unknown;
      await resizeImage(transparentPng, options).catch((e) => (error = e));
      expect(error, JSON.stringify(options)).to.be.instanceOf(RangeError);
      expect((error as Error).message).to.match(message);
    }
  });

  it('an aborted signal rejects before any work', async () => {
    const controller = new AbortController();
    controller.abort();
    let error: unknown;
    await resizeImage(photo, { width: 100 }, controller.signal).catch((e) => (error = e));
    expect((error as DOMException).name).to.equal('AbortError');
  });

  for (const mode of ['worker', 'main-thread'] as const) {
    it(`abort while a large image is processed in ${mode === 'worker' ? 'a worker' : 'the main thread'} rejects, and the next image still resizes`, async function () {
      this.timeout(60_000);
      const resizer = new ImageResizer({ mode });
      const controller = new AbortController();
      const pending = resizer.resize(photo, { width: 1600 }, controller.signal);
      setTimeout(() => controller.abort(new DOMException('user canceled', 'AbortError')), 150);
      let error: unknown;
      await pending.catch((e) => (error = e));
      expect((error as DOMException).message).to.equal('user canceled');
      const next = await resizer.resize(transparentPng, { width: 100 });
      expect(next).to.include({ resized: true, width: 100, height: 75, processedIn: mode });
      resizer.dispose();
    });
  }

  it('several images at once each get their own result from the one worker', async function () {
    this.timeout(60_000);
    const resizer = new ImageResizer({ mode: 'worker' });
    const widths = [100, 200, 300, 50];
    const results = await Promise.all(widths.map((width) => resizer.resize(transparentPng, { width })));
    expect(results.map((r) => [r.width, r.height, r.processedIn])).to.deep.equal(
      widths.map((w) => [w, Math.round((w * 3) / 4), 'worker']),
    );
    for (const [i, r] of results.entries()) {
      const image = await decode(r.file);
      expect(image.width).to.equal(widths[i]);
    }
    resizer.dispose();
  });

  it('a queued image whose signal aborts is dropped without waiting for the one ahead of it', async function () {
    this.timeout(60_000);
    const resizer = new ImageResizer({ mode: 'worker' });
    const order: string[] = [];
    const first = resizer.resize(photo, { width: 1600 }).finally(() => order.push('first'));
    const controller = new AbortController();
    const second = resizer.resize(transparentPng, { width: 100 }, controller.signal).finally(() => order.push('second'));
    controller.abort();
    const error = await second.catch((e) => e);
    expect((error as DOMException).name).to.equal('AbortError');
    const done = await first;
    expect(order).to.deep.equal(['second', 'first']);
    expect(done).to.include({ resized: true, width: 1600, height: 2133 });
    resizer.dispose();
  });
});

describe('resizeImage: when the page cannot start a worker', () => {
  /** Runs `fn` with `window.Worker` replaced, as a page whose CSP has no `blob:` in worker-src sees it. */
  async function withWorker(Replacement: unknown, fn: () => Promise<void>) {
    const Real = window.Worker;
    window.Worker = Replacement as typeof Worker;
    try {
      await fn();
    } finally {
      window.Worker = Real;
    }
  }

  it('falls back to the main thread when starting the worker throws', async () => {
    const Refused = class {
      constructor() {
        throw new DOMException('Refused to create a worker from blob: (Content Security Policy)', 'SecurityError');
      }
    };
    await withWorker(Refused, async () => {
      const resizer = new ImageResizer();
      const result = await resizer.resize(transparentPng, { width: 100 });
      expect(result).to.include({ resized: true, width: 100, height: 75, processedIn: 'main-thread' });
    });
  });

  it('falls back to the main thread when the worker fails to load', async () => {
    const FailsToLoad = class extends EventTarget {
      constructor() {
        super();
        setTimeout(() => this.dispatchEvent(new Event('error')), 10);
      }
      postMessage() {}
      terminate() {}
    };
    await withWorker(FailsToLoad, async () => {
      const resizer = new ImageResizer();
      const result = await resizer.resize(transparentPng, { width: 100 });
      expect(result).to.include({ resized: true, width: 100, processedIn: 'main-thread' });
    });
  });

  it("in 'worker' mode, sends the original with reason 'failed' rather than a broken file", async () => {
    const Refused = class {
      constructor() {
        throw new DOMException('blocked', 'SecurityError');
      }
    };
    await withWorker(Refused, async () => {
      const resizer = new ImageResizer({ mode: 'worker' });
      const result = await resizer.resize(transparentPng, { width: 100 });
      expect(result).to.include({ resized: false, reason: 'failed', file: transparentPng });
      expect(result.message).to.match(/cannot resize images in a worker/);
      // Nor does the next image fall back to the page's thread once the worker is known unusable.
      const next = await resizer.resize(transparentPng, { width: 100 });
      expect(next).to.include({ resized: false, reason: 'failed', file: transparentPng });
      expect(next.processedIn).to.equal(undefined);
    });
  });
});

describe('a resized photo uploaded to the emulator', () => {
  it('is stored 1600 wide and upright, at the size that was sent, and served back as such', async function () {
    this.timeout(60_000);
    const result = await resizeImage(photo, { width: 1600, type: 'image/webp', quality: 0.8 });
    expect(result.resized, result.reason).to.equal(true);
    expect(result.file.name).to.equal('IMG_0001.webp');

    const { emulatorUrl, publicKey } = window.IK_TEST;
    const auth = await (await fetch('/auth', { cache: 'no-store' })).json();
    const form = new FormData();
    form.append('file', result.file);
    form.append('fileName', result.file.name);
    form.append('useUniqueFileName', 'false');
    form.append('publicKey', publicKey);
    form.append('token', auth.token);
    form.append('expire', String(auth.expire));
    form.append('signature', auth.signature);
    const response = await fetch(`${emulatorUrl}/api/v1/files/upload`, { method: 'POST', body: form });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).to.equal(200);
    expect(body).to.include({ name: 'IMG_0001.webp', width: 1600, height: 2133, size: result.file.size, fileType: 'image' });
    expect(body.size).to.be.lessThan(photo.size);

    const served = await fetch(body.url);
    expect(served.headers.get('content-type')).to.match(/^image\/webp/);
    const bytes = await served.blob();
    expect(await sameBytes(bytes, result.file)).to.equal(true);
    expect(await stored(bytes)).to.deep.equal({ width: 1600, height: 2133, orientation: undefined });
    const image = await decode(bytes);
    expect([image.width, image.height]).to.deep.equal([1600, 2133]);
    expectUpright(image);
  });
});
