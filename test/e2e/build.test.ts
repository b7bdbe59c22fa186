// `npm run build` as a CDN user meets it: one minified file, Lit inside, that defines the element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { launchChromium } from './util.js';

const root = resolve(import.meta.dirname, '../..');
const dist = (p: string) => resolve(root, 'dist', p);

test('npm run build writes the ES modules, types, manifest and one self-contained CDN file', { timeout: 180_000 }, async (t) => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });

  for (const f of ['index.js', 'index.d.ts', 'ik-uploader.js', 'ik-uploader.d.ts', 'server/auth.js', 'server/auth.d.ts', 'custom-elements.json']) {
    assert.ok(existsSync(dist(f)), `dist/${f} exists`);
  }
  const manifest = JSON.parse(readFileSync(dist('custom-elements.json'), 'utf8'));
  const decl = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
    .find((d: { tagName?: string }) => d.tagName === 'ik-uploader');
  assert.ok(decl, 'custom-elements.json declares <ik-uploader>');
  const attrs = (decl.attributes ?? []).map((a: { name: string }) => a.name);
  for (const a of ['public-key', 'auth-endpoint', 'upload-endpoint', 'max-file-size', 'accept', 'multiple', 'max-files']) {
    assert.ok(attrs.includes(a), `manifest lists attribute ${a}`);
  }

  const min = readFileSync(dist('ik-uploader.min.js'), 'utf8');
  // Static imports, minified or not (`import{a as b}from"./chunks/x.js"`): only chunks of its own,
  // never a bare package (Lit is inside); what it imports at once is downloaded at once, and counted.
  const imported = [...min.matchAll(/\bimport\s*(?:[\w$*{][^;]*?from\s*)?["'`]([^"'`]+)["'`]/g)].map((m) => m[1]!);
  for (const spec of imported) assert.match(spec, /^\.\/chunks\/[\w.-]+\.js$/, `imports only its own chunks, not ${spec}`);
  assert.doesNotMatch(min, /\/\*\*|^\s*\/\/ /m, 'minified: no comments left');
  assert.doesNotMatch(min, /node:|createHmac|private[_-]?key\s*[:=]\s*['"`]/i, 'no server code in the browser build');
  const eager = imported.map((spec) => readFileSync(dist(spec), 'utf8'));
  for (const chunk of eager) assert.doesNotMatch(chunk, /\bimport\s*[\w$*{][^;]*?from\s*["'`]/, 'an eagerly imported chunk imports nothing more');
  const gz = [min, ...eager].reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
  t.diagnostic(`dist/ik-uploader.min.js: ${min.length} bytes, ${gz} gzipped with the ${eager.length} chunk(s) it imports at once (${imported.join(', ') || 'none'})`);
  // The size budget: everything a CDN user downloads at first, CSS and Lit included (on-demand parts are in chunks/).
  assert.ok(gz <= 24 * 1024, `dist/ik-uploader.min.js and what it imports at once are ${gz} bytes gzipped, over the 24 KB budget`);
  // Every built-in language is a chunk of its own, loaded on demand: none of their words is in the CDN file.
  const locales = readdirSync(resolve(root, 'src/element/locales')).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  assert.ok(locales.length >= 20, `${locales.length} locales`);
  for (const code of locales) {
    const chunk = dist(`chunks/${code}.js`);
    assert.ok(existsSync(chunk), `dist/chunks/${code}.js exists`);
    const sample = readFileSync(chunk, 'utf8').match(/drop:\s*`([^`]+)`|drop:\s*"([^"]+)"/);
    assert.ok(sample, `dist/chunks/${code}.js holds its words`);
    if (code !== 'en') assert.ok(!min.includes(sample[1] ?? sample[2]!), `the ${code} words are not in the CDN file`);
  }
  t.diagnostic(`${locales.length} locale chunks, ${Math.max(...locales.map((c) => gzipSync(readFileSync(dist(`chunks/${c}.js`)), { level: 9 }).length))} bytes gzipped at most`);

  // Imported from a plain page on another origin, as from a CDN, it defines a working element.
  const server = createServer((req, res) => {
    if (req.url === '/ik-uploader.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(min);
    } else if (req.url?.startsWith('/chunks/') && existsSync(dist(req.url.slice(1)))) {
      // What loads on demand (locales, the resizer) sits beside the CDN file, as on a CDN.
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(dist(req.url.slice(1))));
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(
        '<!doctype html><ik-uploader public-key="k" auth-endpoint="/auth"></ik-uploader>' +
          '<ik-uploader locale="de" public-key="k" auth-endpoint="/auth"></ik-uploader>' +
          '<ik-uploader locale="ar" public-key="k" auth-endpoint="/auth"></ik-uploader>' +
          '<ik-uploader id="resizing" resize-width="10" public-key="k" auth-endpoint="/auth"></ik-uploader>' +
          '<ik-uploader id="editing" upload="manual" multiple public-key="k" auth-endpoint="/auth"></ik-uploader>' +
          '<ik-uploader id="sources" sources="device url camera" public-key="k" auth-endpoint="/auth"></ik-uploader>' +
          '<script type="module" src="/ik-uploader.min.js"></script>',
      );
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);
  assert.equal(await page.locator('ik-uploader [role=button], ik-uploader button').count() > 0, true, 'renders its drop zone button');
  // A built-in locale loads from beside the CDN file.
  await page.locator('ik-uploader[locale=de] button', { hasText: 'Eine Datei hierher ziehen oder eine Datei auswählen' }).waitFor({ timeout: 10_000 });
  // A right-to-left one lays itself out right to left, with no dir on the page.
  const ar = page.locator('ik-uploader[locale=ar] button', { hasText: 'أفلت ملفًا هنا أو' });
  await ar.waitFor({ timeout: 10_000 });
  assert.equal(await ar.evaluate((b) => getComputedStyle(b).direction), 'rtl');
  // The link field and camera button load from chunks/, rendering with the CDN file's own Lit.
  await page.locator('#sources input[part~="link-input"]').waitFor({ timeout: 10_000 });
  await page.locator('#sources [part~="camera-button"]', { hasText: 'Take a photo' }).waitFor({ timeout: 10_000 });
  // The resizer runs in its module worker, loaded from chunks/ beside the CDN file.
  const resized = await page.evaluate(async () => {
    const el = document.querySelector('#resizing') as HTMLElement & { addFiles(f: File[]): void; items: Array<{ resized?: { resized: boolean; width?: number; processedIn?: string } }> };
    const canvas = new OffscreenCanvas(40, 30);
    canvas.getContext('2d')!.fillRect(0, 0, 40, 30);
    el.addFiles([new File([await canvas.convertToBlob({ type: 'image/png' })], 'dot.png', { type: 'image/png' })]);
    for (let i = 0; i < 100 && !el.items[0]?.resized; i++) await new Promise((r) => setTimeout(r, 50));
    return el.items[0]?.resized;
  });
  assert.equal(resized?.processedIn, 'worker', `resized in the worker: ${JSON.stringify(resized)}`);
  assert.equal(resized?.width, 10);
  // A row's menu and the image editor load from chunks/ too, with the CDN file's own Lit.
  await page.evaluate(async () => {
    const el = document.querySelector('#editing') as HTMLElement & { addFiles(f: File[]): void };
    const canvas = new OffscreenCanvas(40, 30);
    canvas.getContext('2d')!.fillRect(0, 0, 40, 30);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    el.addFiles([new File([png], 'a.png', { type: 'image/png' }), new File([png], 'b.png', { type: 'image/png' })]);
  });
  await page.locator('#editing [part~="menu-button"]').first().click();
  await page.locator('#editing [role=menu] button', { hasText: 'Edit image' }).click();
  await page.locator('ik-uploader-editor .crop .move').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('ik-uploader-editor [role=status]').textContent(), 'Crop 40 × 30 px');
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').slice(-2).join('/')));
  assert.ok(fetched.includes('chunks/rows.js') && fetched.includes('chunks/editor.js'), `loaded on demand: ${fetched.join(', ')}`);
  assert.deepEqual(errors, []);
});
