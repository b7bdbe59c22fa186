import type { TestRunnerConfig } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './test/chromium.js';
import { startEmulator } from './emulator/src/index.js';
import { testAuthMiddleware } from './test/auth-routes.js';
import { testRoutesMiddleware } from './test/test-routes.js';
import { networkPlugin } from './test/network-plugin.js';
import { fileChooserPlugin } from './test/file-chooser-plugin.js';
import { storagePlugin } from './test/storage-plugin.js';

// Keys for the test run only; made fresh so nothing real is ever in the repo.
const publicKey = 'public_test_' + Math.random().toString(36).slice(2);
const privateKey = 'test-secret-' + Math.random().toString(36).slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'ik-wtr-'));

// The emulator listens on its own port, so every upload from the test page is cross-origin.
// Link uploads fetch from a loopback server here, which the emulator refuses by default (ImageKit
// could never reach it). Its control endpoints (/__emulator/*) refuse other origins' pages: the
// tests reach them through the test page's own origin (test/test-routes.ts).
const emulator = await startEmulator({ port: 0, publicKey, privateKey, dataDir, allowPrivateUrls: true });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

const config: TestRunnerConfig = {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 10 * 60_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), networkPlugin(), fileChooserPlugin(), storagePlugin()],
  middleware: [
    // A worker is loaded by URL (`new URL('./resize.worker.js', import.meta.url)`), which names the
    // built file: serve its TypeScript source, as the esbuild plugin does for imports.
    async (ctx, next) => {
      const ts = ctx.path.replace(/\.js$/, '.ts');
      if (ts !== ctx.path && ctx.path.startsWith('/src/') && !existsSync('.' + ctx.path) && existsSync('.' + ts)) ctx.path = ts;
      await next();
    },
    testAuthMiddleware(privateKey), testRoutesMiddleware(emulator.store, { url: emulator.url, privateKey })],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script>window.IK_TEST = ${JSON.stringify({ emulatorUrl: emulator.url, publicKey })};</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};

export default config;
