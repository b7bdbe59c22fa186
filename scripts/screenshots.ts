// Screenshots for docs/screenshots/: `npm run screenshots [-- state ...]` (or
// `node --import tsx scripts/screenshots.ts [--out dir] [state ...]`). First <ik-uploader> beside
// Uppy's Dashboard in the same states (scripts/shots/side-by-side.ts: <state>-ik.png and
// <state>-uppy.png), then the element's own views in the demo page, light and dark: the row menu,
// the details dialog and the image editor. Starts `npm start` on free ports with a throwaway
// emulator data dir, and drives the element as a user would. Not part of `npm test`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, launchChromium, startProcess } from '../test/e2e/util.js';
import { picture, sideBySide, STATES } from './shots/side-by-side.js';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
const out = resolve(values.out ?? join(import.meta.dirname, '../docs/screenshots'));
/** States to shoot (side-by-side names, or `edit`); all when none is named. */
const only = positionals.length ? positionals : undefined;
mkdirSync(out, { recursive: true });

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

try {
  // The element beside Uppy's Dashboard in the same states: idle, uploading, mixed, grid, dark,
  // phone, RTL, compact (scripts/shots/side-by-side.ts; its own page, emulator and Uppy bundle).
  if (!only || STATES.some((s) => only.includes(s.name))) await sideBySide(browser, out, only);
  // Editing before upload: the details dialog and the image editor, each over the list, light and dark.
  for (const scheme of only && !only.includes('edit') ? [] : (['light', 'dark'] as const)) {
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
    // The menu opens over whatever is below the element: the shot takes in both.
    const [a, b] = [(await el.boundingBox())!, (await page.locator('ik-uploader [role=menu]').boundingBox())!];
    const [x, y] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
    const clip = { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
    await page.screenshot({ path: join(out, `menu-${scheme}.png`), clip });
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
