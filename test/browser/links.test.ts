import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import {
  authCalls, bytesOf, cleanup, emulatorStats, makeBytes, mount, nextEvent, record, rows, sameBytes, shadow, sleep, transfer, uniqueFolder, until,
} from './helpers.js';

afterEach(cleanup);

/** What a person reads: bidi isolates are invisible. */
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();
/** A source on the test page's own origin, which the emulator fetches as ImageKit would fetch a link. */
const source = (name: string, query = '') => `${location.origin}/source/${name}${query ? `?${query}` : ''}`;
const linkInput = (el: IkUploader) => shadow(el).querySelector<HTMLInputElement>('[part~="link-input"]')!;

describe('<ik-uploader> links', () => {
  it('uploads a link that ImageKit fetches itself: the stored bytes are the source\'s, the row shows the host, progress is indeterminate', async () => {
    const folder = uniqueFolder('link');
    const el = await mount({ folder });
    const seen = record(el, ['ik-upload-start', 'ik-upload-progress', 'ik-upload-success']);
    const url = source('Summer%20photo%20(1).bin', 'size=30000&seed=7&delay=600');
    const success = nextEvent(el, 'ik-upload-success');
    await el.addUrls([url]);
    await el.updateComplete;

    // While ImageKit fetches it, the row names the file and the host, and its bar has no value to claim.
    await until(async () => (await el.updateComplete, rows(el)[0]?.dataset.state === 'uploading'), 'uploading');
    const row = rows(el)[0]!;
    expect(text(row.querySelector('[part~="file-name"]'))).to.equal('Summer_photo__1_.bin');
    expect(text(row.querySelector('[part~="file-size"]'))).to.equal(location.host);
    expect(text(row.querySelector('[part~="status"]'))).to.equal('Fetching…');
    const bar = row.querySelector('[role=progressbar]')!;
    expect(bar.hasAttribute('aria-valuenow'), 'indeterminate').to.equal(false);
    expect(bar.getAttribute('aria-label')!.replace(/[\u2068\u2069]/g, '')).to.equal('Upload of Summer_photo__1_.bin');

    const { response, url: eventUrl } = await success;
    expect(eventUrl).to.equal(url);
    expect(seen.of('ik-upload-start')[0].url).to.equal(url);
    expect(seen.of('ik-upload-progress'), 'no byte counts: the bytes never pass through the browser').to.deep.equal([]);
    expect(response.name).to.match(/^Summer_photo__1_.*\.bin$/);
    expect(response.size).to.equal(30000);
    const stored = await bytesOf(await (await fetch(response.url)).blob());
    const original = await bytesOf(await (await fetch(url)).blob());
    expect(sameBytes(stored, original), 'the stored bytes are the source\'s').to.equal(true);

    await el.updateComplete;
    expect(rows(el)[0]!.dataset.state).to.equal('done');
    expect(text(rows(el)[0]!.querySelector('[part~="file-size"]'))).to.equal(location.host);
    expect(rows(el)[0]!.querySelector('[role=progressbar]'), 'no bar once done').to.equal(null);
  });

  it('refuses a javascript: link, and every other link that is not http: or https:, before any request', async () => {
    const el = await mount({ folder: uniqueFolder('badlink') });
    const before = { stats: await emulatorStats(), auth: await authCalls() };
    const rejected = record(el, ['ik-file-rejected']);
    await el.addUrls(['javascript:alert(document.domain)', 'data:text/plain,hi', 'ftp://example.com/a.png', 'not a link', '/relative/path.png']);
    await el.updateComplete;
    const details = rejected.of('ik-file-rejected');
    expect(details.map((d) => d.code)).to.deep.equal(['invalid-url', 'invalid-url', 'invalid-url', 'invalid-url', 'invalid-url']);
    expect(details[0].url).to.equal('javascript:alert(document.domain)');
    expect(details[0].message).to.equal('"javascript:alert(document.domain)" is not an http(s) link.');
    const statuses = rows(el).map((r) => text(r.querySelector('[part~="status"]')));
    expect(statuses[0]).to.equal('Not an http or https link');
    expect(rows(el).every((r) => r.dataset.state === 'rejected')).to.equal(true);
    expect(await emulatorStats()).to.deep.include({ uploadsReceived: before.stats.uploadsReceived });
    expect(await authCalls(), 'no auth asked for').to.equal(before.auth);
  });

  it('fails a link ImageKit cannot fetch with ImageKit\'s own 400 message, and does not retry it', async () => {
    const el = await mount({ folder: uniqueFolder('deadlink'), retries: '2' });
    const url = source('gone.jpg', 'status=404');
    const retries = record(el, ['ik-upload-retry']);
    const error = nextEvent(el, 'ik-upload-error');
    await el.addUrls([url]);
    const detail = await error;
    expect(detail.url).to.equal(url);
    expect(detail.error.status).to.equal(400);
    expect(detail.error.message).to.match(/^Your request contains invalid file parameter\. The file could not be downloaded from the URL/);
    expect(retries.events).to.deep.equal([]);
    await el.updateComplete;
    // The row says it in a few words, and offers Retry (the host may come back); ImageKit's own words are in the event.
    expect(text(rows(el)[0]!.querySelector('[part~="status"]'))).to.equal("Couldn't fetch this link");
    expect(rows(el)[0]!.querySelector('[part~="retry-button"]')).to.not.equal(null);
  });

  it('checks what it can of a link in the browser, and has ImageKit check its type and size', async () => {
    const el = await mount({ folder: uniqueFolder('linkrules'), accept: 'image/*,.pdf', 'max-file-size': '2KB', retries: '0' });
    // A PNG under 2 KB passes ImageKit's checks; bytes that are no image, or too many, do not.
    const done = nextEvent(el, 'ik-complete');
    await el.addUrls([source('pixel', 'type=image/png'), source('noise.jpg', 'size=1000'), source('big.pdf', 'size=3000')]);
    const { successful, failed } = await done;
    expect(successful.map((s: any) => s.response.name)).to.have.length(1);
    expect(successful[0].response.fileType).to.equal('image');
    expect(failed.map((f: any) => [f.file.name, f.error.message]).sort()).to.deep.equal([
      ['big.pdf', "Your request failed 'checks' validation."],
      ['noise.jpg', "Your request failed 'checks' validation."],
    ]);
    // Only extensions accepted, and a link named otherwise: refused at once.
    el.accept = '.pdf';
    const rejected = nextEvent(el, 'ik-file-rejected');
    await el.addUrls([source('photo.jpg')]);
    expect((await rejected).code).to.equal('file-type');
  });

  it('refuses a link already listed, unless allow-duplicates', async () => {
    const el = await mount({ upload: 'manual' });
    const url = source('twice.bin');
    await el.addUrls([url]);
    const rejected = nextEvent(el, 'ik-file-rejected');
    await el.addUrls([url]);
    expect((await rejected).code).to.equal('duplicate');
    el.allowDuplicates = true;
    await el.addUrls([url]);
    expect(el.items.filter((i) => i.state === 'waiting')).to.have.length(2);
  });

  it('offers a field for links with sources="device url": typed or pasted, several at once, the refused ones kept to fix', async () => {
    const el = await mount({ sources: 'device url', upload: 'manual' });
    await until(async () => (await el.updateComplete, linkInput(el)), 'the link field');
    const input = linkInput(el);
    expect(input.getAttribute('aria-label')).to.equal('Links');
    expect(input.placeholder).to.equal('Paste links: https://…');
    expect(shadow(el).querySelector('[part~="drop-zone"]'), 'the drop zone stays').to.not.equal(null);

    input.focus();
    await sendKeys({ type: `${source('one.bin')} example.com/two.jpg javascript:void(0)` });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.items.map((i) => [i.state, i.url])).to.deep.equal([
      ['waiting', source('one.bin')],
      ['waiting', 'https://example.com/two.jpg'],
      ['rejected', 'javascript:void(0)'],
    ]);
    expect(input.value, 'the refused link stays in the field').to.equal('javascript:void(0)');
    expect(text(rows(el).find((r) => r.dataset.state === 'waiting' && /two/.test(r.textContent!))!.querySelector('[part~="file-size"]'))).to.equal('example.com');

    // A pasted list keeps its links apart (an input would run the lines together).
    input.value = '';
    const data = new DataTransfer();
    data.setData('text/plain', `${source('three.bin')}\n${source('four.bin')}\n`);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
    expect(input.value).to.equal(`${source('three.bin')} ${source('four.bin')}`);
    shadow(el).querySelector<HTMLButtonElement>('[part~="link-button"]')!.click();
    await el.updateComplete;
    expect(el.items.filter((i) => i.state === 'waiting').map((i) => i.file.name)).to.deep.equal(['one.bin', 'two.jpg', 'three.bin', 'four.bin']);
    expect(input.value).to.equal('');
  });

  it('shows only the link field with sources="url", and takes no dropped files then', async () => {
    const el = await mount({ sources: 'url', upload: 'manual' });
    await until(async () => (await el.updateComplete, linkInput(el)), 'the link field');
    expect(shadow(el).querySelector('[part~="drop-zone"]')).to.equal(null);
    const dataTransfer = transfer([makeBytes('dropped.bin', 10)]);
    const drop = new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true, composed: true });
    linkInput(el).dispatchEvent(drop);
    await sleep(50);
    expect(el.items).to.deep.equal([]);
    expect(drop.defaultPrevented).to.equal(false);
  });
});
