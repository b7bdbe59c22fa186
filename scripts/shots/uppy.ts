// Uppy's Dashboard for the screenshots beside it: installs the competitors bench/package.json pins
// (into bench/node_modules, never the root's dependencies) and bundles scripts/shots/uppy-entry.js
// with Vite, as the weight benchmark bundles Uppy, into one JS and one CSS file.
import { build, type Plugin } from 'vite';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchDir, ensureCompetitors } from '../../bench/lib/competitors.js';

const here = import.meta.dirname;

/** Bare imports from scripts/shots/ resolve as if they were written in bench/, so from bench/node_modules. */
function fromBench(): Plugin {
  return {
    name: 'shots-from-bench',
    enforce: 'pre',
    async resolveId(source, importer, opts) {
      if (!importer?.startsWith(here) || source.startsWith('.') || source.startsWith('/') || source.startsWith('\0')) return null;
      return this.resolve(source, join(benchDir, 'package.json'), { ...opts, skipSelf: true });
    },
  };
}

/** Bundles Uppy into `outDir` (uppy.js, uppy.css) and returns their paths. */
export async function buildUppy(outDir: string): Promise<{ js: string; css: string }> {
  ensureCompetitors();
  await build({
    configFile: false,
    root: resolve(here, '../..'),
    logLevel: 'warn',
    plugins: [fromBench()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      copyPublicDir: false,
      lib: { entry: join(here, 'uppy-entry.js'), formats: ['es'], fileName: () => 'uppy.js', cssFileName: 'uppy' },
      minify: false,
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  const js = join(outDir, 'uppy.js');
  const css = join(outDir, 'uppy.css');
  if (!existsSync(js) || !existsSync(css)) throw new Error(`the Uppy bundle is missing from ${outDir}`);
  return { js, css };
}
