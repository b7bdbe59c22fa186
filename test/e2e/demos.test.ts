// Every demo `npm start` links to, driven in Chromium as a user would: pick real images, watch them
// land in the emulator, submit the CMS form, re-render React mid-upload, bind Vue props.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import type { Browser, Page, Route } from 'playwright';
import { launchChromium, startDemo } from './util.js';

let base = '';
let browser: Browser;
let stopDemo: () => Promise<unknown>;
let dataDir = '';

before(async () => {
  const started = await startDemo('ik-demos-');
  const { port, demo } = started;
  dataDir = started.dataDir;
  stopDemo = demo.stop;
  base = `http://localhost:${port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stopDemo?.();
  rmSync(dataDir, { recursive: true, force: true });
});

function png(width: number, height: number, r = 40): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g: 120, b: 200 } } }).png().toBuffer();
}

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // Failed loads are reported below with their URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(base + path);
  await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);
  return { page, errors };
}

/** Holds every upload request at the network until `release()`; counts them. */
async function holdUploads(page: Page) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const held: Route[] = [];
  let count = 0;
  await page.route(/\/api\/v[12]\/files\/upload$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    count++;
    held.push(route);
    await gate;
    await route.continue();
  });
  return {
    release,
    count: () => count,
    waitHeld: (n: number) => waitFor(() => held.length >= n, `${n} upload(s) held`),
  };
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fetchBytes(url: string): Promise<Buffer> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}`);
  return Buffer.from(await res.arrayBuffer());
}

test('the page npm start opens links to every demo, and each link opens a page with the element', async () => {
  const { page, errors } = await open('/');
  const links = await page.locator('nav.demos a').evaluateAll((as) => as.map((a) => [a.textContent, (a as HTMLAnchorElement).pathname]));
  assert.deepEqual(links, [
    ['Events', '/'],
    ['Plain HTML', '/demo/plain/'],
    ['CMS admin', '/demo/cms/'],
    ['React', '/demo/react/'],
    ['Vue', '/demo/vue/'],
  ]);
  for (const name of ['Plain HTML', 'CMS admin', 'React', 'Vue']) {
    await page.getByRole('link', { name, exact: true }).first().click();
    await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);
    await page.locator('ik-uploader').first().waitFor();
    assert.equal(await page.locator('nav.demos a[aria-current=page]').textContent(), name);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('plain HTML page: a picked image is uploaded and its stored URL listed, as text', async () => {
  const { page, errors } = await open('/demo/plain/');
  const image = await png(20, 10);
  await page.setInputFiles('ik-uploader input[type=file]', { name: '<b>not bold</b>.png', mimeType: 'image/png', buffer: image });
  const link = page.locator('#links a').first();
  await link.waitFor();
  const [href, text] = [await link.getAttribute('href'), await link.textContent()];
  assert.match(text!, /^\/plain-demo\/.*not.bold.*\.png$/);
  assert.equal(await page.locator('#links b').count(), 0, 'the file name is not parsed as HTML');
  assert.deepEqual(await fetchBytes(href!), image);
  assert.deepEqual(errors, []);
  await page.close();
});

test('CMS admin (upload="submit"): nothing is stored until Save; Save uploads cover and gallery, holds a second Save, then posts their URLs', async () => {
  const { page, errors } = await open('/demo/cms/');
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/demo/articles')) posts.push(r.postData() ?? '');
  });
  const hold = await holdUploads(page);
  const successes = page.evaluate(
    () =>
      new Promise<Record<string, string[]>>((resolve) => {
        const urls: Record<string, string[]> = { cover: [], gallery: [] };
        let n = 0;
        for (const el of document.querySelectorAll('ik-uploader')) {
          el.addEventListener('ik-upload-success', (e) => {
            urls[el.getAttribute('name')!]!.push((e as CustomEvent).detail.response.url);
            if (++n === 3) resolve(urls);
          });
        }
      }),
  );

  await page.fill('#title', 'Spring in the <em>valley</em>');
  await page.fill('#body', 'Three photos & a cover.');
  const cover = await png(64, 32, 10);
  const shots = [await png(30, 30, 100), await png(40, 20, 200)];
  await page.setInputFiles('ik-uploader#cover input[type=file]', { name: 'cover.png', mimeType: 'image/png', buffer: cover });
  await page.setInputFiles('ik-uploader#gallery input[type=file]', [
    { name: 'one.png', mimeType: 'image/png', buffer: shots[0]! },
    { name: 'two.png', mimeType: 'image/png', buffer: shots[1]! },
  ]);
  // Picked, listed, waiting: nothing goes to ImageKit before Save.
  await page.locator('ik-uploader [part~=file][data-state=waiting]').nth(2).waitFor();
  await page.waitForTimeout(300);
  assert.equal(hold.count(), 0, 'nothing uploaded before Save');

  await page.getByRole('button', { name: 'Save article' }).click();
  await hold.waitHeld(3);
  // Saving again while the images are on their way must not post the article.
  await page.getByRole('button', { name: 'Save article' }).click();
  await page.waitForTimeout(300);
  assert.equal(posts.length, 0, 'nothing posted while uploading');
  assert.equal(new URL(page.url()).pathname, '/demo/cms/');

  hold.release();
  const urls = await successes;
  assert.equal(urls.cover!.length, 1);
  assert.equal(urls.gallery!.length, 2);
  // Once all are done, the form is posted by itself: one Save was enough.
  await page.waitForURL('**/api/demo/articles');
  assert.equal(posts.length, 1);
  const received = JSON.parse((await page.locator('#received').textContent())!) as [string, string][];
  const field = (name: string) => received.filter(([n]) => n === name).map(([, v]) => v);
  assert.deepEqual(field('title'), ['Spring in the <em>valley</em>']);
  assert.deepEqual(field('body'), ['Three photos & a cover.']);
  assert.deepEqual(field('cover'), urls.cover);
  // In the order the files were added, whichever finished first.
  assert.equal(field('gallery').length, 2);
  assert.deepEqual(new Set(field('gallery')), new Set(urls.gallery));
  assert.match(field('gallery')[0]!, /\/articles\/gallery\/one_/);
  assert.match(field('gallery')[1]!, /\/articles\/gallery\/two_/);
  assert.match(field('cover')[0]!, /\/articles\/covers\/cover_/);
  // Upload API V2: the demo server's policy put every file in the editor's own folder.
  for (const url of [...field('cover'), ...field('gallery')]) assert.match(url, /\/media\/users\/editor-1\/articles\//);
  assert.equal(await page.locator('table.received em').count(), 0, 'posted text is shown as text');
  // The URLs the server got serve the very bytes picked.
  assert.deepEqual(await fetchBytes(field('cover')[0]!), cover);
  assert.deepEqual(await fetchBytes(field('gallery')[0]!), shots[0]);
  assert.deepEqual(await fetchBytes(field('gallery')[1]!), shots[1]);
  assert.equal(hold.count(), 3, 'one request per file');
  assert.deepEqual(errors, []);
  await page.close();
});

test('CMS admin: the form is not saved (nor anything uploaded) without its required cover, and a removed gallery image is not posted', async () => {
  const { page, errors } = await open('/demo/cms/');
  const posts: string[] = [];
  let uploads = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/demo/articles')) posts.push(r.url());
    if (r.method() === 'POST' && /\/api\/v[12]\/files\/upload$/.test(r.url())) uploads++;
  });
  await page.fill('#title', 'Fewer photos');
  await page.setInputFiles('ik-uploader#gallery input[type=file]', [
    { name: 'keep.png', mimeType: 'image/png', buffer: await png(8, 8, 1) },
    { name: 'drop.png', mimeType: 'image/png', buffer: await png(9, 9, 2) },
  ]);
  await page.locator('ik-uploader#gallery [part~=file][data-state=waiting]').nth(1).waitFor();
  await page.getByRole('button', { name: 'Remove drop.png' }).click();
  await page.getByRole('button', { name: 'Save article' }).click();
  await page.waitForTimeout(300);
  assert.deepEqual(posts, [], 'no cover yet: nothing posted');
  assert.equal(uploads, 0, 'and nothing uploaded');

  const cover = await png(16, 9, 5);
  await page.setInputFiles('ik-uploader#cover input[type=file]', { name: 'cover.png', mimeType: 'image/png', buffer: cover });
  await page.locator('ik-uploader#cover [part~=file][data-state=waiting]').waitFor();
  await page.getByRole('button', { name: 'Save article' }).click();
  await page.waitForURL('**/api/demo/articles');
  assert.equal(posts.length, 1);
  assert.equal(uploads, 2, 'the cover and the one gallery image kept');
  const received = JSON.parse((await page.locator('#received').textContent())!) as [string, string][];
  const gallery = received.filter(([n]) => n === 'gallery').map(([, v]) => v);
  assert.equal(gallery.length, 1);
  assert.match(gallery[0]!, /\/articles\/gallery\/keep_/);
  const covers = received.filter(([n]) => n === 'cover').map(([, v]) => v);
  assert.equal(covers.length, 1);
  assert.deepEqual(await fetchBytes(covers[0]!), cover);
  assert.deepEqual(errors, []);
  await page.close();
});

test('CMS admin: a failed upload on Save keeps the form on screen, with what was typed, and focus on the failed row', async () => {
  const { page, errors } = await open('/demo/cms/');
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/demo/articles')) posts.push(r.url());
  });
  // ImageKit refuses the first upload (a 400 no retry can fix); the next ones go through.
  let refused = 0;
  await page.route(/\/api\/v[12]\/files\/upload$/, async (route) => {
    if (route.request().method() !== 'POST' || refused++) return route.continue();
    await route.fulfill({
      status: 400,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-ik-requestId, x-request-id' },
      body: JSON.stringify({ message: 'Your request contains an invalid file.', help: 'For support kindly contact us at support@imagekit.io .' }),
    });
  });
  await page.fill('#title', 'Kept on screen');
  await page.setInputFiles('ik-uploader#cover input[type=file]', { name: 'refused.png', mimeType: 'image/png', buffer: await png(12, 8, 7) });
  await page.locator('ik-uploader#cover [part~=file][data-state=waiting]').waitFor();
  await page.getByRole('button', { name: 'Save article' }).click();
  const failed = page.locator('ik-uploader#cover [part~=file][data-state=failed]');
  await failed.waitFor();
  await page.waitForFunction(() => !!document.querySelector('ik-uploader#cover')!.shadowRoot!.activeElement?.closest('[data-state=failed]'));
  await page.waitForTimeout(300);
  assert.deepEqual(posts, [], 'the article is not posted');
  assert.equal(new URL(page.url()).pathname, '/demo/cms/');
  assert.equal(await page.inputValue('#title'), 'Kept on screen', 'what was typed is still there');
  assert.equal(await failed.locator('[part~=status]').textContent(), 'The server refused this file');

  // Another cover, and Save again: this time it is posted.
  await page.setInputFiles('ik-uploader#cover input[type=file]', { name: 'cover.png', mimeType: 'image/png', buffer: await png(12, 8, 9) });
  await page.getByRole('button', { name: 'Save article' }).click();
  await page.waitForURL('**/api/demo/articles');
  assert.equal(posts.length, 1);
  const received = JSON.parse((await page.locator('#received').textContent())!) as [string, string][];
  assert.deepEqual(received.filter(([n]) => n === 'title').map(([, v]) => v), ['Kept on screen']);
  assert.match(received.find(([n]) => n === 'cover')![1], /\/articles\/covers\/cover_/);
  // The refused upload's 400 is the one failed load the page saw.
  assert.deepEqual(errors.filter((e) => !/^400 .*\/files\/upload$/.test(e)), []);
  await page.close();
});

test('CMS admin: a saved article opens with its images pre-filled; saved untouched it posts their URLs; without its cover it is refused', async () => {
  const { page, errors } = await open('/demo/cms/?edit');
  let uploads = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/v[12]\/files\/upload$/.test(r.url())) uploads++;
  });
  const doneRows = (id: string) => page.locator(`ik-uploader#${id} [part~=file][data-state=done]`);
  await doneRows('cover').waitFor();
  await doneRows('gallery').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Edit article');
  assert.equal(await page.inputValue('#title'), 'A morning at the harbour');
  // What the server stored for the article: the files it uploaded earlier.
  const stored = (await (await fetch(`${base}/api/demo/articles/existing`)).json()) as { cover: { url: string; name: string }[]; gallery: { url: string }[] };
  assert.deepEqual(await doneRows('cover').locator('[part~=file-name]').allTextContents(), [stored.cover[0]!.name]);
  // The stored thumbnail is shown, loaded from ImageKit (here the emulator).
  await page.waitForFunction(() => {
    const img = document.querySelector('ik-uploader#cover')!.shadowRoot!.querySelector('[part~=thumbnail] img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  });

  // Saved without touching anything: the form posts the URLs the article already had.
  await page.getByRole('button', { name: 'Save article' }).click();
  await page.waitForURL('**/api/demo/articles');
  const received = JSON.parse((await page.locator('#received').textContent())!) as [string, string][];
  const field = (name: string) => received.filter(([n]) => n === name).map(([, v]) => v);
  assert.deepEqual(field('title'), ['A morning at the harbour']);
  assert.deepEqual(field('cover'), [stored.cover[0]!.url]);
  assert.deepEqual(field('gallery'), [stored.gallery[0]!.url]);
  assert.equal(uploads, 0, 'nothing uploaded from the page');

  // Removing the pre-filled cover leaves the required field empty: the form refuses to save.
  await page.goto(`${base}/demo/cms/?edit`);
  await doneRows('cover').waitFor();
  await page.getByRole('button', { name: `Remove ${stored.cover[0]!.name}` }).click();
  assert.equal(await doneRows('cover').count(), 0);
  const validity = await page.locator('ik-uploader#cover').evaluate((el) => {
    const u = el as HTMLElement & { checkValidity(): boolean; validationMessage: string };
    return { valid: u.checkValidity(), message: u.validationMessage, form: u.closest('form')!.checkValidity() };
  });
  assert.deepEqual(validity, { valid: false, message: 'Upload a file.', form: false });
  await page.getByRole('button', { name: 'Save article' }).click();
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).pathname, '/demo/cms/', 'not posted');
  assert.equal(uploads, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('React: under StrictMode, re-rendering the app during an upload neither restarts nor repeats it', async () => {
  const { page, errors } = await open('/demo/react/');
  const hold = await holdUploads(page);
  const image = await png(33, 17);
  await page.setInputFiles('ik-uploader#wrapped input[type=file]', { name: 'react.png', mimeType: 'image/png', buffer: image });
  await hold.waitHeld(1);
  await page.locator('[data-count=started]').filter({ hasText: '1' }).waitFor();

  // New props and new handler closures while the request is in flight.
  for (let i = 1; i <= 5; i++) {
    await page.click('#rerender');
    await page.locator('#renders').filter({ hasText: String(i) }).waitFor();
  }
  await page.fill('#folder', '/react-demo/second');
  hold.release();

  await page.locator('[data-count=uploaded]').filter({ hasText: '1' }).waitFor();
  await page.waitForTimeout(300); // a repeated upload or a doubled listener would show by now
  assert.equal(hold.count(), 1, 'one upload request');
  assert.equal(await page.locator('[data-count=started]').textContent(), '1', 'one ik-upload-start handled');
  assert.equal(await page.locator('[data-count=uploaded]').textContent(), '1', 'one ik-upload-success handled');
  assert.equal(await page.locator('ik-uploader#wrapped [part~=file]').count(), 1, 'one file in the element');
  assert.match((await page.locator('#uploaded [data-path]').first().textContent())!, /^\/react-demo\/react_/);
  assert.deepEqual(await fetchBytes((await page.locator('#uploaded a').first().getAttribute('href'))!), image);
  // onIkChange hands React the element's value: the uploaded file's url.
  assert.equal(await page.locator('#value').textContent(), await page.locator('#uploaded a').first().getAttribute('href'));

  // The changed prop reached the element: the next file goes to the new folder.
  await page.setInputFiles('ik-uploader#wrapped input[type=file]', { name: 'next.png', mimeType: 'image/png', buffer: await png(5, 5) });
  await page.locator('[data-count=uploaded]').filter({ hasText: '2' }).waitFor();
  assert.match((await page.locator('#uploaded [data-path]').nth(1).textContent())!, /^\/react-demo\/second\/next_/);
  assert.equal(hold.count(), 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('React 19, plain <ik-uploader> tag: properties (an array too) are set and on<event> props are called', async () => {
  const { page, errors } = await open('/demo/react/');
  const plain = page.locator('ik-uploader#plain');
  const bound = await plain.evaluate((el) => {
    const e = el as HTMLElement & { publicKey: string; tags: unknown };
    return { publicKey: e.publicKey, tags: e.tags, tagsAttribute: e.getAttribute('tags') };
  });
  assert.equal(bound.publicKey, 'ik-emulator-public-key');
  assert.deepEqual(bound.tags, ['react-19', 'plain-tag']);
  assert.equal(bound.tagsAttribute, null, 'set as a property, not stringified into an attribute');
  await page.setInputFiles('ik-uploader#plain input[type=file]', { name: 'plain.png', mimeType: 'image/png', buffer: await png(6, 6) });
  const item = page.locator('#plain-uploaded li').first();
  await item.waitFor();
  assert.match((await item.textContent())!, /^\/react-demo\/plain\/plain_[A-Za-z0-9_-]{9}\.png \[react-19, plain-tag\]$/);
  assert.equal(await page.locator('[data-count=started]').textContent(), '0', 'the wrapped uploader saw nothing');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Vue: v-model straight on <ik-uploader> gets the uploaded URLs, and setting the model pre-fills the element', async () => {
  const { page, errors } = await open('/demo/vue/');
  let uploads = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/v[12]\/files\/upload$/.test(r.url())) uploads++;
  });
  const responses = page.evaluate(
    () =>
      new Promise<Record<string, unknown>[]>((resolve) => {
        const got: Record<string, unknown>[] = [];
        document.querySelector('ik-uploader')!.addEventListener('ik-upload-success', (e) => {
          got.push((e as CustomEvent).detail.response);
          if (got.length === 2) resolve(got);
        });
      }),
  );
  const images = [await png(12, 12, 3), await png(14, 14, 4)];
  await page.setInputFiles('ik-uploader input[type=file]', [
    { name: 'a.png', mimeType: 'image/png', buffer: images[0]! },
    { name: 'b.png', mimeType: 'image/png', buffer: images[1]! },
  ]);
  const got = await responses;
  // Element to model: the element's input event hands Vue its value, the uploaded URLs.
  await page.getByRole('heading', { name: 'v-model: 2 images' }).waitFor();
  const listed = await page.locator('#gallery a').allTextContents();
  assert.deepEqual(new Set(listed), new Set(got.map((r) => r.url)));
  assert.deepEqual(await page.locator('ik-uploader').evaluate((el) => (el as HTMLElement & { value: string[] }).value), listed);
  for (const r of got) {
    assert.deepEqual(r.tags, ['vue-demo', 'gallery'], 'tags bound as an array property');
    assert.match(String(r.filePath), /^\/vue-demo\//);
  }
  const bound = await page.locator('ik-uploader').evaluate((el) => {
    const e = el as HTMLElement & { multiple: boolean; tags: unknown };
    return { multiple: e.multiple, tags: e.tags, tagsAttribute: e.getAttribute('tags') };
  });
  assert.deepEqual(bound, { multiple: true, tags: ['vue-demo', 'gallery'], tagsAttribute: null });

  // Model to element: clearing the model empties the element; loading saved URLs lists them as done.
  const rows = page.locator('ik-uploader [part~=file]');
  await page.click('#save');
  await page.click('#clear');
  await page.getByRole('heading', { name: 'v-model: 0 images' }).waitFor();
  assert.equal(await rows.count(), 0, 'the element emptied by the model');
  await page.click('#load');
  await page.getByRole('heading', { name: 'v-model: 2 images' }).waitFor();
  assert.equal(await page.locator('ik-uploader [part~=file][data-state=done]').count(), 2, 'listed again as done');
  assert.deepEqual(await rows.locator('[part~=file-name]').allTextContents(), listed.map((u) => u.split('/').pop()));
  assert.deepEqual(await page.locator('#gallery a').allTextContents(), listed);
  assert.equal(await page.locator('ik-uploader img').count(), 2, 'their thumbnails, from the stored URLs');

  // Removing one in the element updates the model; nothing was uploaded again.
  await page.getByRole('button', { name: `Remove ${listed[0]!.split('/').pop()}` }).click();
  await page.getByRole('heading', { name: 'v-model: 1 image' }).waitFor();
  assert.deepEqual(await page.locator('#gallery a').allTextContents(), [listed[1]]);
  assert.equal(uploads, 2, 'one upload per picked file, none for the model');
  assert.deepEqual(errors, []);
  await page.close();
});
