import { expect } from '@esm-bundle/chai';
import { cleanup, library, makeBytes, mount, nextEvent, record, rows, sleep, uniqueFolder } from './helpers.js';

/**
 * Really cutting the page off (Playwright's setOffline) also cuts the test runner's own socket,
 * so the browser's offline signal is played here: navigator.onLine and the window events.
 */
function goOffline() {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  window.dispatchEvent(new Event('offline'));
}
function goOnline() {
  delete (navigator as { onLine?: boolean }).onLine; // back to the real getter
  window.dispatchEvent(new Event('online'));
}

afterEach(async () => {
  goOnline();
  await cleanup();
});

describe('offline', () => {
  it('holds uploads while the browser is offline and sends them once it is back', async () => {
    const folder = uniqueFolder('offline');
    const el = await mount({ folder, retries: '0' });
    const log = record(el, ['ik-upload-error', 'ik-upload-start']);
    goOffline();
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('later.bin', 1000)]);
    await sleep(300);
    await el.updateComplete;
    expect(el.items[0]!.state).to.equal('queued');
    expect(rows(el)[0]!.querySelector('[part="status"]')!.textContent).to.equal('Waiting for the network…');
    expect(log.events, 'nothing started while offline').to.deep.equal([]);
    goOnline();
    await success;
    expect(el.items[0]!.attempts).to.equal(1);
    expect(await library(folder)).to.have.length(1);
  });

  it('stops the element listening once it leaves the page', async () => {
    const el = await mount({ retries: '0' });
    el.remove();
    goOffline();
    expect(el.queue.paused).to.equal(false);
  });
});
