// Screenshots of the demo's <ik-uploader> in each state, light and dark, desktop and phone widths:
// `node --import tsx scripts/screenshots.ts [outDir]` (default /tmp/ik-shots). Starts `npm start`
// on free ports with a throwaway emulator data dir, and drives the element as a user would.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { freePort, launchChromium, startProcess } from '../test/e2e/util.js';

const out = process.argv[2] ?? '/tmp/ik-shots';
mkdirSync(out, { recursive: true });

/** A photo-like test picture: a sky-to-ground gradient with a sun. */
async function picture(w: number, h: number, [a, b, c]: string[]): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="0.6" stop-color="${b}"/><stop offset="1" stop-color="${c}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${w * 0.7}" cy="${h * 0.35}" r="${h * 0.12}" fill="#fff5c0"/>
    <path d="M0 ${h * 0.75} L${w * 0.3} ${h * 0.5} L${w * 0.55} ${h * 0.7} L${w * 0.8} ${h * 0.45} L${w} ${h * 0.65} V${h} H0Z" fill="${c}" opacity="0.8"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

const [port, emulatorPort] = [await freePort(), await freePort()];
const dataDir = mkdtempSync(join(tmpdir(), 'ik-shots-'));
const demo = await startProcess('npm', ['start', '--silent'], {
  env: { PORT: String(port), IK_EMULATOR_PORT: String(emulatorPort), IK_EMULATOR_DATA_DIR: dataDir },
  ready: /ik-uploader demo on http:\/\/localhost:\d+\//,
});
const emulator = `http://127.0.0.1:${emulatorPort}`;
const fault = (spec: object) =>
  fetch(`${emulator}/__emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });
const browser = await launchChromium();
const photos = [
  { name: 'harbour at dawn.jpg', mimeType: 'image/jpeg', buffer: await picture(1600, 1067, ['#f6a55a', '#d8667a', '#3b3f6b']) },
  { name: 'alpine-lake.jpg', mimeType: 'image/jpeg', buffer: await picture(1200, 1200, ['#8fd3f4', '#4a90c2', '#1f5135']) },
  { name: 'product shot 04.jpg', mimeType: 'image/jpeg', buffer: await picture(900, 1200, ['#f4f1ea', '#e2d6c2', '#b08d5b']) },
];
const failing = { name: 'annual-report.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(180_000, 7) };
const big = { name: 'drone-footage.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(6_000_000, 3) };
const tooBig = { name: 'raw-export.tiff', mimeType: 'image/tiff', buffer: Buffer.alloc(27 * 1024 * 1024, 1) };

try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [device, width] of [['desktop', 900], ['phone', 390]] as const) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: 2 });
      await page.goto(`http://localhost:${port}/`);
      await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);
      const el = page.locator('ik-uploader');
      await el.evaluate((e) => e.setAttribute('retries', '0'));
      const shot = async (state: string) => {
        await page.waitForTimeout(300); // let the bars' transitions settle
        await el.screenshot({ path: join(out, `${state}-${scheme}-${device}.png`) });
      };
      await shot('idle');
      await el.evaluate((e: any) => (e.dragging = true));
      await shot('dragover');
      await el.evaluate((e: any) => (e.dragging = false));

      const input = page.locator('ik-uploader input[type=file]');
      const idle = () => el.evaluate((e) => new Promise((r) => e.addEventListener('ik-complete', r, { once: true })));
      let done = idle();
      await input.setInputFiles(photos);
      await done;
      await shot('done');
      await fault({ count: 1, status: 500, body: { message: 'Internal server error: please try again.' } });
      done = idle();
      await input.setInputFiles([failing]);
      await done;
      await fault({ count: 1, mode: 'stall' });
      await input.setInputFiles([big]);
      await page.waitForFunction(() => (document.querySelector('ik-uploader') as any).items.some((i: any) => i.state === 'uploading' && i.loaded > 0));
      await input.setInputFiles([tooBig]);
      await el.evaluate((e) => e.style.setProperty('--ik-list-max-height', 'none'));
      await shot('mixed');
      await el.evaluate((e: any) => e.cancelAll());

      // A single-image form field: compact, one file, in Arabic, right to left.
      await el.evaluate((e: any) => {
        e.removeFile && e.items.concat(e.queue.rejected).forEach((i: any) => e.removeFile(i.id));
        e.multiple = false;
        e.compact = true;
        e.locale = 'ar';
        e.parentElement.dir = 'rtl';
      });
      await page.waitForFunction(() => /أفلت/.test(document.querySelector('ik-uploader')!.shadowRoot!.textContent!));
      await shot('compact-idle');
      done = idle();
      await input.setInputFiles([photos[0]!]);
      await done;
      await shot('compact-done');
      await page.close();
      await fetch(`${emulator}/__emulator/faults`, { method: 'DELETE' });
    }
  }
  // Editing before upload: the details dialog and the image editor, each over the list, light and dark.
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 860 }, colorScheme: scheme, deviceScaleFactor: 2 });
    await page.goto(`http://localhost:${port}/`);
    await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);
    const el = page.locator('ik-uploader');
    await el.evaluate((e) => (e.setAttribute('upload', 'manual'), e.setAttribute('crop-aspect', '16/9')));
    await page.locator('ik-uploader input[type=file]').setInputFiles(photos);
    const menuOf = (name: string) => page.locator('ik-uploader li', { hasText: name }).locator('[part~="menu-button"]');
    const item = (words: string) => page.locator('ik-uploader [role=menu] button', { hasText: words });
    await menuOf('harbour at dawn.jpg').click();
    await item('Edit details').waitFor();
    await page.waitForTimeout(200);
    await el.screenshot({ path: join(out, `menu-${scheme}.png`) });
    await item('Edit details').click();
    const details = page.locator('ik-uploader-details');
    await details.locator('#name').waitFor();
    await details.locator('#name').fill('harbour-at-dawn.jpg');
    await details.locator('#description').fill('Fishing boats moored in the harbour at dawn, the sun low over the hills');
    await details.locator('#tags').fill('harbour, boats, morning');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `details-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    await menuOf('harbour at dawn.jpg').click();
    await item('Edit image').click();
    const editor = page.locator('ik-uploader-editor');
    await editor.locator('.crop .move').waitFor();
    // A 16:9 crop pulled in from the bottom-right corner and moved right, an area of interest
    // around the sun, then back to cropping, its handles shown.
    const press = async (key: string, n: number) => { for (let i = 0; i < n; i++) await page.keyboard.press(key); };
    await editor.locator('.crop .se').focus();
    await press('Shift+ArrowLeft', 3);
    await editor.locator('.crop .move').focus();
    await press('Shift+ArrowRight', 2);
    await press('Shift+ArrowDown', 1);
    await editor.locator('input[value=focus]').check();
    await editor.locator('.focus .se').focus();
    await press('Shift+ArrowLeft', 2);
    await press('Shift+ArrowUp', 1);
    await editor.locator('.focus .move').focus();
    await press('Shift+ArrowRight', 2);
    await press('ArrowUp', 12);
    await editor.locator('input[value=crop]').check();
    await editor.locator('.crop .move').focus();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `editor-${scheme}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
  await demo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`screenshots in ${out}`);
