import { expect } from '@esm-bundle/chai';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import type { ImageKitFile } from '../../src/core/types.js';
import { formatBytes } from '../../src/core/messages.js';
import { cleanup, fault, fileInput, makeBytes, makePng, mount, nextEvent, record, rows, shadow, uniqueFolder, until } from './helpers.js';

afterEach(cleanup);

/** Real files in the emulator, as a server would have stored them from earlier uploads. */
async function uploadedEarlier(files: File[]): Promise<ImageKitFile[]> {
  const el = await mount({ folder: uniqueFolder('earlier') });
  const complete = nextEvent(el, 'ik-complete');
  el.addFiles(files);
  const { successful } = await complete;
  el.remove();
  // In the order given, whichever finished first.
  return files.map((f) => successful.find((s: any) => s.file === f).response);
}

async function inForm(attrs: Record<string, string | boolean>) {
  const form = document.createElement('form');
  document.body.append(form);
  const el = await mount({ folder: uniqueFolder('value'), ...attrs }, form);
  return { form, el };
}

const EVENTS = ['ik-upload-success', 'ik-change', 'input', 'change'];

describe('<ik-uploader> value: files uploaded earlier', () => {
  it('lists ImageKit file objects and URLs set as value as done, counts them, and fires nothing', async () => {
    const [photo, other] = await uploadedEarlier([await makePng('cover photo.png', 40, 30), await makePng('b.png', 20, 20, '#0c0')]);
    const { form, el } = await inForm({ name: 'cover', required: true, 'max-files': '3' });
    const seen = record(el, EVENTS);
    expect(form.checkValidity()).to.equal(false);
    el.value = [photo!, other!.url];
    expect(el.value, 'read back at once').to.deep.equal([photo!.url, other!.url]);
    await el.updateComplete;
    expect(new FormData(form).getAll('cover')).to.deep.equal([photo!.url, other!.url]);
    expect(form.checkValidity(), 'required is met').to.equal(true);
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([[photo!.name, 'done'], [other!.url.split('/').pop(), 'done']]);
    const [first, second] = rows(el);
    // The stored file's thumbnail (ImageKit's, or the URL of an image), loaded from the server.
    const imgs = [first!, second!].map((r) => r.querySelector<HTMLImageElement>('[part~=thumbnail] img')!);
    expect(imgs[0]!.getAttribute('src')).to.equal(photo!.thumbnailUrl ?? photo!.url);
    expect(imgs[1]!.getAttribute('src')).to.equal(other!.url);
    await until(() => imgs.every((i) => i.complete && i.naturalWidth > 0), 'thumbnails loaded');
    expect(first!.querySelector('[part~=file-size]')!.textContent).to.equal(formatBytes(photo!.size));
    expect(second!.querySelector('[part~=file-size]')!.textContent, 'a bare URL: size unknown').to.equal('');
    expect(first!.querySelector<HTMLButtonElement>('[part~=remove-button]')).to.exist;
    expect(shadow(el).querySelector('[part~=summary]'), 'nothing was uploaded here').to.equal(null);
    expect(seen.events).to.deep.equal([]);

    // They count toward max-files: a second new file is one too many.
    const rejected = nextEvent(el, 'ik-file-rejected');
    el.addFiles([makeBytes('3.bin', 10), makeBytes('4.bin', 10)]);
    expect((await rejected).code).to.equal('too-many-files');
    await until(() => el.value.length === 3, 'the third file uploaded');
    expect(seen.of('ik-upload-success')).to.have.length(1);

    // Removing a pre-filled file is the user's change: ik-change, input and change fire.
    const before = seen.events.length;
    shadow(el).querySelector<HTMLButtonElement>(`[data-id="${el.items[0]!.id}"] [part~=remove-button]`)!.click();
    await el.updateComplete;
    expect(seen.events.slice(before).map((e) => e.type)).to.deep.equal(['ik-change', 'input', 'change']);
    expect(new FormData(form).getAll('cover')).to.have.length(2);
    expect(new FormData(form).getAll('cover')).not.to.include(photo!.url);
  });

  it('the value attribute pre-fills plain HTML (a JSON array or one URL); form.reset() goes back to it', async () => {
    const [a, b] = await uploadedEarlier([makeBytes('a.bin', 10), makeBytes('b.bin', 11)]);
    const { form, el } = await inForm({ name: 'g', value: JSON.stringify([a, b!.url]) });
    expect(el.value).to.deep.equal([a!.url, b!.url]);
    expect(rows(el).map((r) => r.dataset.state)).to.deep.equal(['done', 'done']);
    expect(rows(el)[0]!.querySelector('[part~=thumbnail] img'), 'not an image: no thumbnail').to.equal(null);

    const one = await mount({ name: 'one', value: b!.url }, form);
    expect(one.value).to.deep.equal([b!.url]);

    // The user uploads one more and removes a pre-filled one; reset brings back the pre-filled pair.
    const seen = record(el, EVENTS);
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('new.bin', 12)]);
    await complete;
    await el.updateComplete;
    el.removeFile(el.items[0]!.id);
    await el.updateComplete;
    expect(el.value).to.have.length(2);
    expect(seen.of('input')).to.have.length(2);
    form.reset();
    await el.updateComplete;
    expect(el.value).to.deep.equal([a!.url, b!.url]);
    expect(new FormData(form).getAll('g')).to.deep.equal([a!.url, b!.url]);
    expect(seen.of('input'), 'a reset that changes the value fires input').to.have.length(3);

    // A value set as a property is what the next reset goes back to.
    el.value = [b!.url];
    el.addFiles([makeBytes('more.bin', 5)]);
    await until(() => el.value.length === 2, 'the new file uploaded');
    form.reset();
    await el.updateComplete;
    expect(el.value).to.deep.equal([b!.url]);
    // Changing the attribute sets the value again, as it would any time before the user acts.
    el.setAttribute('value', a!.url);
    await el.updateComplete;
    expect(el.value).to.deep.equal([a!.url]);
  });

  it('a value set before the tag is defined, or after the attribute, is the one listed', async () => {
    const url = `${location.origin}/stored/report%202024.pdf`;
    // Created where custom elements are not upgraded: `value` lands as a plain property first.
    const early = document.implementation.createHTMLDocument().createElement('ik-uploader') as IkUploader;
    early.value = [url];
    const form = document.createElement('form');
    document.body.append(form);
    const el = await mount({ name: 'doc' }, form);
    form.append(early);
    early.setAttribute('name', 'early');
    await early.updateComplete;
    expect(early.value).to.deep.equal([url]);
    expect(early.items.map((i) => i.file.name)).to.deep.equal(['report 2024.pdf']);
    expect(new FormData(form).getAll('early')).to.deep.equal([url]);
    early.remove();

    // A property set after the attribute (a framework binding over server-rendered HTML) wins.
    el.setAttribute('value', url);
    el.value = [];
    await el.updateComplete;
    expect(el.value).to.deep.equal([]);
    // The defaultValue property writes the attribute, which sets the value.
    el.defaultValue = JSON.stringify([url]);
    await el.updateComplete;
    expect(el.getAttribute('value')).to.equal(JSON.stringify([url]));
    expect(el.value).to.deep.equal([url]);
  });

  it('setting value replaces the done files but not an upload in flight, fires nothing, and the same value is no change', async () => {
    const [a] = await uploadedEarlier([makeBytes('a.bin', 10)]);
    const { form, el } = await inForm({ name: 'g', 'stall-timeout': '60000' });
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('done.bin', 10)]);
    await complete;
    await el.updateComplete;
    const seen = record(el, EVENTS);
    const ids = el.items.map((i) => i.id);
    // What Vue's v-model does on every render: hands back the array it read.
    el.value = [...el.value];
    expect(el.items.map((i) => i.id), 'the same value: nothing replaced').to.deep.equal(ids);
    el.value = JSON.stringify([a]); // JSON text, as an attribute would hold it
    expect(el.value).to.deep.equal([a!.url]);
    expect(() => (el.value = [{ name: 'no-url.png' }])).to.throw(TypeError, /needs a url/);
    expect(el.value, 'bad input loses nothing').to.deep.equal([a!.url]);

    // An upload still going is the user's: a new value leaves it be.
    await fault({ count: 1, mode: 'stall' });
    el.addFiles([makeBytes('slow.bin', 1000)]);
    await until(() => el.items.some((i) => i.state === 'uploading'), 'uploading');
    el.value = '';
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['slow.bin', 'uploading']]);
    el.cancelAll();
    el.removeFile(el.items[0]!.id);
    await el.updateComplete;
    expect(new FormData(form).getAll('g')).to.deep.equal([]);
    expect(seen.of('ik-change'), 'every value change here was set, not made by the user').to.deep.equal([]);
  });

  it('shows what the page or a person changes at once, even right after a render (the queue\'s own changes wait up to 250 ms)', async () => {
    const [a, b] = await uploadedEarlier([makeBytes('a.bin', 10), makeBytes('b.bin', 10)]);
    const { el } = await inForm({ name: 'g' });
    const task = () => new Promise((r) => setTimeout(r));
    const names = () => rows(el).map((r) => r.querySelector('[part~=file-name]')!.textContent);
    el.value = [a!];
    await el.updateComplete; // a render just now: the queue's next frame is 250 ms away
    el.value = [a!, b!]; // as a framework's model sets it
    await task(); // no updateComplete: it would render what is pending itself
    expect(names(), 'a value set by the page').to.deep.equal([a!.name, b!.name]);
    rows(el)[0]!.querySelector<HTMLButtonElement>('[part~=remove-button]')!.click();
    await task();
    expect(names(), 'a person\'s Remove').to.deep.equal([b!.name]);
    el.removeFile(el.items[0]!.id);
    await task();
    expect(rows(el), 'the page\'s removeFile()').to.have.length(0);
  });

  it('fires plain input and change events with ik-change, and keeps the file input\'s own input event inside', async () => {
    const el = await mount({ folder: uniqueFolder('events') });
    const got: Event[] = [];
    for (const type of ['input', 'change', 'ik-change']) document.addEventListener(type, (e) => e.target === el && got.push(e));
    // The file input's input event is composed: it would reach the page as the element's, with no new value.
    fileInput(el).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(got).to.have.length(0);
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('x.bin', 10)]);
    await complete;
    await el.updateComplete;
    expect(got.map((e) => [e.type, e.constructor.name, e.bubbles, e.composed])).to.deep.equal([
      ['ik-change', 'CustomEvent', true, true],
      ['input', 'Event', true, true],
      ['change', 'Event', true, true],
    ]);
  });

  it('keeps a size left to right in a right-to-left row: "24.3 kB", not "kB 24.3"', async () => {
    const page = document.createElement('div');
    page.dir = 'rtl';
    document.body.append(page);
    const el = await mount({ folder: uniqueFolder('rtl') }, page);
    el.addFiles([makeBytes('x.bin', 24_883)]); // 24.3 kB
    await el.updateComplete;
    const size = rows(el)[0]!.querySelector('[part~=file-size]')!;
    const text = size.firstChild?.nodeType === Node.TEXT_NODE ? size.firstChild : [...size.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!;
    expect(text.textContent).to.equal('24.3 kB');
    expect(getComputedStyle(size.parentElement!).direction, 'the row is right to left').to.equal('rtl');
    // Where the browser lays out the number and the unit: the number comes first, on the left.
    const at = (from: number, to: number) => {
      const r = document.createRange();
      r.setStart(text, from);
      r.setEnd(text, to);
      return r.getBoundingClientRect().left;
    };
    expect(at(0, 4), '"24.3" left of "kB"').to.be.lessThan(at(5, 7));
  });
});
