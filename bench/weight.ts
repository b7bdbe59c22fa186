// Weight: each uploader bundled and minified the same way (Vite lib mode, ES module, minified,
// everything inlined), then gzip -9 and brotli -q 11 of what a page downloads (JS + CSS).
import { build, type InlineConfig } from 'vite';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { kb } from './lib/stats.js';
import type { Row } from './lib/report.js';
import { competitorDir } from './lib/competitors.js';

export const root = resolve(import.meta.dirname, '..');
export const bundlesDir = resolve(root, 'bench/results/bundles');

export interface Weight {
  name: string;
  files: { file: string; raw: number; gzip: number; brotli: number }[];
  raw: number;
  gzip: number;
  brotli: number;
}

/** The budget test/e2e/build.test.ts enforces on dist/ik-uploader.min.js, gzipped: read from it, so the two cannot differ. */
const BUDGET = Number(/gz <= (\d+) \* 1024/.exec(readFileSync(resolve(import.meta.dirname, '../test/e2e/build.test.ts'), 'utf8'))?.[1] ?? NaN) * 1024;
const COMPETITORS = ['uppy', 'filepond', 'uploadcare', 'dropzone'] as const;

/** The same settings as vite.config.ts's CDN build, for any entry. */
export function libConfig(name: string, entry: string): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: join(bundlesDir, name),
      emptyOutDir: true,
      target: 'es2022',
      copyPublicDir: false,
      lib: { entry, formats: ['es'], fileName: () => `${name}.js`, cssFileName: name },
      minify: true,
      cssMinify: true,
      rolldownOptions: { output: { minify: true, codeSplitting: false } },
    },
  };
}

export function measureFiles(name: string, paths: string[]): Weight {
  const files = paths.map((p) => {
    const bytes = readFileSync(p);
    return {
      file: p.slice(root.length + 1),
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const sum = (k: 'raw' | 'gzip' | 'brotli') => files.reduce((n, f) => n + f[k], 0);
  return { name, files, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

function emitted(name: string): string[] {
  const dir = join(bundlesDir, name);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(m?js|css)$/.test(f)).sort().map((f) => join(dir, f));
}

/** Builds ours with vite.config.ts itself (only the output folder moved) and each competitor alike. */
export async function buildBundles(): Promise<Record<string, Weight>> {
  const out: Record<string, Weight> = {};
  await build({
    configFile: resolve(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    build: { outDir: join(bundlesDir, 'ik-uploader'), emptyOutDir: true, copyPublicDir: false },
  });
  // What a page loads at once: the file and the chunks it imports statically (as test/e2e/build.test.ts
  // counts them). Chunks it imports only on demand (a locale, say) are listed apart.
  const ours = emitted('ik-uploader');
  const entry = ours.find((f) => f.endsWith('/ik-uploader.min.js'))!;
  const eager = [...readFileSync(entry, 'utf8').matchAll(/\bimport\s*(?:[\w$*{][^;]*?from\s*)?["'`]\.\/([^"'`]+)["'`]/g)].map((m) => join(dirname(entry), m[1]!));
  const first = [entry, ...eager];
  out['ik-uploader'] = measureFiles('ik-uploader', first);
  const lazy = ours.filter((f) => !first.includes(f));
  if (lazy.length) out['ik-uploader lazy chunks'] = measureFiles('ik-uploader lazy chunks', lazy);
  for (const name of COMPETITORS) {
    await build(libConfig(name, resolve(root, 'bench/entries', `${name}.js`)));
    out[name] = measureFiles(name, emitted(name));
  }
  return out;
}

export async function weight(log: (s: string) => void = () => {}): Promise<{ rows: Row[]; data: unknown }> {
  const w = await buildBundles();
  const ours = w['ik-uploader']!;
  // Uploadcare's own prebuilt "regular" uploader, for reference: their slimmest packaging of it.
  const ucWeb = join(competitorDir('@uploadcare/file-uploader'), 'web');
  const ucPrebuilt = measureFiles('uploadcare (prebuilt regular)', [
    join(ucWeb, 'uc-file-uploader-regular.min.js'),
    join(ucWeb, 'uc-file-uploader-regular.min.css'),
  ]);
  // What `npm run build` last wrote, if there is one: it should match our bench build.
  const distFile = resolve(root, 'dist/ik-uploader.min.js');
  const dist = existsSync(distFile) ? measureFiles('dist', [distFile]) : undefined;

  const show = (x: Weight) => `${kb(x.gzip)} gz / ${kb(x.brotli)} br`;
  const rows: Row[] = [
    {
      section: 'weight',
      figure: 'ik-uploader.min.js gzip (budget)',
      ours: `${ours.gzip} B gz (${kb(ours.gzip)})`,
      baseline: `${BUDGET} B (${BUDGET / 1024} KB)`,
      ratio: ours.gzip / BUDGET,
      target: `≤ ${BUDGET / 1024} KB gz`,
      met: ours.gzip <= BUDGET,
    },
  ];
  for (const [name, label] of [
    ['uppy', 'Uppy core+Dashboard+XHR (+CSS)'],
    ['filepond', 'FilePond (+CSS)'],
    ['uploadcare', 'Uploadcare file-uploader (+CSS)'],
    ['dropzone', 'Dropzone (+CSS)'],
  ] as const) {
    const c = w[name]!;
    rows.push({
      section: 'weight',
      figure: `vs ${label}`,
      ours: show(ours),
      baseline: show(c),
      ratio: ours.gzip / c.gzip,
      target: name === 'uppy' ? '≤ 0.25×' : '—',
      met: name === 'uppy' ? ours.gzip <= c.gzip / 4 : undefined,
    });
  }
  const lazy = w['ik-uploader lazy chunks'];
  if (lazy) {
    log(`on-demand chunks: ${lazy.files.map((f) => `${basename(f.file, '.js')} ${kb(f.gzip)}`).join(', ')} (gzip)`);
    rows.push({
      section: 'weight',
      figure: `ik-uploader's ${lazy.files.length} on-demand chunks (not counted above)`,
      ours: show(lazy),
      baseline: '—',
      ratio: NaN,
      target: '—',
    });
    // The worst case: a page that ends up loading every chunk (thumbnails, params, resize, locales…).
    const all = { gzip: ours.gzip + lazy.gzip, brotli: ours.brotli + lazy.brotli } as Weight;
    rows.push({
      section: 'weight',
      figure: 'ik-uploader with every on-demand chunk vs Uppy',
      ours: show(all),
      baseline: show(w.uppy!),
      ratio: all.gzip / w.uppy!.gzip,
      target: '—',
    });
  }
  rows.push({
    section: 'weight',
    figure: 'vs Uploadcare prebuilt regular (ref.)',
    ours: show(ours),
    baseline: show(ucPrebuilt),
    ratio: ours.gzip / ucPrebuilt.gzip,
    target: '—',
  });
  return { rows, data: { bundles: w, uploadcarePrebuiltRegular: ucPrebuilt, dist } };
}
