import { expect } from '@esm-bundle/chai';
import { cleanup, makeBytes, mount, rows } from './helpers.js';

afterEach(cleanup);

describe('<ik-uploader> number data where no worker may start', () => {
  it('writes sizes all the same when a worker cannot start (a Content-Security-Policy without worker-src)', async () => {
    const Real = window.Worker;
    let tried = 0;
    window.Worker = class {
      constructor() {
        tried++;
        throw new DOMException('Refused to create a worker', 'SecurityError');
      }
    } as unknown as typeof Worker;
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in e ? e.reason : e.error);
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onError);
    try {
      const el = await mount({ upload: 'manual' });
      await new Promise((r) => requestIdleCallback(r));
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 50));
      expect(tried, 'the warm-up was tried').to.be.at.least(1);
      el.addFiles([makeBytes('a.bin', 1536)]);
      await el.updateComplete;
      expect(rows(el)[0]!.querySelector('[part~=file-size]')!.textContent).to.equal('1.5 kB');
      expect(errors, 'nothing thrown at the page').to.deep.equal([]);
    } finally {
      window.Worker = Real;
      removeEventListener('error', onError);
      removeEventListener('unhandledrejection', onError);
    }
  });
});
