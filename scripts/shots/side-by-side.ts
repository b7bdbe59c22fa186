// <ik-uploader> and Uppy's Dashboard, shot in the same states on the same neutral page, uploading to
// the same real emulator over loopback: docs/screenshots/<state>-ik.png and <state>-uppy.png.
// Each state is driven in a fresh page as a person would (files picked through each widget's own
// file input); failures come from the emulator's fault injection, rejections from each widget's
// own size limit. Run through `npm run screenshots` (scripts/screenshots.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import sharp from 'sharp';
import { createServer as createViteServer, type Plugin } from 'vite';
import { startEmulator } from '../../emulator/src/index.js';
import { createAuthHandler } from '../../src/server/auth.js';
import { freePort } from '../../test/e2e/util.js';
import { buildUppy } from './uppy.js';

const root = resolve(import.meta.dirname, '../..');
const publicKey = 'shots-public-key';
const privateKey = 'shots-private-key';

export type Kind = 'ik' | 'uppy';
export interface Upload { name: string; mimeType: string; buffer: Buffer }

/** A photo-like test picture: a sky-to-ground gradient with a sun; `pad` bytes after its end (decoders ignore them) make it big. */
export async function picture(w: number, h: number, [a, b, c]: string[], pad = 0): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="0.6" stop-color="${b}"/><stop offset="1" stop-color="${c}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${w * 0.7}" cy="${h * 0.35}" r="${h * 0.12}" fill="#fff5c0"/>
    <path d="M0 ${h * 0.75} L${w * 0.3} ${h * 0.5} L${w * 0.55} ${h * 0.7} L${w * 0.8} ${h * 0.45} L${w} ${h * 0.65} V${h} H0Z" fill="${c}" opacity="0.8"/></svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
  return pad ? Buffer.concat([jpeg, Buffer.alloc(pad, 0)]) : jpeg;
}

/** A file whose first bytes are its format's signature, so type checks see what its name says. */
function typed(name: string, mimeType: string, head: string, size: number): Upload {
  const buffer = Buffer.alloc(size, 0x20);
  Buffer.from(head, 'latin1').copy(buffer);
  return { name, mimeType, buffer };
}

async function fixtures() {
  const colours = {
    harbour: ['#f6a55a', '#d8667a', '#3b3f6b'],
    lake: ['#8fd3f4', '#4a90c2', '#1f5135'],
    product: ['#f4f1ea', '#e2d6c2', '#b08d5b'],
    dunes: ['#ffd59e', '#e89f55', '#8a4b2a'],
    forest: ['#cde8c8', '#5f9e6e', '#1d3b2a'],
  };
  const MB = 1024 * 1024;
  return {
    photos: [
      { name: 'harbour at dawn.jpg', mimeType: 'image/jpeg', buffer: await picture(1600, 1067, colours.harbour) },
      { name: 'alpine-lake.jpg', mimeType: 'image/jpeg', buffer: await picture(1200, 1200, colours.lake) },
      { name: 'product shot 04.jpg', mimeType: 'image/jpeg', buffer: await picture(900, 1200, colours.product) },
      { name: 'dunes-panorama.jpg', mimeType: 'image/jpeg', buffer: await picture(2000, 900, colours.dunes) },
    ] as Upload[],
    // Big enough that a stalled upload stops part-way (what the socket buffers took), at different points.
    bigPhotos: [
      { name: 'wedding-0142.jpg', mimeType: 'image/jpeg', buffer: await picture(1600, 1067, colours.forest, 5 * MB) },
      { name: 'wedding-0143.jpg', mimeType: 'image/jpeg', buffer: await picture(1200, 1600, colours.harbour, 7 * MB) },
      { name: 'wedding-0144.jpg', mimeType: 'image/jpeg', buffer: await picture(1600, 1067, colours.lake, 9 * MB) },
    ] as Upload[],
    pdf: typed('annual-report 2025.pdf', 'application/pdf', '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 180_000),
    video: typed('drone-footage.mp4', 'video/mp4', '\0\0\0\x18ftypmp42\0\0\0\0mp42isom', 8 * MB),
    clip: typed('interview.mp4', 'video/mp4', '\0\0\0\x18ftypmp42\0\0\0\0mp42isom', 400_000),
    zip: typed('brand-assets.zip', 'application/zip', 'PK\x03\x04', 250_000),
    tooBig: typed('raw-export.tiff', 'image/tiff', 'II*\0', 12 * MB),
  };
}

/** The size limit both widgets are given, so `tooBig` is refused in the browser by each. */
const MAX_FILE_SIZE = 10 * 1024 * 1024;

const page = (body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>shots</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { margin: 0; background: Canvas; color: CanvasText; }
  #stage { box-sizing: border-box; padding: 16px; width: 100%; }
</style>
${body}</head><body><div id="stage"></div></body></html>`;

/** The page server: Vite for the element's source (as `npm start` serves it), Uppy's bundle, and /auth. */
function shotsPlugin(uppy: { js: string; css: string }): Plugin {
  const auth = createAuthHandler({ privateKey });
  const files: Record<string, [string, string]> = {
    '/shots/uppy.js': [uppy.js, 'text/javascript'],
    '/shots/uppy.css': [uppy.css, 'text/css'],
  };
  const pages: Record<string, string> = {
    '/shots/ik.html': page('<script type="module" src="/src/ik-uploader.ts"></script>'),
    '/shots/uppy.html': page('<link rel="stylesheet" href="/shots/uppy.css"><script type="module" src="/shots/uppy.js"></script>'),
  };
  return {
    name: 'shots',
    configureServer(server) {
      server.middlewares.use('/auth', (req, res) => void auth(req, res));
      server.middlewares.use((req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const file = files[path];
        if (file) return void res.writeHead(200, { 'Content-Type': file[1] }).end(readFileSync(file[0]));
        if (pages[path] === undefined) return next();
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[path]);
      });
    },
  };
}

interface Options { width: number; scheme: 'light' | 'dark'; locale?: 'ar'; compact?: boolean; grid?: boolean; height?: number; sources?: string }

/** One widget in a fresh page, driven through its own UI. */
class Widget {
  constructor(readonly kind: Kind, readonly page: Page, private readonly faults: string) {}

  static async open(browser: Browser, base: string, uploadEndpoint: string, faults: string, kind: Kind, o: Options): Promise<Widget> {
    const page = await browser.newPage({ viewport: { width: o.width, height: 900 }, colorScheme: o.scheme, deviceScaleFactor: 2 });
    page.setDefaultTimeout(120_000); // two cores shared by everyone: Chromium can be slow, never stuck
    await page.goto(`${base}/shots/${kind}.html`);
    if (o.locale) await page.locator('#stage').evaluate((s, lang) => (s.setAttribute('dir', 'rtl'), s.setAttribute('lang', lang)), o.locale);
    const single = Boolean(o.compact);
    if (kind === 'ik') {
      await page.waitForFunction(() => customElements.get('ik-uploader') !== undefined);
      await page.locator('#stage').evaluate((stage, a) => {
        const el = document.createElement('ik-uploader');
        const attrs: Record<string, string | undefined> = {
          'public-key': a.publicKey, 'auth-endpoint': '/auth', 'upload-endpoint': a.uploadEndpoint,
          'max-file-size': String(a.max), retries: '0', locale: a.locale, view: a.grid ? 'grid' : undefined,
          sources: a.sources, multiple: a.single ? undefined : '', compact: a.single ? '' : undefined,
        };
        for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
        stage.append(el);
      }, { publicKey, uploadEndpoint, max: MAX_FILE_SIZE, locale: o.locale, grid: o.grid, single, sources: o.sources });
      await page.waitForFunction(() => (document.querySelector('ik-uploader') as any)?.shadowRoot?.querySelector('input[type=file]'));
      // And the parts its attributes ask for (the link field, the camera button), which load on demand.
      await page.evaluate(() => (document.querySelector('ik-uploader') as any).updateComplete);
    } else {
      await page.waitForFunction(() => 'shotsUppy' in window);
      await page.evaluate((a) => {
        const w = window as any;
        w.uppy = w.shotsUppy.make('#stage', {
          endpoint: a.uploadEndpoint, publicKey: a.publicKey, authEndpoint: '/auth', locale: a.locale, sources: a.sources ?? '',
          height: a.height, restrictions: { maxFileSize: a.max, ...(a.single && { maxNumberOfFiles: 1 }) },
        });
      }, { publicKey, uploadEndpoint, max: MAX_FILE_SIZE, locale: o.locale, single, height: o.height ?? 550, sources: o.sources });
      await page.locator('#stage .uppy-Dashboard').waitFor();
    }
    return new Widget(kind, page, faults);
  }

  /** Picks files through the widget's own file input, as the file dialog would hand them over. */
  async add(files: Upload[]): Promise<void> {
    if (this.kind === 'ik') return this.page.locator('ik-uploader input[type=file]').first().setInputFiles(files);
    // The Dashboard renders its file input only on its "add files" panel: once files are listed, "Add more" opens it.
    const input = this.page.locator('#stage input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])');
    // (Picking only refused files leaves that panel open; no state here does.)
    if (!(await input.count())) await this.page.locator('#stage .uppy-DashboardContent-addMore').click();
    await input.setInputFiles(files);
  }

  /** A file dragged over the widget from the desktop, held there (not dropped). */
  async dragOver(): Promise<void> {
    const files = await this.page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'team-photo.jpg', { type: 'image/jpeg' }));
      return dt;
    });
    const target = this.page.locator(this.kind === 'ik' ? 'ik-uploader' : '#stage .uppy-Dashboard-inner');
    for (const type of ['dragenter', 'dragover']) await target.dispatchEvent(type, { dataTransfer: files });
  }

  /** Until nothing is being sent: every file done, failed or refused. */
  async settled(): Promise<void> {
    if (this.kind === 'ik') {
      await this.page.waitForFunction(() => (document.querySelector('ik-uploader') as any).items.every((i: any) => ['done', 'failed', 'canceled', 'rejected', 'waiting'].includes(i.state)));
    } else {
      await this.page.waitForFunction(() => {
        const s = (window as any).uppy.getState();
        return Object.keys(s.currentUploads).length === 0 && Object.values(s.files).every((f: any) => f.progress.uploadComplete || f.error);
      });
    }
  }

  /** Until the file named `name` has failed. */
  async failed(name: string): Promise<void> {
    if (this.kind === 'ik') {
      await this.page.waitForFunction((name) => (document.querySelector('ik-uploader') as any).items.some((i: any) => i.file.name === name && i.state === 'failed'), name);
    } else {
      await this.page.waitForFunction((name) => Object.values((window as any).uppy.getState().files).some((f: any) => f.name === name && f.error), name);
    }
  }

  /** Until `n` files are part-way sent. */
  async sending(n: number): Promise<void> {
    if (this.kind === 'ik') {
      await this.page.waitForFunction((n) => (document.querySelector('ik-uploader') as any).items.filter((i: any) => i.state === 'uploading' && i.loaded > 0).length >= n, n);
    } else {
      await this.page.waitForFunction((n) => Object.values((window as any).uppy.getState().files).filter((f: any) => f.progress.bytesUploaded > 0 && !f.progress.uploadComplete).length >= n, n);
    }
  }

  async fault(spec: object): Promise<void> {
    const res = await fetch(this.faults, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });
    if (!res.ok) throw new Error(`fault ${JSON.stringify(spec)}: ${res.status} ${await res.text()}`);
  }

  async clearFaults(): Promise<void> {
    await fetch(this.faults, { method: 'DELETE' });
  }

  async shot(path: string): Promise<void> {
    await this.page.waitForTimeout(400); // let bars and fades settle
    await this.page.locator('#stage').screenshot({ path, animations: 'disabled' });
  }
}

export interface State {
  name: string;
  options: Options;
  drive(w: Widget, f: Awaited<ReturnType<typeof fixtures>>): Promise<void>;
}

/**
 * Two done, one part-way (its upload stalled by the emulator), then one picked with a file too big
 * for the limit: that one is refused, the other fails with a 500 (after Uppy's own retries).
 */
async function mixed(w: Widget, f: Awaited<ReturnType<typeof fixtures>>): Promise<void> {
  await w.add(f.photos.slice(0, 2));
  await w.settled();
  await w.fault({ count: 1, mode: 'stall' });
  await w.add([f.video]);
  await w.sending(1);
  await w.fault({ count: 10, status: 500, body: { message: 'Internal server error: please try again.' } });
  await w.add([f.pdf, f.tooBig]);
  await w.failed(f.pdf.name);
}

const desktop = 760;
const phone = 390;

export const STATES: State[] = [
  {
    name: 'idle',
    options: { width: desktop, scheme: 'light' },
    drive: async () => {},
  },
  {
    name: 'uploading',
    options: { width: desktop, scheme: 'light' },
    drive: async (w, f) => {
      await w.add([f.photos[0]!]);
      await w.settled();
      await w.fault({ count: 20, mode: 'stall' });
      await w.add(f.bigPhotos);
      await w.sending(2);
      await w.page.waitForTimeout(1200);
    },
  },
  {
    name: 'mixed',
    options: { width: desktop, scheme: 'light' },
    drive: mixed,
  },
  {
    name: 'grid',
    options: { width: desktop, scheme: 'light', grid: true },
    drive: async (w, f) => {
      await w.add([...f.photos, f.pdf, f.clip, f.zip]);
      await w.settled();
    },
  },
  {
    name: 'drag',
    // Two photos listed, and a file held over the widget.
    options: { width: desktop, scheme: 'light' },
    drive: async (w, f) => {
      await w.add(f.photos.slice(0, 2));
      await w.settled();
      await w.dragOver();
    },
  },
  {
    name: 'dark',
    options: { width: desktop, scheme: 'dark' },
    drive: mixed,
  },
  {
    name: 'phone',
    options: { width: phone, scheme: 'light' },
    drive: mixed,
  },
  {
    name: 'rtl',
    options: { width: desktop, scheme: 'light', locale: 'ar' },
    drive: mixed,
  },
  {
    name: 'compact-idle',
    options: { width: 520, scheme: 'light', compact: true, height: 300 },
    drive: async () => {},
  },
  {
    name: 'compact',
    options: { width: 520, scheme: 'light', compact: true, height: 300 },
    drive: async (w, f) => {
      await w.add([f.photos[0]!]);
      await w.settled();
    },
  },
  {
    name: 'link',
    // A link typed into the field; Uppy's Link tab, which fetches only through a Companion server.
    options: { width: desktop, scheme: 'light', sources: 'device url' },
    drive: async (w) => {
      const url = 'https://images.example.com/spring/catalogue-cover.jpg';
      if (w.kind === 'ik') {
        const input = w.page.locator('ik-uploader [part~="link-input"]');
        if (!(await input.count())) throw new Skip('this element has no link field');
        await input.fill(url);
      } else {
        await w.page.locator('#stage .uppy-DashboardTab-btn', { hasText: 'Link' }).click();
        await w.page.locator('#stage .uppy-Url-input').fill(url);
      }
    },
  },
  {
    name: 'camera',
    // The camera view, live, from Chromium's fake camera (the flags in test/chromium.ts); Uppy's Webcam tab.
    options: { width: desktop, scheme: 'light', sources: 'device camera' },
    drive: async (w) => {
      const video = w.kind === 'ik' ? 'ik-uploader video' : '#stage video.uppy-Webcam-video';
      if (w.kind === 'ik') {
        const button = w.page.locator('ik-uploader [part~="camera-button"]');
        if (!(await button.count())) throw new Skip('this element has no camera');
        await button.click();
      } else {
        await w.page.locator('#stage .uppy-DashboardTab-btn', { hasText: 'Camera' }).click();
      }
      await w.page.locator(video).evaluate((v: HTMLVideoElement) => new Promise<void>((r) => (v.videoWidth ? r() : v.addEventListener('playing', () => r(), { once: true }))));
      await w.page.waitForTimeout(600);
    },
  },
];

/** Thrown by a state's driver when the element lacks what it shows: the state is left out. */
class Skip extends Error {}

/** Shoots every state (or those named in `only`) for both widgets into `out`. */
export async function sideBySide(browser: Browser, out: string, only?: string[], log: (s: string) => void = console.log): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ik-shots-'));
  const bundleDir = mkdtempSync(join(tmpdir(), 'ik-shots-uppy-'));
  const uppy = await buildUppy(bundleDir);
  const emulator = await startEmulator({ port: 0, publicKey, privateKey, dataDir });
  const vite = await createViteServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'warn',
    server: { port: await freePort(), strictPort: true, host: '127.0.0.1', hmr: false },
    plugins: [shotsPlugin(uppy)],
  });
  await vite.listen();
  const base = `http://127.0.0.1:${vite.config.server.port}`;
  const uploadEndpoint = `${emulator.url}/api/v1/files/upload`;
  const faults = `${emulator.url}/__emulator/faults`;
  const written: string[] = [];
  try {
    const f = await fixtures();
    for (const state of STATES) {
      if (only?.length && !only.includes(state.name)) continue;
      for (const kind of ['ik', 'uppy'] as const) {
        const w = await Widget.open(browser, base, uploadEndpoint, faults, kind, state.options);
        try {
          await w.clearFaults();
          try {
            await state.drive(w, f);
          } catch (e) {
            if (!(e instanceof Skip)) throw e;
            log(`  ${state.name}: left out, ${e.message}`);
            break;
          }
          const path = join(out, `${state.name}-${kind}.png`);
          await w.shot(path);
          written.push(path);
          log(`  ${state.name}-${kind}.png`);
        } finally {
          await w.page.close();
          await w.clearFaults();
        }
      }
    }
  } finally {
    await vite.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
  return written;
}
