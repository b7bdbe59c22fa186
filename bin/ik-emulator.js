#!/usr/bin/env node
// The published package runs the compiled CLI; a git clone without a build runs the TypeScript
// source through tsx (a dev dependency), so `npx ik-emulator` works in both.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/server/cli.ts', import.meta.url).href);
}
