#!/usr/bin/env node
// In a git clone (tsx installed, source present) run the TypeScript source, so a stale dist/ is
// never what answers; an installed package, without tsx, runs its compiled dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli.ts', import.meta.url);
let tsx;
if (existsSync(fileURLToPath(source))) {
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    // no tsx: an installed package, which ships dist/
  }
}
if (tsx) {
  tsx.register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
