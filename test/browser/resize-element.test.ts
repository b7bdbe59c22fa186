import { expect } from '@esm-bundle/chai';
import { formatBytes } from '../../src/core/messages.js';
import { cleanup, library, mount, nextEvent, record, rows, sameBytes, bytesOf, uniqueFolder, until } from './helpers.js';
import {
  BLUE, GREEN, RED, YELLOW, canvasBlob, decode, encodeGif, halves, near, quadrantCanvas, stored, withExifOrientation,
} from './resize-fixtures.js';

afterEach(cleanup);

/** A 4000×3000 JPEG stored landscape with EXIF Orientation 6: a portrait phone photo, 3000×4000 as seen. */
let photo: File;

before(async function () {
  this.timeout(60_000);
  const jpeg = await canvasBlob(quadrantCanvas(4000, 3000), 'image/jpeg', 0.9);
  photo = new File([await withExifOrientation(jpeg, 6)], 'IMG_0001.JPG', { type: 'image/jpeg' });
});

describe('<ik-uploader> resizes images before upload', () => {
  it('resize-width="1600": a 4000×3000 portrait photo arrives 1600 wide, upright and smaller; the list shows both sizes', async function () {
    this.timeout(60_000);
    const folder = uniqueFolder('resize');
    const el = await mount({ 'resize-width': '1600', folder, 'use-unique-file-name': 'false' });
    const success = nextEvent(el, 'ik-upload-success', 60_000);
    el.addFiles([photo]);
    const { file, response } = await success;
    expect(file).to.equal(photo); // events carry the file as added
    expect(response).to.include({ name: 'IMG_0001.JPG', width: 1600, height: 2133, fileType: 'image' });
    expect(response.size).to.be.lessThan(photo.size / 2);

    const served = await (await fetch(response.url)).blob();
    expect(await stored(served)).to.deep.equal({ width: 1600, height: 2133, orientation: undefined });
    const image = await decode(served);
    expect(near(image.at(400, 533), BLUE), 'top-left').to.equal(true);
    expect(near(image.at(1200, 533), RED), 'top-right').to.equal(true);
    expect(near(image.at(1200, 1600), GREEN), 'bottom-right').to.equal(true);
    expect(near(image.at(400, 1600), YELLOW), 'bottom-left').to.equal(true);

    await el.updateComplete;
    const size = rows(el)[0]!.querySelector('[part~="file-size"]')!.textContent!.trim();
    expect(size).to.equal(`${formatBytes(photo.size)} → ${formatBytes(response.size)}`);
  });

  it('resize-width="1600": a 4000×3000 JPEG arrives 1600 wide even when the resized bytes are more than the original\'s', async function () {
    this.timeout(60_000);
    // Saved at quality 0.1, the photo is small for its size; resized at quality 1 it has more bytes.
    const lean = new File([await canvasBlob(quadrantCanvas(4000, 3000), 'image/jpeg', 0.1)], 'lean.jpg', { type: 'image/jpeg' });
    const el = await mount({ 'resize-width': '1600', 'resize-quality': '1', folder: uniqueFolder('resize-more') });
    const success = nextEvent(el, 'ik-upload-success', 60_000);
    el.addFiles([lean]);
    const { response } = await success;
    expect(response.size, 'the resized file has more bytes than the original').to.be.greaterThan(lean.size);
    expect(response).to.include({ width: 1600, height: 1200 });
    const served = await (await fetch(response.url)).blob();
    expect(await stored(served)).to.deep.include({ width: 1600, height: 1200 });
  });

  it('max-file-size applies to what is sent: a photo over it goes through once resized under it', async function () {
    this.timeout(60_000);
    const el = await mount({ 'resize-width': '1600', 'max-file-size': String(photo.size - 1) });
    const events = record(el, ['ik-file-rejected', 'ik-upload-success']);
    const success = nextEvent(el, 'ik-upload-success', 60_000);
    el.addFiles([photo]);
    const { response } = await success;
    expect(response.width).to.equal(1600);
    expect(events.of('ik-file-rejected')).to.have.length(0);
  });

  it('a photo still over max-file-size after resizing is rejected at its resized size, both sizes listed; nothing is stored', async function () {
    this.timeout(60_000);
    const folder = uniqueFolder('resize-too-large');
    const el = await mount({ 'resize-width': '2000', 'resize-quality': '1', 'max-file-size': '100KB', folder });
    const rejected = nextEvent(el, 'ik-file-rejected', 60_000);
    el.addFiles([photo]);
    const { code, message, file } = await rejected;
    expect(file).to.equal(photo);
    expect(code).to.equal('file-too-large');
    const said = /^"IMG_0001\.JPG" is (.+); the largest file allowed is 100 KB\.$/.exec(message);
    expect(said, message).to.not.equal(null);
    const resizedSize = said![1]!;
    expect(resizedSize).to.not.equal(formatBytes(photo.size));
    await el.updateComplete;
    const row = rows(el).find((r) => r.dataset.state === 'rejected')!;
    expect(row.querySelector('[part~="file-size"]')!.textContent!.trim()).to.equal(`${formatBytes(photo.size)} → ${resizedSize}`);
    await until(() => el.queue.idle, 'the queue to settle');
    expect(await library(folder)).to.deep.equal([]);
  });

  it('image dimension limits apply to the image as it will be stored, after resizing', async function () {
    this.timeout(60_000);
    // 3000×4000 as seen; resized to fit 1600 wide it is 1600×2133.
    const fits = await mount({ 'resize-width': '1600', 'max-image-width': '2000' });
    const success = nextEvent(fits, 'ik-upload-success', 60_000);
    fits.addFiles([photo]);
    expect((await success).response).to.include({ width: 1600, height: 2133 });

    const tall = await mount({ 'resize-width': '1600', 'max-image-height': '2000' });
    const rejected = nextEvent(tall, 'ik-file-rejected', 60_000);
    tall.addFiles([photo]);
    const { code, message } = await rejected;
    expect(code).to.equal('image-too-tall');
    expect(message).to.equal('"IMG_0001.JPG" is 2133 pixels high; the maximum is 2000.');
  });

  it('beforeUpload overrides the resize options per file, or turns resizing off with resize: false', async function () {
    this.timeout(60_000);
    const folder = uniqueFolder('resize-hook');
    const el = await mount({ 'resize-width': '1600', folder, 'use-unique-file-name': 'false' });
    el.beforeUpload = (file) =>
      file.name.startsWith('thumb') ? { resize: { width: 400, type: 'image/webp' }, folder: `${folder}/thumbs` } : { resize: false };
    const thumb = new File([photo], 'thumb.jpg', { type: 'image/jpeg' });
    const asIs = new File([photo], 'original.jpg', { type: 'image/jpeg' });
    const done = nextEvent(el, 'ik-complete', 60_000);
    el.addFiles([thumb, asIs]);
    const { successful, failed } = await done;
    expect(failed).to.have.length(0);
    const byName = Object.fromEntries(successful.map((s: any) => [s.response.name, s]));
    expect(byName['thumb.webp'].response).to.include({ width: 400, height: 533 });
    expect(byName['thumb.webp'].response.filePath).to.equal(`${folder}/thumbs/thumb.webp`);
    expect(byName['original.jpg'].response.filePath).to.equal(`${folder}/original.jpg`);
    const thumbBytes = await bytesOf(await (await fetch(byName['thumb.webp'].response.url)).blob());
    expect(new TextDecoder().decode(thumbBytes.subarray(8, 12))).to.equal('WEBP');
    expect(byName['original.jpg'].response.size).to.equal(photo.size);
    const served = await bytesOf(await (await fetch(byName['original.jpg'].response.url)).blob());
    expect(sameBytes(served, await bytesOf(photo))).to.equal(true);
  });

  it('an animated GIF is sent untouched, byte for byte', async () => {
    const palette = [RED, GREEN, BLUE, YELLOW] as [typeof RED, typeof RED, typeof RED, typeof RED];
    const gif = new File([encodeGif(64, 48, palette, [halves(64, 48, 0, 1), halves(64, 48, 2, 3)])], 'spinner.gif', { type: 'image/gif' });
    const el = await mount({ 'resize-width': '16', 'resize-type': 'image/webp' });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([gif]);
    const { response } = await success;
    expect(response.size).to.equal(gif.size);
    await el.updateComplete;
    // One size, as sent (no "before → after"), written by Intl as the element's language does.
    expect(rows(el)[0]!.querySelector('[part~="file-size"]')!.textContent!.trim()).to.equal(formatBytes(gif.size).replace('KB', 'kB'));
    const served = await bytesOf(await (await fetch(response.url)).blob());
    expect(sameBytes(served, await bytesOf(gif))).to.equal(true);
  });

  it('a resize attribute that is not a number fails the upload with a message naming it; nothing is sent', async () => {
    const folder = uniqueFolder('resize-bad');
    const el = await mount({ 'resize-quality': 'high', folder });
    const failed = nextEvent(el, 'ik-upload-error');
    el.addFiles([new File([photo], 'a.jpg', { type: 'image/jpeg' })]);
    const { error } = await failed;
    expect(error.code).to.equal('file-rejected');
    expect(error.message).to.equal(
      '"a.jpg" could not be prepared for upload: Resize quality must be a number from 0 to 1; got something that is not a number.',
    );
    expect(await library(folder)).to.deep.equal([]);
  });
});
