import { expect } from '@esm-bundle/chai';
import { DECODES_AT_ONCE } from '../../src/element/thumbnails.js';
import { cleanup, makePng, mount, rows, shadow, sleep, until } from './helpers.js';

afterEach(cleanup);

describe('<ik-uploader> thumbnails', () => {
  it('decodes the photos of a long list a few at a time, as their rows come into view, at a small size', async () => {
    // Count the decodes the element asks for, and how many run at once.
    const real = window.createImageBitmap;
    let inFlight = 0;
    let most = 0;
    const sizes: (number | undefined)[] = [];
    window.createImageBitmap = function (this: unknown, ...args: unknown[]) {
      inFlight++;
      most = Math.max(most, inFlight);
      sizes.push((args[1] as ImageBitmapOptions | undefined)?.resizeWidth);
      return (real as (...a: unknown[]) => Promise<ImageBitmap>).apply(this, args).finally(() => inFlight--);
    } as typeof createImageBitmap;
    try {
      const el = await mount({ concurrency: '1' });
      el.authenticator = () => new Promise(() => {}); // nothing is sent: this is about the list
      const photo = await makePng('p.png', 2000, 1500, '#a52');
      el.addFiles(Array.from({ length: 80 }, (_, i) => new File([photo], `IMG_${i}.png`, { type: 'image/png' })));
      await el.updateComplete;
      const drawn = () => shadow(el).querySelectorAll('canvas[data-ready]').length;
      await until(() => drawn() > 0, 'the first thumbnails drawn');
      // Scroll to the end at once: every row passes through the view, but only the last ones stay.
      const list = shadow(el).querySelector('[part~="list"]')!;
      list.scrollTop = list.scrollHeight;
      const last = rows(el).at(-1)!;
      await until(() => last.querySelector('canvas[data-ready]'), 'the last row decoded once scrolled to');
      await until(() => inFlight === 0, 'the decodes finished');
      await sleep(200);
      expect(most, 'decodes at once').to.be.at.most(DECODES_AT_ONCE);
      expect(sizes.length, 'rows skipped past were not decoded').to.be.lessThan(60);
      expect(sizes.every((w) => w !== undefined && w <= 96), 'decoded at thumbnail size').to.equal(true);
    } finally {
      window.createImageBitmap = real;
    }
  });
});
