// Optional figure: the longest main-thread task while a 4000×3000 JPEG is resized to 1600 wide,
// in the worker (A) against the main-thread fallback (B), alternated in one page.
import type { Browser } from 'playwright';
import { resolve } from 'node:path';
import { build } from 'vite';
import { libConfig, root } from './weight.js';
import { startPageServer } from './lib/page-server.js';
import { alternate, median, ms } from './lib/stats.js';
import type { Row } from './lib/report.js';

const ROUNDS = 4;

interface Run { ms: number; longestTaskMs: number; longTasks: number }

export async function resize(browser: Browser, log: (s: string) => void): Promise<{ rows: Row[]; data: unknown }> {
  // base './': the worker's URL is then relative to the bundle, as in the CDN build. Without it the
  // page asked for /assets/resize.worker-….js, got a 404, and 'worker' mode ran on the main thread.
  await build({ ...libConfig('resize', resolve(root, 'bench/entries/resize.ts')), base: './' });
  const pages = await startPageServer('unused', {
    '/resize.html': '<!doctype html><meta charset="utf-8"><title>resize</title><body><script type="module" src="/pages/resize.js"></script>',
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${pages.url}/resize.html`);
    await page.waitForFunction('window.bench');
    await page.evaluate('window.bench.prepare()');
    const run = (mode: string) => () => page.evaluate(`window.bench.run(${JSON.stringify(mode)})`) as Promise<Run>;
    const { a, b } = await alternate(ROUNDS, run('worker'), run('main-thread'));
    const longest = (xs: Run[]) => Math.max(...xs.map((x) => x.longestTaskMs));
    log(`resize, longest task: worker ${a.map((x) => Math.round(x.longestTaskMs)).join(', ')} ms; main thread ${b.map((x) => Math.round(x.longestTaskMs)).join(', ')} ms`);
    const rows: Row[] = [
      {
        section: 'resize',
        figure: '4000×3000 JPEG → 1600 wide: longest main-thread task (worst run)',
        ours: `worker ${longest(a) ? ms(longest(a)) : '< 50 ms'}`,
        baseline: `main thread ${ms(longest(b))}`,
        ratio: longest(a) / longest(b),
        // No long task at all means under 50 ms: the ratio is then only a bound.
        ratioText: longest(a) ? undefined : `< ${(50 / longest(b)).toFixed(2)}×`,
        target: 'none ≥ 50 ms (#17)',
        met: longest(a) < 50,
      },
      {
        section: 'resize',
        figure: '4000×3000 JPEG → 1600 wide: time',
        ours: `worker ${ms(median(a.map((x) => x.ms)))}`,
        baseline: `main thread ${ms(median(b.map((x) => x.ms)))}`,
        ratio: median(a.map((x) => x.ms)) / median(b.map((x) => x.ms)),
        target: '—',
      },
    ];
    return { rows, data: { rounds: ROUNDS, worker: a, mainThread: b } };
  } finally {
    await context.close();
    await pages.close();
  }
}
