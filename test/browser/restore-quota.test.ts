// `restore` and a full quota, in a file of its own (so a page of its own): Chromium was seen to
// ignore DevTools' Storage.overrideQuotaForOrigin on a page that had already written the origin's
// IndexedDB, as restore.test.ts does.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { uniqueFolder, until } from './helpers.js';
import { closeFrames, file, notice, open, text } from './restore-helpers.js';

afterEach(closeFrames);

describe('<ik-uploader restore> with a full quota', () => {
  it('reports a full quota, without throwing, and the file still uploads', async () => {
    const folder = uniqueFolder('restore-quota');
    await executeServerCommand('storage-quota', { quota: 200_000 });
    try {
      const page = await open({ restore: 'quota', folder });
      page.el.addFiles([file(page.win, 'too-big-for-the-quota.bin', 2_000_000)]);
      await until(() => page.win.events.some((e) => e.type === 'ik-restore-error'), 'the error event');
      const error = page.win.events.find((e) => e.type === 'ik-restore-error')!.detail.error;
      expect(error.code).to.equal('quota-exceeded');
      expect(error.message).to.match(/storage is full/);
      await page.el.updateComplete;
      expect(text(notice(page.el)!)).to.equal('Storage is full: these files will not survive a reload.');
      expect(page.win.errors).to.deep.equal([]);
      const { successful } = await page.el.startUpload();
      expect(successful.map((s) => s.response.size)).to.deep.equal([2_000_000]);
      await page.el.updateComplete;
      expect(notice(page.el), 'nothing left to lose: the notice goes').to.equal(null);
    } finally {
      await executeServerCommand('storage-quota', { quota: null });
    }
  });
});
