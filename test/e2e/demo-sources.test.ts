// The demo page's three ways in, as a person uses them: its sample link typed into the link field,
// and a photo from the camera (Chromium's fake device, test/chromium.ts), each landing in the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, startDemo } from './util.js';

const root = resolve(import.meta.dirname, '../..');

test('the demo offers files, links and the camera: a pasted link and a photo land in the emulator', { timeout: 120_000 }, async (t) => {
  const { port, dataDir, demo } = await startDemo('ik-demo-sources-');
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://localhost:${port}/`);
  const next = () =>
    page.evaluate(
      () =>
        new Promise<Record<string, any>>((resolve, reject) => {
          const el = document.querySelector('ik-uploader')!;
          el.addEventListener('ik-upload-success', (e) => resolve((e as CustomEvent).detail), { once: true });
          el.addEventListener('ik-upload-error', (e) => reject(new Error(JSON.stringify((e as CustomEvent).detail.error))), { once: true });
        }),
    );

  // The device's files are offered, and beside them the link field and the camera.
  await page.locator('ik-uploader [part~="drop-zone"]').waitFor();
  const input = page.locator('ik-uploader [part~="link-input"]');
  await input.waitFor();
  await page.locator('ik-uploader [part~="camera-button"]').waitFor();

  const link = await page.locator('#sample-link').textContent();
  assert.equal(link, `http://localhost:${port}/demo/samples/lighthouse.svg`);
  let success = next();
  await input.fill(link!);
  await input.press('Enter');
  const byLink = await success;
  assert.equal(byLink.url, link);
  assert.match(String(byLink.response.name), /^lighthouse.*\.svg$/);
  const served = Buffer.from(await (await fetch(String(byLink.response.url))).arrayBuffer());
  assert.deepEqual(served, readFileSync(join(root, 'demo/samples/lighthouse.svg')), 'the stored bytes are the sample\'s');

  await page.locator('ik-uploader [part~="camera-button"]').click();
  await page.waitForFunction(() => (document.querySelector('ik-uploader')!.shadowRoot!.querySelector('video') as HTMLVideoElement | null)?.videoWidth);
  await page.locator('ik-uploader [part~="shutter"]').click();
  await page.locator('ik-uploader [part~="camera-photo"]').waitFor();
  success = next();
  await page.locator('ik-uploader .camera button', { hasText: 'Use photo' }).click();
  const photo = await success;
  assert.match(String(photo.response.name), /^photo-\d{4}-\d\d-\d\d-\d{6}.*\.jpg$/);
  assert.equal(photo.response.fileType, 'image');
  assert.deepEqual(errors, []);
});
