import { expect } from '@esm-bundle/chai';
import 'axe-core'; // UMD: sets window.axe
import type { AxeResults, RunOptions } from 'axe-core';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { cleanup, dropZone, fault, makeBytes, makePng, mount, nextEvent, transfer, uniqueFolder, until } from './helpers.js';

const axe = (window as unknown as { axe: { run(context: Element, options: RunOptions): Promise<AxeResults> } }).axe;

afterEach(cleanup);

async function violations(el: IkUploader): Promise<string[]> {
  await el.updateComplete;
  const results = await axe.run(el, { resultTypes: ['violations'] });
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

for (const theme of ['light', 'dark'] as const) {
  describe(`<ik-uploader> accessibility, ${theme}`, () => {
    it('has no axe violations when idle, dragged over, uploading, done, failed and with rejections', async () => {
      const el = await mount({ theme, folder: uniqueFolder('a11y'), 'max-file-size': '1MB', retries: '0', 'stall-timeout': '60000' });
      expect(await violations(el), 'idle').to.deep.equal([]);

      dropZone(el).dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer([makeBytes('d.bin', 1)]), bubbles: true, cancelable: true, composed: true }));
      await el.updateComplete;
      expect(el.dragging).to.equal(true);
      expect(await violations(el), 'drag-over').to.deep.equal([]);
      el.dragging = false;

      const complete = nextEvent(el, 'ik-complete');
      el.addFiles([await makePng('done.png', 30, 20)]);
      await complete;
      expect(await violations(el), 'done').to.deep.equal([]);

      await fault({ count: 1, status: 500 });
      const failed = nextEvent(el, 'ik-upload-error');
      el.addFiles([makeBytes('fails.bin', 10)]);
      await failed;
      expect(await violations(el), 'failed').to.deep.equal([]);

      el.addFiles([makeBytes('big.bin', 2 * 1024 * 1024)]);
      expect(await violations(el), 'rejected').to.deep.equal([]);

      await fault({ count: 1, mode: 'stall' });
      el.addFiles([makeBytes('slow.bin', 500_000)]);
      await until(() => el.items.some((i) => i.state === 'uploading'), 'uploading');
      expect(await violations(el), 'uploading').to.deep.equal([]);
      el.cancelAll();
    });
  });
}
