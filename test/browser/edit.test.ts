import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { cleanup, mount, nextEvent, rows, shadow, uniqueFolder, until } from './helpers.js';
import { BLUE, RED, canvasBlob, decode, near, quadrantCanvas, stored, withExifOrientation } from './resize-fixtures.js';

afterEach(cleanup);

/** A 400×300 photo-like PNG: red top-left, green top-right, blue bottom-left, yellow bottom-right. */
async function quadrants(name = 'harbour.png', w = 400, h = 300): Promise<File> {
  return new File([await canvasBlob(quadrantCanvas(w, h), 'image/png')], name, { type: 'image/png' });
}

/** The element focused right now, through every shadow root. */
function focused(): Element | null {
  let e = document.activeElement;
  while (e?.shadowRoot?.activeElement) e = e.shadowRoot.activeElement;
  return e;
}

/** What a person reads: bidi isolates are invisible. */
const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/[\u2068\u2069]/g, '').trim();

const rowOf = (el: IkUploader, name: string) => rows(el).find((r) => text(r.querySelector('[part~="file-name"]')) === name)!;

/** Opens a row's menu from the keyboard, as a person would: focus its button, Enter. */
async function openMenu(el: IkUploader, name: string): Promise<HTMLElement> {
  const button = rowOf(el, name).querySelector<HTMLButtonElement>('[part~="menu-button"]')!;
  button.focus();
  await sendKeys({ press: 'Enter' });
  const menu = await until(() => shadow(el).querySelector<HTMLElement>('[role=menu]:popover-open'), 'the menu to open');
  expect(button.getAttribute('aria-expanded')).to.equal('true');
  return menu!;
}

/** Chooses a menu item by its words, with the arrow keys and Enter. */
async function choose(el: IkUploader, name: string, item: string): Promise<void> {
  const menu = await openMenu(el, name);
  const items = [...menu.querySelectorAll('button')];
  const target = items.find((b) => b.textContent === item);
  expect(target, `"${item}" in the menu (${items.map((b) => b.textContent)})`).to.not.equal(undefined);
  for (let i = 0; focused() !== target && i < items.length; i++) await sendKeys({ press: 'ArrowDown' });
  expect(focused()).to.equal(target);
  await sendKeys({ press: 'Enter' });
}

/** The open dialog of this kind, once it is open, and its shadow root. */
async function dialog(el: IkUploader, tag: 'ik-uploader-details' | 'ik-uploader-editor', within: ParentNode = shadow(el)) {
  const host = (await until(() => within.querySelector(tag), `<${tag}>`))!;
  const root = host.shadowRoot!;
  await until(() => root.querySelector('dialog')?.open, `${tag}'s dialog to open`);
  return { host, root, dialog: root.querySelector('dialog')! };
}

/** The image editor, once its image is shown. */
async function editor(el: IkUploader, within?: ParentNode) {
  const d = await dialog(el, 'ik-uploader-editor', within);
  await until(() => d.root.querySelector('.crop .move'), 'the image to be shown');
  return d;
}

async function press(key: string, times = 1) {
  for (let i = 0; i < times; i++) await sendKeys({ press: key });
}

async function typeInto(input: HTMLElement, text: string) {
  input.focus();
  await sendKeys({ press: 'Control+A' });
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

async function fetchImage(url: string) {
  const blob = await (await fetch(url)).blob();
  return { blob, image: await decode(blob), header: await stored(blob) };
}

describe('<ik-uploader> details before upload', () => {
  it('name, alt text and tags edited in the dialog arrive as ImageKit\'s name, description and tags', async () => {
    const folder = uniqueFolder('details');
    const el = await mount({ upload: 'manual', folder, 'use-unique-file-name': 'false', tags: 'site', 'response-fields': 'tags' });
    el.addFiles([await quadrants('IMG_2041.png')]);
    await el.updateComplete;
    await choose(el, 'IMG_2041.png', 'Edit details');
    const { root, dialog: box } = await dialog(el, 'ik-uploader-details');
    expect(box.matches(':modal'), 'a modal dialog').to.equal(true);
    const name = root.querySelector<HTMLInputElement>('#name')!;
    expect(focused(), 'focus moves to the name').to.equal(name);
    expect([name.selectionStart, name.selectionEnd], 'its base name selected').to.deep.equal([0, 8]);
    expect(root.querySelector<HTMLInputElement>('#tags')!.value, 'the element\'s tags to start from').to.equal('site');
    await sendKeys({ type: 'harbour-at-dawn' });
    await typeInto(root.querySelector('#description')!, 'Fishing boats in the harbour at dawn');
    await typeInto(root.querySelector('#tags')!, 'site, harbour, boats');
    await press('Enter');
    await until(() => !box.open, 'the dialog to close');
    await el.updateComplete;
    const button = rowOf(el, 'harbour-at-dawn.png')?.querySelector('[part~="menu-button"]');
    expect(button, 'the row shows the new name').to.not.equal(undefined);
    expect(focused(), 'focus is back on the row\'s menu button').to.equal(button);

    const { successful } = await el.startUpload();
    const { response } = successful[0]!;
    expect(response).to.include({ name: 'harbour-at-dawn.png', filePath: `${folder}/harbour-at-dawn.png`, description: 'Fishing boats in the harbour at dawn' });
    expect(response.tags).to.deep.equal(['site', 'harbour', 'boats']);
  });

  it('Escape cancels: nothing changes, and focus goes back to the menu button', async () => {
    const el = await mount({ upload: 'manual' });
    el.addFiles([await quadrants('keep.png')]);
    await el.updateComplete;
    await choose(el, 'keep.png', 'Edit details');
    const { root, dialog: box } = await dialog(el, 'ik-uploader-details');
    await sendKeys({ type: 'changed' });
    await typeInto(root.querySelector('#description')!, 'not kept');
    await press('Escape');
    await until(() => !box.open, 'the dialog to close');
    await el.updateComplete;
    expect(shadow(el).querySelector('ik-uploader-details'), 'the dialog is gone').to.equal(null);
    expect(el.items[0]!.own ?? {}).to.deep.equal({});
    expect(focused()).to.equal(rowOf(el, 'keep.png').querySelector('[part~="menu-button"]'));
  });

  it('an empty name is refused in the dialog, with the reason next to it', async () => {
    const el = await mount({ upload: 'manual' });
    el.addFiles([await quadrants('a.png')]);
    await el.updateComplete;
    await choose(el, 'a.png', 'Edit details');
    const { root, dialog: box } = await dialog(el, 'ik-uploader-details');
    await typeInto(root.querySelector('#name')!, '');
    await press('Enter');
    await until(() => root.querySelector('#problem'), 'the problem shown');
    expect(box.open).to.equal(true);
    const name = root.querySelector('#name')!;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(text(root.querySelector('#problem'))).to.equal('Enter a name.');
    expect(focused()).to.equal(name);
    await typeInto(root.querySelector<HTMLElement>('#tags')!, '100%');
    await typeInto(name as HTMLElement, 'b.png');
    await press('Enter');
    await until(() => root.querySelector('#problem')?.textContent?.includes('%'), 'the tags problem');
    expect(focused()).to.equal(root.querySelector('#tags'));
    await press('Escape');
  });

  it('a file that starts while its dialog is open keeps what it had, and the person is told', async () => {
    const el = await mount({ upload: 'manual', folder: uniqueFolder('too-late') });
    el.addFiles([await quadrants('late.png')]);
    await el.updateComplete;
    await choose(el, 'late.png', 'Edit details');
    const { root, dialog: box } = await dialog(el, 'ik-uploader-details');
    await sendKeys({ type: 'renamed' });
    const { successful } = await el.startUpload();
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => !box.open, 'the dialog to close');
    await until(async () => (await el.updateComplete, text(shadow(el).querySelector('[role=status]')).includes('not saved')), 'the news');
    // (After "late.png uploaded.", when both came within one render.)
    expect(text(shadow(el).querySelector('[role=status]'))).to.match(/^(late\.png uploaded\. )?late\.png has started uploading: the changes were not saved\.$/);
    expect(successful[0]!.response.name).to.match(/^late/);
  });

  it('a beforeUpload hook can ask for the details before each upload; its answer has the last word', async () => {
    const folder = uniqueFolder('details-hook');
    const el = await mount({ folder, 'use-unique-file-name': 'false' });
    el.beforeUpload = async (file) => ({ ...(await el.editFile(file)), folder: `${folder}/asked` });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([await quadrants('pier.png')]);
    const { root, dialog: box } = await dialog(el, 'ik-uploader-details');
    expect(el.items[0]!.state, 'the upload waits for the person').to.equal('preparing');
    await typeInto(root.querySelector('#description')!, 'The pier at low tide');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => !box.open, 'the dialog to close');
    const { response } = await success;
    expect(response).to.include({ filePath: `${folder}/asked/pier.png`, description: 'The pier at low tide' });
  });
});

describe('<ik-uploader> image editor', () => {
  it('a crop of the left half of a 400×300 image, made with the keyboard, arrives 200×300 with the left half\'s pixels', async () => {
    const el = await mount({ upload: 'manual', folder: uniqueFolder('crop') });
    el.addFiles([await quadrants()]);
    await el.updateComplete;
    await choose(el, 'harbour.png', 'Edit image');
    const { root, dialog: box } = await editor(el);
    expect(box.matches(':modal')).to.equal(true);
    // The bottom-right corner, 10% of the width per Shift+ArrowLeft: five presses take it to the middle.
    root.querySelector<HTMLElement>('.crop .se')!.focus();
    await press('Shift+ArrowLeft', 5);
    expect(text(root.querySelector('[role=status]'))).to.equal('Crop 200 × 300 px');
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    expect(el.items[0]!.own?.transformation).to.deep.equal({ pre: 'cm-extract,x-0,y-0,w-200,h-300' });

    const { successful } = await el.startUpload();
    const { response } = successful[0]!;
    expect(response).to.include({ width: 200, height: 300 });
    const { image, header } = await fetchImage(response.url);
    expect(header).to.deep.include({ width: 200, height: 300 });
    expect(near(image.at(100, 75), RED), `top ${image.at(100, 75)}`).to.equal(true);
    expect(near(image.at(100, 225), BLUE), `bottom ${image.at(100, 225)}`).to.equal(true);
  });

  it('a rotated crop arrives the right way round: the left half turned clockwise is 300×200, blue left and red right', async () => {
    const el = await mount({ upload: 'manual', folder: uniqueFolder('crop-rotated') });
    el.addFiles([await quadrants()]);
    await el.updateComplete;
    await choose(el, 'harbour.png', 'Edit image');
    const { root, dialog: box } = await editor(el);
    root.querySelector<HTMLElement>('.crop .se')!.focus();
    await press('Shift+ArrowLeft', 5);
    root.querySelector<HTMLButtonElement>('[aria-label="Rotate right"]')!.click();
    await until(() => text(root.querySelector('[role=status]')) === 'Crop 300 × 200 px · rotated 90°', 'the readout');
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    expect(el.items[0]!.own?.transformation).to.deep.equal({ pre: 'cm-extract,x-0,y-0,w-200,h-300:rt-90' });

    const { response } = (await el.startUpload()).successful[0]!;
    expect(response).to.include({ width: 300, height: 200 });
    const { image } = await fetchImage(response.url);
    expect(near(image.at(75, 100), BLUE), `left ${image.at(75, 100)}`).to.equal(true);
    expect(near(image.at(225, 100), RED), `right ${image.at(225, 100)}`).to.equal(true);
  });

  it('an area of interest arrives as customCoordinates, in the stored image\'s pixels', async () => {
    const el = await mount({ upload: 'manual', folder: uniqueFolder('focus'), 'response-fields': 'customCoordinates' });
    el.addFiles([await quadrants()]);
    await el.updateComplete;
    await choose(el, 'harbour.png', 'Edit image');
    const { root, dialog: box } = await editor(el);
    root.querySelector<HTMLInputElement>('input[value=focus]')!.click();
    // The area starts in the middle, half the size: 200×150 at 100,75. Two steps right (1% = 4 px).
    const move = await until(() => root.querySelector<HTMLElement>('.focus .move'), 'the focus area');
    move!.focus();
    await press('ArrowRight', 2);
    expect(text(root.querySelector('[role=status]'))).to.equal('Crop 400 × 300 px · focus area 200 × 150 px');
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    const { response } = (await el.startUpload()).successful[0]!;
    expect(response.customCoordinates).to.equal('108,75,200,150');
    expect(response).to.include({ width: 400, height: 300 });
  });

  it('the area of interest follows a crop and a turn into the stored image', async () => {
    const el = await mount({ upload: 'manual', folder: uniqueFolder('focus-turned'), 'response-fields': 'customCoordinates' });
    el.addFiles([await quadrants()]);
    await el.updateComplete;
    await choose(el, 'harbour.png', 'Edit image');
    const { root, dialog: box } = await editor(el);
    root.querySelector<HTMLElement>('.crop .se')!.focus();
    await press('Shift+ArrowLeft', 5); // the left half: 200×300
    root.querySelector<HTMLInputElement>('input[value=focus]')!.click(); // 100×150 at 50,75 of the picked image
    await until(() => root.querySelector('.focus .move'), 'the focus area');
    root.querySelector<HTMLButtonElement>('[aria-label="Rotate right"]')!.click();
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    const { response } = (await el.startUpload()).successful[0]!;
    // Turned clockwise, the 200×300 crop is 300×200, and the area 150×100 at 75,50.
    expect(response).to.include({ width: 300, height: 200, customCoordinates: '75,50,150,100' });
  });

  it('crops by pointer too: dragging a corner handle resizes the crop', async () => {
    const el = await mount({ upload: 'manual' });
    el.addFiles([await quadrants()]);
    await el.updateComplete;
    await choose(el, 'harbour.png', 'Edit image');
    const { root, dialog: box } = await editor(el);
    const frame = root.querySelector<HTMLElement>('.frame')!.getBoundingClientRect();
    const handle = root.querySelector<HTMLElement>('.crop .se')!.getBoundingClientRect();
    const start = { x: Math.round(handle.right - 4), y: Math.round(handle.bottom - 4) };
    await sendMouse({ type: 'move', position: [start.x, start.y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(start.x - frame.width / 2), Math.round(start.y - frame.height / 3)] });
    await sendMouse({ type: 'up' });
    const said = text(root.querySelector('[role=status]'))!;
    const [, w, h] = /^Crop (\d+) × (\d+) px$/.exec(said)!.map(Number);
    expect(w, said).to.be.within(195, 205);
    expect(h, said).to.be.within(195, 205);
    // Pressing on the image outside the crop and dragging draws a new crop from there.
    await sendMouse({ type: 'move', position: [Math.round(frame.right - 10), Math.round(frame.bottom - 10)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(frame.right - 10 - frame.width / 4), Math.round(frame.bottom - 10 - frame.height / 4)] });
    await sendMouse({ type: 'up' });
    const [, w2, h2] = /^Crop (\d+) × (\d+) px$/.exec(text(root.querySelector('[role=status]'))!)!.map(Number);
    expect(w2).to.be.within(95, 105);
    expect(h2).to.be.within(70, 80);
    await press('Escape');
    await until(() => !box.open, 'the editor to close');
    expect(el.items[0]!.own ?? {}, 'canceled: nothing kept').to.deep.equal({});
  });

  it('crop-aspect="16/9" keeps the crop at 16:9, through resizing and turning', async () => {
    const el = await mount({ upload: 'manual', 'crop-aspect': '16/9', folder: uniqueFolder('aspect') });
    el.addFiles([await quadrants('wide.png', 640, 480)]);
    await el.updateComplete;
    await choose(el, 'wide.png', 'Edit image');
    const { root, dialog: box } = await editor(el);
    const size = () => /^Crop (\d+) × (\d+) px/.exec(text(root.querySelector('[role=status]'))!)!.slice(1).map(Number) as [number, number];
    expect(size(), 'the largest 16:9 area to start').to.deep.equal([640, 360]);
    root.querySelector<HTMLElement>('.crop .nw')!.focus();
    await press('Shift+ArrowRight', 2);
    const [w, h] = size();
    expect(w).to.equal(512);
    expect(Math.abs(w / h - 16 / 9)).to.be.lessThan(0.01);
    root.querySelector<HTMLButtonElement>('[aria-label="Rotate left"]')!.click();
    await el.updateComplete;
    const [tw, th] = size();
    expect(Math.abs(tw / th - 16 / 9), `${tw}×${th}`).to.be.lessThan(0.01);
    expect(tw).to.equal(480);
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    const { response } = (await el.startUpload()).successful[0]!;
    expect(response).to.include({ width: 480, height: 270 });
  });

  it('crops in the picked image\'s pixels as seen: a phone photo with EXIF orientation 6 keeps its top half', async () => {
    // Stored 400×300 and turned by its EXIF tag, it is seen 300×400: blue top-left, red top-right.
    const jpeg = await withExifOrientation(await canvasBlob(quadrantCanvas(400, 300), 'image/jpeg', 0.92), 6);
    const el = await mount({ upload: 'manual', folder: uniqueFolder('crop-exif') });
    el.addFiles([new File([jpeg], 'IMG_0007.JPG', { type: 'image/jpeg' })]);
    await el.updateComplete;
    await choose(el, 'IMG_0007.JPG', 'Edit image');
    const { root, dialog: box } = await editor(el);
    expect(text(root.querySelector('[role=status]'))).to.equal('Crop 300 × 400 px');
    root.querySelector<HTMLElement>('.crop .se')!.focus();
    await press('Shift+ArrowUp', 5);
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    expect(el.items[0]!.own?.transformation).to.deep.equal({ pre: 'cm-extract,x-0,y-0,w-300,h-200' });
    const { response } = (await el.startUpload()).successful[0]!;
    expect(response).to.include({ width: 300, height: 200 });
    const { image } = await fetchImage(response.url);
    expect(near(image.at(75, 100), BLUE), `left ${image.at(75, 100)}`).to.equal(true);
    expect(near(image.at(225, 100), RED), `right ${image.at(225, 100)}`).to.equal(true);
  });

  it('with resize-width, the crop is taken from the resized image and the stored part fits the box', async function () {
    this.timeout(30_000);
    const el = await mount({ upload: 'manual', 'resize-width': '200', folder: uniqueFolder('crop-resized') });
    el.addFiles([await quadrants('big.png', 800, 600)]);
    await el.updateComplete;
    await choose(el, 'big.png', 'Edit image');
    const { root, dialog: box } = await editor(el);
    root.querySelector<HTMLElement>('.crop .se')!.focus();
    await press('Shift+ArrowLeft', 5); // the left half: 400×600 of the picked image
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    const { response } = (await el.startUpload()).successful[0]!;
    // The whole image is sent 400×300 (so the half is 200 wide, the box), and the half cut from it.
    expect(el.items[0]!.resized).to.include({ resized: true, width: 400, height: 300 });
    expect(response).to.include({ width: 200, height: 300 });
    const { image } = await fetchImage(response.url);
    expect(near(image.at(100, 75), RED)).to.equal(true);
    expect(near(image.at(100, 225), BLUE)).to.equal(true);
  });

  it('is reached from the details dialog too, and its edit is kept only when the details are saved', async () => {
    const el = await mount({ upload: 'manual', folder: uniqueFolder('details-image') });
    el.addFiles([await quadrants()]);
    await el.updateComplete;
    await choose(el, 'harbour.png', 'Edit details');
    const details = await dialog(el, 'ik-uploader-details');
    const edit = details.root.querySelector<HTMLButtonElement>('.edit-image')!;
    edit.focus();
    await press('Enter');
    const { root, dialog: box } = await editor(el, details.root);
    root.querySelector<HTMLButtonElement>('[aria-label="Rotate right"]')!.click();
    root.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => !box.open, 'the editor to close');
    await until(() => focused() === edit, 'focus back on "Edit image"');
    expect(el.items[0]!.own ?? {}, 'not yet saved').to.deep.equal({});
    details.root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => !details.dialog.open, 'the details to close');
    expect(el.items[0]!.own?.transformation).to.deep.equal({ pre: 'rt-90' });
    const { response } = (await el.startUpload()).successful[0]!;
    expect(response).to.include({ width: 300, height: 400 });
  });

  it('an image the browser cannot show says so, and can only be canceled', async () => {
    const el = await mount({ upload: 'manual' });
    el.addFiles([new File([new Uint8Array([1, 2, 3, 4])], 'broken.jpg', { type: 'image/jpeg' })]);
    await el.updateComplete;
    await choose(el, 'broken.jpg', 'Edit image');
    const { root, dialog: box } = await dialog(el, 'ik-uploader-editor');
    await until(() => root.querySelector('[role=alert]'), 'the message');
    expect(text(root.querySelector('[role=alert]'))).to.equal('This image cannot be shown here, so it cannot be edited.');
    expect(root.querySelector<HTMLButtonElement>('.primary')!.disabled).to.equal(true);
    await press('Escape');
    await until(() => !box.open, 'the editor to close');
  });
});

describe('<ik-uploader> order', () => {
  async function gallery() {
    const form = document.createElement('form');
    document.body.append(form);
    const el = await mount({ name: 'gallery', folder: uniqueFolder('order') }, form);
    const done = nextEvent(el, 'ik-complete');
    el.addFiles([await quadrants('one.png', 40, 30), await quadrants('two.png', 40, 30), await quadrants('three.png', 40, 30)]);
    await done;
    await el.updateComplete;
    const byName = Object.fromEntries(el.items.map((i) => [i.file.name, i.response!.url]));
    return { form, el, url: (n: string) => byName[n]! };
  }

  it('a keyboard reorder from the row\'s menu changes the form\'s posted order, and is announced', async () => {
    const { form, el, url } = await gallery();
    expect(new FormData(form).getAll('gallery')).to.deep.equal([url('one.png'), url('two.png'), url('three.png')]);
    const changes: string[][] = [];
    el.addEventListener('ik-change', (e) => changes.push(e.detail.value));
    await choose(el, 'three.png', 'Move up');
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('three.png moved to position 2 of 3.');
    expect(focused(), 'focus stays with the file').to.equal(rowOf(el, 'three.png').querySelector('[part~="menu-button"]'));
    await choose(el, 'three.png', 'Move up');
    await el.updateComplete;
    expect(rows(el).map((r) => text(r.querySelector('[part~="file-name"]')))).to.deep.equal(['three.png', 'one.png', 'two.png']);
    const order = [url('three.png'), url('one.png'), url('two.png')];
    expect(new FormData(form).getAll('gallery')).to.deep.equal(order);
    expect(el.value).to.deep.equal(order);
    expect(changes.at(-1)).to.deep.equal(order);
    const menu = await openMenu(el, 'three.png');
    expect([...menu.querySelectorAll('button')].find((b) => b.textContent === 'Move up')!.disabled, 'the first cannot go up').to.equal(true);
    await press('Escape');
  });

  it('rows are reordered by dragging one onto another', async () => {
    const { form, el, url } = await gallery();
    const from = rowOf(el, 'one.png');
    const to = rowOf(el, 'three.png').getBoundingClientRect();
    const dataTransfer = new DataTransfer();
    const fire = (target: Element, type: string, y: number) =>
      target.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true, composed: true, clientX: to.left + 10, clientY: y }));
    fire(from, 'dragstart', 0);
    const target = rowOf(el, 'three.png');
    expect(fire(target, 'dragover', to.bottom - 2), 'the drop is allowed').to.equal(false);
    await until(() => target.dataset.drop === 'after', 'the row to show where it goes');
    fire(target, 'drop', to.bottom - 2);
    fire(from, 'dragend', 0);
    const order = [url('two.png'), url('three.png'), url('one.png')];
    await until(() => JSON.stringify(new FormData(form).getAll('gallery')) === JSON.stringify(order), 'the new order');
    await el.updateComplete; // the form follows at once; the list with its next render
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('one.png moved to position 3 of 3.');
    expect(rows(el).some((r) => r.dataset.drop !== undefined || r.dataset.dragging !== undefined)).to.equal(false);
  });
});

