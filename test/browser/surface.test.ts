import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { cleanup, dropZone, fault, makeBytes, mount, nextEvent, pick, rows, shadow, uniqueFolder, until } from './helpers.js';

// Tracker #12: what a person sees, reads and can do. Each test here failed on the element before it.
afterEach(cleanup);

const bare = (s: string | null | undefined) => (s ?? '').replace(/[\u2066-\u2069]/g, '');
const text = (el: Element | null | undefined) => bare(el?.textContent).replace(/\s+/g, ' ').trim();
const header = (el: IkUploader) => text(shadow(el).querySelector('[part~="summary-text"]'));
const rowStatus = (row: Element) => text(row.querySelector('[part~="status"]'));
const buttons = (row: Element) => [...row.querySelectorAll<HTMLButtonElement>('button')];
const labels = (row: Element) => buttons(row).map((b) => bare(b.getAttribute('aria-label')));

describe('<ik-uploader> the header tells the whole story', () => {
  it('counts a failed file ("1 of 2 uploaded · 1 failed"), an only file that failed, and canceled ones', async () => {
    const el = await mount({ folder: uniqueFolder('totals'), retries: '0', concurrency: '1' });
    await fault({ count: 1, status: 500 });
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('fails.bin', 10), makeBytes('ok.bin', 10)]);
    await complete;
    await el.updateComplete;
    expect(header(el)).to.equal('1 of 2 uploaded · 1 failed');
    expect(shadow(el).querySelector('[part~="summary"] .bad'), 'the failures in the error colour').to.not.equal(null);

    const alone = await mount({ folder: uniqueFolder('alone'), retries: '0' });
    await fault({ count: 1, status: 500 });
    const failed = nextEvent(alone, 'ik-upload-error');
    alone.addFiles([makeBytes('only.bin', 10)]);
    await failed;
    await alone.updateComplete;
    expect(header(alone)).to.equal('0 of 1 uploaded · 1 failed');

    const stopped = await mount({ folder: uniqueFolder('cancel'), 'stall-timeout': '60000' });
    await fault({ count: 2, mode: 'stall' });
    stopped.addFiles([makeBytes('a.bin', 1000), makeBytes('b.bin', 1000)]);
    await until(() => stopped.items.every((i) => i.state === 'uploading'), 'both uploading');
    await stopped.updateComplete;
    shadow(stopped).querySelector<HTMLButtonElement>('[part~="cancel-all-button"]')!.click();
    await stopped.updateComplete;
    expect(stopped.items.map((i) => i.state)).to.deep.equal(['canceled', 'canceled']);
    expect(header(stopped)).to.equal('0 of 2 uploaded · 2 canceled');
    // Both can be tried again at once, then cleared.
    expect(shadow(stopped).querySelector('[part~="retry-all-button"]')).to.not.equal(null);
    shadow(stopped).querySelector<HTMLButtonElement>('[part~="clear-button"]')!.click();
    await stopped.updateComplete;
    expect(stopped.items).to.have.length(0);
  });

  it('puts failures at the top of the list, not below the fold', async () => {
    const el = await mount({ folder: uniqueFolder('first'), retries: '0', concurrency: '1' });
    const done = nextEvent(el, 'ik-complete');
    el.addFiles(Array.from({ length: 6 }, (_, i) => makeBytes(`ok${i}.bin`, 10)));
    await done;
    await fault({ count: 1, status: 500 });
    const failed = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('late.bin', 10)]);
    await failed;
    await el.updateComplete;
    const first = rows(el)[0]!;
    expect(text(first.querySelector('[part~="file-name"]'))).to.equal('late.bin');
    expect(first.dataset.state).to.equal('failed');
    // Tinted: its background is not the list's.
    expect(getComputedStyle(first).backgroundColor).to.not.equal(getComputedStyle(rows(el)[1]!).backgroundColor);
  });
});

describe('<ik-uploader> words for a person', () => {
  it('says a few words and, while a retry waits, the attempt and a countdown; the detail is in the event', async () => {
    const el = await mount({ folder: uniqueFolder('wait'), retries: '1', 'retry-delay': '30000', 'auth-endpoint': 'http://127.0.0.1:9/auth' });
    const retry = nextEvent(el, 'ik-upload-retry');
    el.addFiles([makeBytes('r.bin', 10)]);
    const detail = await retry;
    expect(detail.error.message, 'the developer gets the whole story').to.match(/^Could not reach the auth endpoint http:\/\/127\.0\.0\.1:9\/auth/);
    await el.updateComplete;
    const said = rowStatus(rows(el)[0]!);
    expect(said).to.match(/^Couldn't get permission to upload\. Retrying in (\d+) sec(onds?)? \(attempt 2 of 2\)$/);
    expect(said, 'no URL on screen').to.not.match(/https?:|127\.0/);
    const before = Number(/in (\d+)/.exec(said)![1]);
    await until(async () => (await el.updateComplete, Number(/in (\d+)/.exec(rowStatus(rows(el)[0]!))?.[1]) < before), 'the countdown ticks');
    el.cancelAll();
  });

  it('offers Retry only where another try can help: not for a size the account refuses, nor a 401', async () => {
    const el = await mount({ folder: uniqueFolder('noretry'), retries: '0', concurrency: '1' });
    await fault({ count: 1, status: 400, body: { message: 'Your request contains file size exceeds limits.', help: '' } });
    let failed = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('huge.bin', 10)]);
    await failed;
    await fault({ count: 1, status: 401, body: { message: 'Your account cannot be authenticated.', help: '' } });
    failed = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('denied.bin', 10)]);
    await failed;
    await fault({ count: 1, status: 500 });
    failed = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('flaky.bin', 10)]);
    await failed;
    await el.updateComplete;
    const byName = (n: string) => rows(el).find((r) => text(r.querySelector('[part~="file-name"]')) === n)!;
    expect(rowStatus(byName('huge.bin'))).to.equal('Too large for this account');
    expect(labels(byName('huge.bin'))).to.deep.equal(['Remove huge.bin']);
    expect(rowStatus(byName('denied.bin'))).to.equal('Not allowed to upload here');
    expect(labels(byName('denied.bin'))).to.deep.equal(['Remove denied.bin']);
    expect(labels(byName('flaky.bin'))).to.deep.equal(['Retry flaky.bin', 'Remove flaky.bin']);
    expect(header(el)).to.equal('0 of 3 uploaded · 3 failed');
    // Retry all tries only the one that may work.
    shadow(el).querySelector<HTMLButtonElement>('[part~="retry-all-button"]')!.click();
    await until(() => el.items.find((i) => i.file.name === 'flaky.bin')!.state === 'done', 'flaky.bin uploaded');
    expect(el.items.filter((i) => i.state === 'failed').map((i) => i.file.name)).to.deep.equal(['huge.bin', 'denied.bin']);
  });

  it('gives Cancel and Remove their own icons, and every row button a visible tooltip', async () => {
    const el = await mount({ folder: uniqueFolder('tips'), retries: '0', 'stall-timeout': '60000', concurrency: '1' });
    await fault({ count: 1, mode: 'stall' });
    const done = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('stuck.bin', 1000), makeBytes('done.bin', 10)]);
    await until(() => el.items[0]!.state === 'uploading', 'uploading');
    await el.updateComplete;
    const cancel = rows(el)[0]!.querySelector<HTMLButtonElement>('[data-action=cancel]')!;
    const cancelIcon = cancel.querySelector('path')!.getAttribute('d');
    cancel.focus();
    expect(getComputedStyle(cancel, '::after').content).to.equal('"Cancel upload"');
    cancel.click();
    await done.catch(() => undefined);
    await until(() => el.items[1]!.state === 'done', 'the second done');
    await el.updateComplete;
    const remove = rows(el).find((r) => r.dataset.state === 'done')!.querySelector<HTMLButtonElement>('[data-action=remove]')!;
    expect(remove.querySelector('path')!.getAttribute('d')).to.not.equal(cancelIcon);
    remove.focus();
    expect(getComputedStyle(remove, '::after').content).to.equal('"Remove from list"');
    const retry = rows(el).find((r) => r.dataset.state === 'canceled')!.querySelector<HTMLButtonElement>('[data-action=retry]')!;
    retry.focus();
    expect(getComputedStyle(retry, '::after').content).to.equal('"Try again"');
  });
});

describe('<ik-uploader> as a form field', () => {
  it('replaces its file when it takes one file (no multiple), as a native input does', async () => {
    const form = document.createElement('form');
    document.body.append(form);
    try {
      const el = await mount({ name: 'cover', multiple: false, folder: uniqueFolder('single') }, form);
      let complete = nextEvent(el, 'ik-complete');
      pick(el, [makeBytes('first.bin', 10)]);
      await complete;
      complete = nextEvent(el, 'ik-complete');
      pick(el, [makeBytes('second.bin', 10)]);
      await complete;
      await el.updateComplete;
      expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['second.bin', 'done']]);
      expect(new FormData(form).getAll('cover')).to.have.length(1);
      expect(String(new FormData(form).get('cover'))).to.match(/second[^/]*\.bin$/);
    } finally {
      form.remove();
    }
  });

  it('compact: once its file is uploaded it offers Replace, not "Drop a file here", and Replace swaps the file', async () => {
    const el = await mount({ compact: true, multiple: false, name: 'cover', folder: uniqueFolder('replace') });
    let complete = nextEvent(el, 'ik-complete');
    pick(el, [makeBytes('old.bin', 10)]);
    await complete;
    await el.updateComplete;
    expect(dropZone(el), 'no drop zone beside the uploaded file').to.equal(null);
    expect(text(shadow(el).querySelector('.root')), 'no "Drop a file here"').to.not.match(/Drop a file/);
    const replace = shadow(el).querySelector<HTMLButtonElement>('[part~="replace-button"]')!;
    expect(text(replace)).to.equal('Replace');
    replace.focus();
    complete = nextEvent(el, 'ik-complete');
    await executeServerCommand('file-chooser', { files: [{ name: 'new.bin', mimeType: 'application/octet-stream', size: 20 }], press: 'Enter' });
    await complete;
    await el.updateComplete;
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['new.bin', 'done']]);
  });

  it('inside a disabled <fieldset>, no row button works', async () => {
    const form = document.createElement('form');
    const set = document.createElement('fieldset');
    form.append(set);
    document.body.append(form);
    try {
      const el = await mount({ name: 'files', retries: '0', folder: uniqueFolder('fieldset') }, set);
      await fault({ count: 1, status: 500 });
      const complete = nextEvent(el, 'ik-complete');
      el.addFiles([makeBytes('x.bin', 10), makeBytes('y.bin', 10)]);
      await complete;
      set.disabled = true;
      await el.updateComplete;
      const all = [...shadow(el).querySelectorAll<HTMLButtonElement>('button')];
      expect(all.length).to.be.greaterThan(3);
      expect(all.filter((b) => !b.disabled).map((b) => b.getAttribute('aria-label') ?? text(b))).to.deep.equal([]);
      for (const b of all) b.click();
      await el.updateComplete;
      expect(el.items.map((i) => i.state).sort()).to.deep.equal(['done', 'failed']);
    } finally {
      form.remove();
    }
  });
});
