import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import {
  authCalls, bytesOf, cleanup, drop, dropZone, fault, fileInput, makeBytes, makePng, mount, nextEvent,
  pick, record, rows, sameBytes, shadow, uniqueFolder, until, library,
} from './helpers.js';

afterEach(cleanup);

describe('<ik-uploader> drop zone', () => {
  it('is a labelled button that opens the hidden file picker on click, Enter and Space', async () => {
    const el = await mount();
    const zone = dropZone(el);
    expect(zone.localName).to.equal('button');
    expect(zone.type).to.equal('button');
    expect(zone.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Drop files here or choose files');
    el.maxFileSize = 2048;
    await el.updateComplete;
    // The limits are read with the label, inside the button.
    expect(zone.textContent!.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim()).to.equal('Drop files here or choose files up to 2 kB each');
    const input = fileInput(el);
    expect(input.hidden).to.equal(true);
    let opened = 0;
    // preventDefault keeps the real dialog shut; the click reaching the input is what opens it.
    input.addEventListener('click', (e) => { opened++; e.preventDefault(); });
    zone.click();
    expect(opened).to.equal(1);
    zone.focus();
    await sendKeys({ press: 'Enter' });
    expect(opened).to.equal(2);
    await sendKeys({ press: 'Space' });
    expect(opened).to.equal(3);
  });

  it('shows the drag-over state while files are over it, and takes the drop', async () => {
    const el = await mount();
    const folder = uniqueFolder('drop');
    el.folder = folder;
    const file = await makePng('dropped.png', 12, 8);
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(file);
    const zone = dropZone(el);
    const over = new DragEvent('dragover', { dataTransfer, bubbles: true, cancelable: true, composed: true });
    zone.dispatchEvent(over);
    expect(over.defaultPrevented, 'dragover must be canceled for the drop to happen').to.equal(true);
    await el.updateComplete;
    expect(el.hasAttribute('dragging')).to.equal(true);
    zone.dispatchEvent(new DragEvent('dragleave', { dataTransfer, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.hasAttribute('dragging')).to.equal(false);

    const success = nextEvent(el, 'ik-upload-success');
    drop(el, [file]);
    await el.updateComplete;
    expect(el.hasAttribute('dragging')).to.equal(false);
    const detail = await success;
    expect(detail.file).to.equal(file);
    expect(detail.response.filePath.startsWith(`${folder}/dropped_`)).to.equal(true);
  });

  it('takes a drop anywhere on the element, so a near miss is not opened by the browser', async () => {
    const el = await mount({ folder: uniqueFolder('near-miss') });
    el.addFiles([makeBytes('first.bin', 5)]);
    await nextEvent(el, 'ik-complete');
    await el.updateComplete;
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(makeBytes('second.bin', 5));
    const list = shadow(el).querySelector('[part="list"]')!;
    const dropped = new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true, composed: true });
    const complete = nextEvent(el, 'ik-complete');
    list.dispatchEvent(dropped);
    expect(dropped.defaultPrevented).to.equal(true);
    await complete;
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['first.bin', 'done'], ['second.bin', 'done']]);
  });

  it('takes pasted files', async () => {
    const el = await mount({ folder: uniqueFolder('paste') });
    const file = await makePng('screenshot.png', 3, 3);
    const clipboardData = new DataTransfer();
    clipboardData.items.add(file);
    const success = nextEvent(el, 'ik-upload-success');
    dropZone(el).focus();
    const paste = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true, composed: true });
    dropZone(el).dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    expect((await success).file).to.equal(file);
  });

  it('does not submit the form it sits in', async () => {
    const form = document.createElement('form');
    document.body.append(form);
    let submitted = 0;
    form.addEventListener('submit', (e) => { submitted++; e.preventDefault(); });
    const el = await mount({}, form);
    fileInput(el).addEventListener('click', (e) => e.preventDefault());
    dropZone(el).click();
    el.addFiles([makeBytes('in-form.bin', 100)]);
    await nextEvent(el, 'ik-complete');
    await el.updateComplete;
    for (const button of shadow(el).querySelectorAll('button')) {
      expect(button.type).to.equal('button');
      button.click();
    }
    expect(submitted).to.equal(0);
  });
});

describe('<ik-uploader> upload', () => {
  it('uploads a picked PNG: events in order, the server JSON unchanged, the bytes served back', async () => {
    const el = await mount();
    const folder = uniqueFolder('pick');
    el.folder = folder;
    const file = await makePng('red square.png', 37, 23);
    const log = record(el, ['ik-upload-start', 'ik-upload-progress', 'ik-upload-success', 'ik-upload-error', 'ik-complete']);
    const complete = nextEvent(el, 'ik-complete');
    pick(el, [file]);
    const done = await complete;

    expect(log.of('ik-upload-error')).to.deep.equal([]);
    expect(log.events[0]!.type).to.equal('ik-upload-start');
    expect(log.events[0]!.detail.file).to.equal(file);
    const progress = log.of('ik-upload-progress');
    expect(progress.length).to.be.greaterThan(0);
    expect(progress.at(-1).loaded).to.equal(progress.at(-1).total);
    const [success] = log.of('ik-upload-success');
    const r = success.response;
    expect(r.fileId).to.be.a('string').and.match(/^[0-9a-f]{24}$/);
    expect(r.name).to.match(/^red_square_[A-Za-z0-9_-]{9}\.png$/); // space → "_", then the unique suffix
    expect(r.size).to.equal(file.size);
    expect(r.width).to.equal(37);
    expect(r.height).to.equal(23);
    expect(r.fileType).to.equal('image');
    expect(r.filePath).to.equal(`${folder}/${r.name}`);
    expect(r.url.endsWith(r.filePath)).to.equal(true);
    expect(r.thumbnailUrl).to.contain('tr:n-ik_ml_thumbnail');
    expect(r.versionInfo).to.deep.equal({ id: r.fileId, name: 'Version 1' });
    expect(r.AITags).to.equal(null);
    expect(success.requestId).to.be.a('string').and.not.equal('');

    const served = await fetch(r.url);
    expect(served.headers.get('content-type')).to.equal('image/png');
    expect(sameBytes(await bytesOf(await served.blob()), await bytesOf(file))).to.equal(true);

    expect(done.successful.map((s: any) => s.response)).to.deep.equal([r]);
    expect(done.failed).to.deep.equal([]);
    await el.updateComplete;
    const [row] = rows(el);
    expect(row!.dataset.state).to.equal('done');
    expect(row!.querySelector('[part="file-name"]')!.textContent).to.equal('red square.png');
    expect(row!.querySelector('[role=progressbar]'), 'a done row has a badge, not a bar').to.equal(null);
    expect(row!.querySelector('[part="status"]')!.textContent).to.equal('Uploaded');
    // The name is bidi-isolated (FSI … PDI), so it keeps its own direction in any sentence.
    // (With its addition, when both came within one render.)
    expect(shadow(el).querySelector('[role=status]')!.textContent).to.match(/^(red square\.png added\. )?red square\.png uploaded\.$/);
  });

  it('fetches fresh auth for every file, never from cache', async () => {
    const el = await mount();
    el.folder = uniqueFolder('fresh');
    const before = await authCalls();
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('a.bin', 10), makeBytes('b.bin', 10), makeBytes('c.bin', 10)]);
    const { successful, failed } = await complete;
    expect(failed).to.deep.equal([]);
    expect(successful).to.have.length(3);
    expect(await authCalls()).to.equal(before + 3);
  });

  it('gets fresh parameters even from an auth endpoint whose answer says it may be cached', async () => {
    const el = await mount({ 'auth-endpoint': '/auth/cacheable', retries: '0', concurrency: '1' });
    el.folder = uniqueFolder('cacheable');
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('a.bin', 10), makeBytes('b.bin', 10), makeBytes('c.bin', 10)]);
    const { successful, failed } = await complete;
    expect(failed.map((f: any) => f.error.message)).to.deep.equal([]);
    expect(successful).to.have.length(3);
  });

  it('shows a hostile file name as text, never as HTML', async () => {
    const el = await mount();
    el.folder = uniqueFolder('hostile');
    const name = '<img src=x onerror="window.__pwned=1">.png';
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([await makePng(name, 4, 4)]);
    const { successful } = await complete;
    await el.updateComplete;
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(rows(el)[0]!.querySelector('[part="file-name"]')!.textContent).to.equal(name);
    expect((window as any).__pwned).to.equal(undefined);
    // ImageKit's rule: everything but letters, digits, "." and "-" becomes "_".
    expect(successful[0].response.name).to.match(/^_img_src_x_onerror__window.__pwned_1__.png$|^_img_src_x_onerror__window.__pwned_1___[A-Za-z0-9_-]{9}\.png$/);
  });
});

describe('<ik-uploader> checks before upload', () => {
  async function rejectionOf(attrs: Record<string, string | boolean>, files: File[]) {
    const el = await mount(attrs);
    const before = await authCalls();
    const log = record(el, ['ik-file-rejected', 'ik-upload-start']);
    el.addFiles(files);
    await el.updateComplete;
    return { el, log, before };
  }

  it('refuses a file over max-file-size, names the file and the limit, and sends nothing', async () => {
    const big = makeBytes('big.bin', 2048 + 1);
    const { el, log, before } = await rejectionOf({ 'max-file-size': '2KB' }, [big]);
    const [rejected] = log.of('ik-file-rejected');
    expect(rejected.file).to.equal(big);
    expect(rejected.code).to.equal('file-too-large');
    expect(rejected.message).to.equal('"big.bin" is 2 KB; the largest file allowed is 2 KB.');
    expect(log.of('ik-upload-start')).to.deep.equal([]);
    const [row] = rows(el);
    expect(row!.dataset.state).to.equal('rejected');
    expect(row!.querySelector('[part="status"]')!.textContent!.replace(/[\u2068\u2069]/g, '')).to.equal('Too large: 2 kB, the limit is 2 kB');
    expect(await authCalls()).to.equal(before);
  });

  it('refuses a type outside accept, reading MIME wildcards and extensions as <input accept> does', async () => {
    const text = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    const jpgByName = new File(['x'], 'photo.JPG', { type: '' });
    const png = await makePng('ok.png', 2, 2);
    const { el, log } = await rejectionOf({ accept: 'image/png, .jpg', folder: uniqueFolder('accept') }, [text, jpgByName, png]);
    const rejected = log.of('ik-file-rejected');
    expect(rejected).to.have.length(1);
    expect(rejected[0].file).to.equal(text);
    expect(rejected[0].code).to.equal('file-type');
    expect(rejected[0].message).to.equal('"notes.txt" is type text/plain; only image/png or .jpg can be uploaded here.');
    expect(log.of('ik-upload-start').map((d) => d.file)).to.deep.equal([jpgByName, png]);
    expect(fileInput(el).accept).to.equal('image/png, .jpg');
  });

  it('refuses files past max-files, and extra files when multiple is off', async () => {
    const files = [makeBytes('1.bin', 5), makeBytes('2.bin', 5), makeBytes('3.bin', 5)];
    const { log } = await rejectionOf({ 'max-files': '2', folder: uniqueFolder('max') }, files);
    const rejected = log.of('ik-file-rejected');
    expect(rejected.map((r) => [r.file.name, r.code])).to.deep.equal([['3.bin', 'too-many-files']]);
    expect(rejected[0].message).to.equal('"3.bin" was not added: the most files allowed here is 2.');

    const single = await rejectionOf({ multiple: false, folder: uniqueFolder('single') }, [makeBytes('a.bin', 5), makeBytes('b.bin', 5)]);
    expect(single.log.of('ik-file-rejected').map((r) => [r.file.name, r.code])).to.deep.equal([['b.bin', 'too-many-files']]);
    expect(fileInput(single.el).multiple).to.equal(false);
  });
});

describe('<ik-uploader> errors', () => {
  /** What the failed row said, in a few words for a person (the full message is the event's). */
  let shown = '';
  async function errorFor(attrs: Record<string, string | boolean>, setup?: (el: any) => void) {
    const el = await mount({ retries: '0', folder: uniqueFolder('err'), ...attrs });
    setup?.(el);
    const log = record(el, ['ik-upload-success']);
    const error = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('e.bin', 64)]);
    const detail = await error;
    expect(log.of('ik-upload-success')).to.deep.equal([]);
    await el.updateComplete;
    expect(rows(el)[0]!.dataset.state).to.equal('failed');
    shown = rows(el)[0]!.querySelector('[part="status"]')!.textContent!;
    expect(shown.length, shown).to.be.within(10, 45);
    expect(shown, 'no URL, no code, no JSON on screen').to.not.match(/https?:|\/auth|[{}]|auth-failed|\b\d{3}\b/);
    return detail.error;
  }

  const authCases: Array<[string, Record<string, string>, RegExp]> = [
    ['answers 500', { 'auth-endpoint': '/auth/500' }, /^The auth endpoint \/auth\/500 answered 500 Internal Server Error: auth backend down$/],
    ['answers 401', { 'auth-endpoint': '/auth/401' }, /^The auth endpoint \/auth\/401 answered 401 Unauthorized: Not signed in\.$/],
    ['answers HTML', { 'auth-endpoint': '/auth/not-json' }, /did not answer with JSON \(text\/html, starting "<html>login page<\/html>"\)/],
    ['lacks fields', { 'auth-endpoint': '/auth/missing-fields' }, /lack "expire", "signature": expected \{ token, expire, signature \}/],
    ['gives expired parameters', { 'auth-endpoint': '/auth/expired' }, /had already expired .* so the upload was not sent/],
    ['is too slow', { 'auth-endpoint': '/auth/slow', 'auth-timeout': '300' }, /^The auth endpoint \/auth\/slow did not answer within 0.3 s\.$/],
    ['is unreachable', { 'auth-endpoint': 'http://127.0.0.1:9/auth' }, /^Could not reach the auth endpoint http:\/\/127.0.0.1:9\/auth \(network error/],
    ['signs with the wrong key', { 'auth-endpoint': '/auth/wrong-key' }, /^Your request contains invalid signature parameter\.$/],
  ];
  for (const [what, attrs, message] of authCases) {
    it(`reports an auth endpoint that ${what} as auth-failed with its own message`, async () => {
      const stats = await fetch(`/__emulator/stats`).then((r) => r.json());
      const error = await errorFor(attrs);
      expect(error.code).to.equal('auth-failed');
      expect(error.message).to.match(message);
      expect(shown).to.equal("Couldn't get permission to upload");
      const after = await fetch(`/__emulator/stats`).then((r) => r.json());
      // Only the wrong-key case may reach the upload server: the others fail before any upload request.
      expect(after.uploadsReceived - stats.uploadsReceived).to.equal(what.startsWith('signs') ? 1 : 0);
    });
  }

  it('refuses to upload without a public key, before any request', async () => {
    const before = await authCalls();
    const error = await errorFor({ 'public-key': false });
    expect(error).to.deep.equal({ code: 'auth-failed', message: 'No public key: set the public-key attribute (your ImageKit public key) before uploading.' });
    expect(await authCalls()).to.equal(before);
  });

  it('reports an authenticator that throws, rejects or returns nonsense', async () => {
    const thrown = await errorFor({}, (el) => { el.authenticator = () => { throw new Error('session expired'); }; });
    expect(thrown).to.deep.equal({ code: 'auth-failed', message: 'The authenticator failed: session expired' });
    const rejected = await errorFor({}, (el) => { el.authenticator = () => Promise.reject(new Error('no network')); });
    expect(rejected.message).to.equal('The authenticator failed: no network');
    const nonsense = await errorFor({}, (el) => { el.authenticator = async () => ({ token: 't', expire: 'soon', signature: 's' }); });
    expect(nonsense.message).to.equal('"expire" from the authenticator must be a Unix time in seconds; got "soon".');
  });

  it('refuses a token it already sent before sending it (without repeating the token), and shows ImageKit\'s message when only the server knows', async () => {
    const el = await mount({ 'auth-endpoint': '/auth/reused', retries: '0', folder: uniqueFolder('reuse') });
    const first = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('one.bin', 8)]);
    expect((await first).successful).to.have.length(1);
    const stats = await fetch(`/__emulator/stats`).then((r) => r.json());
    const second = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('two.bin', 8)]);
    const { error: mine } = await second;
    expect(mine).to.deep.equal({
      code: 'auth-failed',
      message: 'The auth source returned a token it had returned before, but ImageKit accepts each token once. ' +
        'It must sign fresh parameters for every request; check that its answer is not cached.',
    });
    const after = await fetch(`/__emulator/stats`).then((r) => r.json());
    expect(after.uploadsReceived, 'nothing sent').to.equal(stats.uploadsReceived);

    // A new element has not seen the token, so the server refuses it, with ImageKit's words; the one
    // retry a used token earns asks for a fresh one, gets the same again, and is refused before sending.
    const other = await mount({ 'auth-endpoint': '/auth/reused', retries: '0', folder: uniqueFolder('reuse') });
    const retry = nextEvent(other, 'ik-upload-retry');
    const third = nextEvent(other, 'ik-upload-error');
    other.addFiles([makeBytes('three.bin', 8)]);
    const { error: theirs } = await retry;
    expect(theirs.code).to.equal('auth-failed');
    expect(theirs.status).to.equal(400);
    expect(theirs.message).to.equal("The token with value 'fixed-token-for-reuse' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.");
    expect((await third).error.message).to.equal(mine.message);
  });

  it('passes a server error through with its message, help, status and request id', async () => {
    await fault({ count: 1, status: 500, body: { message: 'Disk on fire.', help: 'For support kindly contact us at support@imagekit.io .' } });
    const error = await errorFor({});
    expect(error.code).to.equal('server');
    expect(error.status).to.equal(500);
    expect(error.message).to.equal('Disk on fire.');
    expect(error.help).to.equal('For support kindly contact us at support@imagekit.io .');
    expect(error.requestId).to.be.a('string').and.not.equal('');
  });

  it('does not retry a 4xx validation error', async () => {
    const before = await authCalls();
    await fault({ count: 1, status: 400, body: { message: 'Your request failed \'checks\' validation.', help: 'x' } });
    const error = await errorFor({ retries: '3' });
    expect(error.code).to.equal('invalid-request');
    expect(error.message).to.equal("Your request failed 'checks' validation.");
    expect(await authCalls()).to.equal(before + 1);
  });
});

describe('<ik-uploader> list', () => {
  it('retries a failed file and removes one on request', async () => {
    const folder = uniqueFolder('retry-remove');
    const el = await mount({ retries: '0', folder });
    await fault({ count: 1, status: 503 });
    const error = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('again.bin', 32)]);
    const { id } = await error;
    await el.updateComplete;
    const success = nextEvent(el, 'ik-upload-success');
    (rows(el)[0]!.querySelector('[data-action=retry]') as HTMLButtonElement).click();
    expect((await success).id).to.equal(id);
    await until(() => el.items[0]!.state === 'done', 'done');
    await el.updateComplete;
    (rows(el)[0]!.querySelector('[data-action=remove]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(rows(el)).to.have.length(0);
    expect(el.items).to.have.length(0);
    // Removing from the list does not delete what was uploaded.
    expect(await library(folder)).to.have.length(1);
  });
});
