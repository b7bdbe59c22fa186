import { expect } from '@esm-bundle/chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import type { FileChooserPayload } from '../file-chooser-plugin.js';
import { authCalls, cleanup, dropZone, fault, makeBytes, mount, nextEvent, rows, shadow, sleep, uniqueFolder, until } from './helpers.js';

// upload="manual" and upload="submit" (CONTRACT.md, "Added in the second release"), as a person meets them.
afterEach(cleanup);

const bare = (s: string | null | undefined) => (s ?? '').replace(/[\u2066-\u2069]/g, '');
const text = (el: Element | null | undefined) => bare(el?.textContent).replace(/\s+/g, ' ').trim();
const header = (el: IkUploader) => text(shadow(el).querySelector('[part~="summary-text"]'));
/** What the focused control is called: its label, else its text. */
const focused = (el: IkUploader) => {
  const a = shadow(el).activeElement;
  return a ? bare(a.getAttribute('aria-label')) || text(a) : '';
};

/** Presses Tab (Shift+Tab with `back`) until the focused control is called `name`, as a keyboard user would. */
async function tabTo(el: IkUploader, name: string | RegExp, back = false) {
  for (let i = 0; i < 30; i++) {
    const now = focused(el);
    if (typeof name === 'string' ? now === name : name.test(now)) return;
    await sendKeys({ press: back ? 'Shift+Tab' : 'Tab' });
    await el.updateComplete;
  }
  throw new Error(`no control called ${name} within 30 Tab presses (at "${focused(el)}")`);
}

async function press(el: IkUploader, key: string) {
  await sendKeys({ press: key });
  await el.updateComplete;
}

describe('<ik-uploader upload="manual">', () => {
  it('adds, removes, uploads, cancels and retries by keyboard alone; nothing is sent before Upload', async () => {
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.append(before);
    try {
      const el = await mount({ upload: 'manual', folder: uniqueFolder('manual'), retries: '0', 'stall-timeout': '60000', concurrency: '1' });
      const calls = await authCalls();
      before.focus();
      await press(el, 'Tab');
      expect(shadow(el).activeElement).to.equal(dropZone(el));
      // Enter on the zone opens the picker; the person picks three files.
      const files: FileChooserPayload['files'] = ['a.bin', 'b.bin', 'c.bin'].map((name) => ({ name, mimeType: 'application/octet-stream', size: 1000 }));
      await executeServerCommand('file-chooser', { files, press: 'Enter' });
      await until(() => el.items.length === 3, 'three files listed');
      await el.updateComplete;
      expect(el.items.map((i) => i.state)).to.deep.equal(['waiting', 'waiting', 'waiting']);
      expect(rows(el).map((r) => text(r.querySelector('[part~="status"]')))).to.deep.equal(['Ready to upload', 'Ready to upload', 'Ready to upload']);
      expect(header(el)).to.match(/^3 ready to upload · 2\.9 kB$/);
      await sleep(200);
      expect(await authCalls(), 'nothing asked for or sent while the files wait').to.equal(calls);

      // Remove one: focus goes on, not to the page.
      await tabTo(el, 'Remove c.bin');
      await press(el, 'Enter');
      expect(el.items.map((i) => i.file.name)).to.deep.equal(['a.bin', 'b.bin']);
      expect(shadow(el).activeElement, 'focus stays in the element').to.not.equal(null);

      // Upload: the first file stalls at the server, the second waits its turn.
      await fault({ count: 1, mode: 'stall' });
      await tabTo(el, 'Upload 2 files', true);
      await press(el, 'Enter');
      await until(() => el.items[0]!.state === 'uploading', 'a.bin uploading');
      await el.updateComplete;
      await tabTo(el, 'Cancel a.bin');
      await press(el, 'Enter');
      await until(() => el.items[1]!.state === 'done', 'b.bin uploaded');
      expect(el.items[0]!.state).to.equal('canceled');
      await el.updateComplete;
      // Cancel became Retry: focus is on it, and Enter tries again.
      if (focused(el) !== 'Retry a.bin') await tabTo(el, 'Retry a.bin', true);
      await press(el, 'Enter');
      await until(() => el.items[0]!.state === 'done', 'a.bin uploaded on retry');
      await el.updateComplete;
      expect(header(el)).to.equal('2 of 2 uploaded');
    } finally {
      before.remove();
    }
  });

  it('startUpload() starts the waiting files and resolves with what finished', async () => {
    const el = await mount({ upload: 'manual', folder: uniqueFolder('start') });
    el.addFiles([makeBytes('s.bin', 10)]);
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="start-button"]'))).to.equal('Upload 1 file');
    const { successful, failed } = await el.startUpload();
    expect([successful.length, failed.length]).to.deep.equal([1, 0]);
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="start-button"]'), 'nothing left to start').to.equal(null);
    el.addFiles([makeBytes('later.bin', 10)]);
    await el.updateComplete;
    expect(header(el), 'a file added later waits, and is counted as such').to.equal('1 of 2 uploaded · 1 ready to upload');
  });
});

describe('<ik-uploader upload="submit">', () => {
  /** A form with the element in it; the page's own submit handler records what the form sends (and keeps the page). */
  async function formWith(attrs: Record<string, string | boolean>) {
    const form = document.createElement('form');
    const button = document.createElement('button');
    button.textContent = 'Save';
    document.body.append(form);
    const el = await mount({ name: 'files', upload: 'submit', folder: uniqueFolder('submit'), ...attrs }, form);
    form.append(button);
    const sent: string[][] = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      sent.push(new FormData(form).getAll('files').map(String));
    });
    if (!attrs.required) await until(async () => (await el.updateComplete, el.checkValidity()), 'the element ready for its form');
    return { form, el, sent, button };
  }

  it('uploads when the form is submitted, holds a second submit, then submits once with the values', async () => {
    const { el, sent, button } = await formWith({ 'stall-timeout': '60000' });
    const calls = await authCalls();
    el.addFiles([makeBytes('one.bin', 10), makeBytes('two.bin', 10)]);
    await el.updateComplete;
    await sleep(200);
    expect(el.items.map((i) => i.state)).to.deep.equal(['waiting', 'waiting']);
    expect(await authCalls(), 'nothing sent before the submit').to.equal(calls);

    await fault({ count: 1, delayMs: 400 });
    button.click();
    await until(() => el.items.some((i) => i.state === 'uploading' || i.state === 'done'), 'uploads under way');
    expect(sent, 'not submitted while uploading').to.deep.equal([]);
    button.click(); // a second Save meanwhile
    await until(() => sent.length > 0, 'the form submitted once all are done');
    await sleep(200);
    expect(sent).to.have.length(1);
    expect(el.items.map((i) => i.state)).to.deep.equal(['done', 'done']);
    expect(sent[0]).to.deep.equal(el.value);
    expect(sent[0]).to.have.length(2);
  });

  it('keeps the form unsent on a failure and moves focus to the failed row; Save again retries it', async () => {
    const { el, sent, button } = await formWith({ retries: '0' });
    el.addFiles([makeBytes('ok.bin', 10), makeBytes('bad.bin', 10)]);
    await el.updateComplete;
    await fault({ count: 1, status: 500 });
    button.click();
    await until(() => el.items.every((i) => i.state === 'done' || i.state === 'failed'), 'both finished');
    await until(() => shadow(el).activeElement?.closest('[data-state=failed]'), 'focus on the failed row');
    await sleep(200);
    expect(sent, 'the form is not sent').to.deep.equal([]);
    expect(el.items.filter((i) => i.state === 'failed')).to.have.length(1);

    button.click();
    await until(() => sent.length === 1, 'submitted after the retry');
    expect(el.items.map((i) => i.state)).to.deep.equal(['done', 'done']);
    expect(sent[0]).to.have.length(2);
  });

  it('counts waiting files for required, and submits at once when nothing waits', async () => {
    const { el, sent, button } = await formWith({ required: true });
    expect(el.checkValidity(), 'required and empty').to.equal(false);
    el.addFiles([makeBytes('r.bin', 10)]);
    await el.updateComplete;
    await until(async () => (await el.updateComplete, el.checkValidity()), 'a waiting file will fill it');
    button.click();
    await until(() => sent.length === 1, 'submitted');
    button.click();
    await until(() => sent.length === 2, 'submitted again, nothing to upload');
    expect(sent[1]).to.deep.equal(sent[0]);
  });
});
