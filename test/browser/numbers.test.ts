import { expect } from '@esm-bundle/chai';
import { cleanup, makeBytes, mount, rows, until } from './helpers.js';

afterEach(cleanup);

describe('<ik-uploader> number data', () => {
  it('loads the browser\'s number data in a worker that then ends, before the first files need their sizes', async () => {
    // The page's first Intl.NumberFormat costs tens of ms on its thread; a worker that makes one first takes that off it.
    const started: { url: string; name: string; ended: boolean }[] = [];
    const Real = window.Worker;
    window.Worker = class extends Real {
      readonly #entry: { url: string; name: string; ended: boolean };
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        started.push((this.#entry = { url: String(url), name: options?.name ?? '', ended: false }));
      }
      override terminate() {
        this.#entry.ended = true;
        super.terminate();
      }
    };
    try {
      const el = await mount({ upload: 'manual', lang: 'de' });
      await until(() => started.some((w) => /numbers\.worker/.test(w.url) && w.ended), 'the number worker started and ended');
      expect(started.filter((w) => /numbers\.worker/.test(w.url)).map((w) => w.name), 'one, in the element\'s language').to.deep.equal(['de']);
      await mount({ upload: 'manual' });
      expect(started.filter((w) => /numbers\.worker/.test(w.url)), 'once a page').to.have.length(1);
      el.addFiles([makeBytes('a.bin', 1536)]);
      await el.updateComplete;
      expect(rows(el)[0]!.querySelector('[part~=file-size]')!.textContent).to.equal('1,5 kB');
    } finally {
      window.Worker = Real;
    }
  });
});
