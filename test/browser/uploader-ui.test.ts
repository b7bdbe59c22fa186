import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import {
  authCalls, cleanup, dropZone, fault, fileInput, library, makeBytes, makePng, mount, nextEvent, record, rows, shadow, sleep, transfer,
  uniqueFolder, until,
} from './helpers.js';

afterEach(cleanup);

// What a person reads: the bidi isolates around names and values are invisible.
const bare = (s: string | null | undefined) => (s ?? '').replace(/[\u2066-\u2069]/g, '');
const text = (el: Element | null | undefined) => bare(el?.textContent).replace(/\s+/g, ' ').trim();
const status = (el: IkUploader) => text(shadow(el).querySelector('[role=status]'));
const summary = (el: IkUploader) => text(shadow(el).querySelector('[part~="summary-text"]'));
const drawn = (el: IkUploader) => shadow(el).querySelectorAll('canvas[data-ready]').length;

/** A drag or paste event as the browser fires it, carrying `data` (a real DataTransfer, or a stand-in for folder entries). */
function fire(target: EventTarget, type: string, data: unknown) {
  const event = type === 'paste'
    ? new ClipboardEvent(type, { bubbles: true, cancelable: true, composed: true })
    : new DragEvent(type, { bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(event, type === 'paste' ? 'clipboardData' : 'dataTransfer', { value: data });
  target.dispatchEvent(event);
  return event;
}

describe('<ik-uploader> file list', () => {
  it('shows each file with a preview and, once uploaded, a check badge instead of a full bar', async () => {
    const el = await mount({ folder: uniqueFolder('list') });
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([await makePng('photo.png', 64, 48), makeBytes('notes.bin', 3000)]);
    await complete;
    await el.updateComplete;
    const [photo, notes] = rows(el);
    expect(text(photo!.querySelector('[part~="file-name"]'))).to.equal('photo.png');
    expect(text(notes!.querySelector('[part~="file-size"]'))).to.equal('2.9 kB');
    for (const row of [photo!, notes!]) {
      // 50 finished files must not make a wall of green: no bar once done, a badge on the preview.
      expect(row.querySelector('[role=progressbar]'), 'no bar once done').to.equal(null);
      // The badge is drawn on the preview's corner, in the colour of the row's "Uploaded".
      const badge = getComputedStyle(row.querySelector('[part~="thumbnail"]')!, '::after');
      expect(badge.content).to.not.equal('none');
      expect(badge.backgroundColor).to.equal(getComputedStyle(row.querySelector('[part~="status"]')!).color);
      expect(text(row.querySelector('[part~="status"]'))).to.equal('Uploaded');
    }
    // An image gets a decoded thumbnail; another file gets its kind's icon.
    await until(() => photo!.querySelector('canvas[data-ready]'), 'thumbnail drawn');
    expect(notes!.querySelector('canvas')).to.equal(null);
    expect(notes!.querySelector('[part~="thumbnail"] > svg')).to.not.equal(null);
    expect(summary(el)).to.equal('2 of 2 uploaded');
    expect(shadow(el).querySelector('[part~="summary"] [role=progressbar]'), 'no overall bar once nothing moves').to.equal(null);
  });

  it('shows bytes sent and time left while uploading, and drops the time left once nothing moves', async () => {
    const el = await mount({ folder: uniqueFolder('speed'), 'stall-timeout': '60000' });
    await fault({ count: 1, mode: 'stall' });
    el.addFiles([makeBytes('slow.bin', 4 * 1024 * 1024)]);
    await until(async () => (await el.updateComplete, / left$/.test(summary(el))), 'time left');
    expect(summary(el)).to.match(/^0 of 1 uploaded · [\d.]+ (byte|bytes|kB|MB) of 4 MB · \d+ (sec|min) left$/);
    const bar = rows(el)[0]!.querySelector('[role=progressbar]')!;
    expect(Number(bar.getAttribute('aria-valuenow'))).to.be.within(0, 100);
    // The server stopped reading: no byte moves, so no time left is promised.
    await until(async () => (await el.updateComplete, !/left/.test(summary(el))), 'time left gone once stalled');
    expect(summary(el)).to.match(/^0 of 1 uploaded · [\d.]+ (byte|bytes|kB|MB) of 4 MB$/);
    expect(el.items[0]!.state).to.equal('uploading');
  });

  it('announces additions, completions, failures and rejections politely, not progress', async () => {
    const el = await mount({ folder: uniqueFolder('announce'), retries: '0', 'max-file-size': '1KB' });
    const region = shadow(el).querySelector('[role=status]')!;
    expect(region.getAttribute('role')).to.equal('status'); // implicitly aria-live=polite
    const changes: string[] = [];
    new MutationObserver(() => changes.push(text(region))).observe(region, { subtree: true, childList: true, characterData: true });
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('a.bin', 500), makeBytes('b.bin', 600)]);
    await el.updateComplete;
    expect(status(el)).to.equal('2 files added.');
    await complete;
    await el.updateComplete;
    // Completions within one render (250 ms) are told together, none lost.
    expect(status(el)).to.match(/^[ab]\.bin uploaded\.( [ab]\.bin uploaded\.)?$/);
    expect(changes.join(' ')).to.contain('a.bin uploaded.').and.to.contain('b.bin uploaded.');
    await fault({ count: 1, status: 500, body: { message: 'Disk on fire.' } });
    const error = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('c.bin', 10)]);
    await error;
    await el.updateComplete;
    // Said on its own, or with its addition when both fall in one render.
    expect(status(el)).to.match(/^(c\.bin added\. )?c\.bin was not uploaded\. The server had a problem\.$/);
    el.addFiles([makeBytes('big.bin', 5000)]);
    await el.updateComplete;
    // Said once, whole, as the event's message says it (not "Not uploaded: "big.bin" was not added: ...").
    expect(status(el)).to.equal('"big.bin" is 4.9 kB; the largest file allowed is 1 kB.');
    expect(changes.some((c) => /%/.test(c)), 'no progress ticks announced').to.equal(false);
  });

  it('keeps 1,000 files responsive and decodes only the thumbnails in view', async () => {
    const el = await mount({ concurrency: '1' });
    el.authenticator = () => new Promise(() => {}); // the uploads wait: this is about the list
    const png = await makePng('p.png', 640, 480, '#2a7');
    const files = Array.from({ length: 1000 }, (_, i) => new File([png], `photo-${i}.png`, { type: 'image/png' }));
    await sleep(300); // the test's own setup (encoding the PNG, earlier tests' garbage) settles first
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    observer.observe({ type: 'longtask' });
    const start = performance.now();
    el.addFiles(files);
    await el.updateComplete;
    const rendered = performance.now() - start;
    await sleep(1000);
    observer.disconnect();
    // Reported, not asserted: timings on a shared 2-core machine say little.
    console.log(`1,000 files: added and rendered in ${rendered.toFixed(0)} ms; long tasks: ${longTasks.length ? longTasks.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}`);
    // A page of rows is rendered, then a page more each time the list is scrolled near its end.
    expect(rows(el).length).to.be.lessThan(150);
    const visible = drawn(el);
    expect(visible, 'the rows in view got thumbnails').to.be.greaterThan(0);
    expect(visible, 'rows out of view were not decoded').to.be.lessThan(40);
    const list = shadow(el).querySelector('[part~="list"]')!;
    await until(async () => {
      list.scrollTop = list.scrollHeight;
      await el.updateComplete;
      return rows(el).some((r) => r.dataset.id === el.items[999]!.id);
    }, 'the last file rendered after scrolling down');
    const last = rows(el).find((r) => r.dataset.id === el.items[999]!.id)!;
    await until(() => last.querySelector('canvas[data-ready]'), 'the last row decoded once scrolled to');
    // Rows come a few per frame as the list is scrolled, so those scrolled past quickly are seen briefly; most are never decoded.
    expect(drawn(el), 'the rows scrolled past were not all decoded').to.be.lessThan(300);
    expect(shadow(el).querySelector('[part~="more-button"]'), 'nothing left to show').to.equal(null);
  });

  it('lists thousands of files a chunk per task, in order, checked as one batch, and says so once', async () => {
    const el = await mount({ concurrency: '1' });
    el.authenticator = () => new Promise(() => {});
    const files = Array.from({ length: 5000 }, (_, i) => makeBytes(`n${i}.bin`, 1));
    const rejected = record(el, ['ik-file-rejected']);
    const region = shadow(el).querySelector('[role=status]')!;
    const said: string[] = [];
    new MutationObserver(() => said.push(text(region))).observe(region, { subtree: true, childList: true, characterData: true });
    el.addFiles([...files, files[10]!]); // the same file again, 4,990 files later: a duplicate across chunks
    expect(el.items.length, 'the first chunk at once').to.be.within(1, 4999);
    el.addFiles([makeBytes('later.bin', 1)]);
    await until(() => el.items.length === 5002, 'every file listed');
    expect(el.items.slice(0, 5000).map((i) => i.file.name)).to.deep.equal(files.map((f) => f.name));
    expect(el.items.filter((i) => i.state === 'rejected').map((i) => i.file.name), 'the same file twice').to.deep.equal(['n10.bin']);
    expect(rejected.of('ik-file-rejected').map((d: any) => d.code)).to.deep.equal(['duplicate']);
    expect(el.items.findIndex((i) => i.file.name === 'later.bin'), 'added meanwhile: after them').to.equal(5000);
    await el.updateComplete;
    expect(said.filter((w) => /added\./.test(w)), 'one announcement for the batch, with the file that joined it').to.have.length(1);
    expect(said.join(' ')).to.contain('5,001 files added.');
  });

  it('is ready for the first files before they come: their header shows in the render that lists them', async () => {
    const el = await mount({ upload: 'manual' });
    await new Promise((r) => requestIdleCallback(r)); // the page is idle: the element loads what files will need
    await el.updateComplete;
    el.addFiles([makeBytes('a.bin', 2048), makeBytes('b.bin', 2048)]);
    await new Promise((r) => setTimeout(r)); // not updateComplete: that would wait for a part still loading
    expect(rows(el), 'listed at once').to.have.length(2);
    expect(bare(shadow(el).querySelector('[part~=summary-text]')?.textContent), 'the header, in the same render').to.equal('2 ready to upload · 4 kB');
    // The last chunk of a long batch shows at once too, not with the queue's next frame.
    el.addFiles(Array.from({ length: 4000 }, (_, i) => makeBytes(`n${i}.bin`, 1)));
    await until(() => el.items.length === 4002, 'every file listed');
    await new Promise((r) => setTimeout(r));
    expect(bare(shadow(el).querySelector('[part~=summary-text]')?.textContent)).to.match(/^4,002 ready to upload/);
  });

  it('shows a long list a screenful at a time, with a button for keyboard users', async () => {
    const el = await mount({ concurrency: '1' });
    el.authenticator = () => new Promise(() => {});
    el.style.setProperty('--ik-list-max-height', 'none'); // the page scrolls, not the list
    el.addFiles(Array.from({ length: 250 }, (_, i) => makeBytes(`f${i}.bin`, 1)));
    await el.updateComplete;
    const more = () => shadow(el).querySelector<HTMLButtonElement>('[part~="more-button"]');
    const count = () => rows(el).filter((r) => r.dataset.id).length;
    // Rows are added a frame at a time only while the list's end is near the view: wait till they stop.
    let first = -1;
    await until(async () => {
      const before = count();
      await sleep(200);
      await el.updateComplete;
      return before === (first = count());
    }, 'the rows to stop growing');
    expect(first, 'a screenful, not the whole list').to.be.within(10, 60);
    expect(shadow(el).querySelector('[part~="list"]')!.getBoundingClientRect().bottom, 'the rows fill the view').to.be.greaterThan(innerHeight);
    expect(text(more())).to.equal(`Show ${250 - first} more`);
    more()!.focus();
    await sendKeys({ press: 'Enter' });
    // A page more, a few rows a frame: no task renders 100 rows.
    await until(async () => (await el.updateComplete, count() === first + 100), 'a page more');
    expect(text(more())).to.equal(`Show ${150 - first} more`);
    expect(shadow(el).activeElement, 'focus stays on the button').to.equal(more());
  });

  it('renders more rows as the list is scrolled, a few at a time, until the last', async () => {
    const el = await mount({ concurrency: '1' });
    el.authenticator = () => new Promise(() => {});
    el.addFiles(Array.from({ length: 300 }, (_, i) => makeBytes(`r${i}.bin`, 1)));
    await el.updateComplete;
    const list = shadow(el).querySelector<HTMLElement>('[part~="list"]')!;
    const counts = [rows(el).filter((r) => r.dataset.id).length];
    await until(async () => {
      list.scrollTop = list.scrollHeight;
      await new Promise((r) => requestAnimationFrame(r));
      await el.updateComplete;
      const n = rows(el).filter((r) => r.dataset.id).length;
      if (n !== counts.at(-1)) counts.push(n);
      return n === 300;
    }, 'every row rendered after scrolling to the end');
    const steps = counts.slice(1).map((n, i) => n - counts[i]!);
    // After the first screenful, a few rows a frame: each frame re-renders the rows above too.
    expect(Math.max(...steps), `rows added per step: ${steps.join(', ')}`).to.be.at.most(20);
    expect(shadow(el).querySelector('[part~="more-button"]'), 'nothing left to show').to.equal(null);
    expect(list.querySelector('li:last-of-type')!.textContent).to.contain('r299.bin');
  });

  it('offers cancel while uploading, retry and remove after a failure, each named for its file', async () => {
    const el = await mount({ folder: uniqueFolder('buttons'), retries: '0', 'stall-timeout': '60000' });
    await fault({ count: 1, mode: 'stall' });
    el.addFiles([makeBytes('stuck.bin', 1000)]);
    await until(() => el.items[0]!.state === 'uploading', 'uploading');
    await el.updateComplete;
    const cancel = rows(el)[0]!.querySelector('[data-action=cancel]') as HTMLButtonElement;
    expect(bare(cancel.getAttribute('aria-label'))).to.equal('Cancel stuck.bin');
    cancel.focus();
    cancel.click();
    await el.updateComplete;
    expect(el.items[0]!.state).to.equal('canceled');
    await el.updateComplete;
    expect(bare(shadow(el).activeElement!.getAttribute('aria-label')), 'focus moves to the row\'s next button').to.equal('Retry stuck.bin');
    const labels = [...rows(el)[0]!.querySelectorAll('button')].map((b) => bare(b.getAttribute('aria-label')));
    expect(labels).to.deep.equal(['Retry stuck.bin', 'Remove stuck.bin']);
  });
});

describe('<ik-uploader> ways in', () => {
  it('walks a dropped folder tree and, with keep-folders, recreates it under folder', async () => {
    const folder = uniqueFolder('tree');
    const el = await mount({ folder, 'keep-folders': true, 'use-unique-file-name': 'false' });
    // Chromium gives a page folder entries only from a real OS drag, so this stands in for
    // webkitGetAsEntry()'s tree, answering readEntries in batches as Chromium does.
    const fileEntry = (path: string, file: File) => ({ isFile: true, isDirectory: false, fullPath: `/${path}`, file: (ok: (f: File) => void) => ok(file) });
    const dirEntry = (path: string, children: unknown[]) => ({
      isFile: false, isDirectory: true, fullPath: `/${path}`,
      createReader: () => {
        let at = 0;
        return { readEntries: (ok: (e: unknown[]) => void) => setTimeout(() => ok(children.slice(at, (at += 2)))) };
      },
    });
    const tree = dirEntry('album', [
      fileEntry('album/cover.png', await makePng('cover.png', 4, 4)),
      dirEntry('album/My Trip', [
        fileEntry('album/My Trip/day1.png', await makePng('day1.png', 4, 4)),
        fileEntry('album/My Trip/day2.png', await makePng('day2.png', 4, 4)),
        dirEntry('album/My Trip/raw', [fileEntry('album/My Trip/raw/notes.txt', new File(['hi'], 'notes.txt', { type: 'text/plain' }))]),
      ]),
    ]);
    const loose = await makePng('loose.png', 4, 4);
    const complete = nextEvent(el, 'ik-complete');
    const drop = fire(dropZone(el), 'drop', {
      types: ['Files'],
      items: [{ webkitGetAsEntry: () => tree }, { webkitGetAsEntry: () => fileEntry('loose.png', loose) }],
      files: [],
    });
    expect(drop.defaultPrevented).to.equal(true);
    const { successful, failed } = await complete;
    expect(failed).to.deep.equal([]);
    expect(successful).to.have.length(5);
    const stored = (await library(folder)).map((f) => f.filePath).sort();
    expect(stored).to.deep.equal([
      `${folder}/album/My_Trip/day1.png`,
      `${folder}/album/My_Trip/day2.png`,
      `${folder}/album/My_Trip/raw/notes.txt`,
      `${folder}/album/cover.png`,
      `${folder}/loose.png`,
    ]);
  });

  it('takes drops and pastes anywhere on the page only when asked to', async () => {
    const plain = await mount({ folder: uniqueFolder('no-page') });
    const ignored = fire(document.body, 'drop', transfer([makeBytes('x.bin', 5)]));
    expect(ignored.defaultPrevented).to.equal(false);
    expect(plain.items).to.have.length(0);
    plain.remove();

    const el = await mount({ folder: uniqueFolder('page'), 'drop-target': 'page', 'paste-target': 'page' });
    const dt = transfer([makeBytes('dropped.bin', 5)]);
    expect(fire(document.body, 'dragover', dt).defaultPrevented).to.equal(true);
    await el.updateComplete;
    expect(el.dragging).to.equal(true);
    const complete = nextEvent(el, 'ik-complete');
    fire(document.body, 'drop', dt);
    expect(el.dragging).to.equal(false);
    await complete;
    const pasted = nextEvent(el, 'ik-complete');
    expect(fire(document.body, 'paste', transfer([makeBytes('pasted.bin', 5)])).defaultPrevented).to.equal(true);
    await pasted;
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['dropped.bin', 'done'], ['pasted.bin', 'done']]);
  });

  it('passes capture to the file input, for a phone camera', async () => {
    const el = await mount({ capture: 'environment', accept: 'image/*' });
    expect(fileInput(el).getAttribute('capture')).to.equal('environment');
  });

  it('checks image dimensions in the browser before sending anything', async () => {
    const el = await mount({ folder: uniqueFolder('dims'), 'min-image-width': '100', 'max-image-height': '200' });
    const before = await authCalls();
    const rejected: any[] = [];
    el.addEventListener('ik-file-rejected', (e) => rejected.push(e.detail));
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([await makePng('narrow.png', 50, 80), await makePng('tall.png', 150, 300), await makePng('fine.png', 150, 150), makeBytes('doc.bin', 10)]);
    await complete;
    expect(rejected.map((r) => [r.file.name, r.code, r.message])).to.deep.equal([
      ['narrow.png', 'image-too-narrow', '"narrow.png" is 50 pixels wide; the minimum is 100.'],
      ['tall.png', 'image-too-tall', '"tall.png" is 300 pixels high; the maximum is 200.'],
    ]);
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['narrow.png', 'rejected'], ['tall.png', 'rejected'], ['fine.png', 'done'], ['doc.bin', 'done']]);
    expect(await authCalls()).to.equal(before + 2);
    await el.updateComplete;
    expect(rows(el).filter((r) => r.dataset.state === 'rejected').map((r) => r.querySelector('[part~="status"]')!.getAttribute('data-code')))
      .to.deep.equal(['image-too-narrow', 'image-too-tall']);
  });
});

describe('<ik-uploader> keyboard', () => {
  it('reaches the drop zone and each file button with Tab, with a visible focus ring', async () => {
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.append(before);
    try {
      const el = await mount({ folder: uniqueFolder('keys') });
      const complete = nextEvent(el, 'ik-complete');
      el.addFiles([makeBytes('k.bin', 10)]);
      await complete;
      await el.updateComplete;
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(shadow(el).activeElement).to.equal(dropZone(el));
      expect(getComputedStyle(dropZone(el)).outlineStyle).to.equal('solid');
      await sendKeys({ press: 'Tab' });
      expect(text(shadow(el).activeElement), 'then the header').to.equal('Clear finished');
      await sendKeys({ press: 'Tab' });
      const remove = shadow(el).activeElement as HTMLElement;
      expect(bare(remove.getAttribute('aria-label'))).to.equal('Remove k.bin');
      expect(getComputedStyle(remove).outlineStyle).to.equal('solid');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.items).to.have.length(0);
      await el.updateComplete;
      expect(shadow(el).activeElement, 'focus returns to the drop zone, not to the page').to.equal(dropZone(el));
    } finally {
      before.remove();
    }
  });
});

describe('<ik-uploader> words and looks', () => {
  it('speaks the language of the page, loads it on demand, and takes any word replaced', async () => {
    const wrapper = document.createElement('div');
    wrapper.lang = 'de-AT';
    document.body.append(wrapper);
    const el = await mount({}, wrapper);
    await until(async () => (await el.updateComplete, text(dropZone(el)) === 'Dateien hierher ziehen oder Dateien auswählen'), 'German label');
    el.strings = { choose: 'durchsuchen' };
    await el.updateComplete;
    expect(text(dropZone(el))).to.equal('Dateien hierher ziehen oder durchsuchen');
    el.locale = 'en';
    await el.updateComplete;
    expect(text(dropZone(el))).to.equal('Drop files here or durchsuchen');
  });

  it('lays out right to left under dir="rtl", in Arabic', async () => {
    const wrapper = document.createElement('div');
    wrapper.dir = 'rtl';
    document.body.append(wrapper);
    const el = await mount({ locale: 'ar', folder: uniqueFolder('rtl') }, wrapper);
    await until(async () => (await el.updateComplete, text(dropZone(el)).startsWith('أفلت')), 'Arabic label');
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('r.bin', 10)]);
    await complete;
    await el.updateComplete;
    const row = rows(el)[0]!;
    const name = row.querySelector('[part~="file-name"]')!.getBoundingClientRect();
    const actions = row.querySelector('[part~="actions"]')!.getBoundingClientRect();
    expect(actions.right, 'buttons on the left').to.be.lessThan(name.left);
    expect(text(row.querySelector('[part~="status"]'))).to.equal('تم الرفع');
  });

  it('follows the page colour scheme, or the theme attribute', async () => {
    const el = await mount({ theme: 'light' });
    const bg = () => getComputedStyle(dropZone(el)).backgroundColor;
    const light = bg();
    el.theme = 'dark';
    await el.updateComplete;
    const dark = bg();
    expect(dark).to.not.equal(light);
    el.removeAttribute('theme');
    document.documentElement.style.colorScheme = 'dark';
    try {
      expect(bg()).to.equal(dark);
    } finally {
      document.documentElement.style.colorScheme = '';
    }
    expect(bg()).to.equal(light);
  });

  it('moves progress bars in steps, with no transition, and stops the overlay\'s animation under prefers-reduced-motion', async () => {
    const el = await mount({ folder: uniqueFolder('motion'), 'stall-timeout': '60000' });
    await fault({ count: 1, mode: 'stall' });
    el.addFiles([makeBytes('m.bin', 1000)]);
    await until(async () => (await el.updateComplete, shadow(el).querySelector('[part~="progress-bar"]')), 'a bar');
    // A transition would draw 60 frames a second for the whole upload, on the cores the upload needs.
    const bar = shadow(el).querySelector('[part~="progress-bar"]')!;
    expect(getComputedStyle(bar).transitionDuration).to.equal('0s');
    el.dragging = true;
    await el.updateComplete;
    const overlay = shadow(el).querySelector('[part~="drop-overlay"]')!;
    expect(getComputedStyle(overlay).animationName).to.not.equal('none');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(getComputedStyle(overlay).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
      el.dragging = false;
      el.cancelAll();
    }
  });

  it('exposes every piece as a part, and slots for the label and icon', async () => {
    const el = await mount({ folder: uniqueFolder('parts'), 'stall-timeout': '60000', 'max-file-size': '10MB' });
    await fault({ count: 1, mode: 'stall' });
    el.addFiles([await makePng('p.png', 4, 4), makeBytes('slow.bin', 1000)]);
    // One of the two stalls (whichever reaches the server first), the other is done.
    await until(async () => (await el.updateComplete, el.items.some((i) => i.state === 'done') && shadow(el).querySelector('[part~="summary"] [part~="progress"]')), 'one done, one uploading');
    el.dragging = true; // files dragged over: the overlay is shown
    await el.updateComplete;
    const parts = new Set([...shadow(el).querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' ')));
    el.dragging = false;
    for (const p of ['drop-zone', 'drop-overlay', 'icon', 'label', 'hint', 'summary', 'summary-text', 'list', 'file', 'thumbnail', 'file-name', 'file-size', 'progress', 'progress-bar', 'status', 'actions', 'button', 'cancel-button', 'remove-button', 'cancel-all-button']) {
      expect(parts.has(p), p).to.equal(true);
    }
    el.cancelAll();

    const compact = await mount({ compact: true });
    compact.innerHTML = '<span slot="icon">★</span>Drop the cover image';
    await compact.updateComplete;
    const slots = [...shadow(compact).querySelectorAll('slot')];
    expect(slots.map((s) => s.assignedNodes().map((n) => n.textContent).join(''))).to.deep.equal(['★', 'Drop the cover image']);
    expect(dropZone(compact).getBoundingClientRect().height, 'compact: one line').to.be.lessThan(70);
  });
});
