import { expect } from '@esm-bundle/chai';
import 'axe-core'; // UMD: sets window.axe
import type { AxeResults, RunOptions } from 'axe-core';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { cleanup, dropZone, fault, makeBytes, makePng, mount, nextEvent, transfer, uniqueFolder, until } from './helpers.js';

const axe = (window as unknown as { axe: { run(context: Element, options: RunOptions): Promise<AxeResults> } }).axe;

afterEach(cleanup);

async function violations(el: IkUploader): Promise<string[]> {
  await el.updateComplete;
  // As a person sees it once shown: a fade-in (the drop overlay's 150 ms) measured midway has its text half transparent.
  // Finite ones only (a spinner never ends); one canceled meanwhile (its element gone) is done too.
  const fades = el.shadowRoot!.getAnimations().filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime));
  await Promise.all(fades.map((a) => a.finished.catch(() => undefined)));
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
      // The overlay's part loads with the first drag: checked once it is there, not before.
      await until(() => el.shadowRoot!.querySelector('[part~=drop-overlay]'), 'the drop overlay');
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

    it('has no axe violations waiting in manual mode, while a retry waits, canceled, in a grid, and compact with Replace', async () => {
      const el = await mount({ theme, upload: 'manual', folder: uniqueFolder('a11y-modes'), 'stall-timeout': '60000' });
      el.addFiles([await makePng('wait.png', 20, 20), makeBytes('wait.pdf', 100, 'application/pdf'), makeBytes('wait.zip', 100, 'application/zip')]);
      expect(await violations(el), 'waiting, with the Upload button').to.deep.equal([]);
      el.view = 'grid';
      expect(await violations(el), 'grid, waiting').to.deep.equal([]);
      el.view = 'list';

      const retrying = await mount({ theme, retries: '2', 'retry-delay': '30000', 'auth-endpoint': 'http://127.0.0.1:9/auth' });
      const retry = nextEvent(retrying, 'ik-upload-retry');
      retrying.addFiles([makeBytes('later.bin', 10)]);
      await retry;
      expect(await violations(retrying), 'a retry counting down').to.deep.equal([]);
      retrying.cancelAll();
      expect(await violations(retrying), 'canceled').to.deep.equal([]);

      const grid = await mount({ theme, view: 'grid', folder: uniqueFolder('a11y-grid'), retries: '0', 'max-file-size': '1MB' });
      await fault({ count: 1, status: 500 });
      const complete = nextEvent(grid, 'ik-complete');
      grid.addFiles([makeBytes('fails.bin', 10), await makePng('done.png', 30, 20), makeBytes('big.bin', 2 * 1024 * 1024)]);
      await complete;
      expect(await violations(grid), 'grid: failed, done, rejected').to.deep.equal([]);

      const compact = await mount({ theme, compact: true, multiple: false, name: 'cover', folder: uniqueFolder('a11y-compact') });
      const done = nextEvent(compact, 'ik-complete');
      compact.addFiles([await makePng('cover.png', 30, 20)]);
      await done;
      await compact.updateComplete;
      expect(compact.shadowRoot!.querySelector('[part~="replace-button"]'), 'compact offers Replace').to.not.equal(null);
      expect(await violations(compact), 'compact, uploaded').to.deep.equal([]);
    });

    it('has no axe violations with a row\'s menu, the details dialog and the image editor open', async () => {
      const el = await mount({ theme, upload: 'manual' });
      el.addFiles([await makePng('cover.png', 400, 300), makeBytes('notes.pdf', 100, 'application/pdf')]);
      await el.updateComplete;
      const root = el.shadowRoot!;
      root.querySelector<HTMLButtonElement>('[part~="menu-button"]')!.click();
      await until(() => root.querySelector('[role=menu]:popover-open'), 'the menu');
      expect(await violations(el), 'menu').to.deep.equal([]);
      (root.querySelector('[role=menu]') as HTMLElement).hidePopover();

      const details = el.editFile(el.items[0]!.id);
      const box = await until(() => root.querySelector('ik-uploader-details')?.shadowRoot?.querySelector('dialog[open]'), 'the details dialog');
      expect(await violations(el), 'details dialog').to.deep.equal([]);
      box!.querySelector<HTMLButtonElement>('footer button')!.click();
      await details;

      const other = el.editFile(el.items[1]!.id);
      await until(() => root.querySelector('ik-uploader-details')?.shadowRoot?.querySelector('dialog[open]'), 'the details dialog of a PDF');
      expect(await violations(el), 'details dialog, not an image').to.deep.equal([]);
      root.querySelector('ik-uploader-details')!.shadowRoot!.querySelector<HTMLButtonElement>('footer button')!.click();
      await other;

      const image = el.editFile(el.items[0]!.id, 'image');
      const editor = (await until(() => root.querySelector('ik-uploader-editor')?.shadowRoot?.querySelector('.crop .move') && root.querySelector('ik-uploader-editor')!.shadowRoot!, 'the editor'))!;
      expect(await violations(el), 'editor, cropping').to.deep.equal([]);
      editor.querySelector<HTMLInputElement>('input[value=focus]')!.click();
      await until(() => editor.querySelector('.focus .move'), 'the focus area');
      expect(await violations(el), 'editor, focus area').to.deep.equal([]);
      editor.querySelector<HTMLButtonElement>('footer button')!.click();
      await image;
    });
  });
}

for (const theme of ['light', 'dark'] as const) {
  describe(`<ik-uploader> accessibility of the other ways in, ${theme}`, () => {
    it('has no axe violations with the link field, a link being fetched, and the camera view live, with a photo, and refused', async () => {
      const el = await mount({ theme, sources: 'device url camera', folder: uniqueFolder('a11y-src') });
      const root = el.shadowRoot!;
      await until(async () => (await el.updateComplete, root.querySelector('[part~="link-input"]')), 'the link field');
      expect(await violations(el), 'link field').to.deep.equal([]);

      await el.addUrls([`${location.origin}/source/slow.bin?delay=3000`]);
      await until(async () => (await el.updateComplete, el.items[0]?.state === 'uploading'), 'fetching');
      expect(await violations(el), 'fetching a link').to.deep.equal([]);
      el.cancelAll();

      root.querySelector<HTMLButtonElement>('[part~="camera-button"]')!.click();
      await until(async () => (await el.updateComplete, root.querySelector<HTMLVideoElement>('[part~="camera-preview"]')?.videoWidth), 'the preview');
      expect(await violations(el), 'camera live').to.deep.equal([]);
      root.querySelector<HTMLButtonElement>('[part~="shutter"]')!.click();
      await until(async () => (await el.updateComplete, root.querySelector('[part~="camera-photo"]')), 'the photo');
      expect(await violations(el), 'photo taken').to.deep.equal([]);
      root.querySelector<HTMLButtonElement>('.camera .close')!.click();

      const real = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
      try {
        await el.updateComplete;
        root.querySelector<HTMLButtonElement>('[part~="camera-button"]')!.click();
        await until(async () => (await el.updateComplete, root.querySelector('.camera [role=alert]')), 'the refusal');
        expect(await violations(el), 'camera refused').to.deep.equal([]);
      } finally {
        navigator.mediaDevices.getUserMedia = real;
      }
    });
  });
}
