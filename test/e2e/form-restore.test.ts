// Browser form restore, for real: upload in the CMS demo's form, leave the page, come back with the
// Back button, and the form (Chromium's restore, through formStateRestoreCallback) still holds the
// uploaded file. The back/forward cache is off, or the page would come back live and prove nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { startDemo } from './util.js';

test('Back restores the uploaded files an <ik-uploader> in a form held', { timeout: 120_000 }, async (t) => {
  const { port, dataDir, demo } = await startDemo('ik-restore-');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, '--disable-features=BackForwardCache'] });
  t.after(async () => {
    await browser.close();
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/demo/cms/`);
  await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);
  const uploaded = page.evaluate(
    () => new Promise<string>((resolve) => document.getElementById('cover')!.addEventListener('ik-upload-success', (e) => resolve((e as CustomEvent).detail.response.url), { once: true })),
  );
  // The demo uploads on Save (upload="submit"); what is restored here is a file uploaded before
  // leaving the page, so this field uploads as it is picked.
  await page.evaluate(() => document.getElementById('cover')!.setAttribute('upload', 'auto'));
  const cover = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } }).png().toBuffer();
  await page.setInputFiles('#cover input[type=file]', { name: 'cover.png', mimeType: 'image/png', buffer: cover });
  const url = await uploaded;
  const formValues = () => page.evaluate(() => new FormData(document.querySelector<HTMLFormElement>('form.article')!).getAll('cover'));
  assert.deepEqual(await formValues(), [url]);

  await page.click('nav a[href="/"]');
  await page.waitForURL(`http://localhost:${port}/`);
  await page.goBack();
  await page.waitForFunction(() => (document.getElementById('cover') as any)?.items?.length === 1);
  assert.deepEqual(await formValues(), [url], 'the form holds the restored upload');
  const row = await page.evaluate(() => {
    const el = document.getElementById('cover') as any;
    const li = el.shadowRoot.querySelector('li');
    return { state: li.dataset.state, name: li.querySelector('[part~="file-name"]').textContent };
  });
  assert.equal(row.state, 'done');
  assert.match(row.name, /^cover.*\.png$/);
});
