// `npm start` as a user meets it: the demo page, its auth endpoint and the emulator, driven in
// Chromium by picking a real PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { isListening, launchChromium, startDemo } from './util.js';

test('npm start serves the demo, and a picked PNG lands in the emulator intact', { timeout: 120_000 }, async (t) => {
  const { port, emulatorPort, dataDir, demo } = await startDemo('ik-demo-');
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await demo.stop();
    // Stopped means stopped: neither the page's port nor the emulator's is left held.
    for (const p of [port, emulatorPort]) assert.equal(await isListening(p), false, `port ${p} released`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`http://localhost:${port}/`);
  await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);

  const png = await sharp({
    create: { width: 37, height: 23, channels: 4, background: { r: 200, g: 30, b: 90, alpha: 0.5 } },
  })
    .png()
    .toBuffer();

  const success = page.evaluate(
    () =>
      new Promise<{ response: Record<string, unknown>; requestId: string }>((resolve, reject) => {
        const el = document.querySelector('ik-uploader')!;
        el.addEventListener('ik-upload-success', (e) => resolve((e as CustomEvent).detail), { once: true });
        el.addEventListener('ik-upload-error', (e) => reject(new Error(JSON.stringify((e as CustomEvent).detail.error))), { once: true });
      }),
  );
  await page.setInputFiles('ik-uploader input[type=file]', { name: 'tiny pixel.png', mimeType: 'image/png', buffer: png });
  const { response, requestId } = await success;

  assert.equal(response.width, 37);
  assert.equal(response.height, 23);
  assert.equal(response.size, png.length);
  assert.equal(response.fileType, 'image');
  assert.match(String(response.name), /^tiny_pixel_[A-Za-z0-9_-]{9}\.png$/);
  assert.ok(requestId, 'the request id reaches the page through CORS');
  const served = await fetch(String(response.url));
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);

  // What the user sees: the file listed as done in the element, and the demo's own list.
  await page.locator('#uploaded li a').first().waitFor();
  assert.equal(await page.locator('#uploaded li a').first().textContent(), response.name);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'demo.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
});
