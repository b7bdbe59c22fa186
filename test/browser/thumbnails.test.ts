import { expect } from '@esm-bundle/chai';
import { DECODES_AT_ONCE } from '../../src/element/thumbnails.js';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { cleanup, makePng, mount, rows, shadow, sleep, until } from './helpers.js';
import { cameraJpeg, flatJpeg, near, pixel, quadrantJpeg } from './camera-photos.js';
import { BLUE, GREEN, RED, YELLOW, type RGB } from './resize-fixtures.js';

afterEach(cleanup);

describe('<ik-uploader> thumbnails', () => {
  it('decodes the photos of a long list in a worker, a few at a time, as their rows come into view, at a small size', async () => {
    // Count the decodes the element asks its thumbnail worker for, and how many run at once.
    const RealWorker = window.Worker;
    let inFlight = 0;
    let most = 0;
    const sizes: number[] = [];
    window.Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e: MessageEvent<{ id?: number }>) => {
          if (e.data?.id !== undefined) inFlight--;
        });
      }
      override postMessage(message: unknown, transfer?: unknown) {
        const job = message as { file?: Blob; width?: number };
        if (job.file) {
          inFlight++;
          most = Math.max(most, inFlight);
          sizes.push(job.width!);
        }
        super.postMessage(message, transfer as Transferable[]);
      }
    };
    // The page itself decodes nothing: its own createImageBitmap is never called for a thumbnail.
    const real = window.createImageBitmap;
    let onPage = 0;
    window.createImageBitmap = ((...args: Parameters<typeof createImageBitmap>) => (onPage++, real(...args))) as typeof createImageBitmap;
    try {
      const el = await mount({ concurrency: '1' });
      el.authenticator = () => new Promise(() => {}); // nothing is sent: this is about the list
      const photo = await makePng('p.png', 2000, 1500, '#a52');
      el.addFiles(Array.from({ length: 80 }, (_, i) => new File([photo], `IMG_${i}.png`, { type: 'image/png' })));
      await el.updateComplete;
      const drawn = () => shadow(el).querySelectorAll('canvas[data-ready]').length;
      await until(() => drawn() > 0, 'the first thumbnails drawn');
      // Scroll to the end, as fast as rows are rendered: every row passes through the view, but only the last ones stay.
      const list = shadow(el).querySelector('[part~="list"]')!;
      const lastId = el.items.at(-1)!.id;
      const last = await until(async () => {
        list.scrollTop = list.scrollHeight;
        await new Promise((r) => requestAnimationFrame(r));
        await el.updateComplete;
        return rows(el).find((r) => r.dataset.id === lastId);
      }, 'the last row rendered');
      list.scrollTop = list.scrollHeight;
      await until(() => last!.querySelector('canvas[data-ready]'), 'the last row decoded once scrolled to');
      await until(() => inFlight === 0, 'the decodes finished');
      await sleep(200);
      expect(sizes.length, 'thumbnails decoded in the worker').to.be.greaterThan(0);
      expect(most, 'decodes at once').to.be.at.most(DECODES_AT_ONCE);
      expect(sizes.length, 'rows skipped past were not decoded').to.be.lessThan(60);
      expect(sizes.every((w) => w <= 96), 'decoded at thumbnail size').to.equal(true);
      expect(onPage, 'decodes on the page itself').to.equal(0);
    } finally {
      window.Worker = RealWorker;
      window.createImageBitmap = real;
    }
  });
});

describe('<ik-uploader> thumbnails of camera photos', () => {
  const GREY: RGB = [128, 128, 128];
  const QUADS: [RGB, RGB, RGB, RGB] = [RED, GREEN, BLUE, YELLOW];

  /** Mounts an element that lists `files` (and sends nothing); answers once each has a thumbnail drawn or the worker gave up on it. */
  async function list(files: File[]) {
    const RealWorker = window.Worker;
    let failed = 0;
    window.Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e: MessageEvent<{ id?: number; bitmap?: ImageBitmap }>) => void (e.data?.id !== undefined && !e.data.bitmap && failed++));
      }
    };
    try {
      const el = await mount();
      el.authenticator = () => new Promise(() => {});
      el.addFiles(files);
      await el.updateComplete;
      await until(() => shadow(el).querySelectorAll('canvas[data-ready]').length + failed >= files.length, 'every thumbnail drawn or given up');
      await el.updateComplete;
      return el;
    } finally {
      window.Worker = RealWorker;
    }
  }
  const canvasOf = (el: IkUploader, name: string) =>
    rows(el).find((r) => r.querySelector('[part~="file-name"]')?.textContent?.trim() === name)!.querySelector('canvas')!;
  /** The colours at the four corners (inset) of what a canvas shows: top-left, top-right, bottom-left, bottom-right. */
  const corners = (c: HTMLCanvasElement) => [pixel(c, 12, 12), pixel(c, c.width - 12, 12), pixel(c, 12, c.height - 12), pixel(c, c.width - 12, c.height - 12)];
  const matches = (got: RGB[], want: RGB[]) => got.every((g, i) => near(g, want[i]!));

  it("draws a camera photo's embedded preview, turned as the photo is shown (EXIF orientation 6)", async () => {
    // The photo is grey, its 160×120 preview four quadrants: the thumbnail shows the preview, turned a quarter clockwise.
    const photo = await cameraJpeg(await flatJpeg(800, 600, GREY), { orientation: 6, size: [800, 600], preview: await quadrantJpeg(160, 120, QUADS) });
    const el = await list([new File([photo], 'IMG_0001.jpg', { type: 'image/jpeg' })]);
    const canvas = canvasOf(el, 'IMG_0001.jpg');
    expect(canvas.dataset.ready).to.equal('preview');
    expect([canvas.width, canvas.height]).to.deep.equal([96, 128]);
    // Turned clockwise, the stored bottom-left (blue) is now top-left, the stored top-left (red) top-right.
    const got = corners(canvas);
    expect(matches(got, [BLUE, RED, YELLOW, GREEN]), JSON.stringify(got)).to.equal(true);
  });

  it('decodes a photo without a preview, turned by its own EXIF orientation', async () => {
    const photo = await cameraJpeg(await quadrantJpeg(400, 300, QUADS), { orientation: 6 });
    const el = await list([new File([photo], 'no-preview.jpg', { type: 'image/jpeg' })]);
    const canvas = canvasOf(el, 'no-preview.jpg');
    expect(canvas.dataset.ready).to.equal('decoded');
    expect([canvas.width, canvas.height]).to.deep.equal([96, 128]);
    const got = corners(canvas);
    expect(matches(got, [BLUE, RED, YELLOW, GREEN]), JSON.stringify(got)).to.equal(true);
  });

  it('decodes the photo itself when its preview is too small for a thumbnail, or when it has no EXIF at all', async () => {
    const small = await cameraJpeg(await flatJpeg(400, 300, BLUE), { size: [400, 300], preview: await flatJpeg(64, 48, RED) });
    const plain = await flatJpeg(400, 300, GREEN);
    const el = await list([new File([small], 'small-preview.jpg', { type: 'image/jpeg' }), new File([plain], 'plain.jpg', { type: 'image/jpeg' })]);
    for (const [name, colour] of [['small-preview.jpg', BLUE], ['plain.jpg', GREEN]] as const) {
      const canvas = canvasOf(el, name);
      expect(canvas.dataset.ready, name).to.equal('decoded');
      expect([canvas.width, canvas.height], name).to.deep.equal([96, 72]);
      expect(near(pixel(canvas, 48, 36), colour), `${name}: ${pixel(canvas, 48, 36)}`).to.equal(true);
    }
  });

  it("crops a camera's letterboxed 4:3 preview of a 3:2 photo to the photo's shape", async () => {
    // 160×120 with 7 px of black above and below: the picture inside is 160×106, as the 600×400 photo.
    const photo = await cameraJpeg(await flatJpeg(600, 400, GREY), { size: [600, 400], preview: await quadrantJpeg(160, 120, QUADS, 7) });
    const el = await list([new File([photo], 'IMG_3x2.jpg', { type: 'image/jpeg' })]);
    const canvas = canvasOf(el, 'IMG_3x2.jpg');
    expect(canvas.dataset.ready).to.equal('preview');
    expect([canvas.width, canvas.height]).to.deep.equal([96, 64]);
    const edges = [pixel(canvas, 20, 1), pixel(canvas, 76, 1), pixel(canvas, 20, 62), pixel(canvas, 76, 62)];
    expect(matches(edges, QUADS), `no black bar: ${JSON.stringify(edges)}`).to.equal(true);
  });

  it("leaves a broken image's tile empty, and still draws the others", async () => {
    const good = await cameraJpeg(await flatJpeg(800, 600, GREY), { size: [800, 600], preview: await flatJpeg(160, 120, RED) });
    const broken = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 8, 1, 2, 3, 4, 5, 6])], 'broken.jpg', { type: 'image/jpeg' });
    const el = await list([broken, new File([good], 'good.jpg', { type: 'image/jpeg' })]);
    expect(canvasOf(el, 'good.jpg').dataset.ready).to.equal('preview');
    const tile = canvasOf(el, 'broken.jpg');
    expect(tile, 'the tile stays').to.not.equal(null);
    expect(tile.dataset.ready, 'nothing drawn in it').to.equal(undefined);
  });

  it('where no worker can start (a CSP that forbids it) nor ImageDecoder (http), the page decodes a photo without a preview itself, upright', async () => {
    const RealWorker = window.Worker;
    const RealImageDecoder = window.ImageDecoder;
    window.Worker = class {
      constructor() {
        throw new DOMException('Refused to create a worker (Content Security Policy)', 'SecurityError');
      }
    } as unknown as typeof Worker;
    // @ts-expect-error: gone, as on a page not served over https
    delete window.ImageDecoder;
    try {
      const withPreview = await cameraJpeg(await flatJpeg(800, 600, GREY), { orientation: 6, size: [800, 600], preview: await quadrantJpeg(160, 120, QUADS) });
      const without = await cameraJpeg(await quadrantJpeg(400, 300, QUADS), { orientation: 6 });
      const el = await mount();
      el.authenticator = () => new Promise(() => {});
      el.addFiles([new File([withPreview], 'csp-preview.jpg', { type: 'image/jpeg' }), new File([without], 'csp-decoded.jpg', { type: 'image/jpeg' })]);
      await until(() => shadow(el).querySelectorAll('canvas[data-ready]').length === 2, 'both thumbnails drawn');
      for (const [name, source] of [['csp-preview.jpg', 'preview'], ['csp-decoded.jpg', 'decoded']]) {
        const canvas = canvasOf(el, name!);
        expect(canvas.dataset.ready, name).to.equal(source);
        expect([canvas.width, canvas.height], name).to.deep.equal([96, 128]);
        expect(matches(corners(canvas), [BLUE, RED, YELLOW, GREEN]), `${name}: ${JSON.stringify(corners(canvas))}`).to.equal(true);
      }
    } finally {
      window.Worker = RealWorker;
      window.ImageDecoder = RealImageDecoder;
    }
  });
});

describe('<ik-uploader> thumbnails, in order', () => {
  it('draws the rows in view from the top down, one at a time', async () => {
    const el = await mount();
    el.authenticator = () => new Promise(() => {});
    const photo = await makePng('p.png', 1200, 900, '#357');
    const order: string[] = [];
    const seen = new MutationObserver((records) => {
      for (const r of records) {
        const canvas = r.target as HTMLCanvasElement;
        if (canvas.dataset.ready !== undefined) order.push(canvas.closest('li')!.querySelector('[part~="file-name"]')!.textContent!.trim());
      }
    });
    seen.observe(shadow(el), { subtree: true, attributeFilter: ['data-ready'] });
    el.addFiles(Array.from({ length: 4 }, (_, i) => new File([photo], `row-${i}.png`, { type: 'image/png' })));
    await until(() => order.length === 4, 'four thumbnails drawn');
    seen.disconnect();
    expect(DECODES_AT_ONCE).to.equal(1);
    expect(order).to.deep.equal(['row-0.png', 'row-1.png', 'row-2.png', 'row-3.png']);
  });
});
