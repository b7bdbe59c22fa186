import { expect } from '@esm-bundle/chai';
import { DECODES_AT_ONCE } from '../../src/element/thumbnails.js';
import { cleanup, makePng, mount, rows, shadow, sleep, until } from './helpers.js';

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
