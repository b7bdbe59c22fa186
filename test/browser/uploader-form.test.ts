import { expect } from '@esm-bundle/chai';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { cleanup, fault, makeBytes, mount, nextEvent, record, shadow, uniqueFolder, until } from './helpers.js';

afterEach(cleanup);

/** A real form holding the element (and a title field), and a count of the submits it let through. */
async function inForm(attrs: Record<string, string | boolean>) {
  const form = document.createElement('form');
  form.innerHTML = '<input name="title" value="Hello">';
  document.body.append(form);
  let submitted = 0;
  form.addEventListener('submit', (e) => { submitted++; e.preventDefault(); });
  const el = await mount({ folder: uniqueFolder('form'), ...attrs }, form);
  return { form, el, submits: () => submitted };
}

async function upload(el: IkUploader, files: File[]) {
  const complete = nextEvent(el, 'ik-complete');
  el.addFiles(files);
  const result = await complete;
  await el.updateComplete;
  return result;
}

describe('<ik-uploader> in a form', () => {
  it('adds each uploaded file\'s URL to the form data under its name, and fires ik-change', async () => {
    const { form, el, submits } = await inForm({ name: 'gallery' });
    const changes = record(el, ['ik-change']);
    const { successful } = await upload(el, [makeBytes('a.bin', 10), makeBytes('b.bin', 10)]);
    const urls = successful.map((s: any) => s.response.url);
    expect(new FormData(form).getAll('gallery')).to.have.members(urls);
    expect(new FormData(form).get('title')).to.equal('Hello');
    expect(el.value).to.have.members(urls);
    expect(changes.of('ik-change').at(-1).value).to.have.members(urls);
    form.requestSubmit();
    expect(submits()).to.equal(1);
  });

  it('is ready to submit as soon as startUpload() resolves, before the list has rendered', async () => {
    const { form, el, submits } = await inForm({ name: 'gallery', required: true, upload: 'manual' });
    el.addFiles([makeBytes('c.bin', 10), makeBytes('d.bin', 10)]);
    const { successful } = await el.startUpload();
    // No updateComplete awaited: the form must not wait for the view's next frame.
    expect(new FormData(form).getAll('gallery')).to.have.members(successful.map((s: any) => s.response.url));
    expect(el.checkValidity(), el.validationMessage).to.equal(true);
    form.requestSubmit();
    expect(submits()).to.equal(1);
  });

  it('puts fileId, filePath or the whole JSON object in the form, as form-value says', async () => {
    const { form, el } = await inForm({ name: 'cover', 'form-value': 'fileId' });
    const { successful: [s] } = await upload(el, [makeBytes('c.bin', 10)]);
    expect(new FormData(form).getAll('cover')).to.deep.equal([s.response.fileId]);
    el.formValue = 'filePath';
    await el.updateComplete;
    expect(new FormData(form).getAll('cover')).to.deep.equal([s.response.filePath]);
    el.formValue = 'json';
    await el.updateComplete;
    expect(JSON.parse(new FormData(form).get('cover') as string)).to.deep.equal(s.response);
  });

  it('with required, refuses to submit until a file is uploaded, saying why', async () => {
    const { form, el, submits } = await inForm({ name: 'cover', required: true });
    expect(form.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('Upload a file.');
    form.requestSubmit();
    expect(submits()).to.equal(0);
    await upload(el, [makeBytes('c.bin', 10)]);
    expect(form.checkValidity()).to.equal(true);
    form.requestSubmit();
    expect(submits()).to.equal(1);
  });

  it('with min-files, refuses too few', async () => {
    const { form, el } = await inForm({ name: 'g', 'min-files': '2', multiple: true });
    await upload(el, [makeBytes('1.bin', 10)]);
    expect(form.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('Upload at least 2 files.');
    await upload(el, [makeBytes('2.bin', 10)]);
    expect(form.checkValidity()).to.equal(true);
  });

  it('refuses to submit while uploads are running, saying so', async () => {
    const { form, el, submits } = await inForm({ name: 'g', 'stall-timeout': '60000' });
    await fault({ count: 1, mode: 'stall' });
    el.addFiles([makeBytes('slow.bin', 1000)]);
    await until(() => el.items[0]?.state === 'uploading', 'uploading');
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('Wait for the uploads to finish.');
    form.requestSubmit();
    expect(submits()).to.equal(0);
    el.cancelAll();
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(true);
  });

  it('is cleared by form.reset()', async () => {
    const { form, el } = await inForm({ name: 'g', 'max-file-size': '1KB' });
    await upload(el, [makeBytes('a.bin', 10), makeBytes('big.bin', 5000)]);
    expect(new FormData(form).getAll('g')).to.have.length(1);
    const change = nextEvent(el, 'ik-change');
    form.reset();
    expect((await change).value).to.deep.equal([]);
    await el.updateComplete;
    expect(el.items).to.have.length(0);
    expect(shadow(el).querySelectorAll('li')).to.have.length(0);
    expect(new FormData(form).getAll('g')).to.deep.equal([]);
  });

  it('is disabled by a disabled fieldset', async () => {
    const { form, el } = await inForm({ name: 'g' });
    const fieldset = document.createElement('fieldset');
    form.append(fieldset);
    fieldset.append(el);
    fieldset.disabled = true;
    await el.updateComplete;
    const zone = shadow(el).querySelector('[part~="drop-zone"]') as HTMLButtonElement;
    expect(zone.disabled).to.equal(true);
    el.addFiles([makeBytes('no.bin', 10)]);
    expect(el.items).to.have.length(0);
    fieldset.disabled = false;
    await el.updateComplete;
    expect(zone.disabled).to.equal(false);
    await upload(el, [makeBytes('yes.bin', 10)]);
    expect(el.items.map((i) => i.state)).to.deep.equal(['done']);
    // The element's own disabled attribute does the same, as on any form control.
    el.setAttribute('disabled', '');
    await el.updateComplete;
    expect(zone.disabled).to.equal(true);
  });

  it('lists restored files as done and puts them back in the form data', async () => {
    const first = await inForm({ name: 'g' });
    const { successful: [s] } = await upload(first.el, [makeBytes('kept.bin', 10)]);
    // What the browser hands back on back/forward navigation: the state the element saved with its value.
    const { form, el } = await inForm({ name: 'g' });
    el.formStateRestoreCallback(JSON.stringify([s.response]));
    await el.updateComplete;
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([[s.response.name, 'done']]);
    expect(new FormData(form).getAll('g')).to.deep.equal([s.response.url]);
    el.formStateRestoreCallback('not json');
    expect(el.items).to.have.length(1);
  });
});
