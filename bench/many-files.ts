// Many files: 10,000 files added at once to <ik-uploader> in its list view and its grid view and
// to Uppy's Dashboard, each in a fresh page of the same browser: time until listed, long tasks,
// main-thread time, JS heap. Uppy takes a minute or more for 10,000 files on this machine, so it
// runs once, between the rounds of ours (list and grid alternated), to keep a run near 10 minutes.
// Each uploader is mounted and left idle for a second before the files come, as on a page where a
// person then drops them; the list is also timed with the files added in the frame after mounting
// ('cold'), as runs before 2 December did, where the add also makes the page's first number format.
import type { Browser } from 'playwright';
import { startPageServer } from './lib/page-server.js';
import { interleave, median, ms } from './lib/stats.js';
import type { Row } from './lib/report.js';

const ROUNDS = 3;
const UPPY_ROUNDS = 1;
const FILES = 10_000;
type Kind = 'ours' | 'grid' | 'cold' | 'uppy';

interface Run {
  readyMs: number;
  longTasks: number;
  longestTaskMs: number;
  blockingMs: number;
  domNodes: number;
  /** File rows in the DOM once ready (both render only part of a long list). */
  rowsRendered: number;
  /** JS heap used after the files are listed minus before they were added, both after a GC. */
  heapDeltaMB: number;
  /** The page's main-thread busy time (CDP TaskDuration) from the call until 1 s after ready. */
  busyMs: number;
  /** For ours: whether this build has view="grid" (the grid runs are the list otherwise). */
  viewKnown: boolean;
}

const html = (head: string) => `<!doctype html><meta charset="utf-8"><title>many files</title>${head}<body>
<script type="module" src="/pages/many-files.js"></script>`;

export async function manyFiles(browser: Browser, log: (s: string) => void): Promise<{ rows: Row[]; data: unknown }> {
  const pages = await startPageServer('unused-no-upload-is-signed', {
    '/ours.html': html('<script type="module" src="/bundles/ik-uploader/ik-uploader.min.js"></script>'),
    '/uppy.html': html('<link rel="stylesheet" href="/bundles/uppy/uppy.css">'),
  });
  const once = (variant: Kind) => async (): Promise<Run> => {
    const kind = variant === 'uppy' ? 'uppy' : 'ours';
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`${pages.url}/${kind}.html`);
      await page.waitForFunction(kind === 'ours' ? 'window.bench && customElements.get("ik-uploader")' : 'window.bench');
      await page.evaluate(`window.bench.makeFiles(${FILES})`);
      // Uploads would go nowhere: ours waits on auth forever, Uppy waits for its Upload button.
      const view = variant === 'grid' ? 'grid' : undefined;
      const settle = variant !== 'cold';
      const viewKnown = (await page.evaluate(`window.bench.mount(${JSON.stringify(kind)}, ${JSON.stringify({ publicKey: 'k', uploadEndpoint: 'http://127.0.0.1:9/upload', view, settle })})`)) as boolean;
      const metric = async (name: string) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)!.value;
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return metric('JSHeapUsedSize');
      };
      const before = await heap();
      const busy = await metric('TaskDuration');
      const r = (await page.evaluate(`window.bench.run(${JSON.stringify(kind)})`)) as Omit<Run, 'heapDeltaMB' | 'busyMs' | 'viewKnown'>;
      const busyMs = ((await metric('TaskDuration')) - busy) * 1000;
      const after = await heap();
      return { ...r, busyMs, heapDeltaMB: (after - before) / 1024 / 1024, viewKnown };
    } finally {
      await context.close();
    }
  };
  try {
    await once('ours')(); // warm-up, not counted: browser caches, first compile of the bundle
    const [a1, g1] = await interleave(1, [once('ours'), once('grid')]);
    const b: Run[] = [];
    for (let i = 0; i < UPPY_ROUNDS; i++) b.push(await once('uppy')());
    const [a2, g2, c] = await interleave(ROUNDS - 1, [once('grid'), once('ours'), once('cold')]).then(([g, a, c]) => [a!, g!, c!]);
    const c1 = await once('cold')();
    const a = [...a1!, ...a2!];
    const g = [...g1!, ...g2!];
    const cold = [...c!, c1];
    const pick = (xs: Run[], k: keyof Run) => xs.map((x) => x[k] as number);
    const med = (xs: Run[], k: keyof Run) => median(pick(xs, k));
    const gridKnown = g.every((x) => x.viewKnown);
    for (const [name, xs] of [['ours, list', a], ['ours, grid', g], ['ours, list, added in the frame after mounting', cold], ['Uppy', b]] as const) {
      log(`many files, ${name}: ready ${pick(xs, 'readyMs').map(Math.round).join(', ')} ms; longest task ${pick(xs, 'longestTaskMs').map(Math.round).join(', ')} ms; main thread ${pick(xs, 'busyMs').map(Math.round).join(', ')} ms; ${pick(xs, 'rowsRendered').join(', ')} rows in the DOM`);
    }
    const longestOrNone = (t: number) => (t ? ms(t) : 'none ≥ 50 ms');
    const longestUppy = Math.max(...pick(b, 'longestTaskMs'));
    const rows: Row[] = [];
    for (const [view, xs] of [['list', a], ['grid', g]] as const) {
      const label = view === 'grid' && !gridKnown ? 'grid (this build has no view="grid": list)' : view;
      const longest = Math.max(...pick(xs, 'longestTaskMs'));
      rows.push(
        {
          section: 'many files',
          figure: `${FILES} files, ${label}: time until listed`,
          ours: ms(med(xs, 'readyMs')),
          baseline: `Uppy ${ms(med(b, 'readyMs'))}`,
          ratio: med(xs, 'readyMs') / med(b, 'readyMs'),
          target: '≤ 150 ms',
          met: med(xs, 'readyMs') <= 150,
        },
        {
          section: 'many files',
          figure: `${FILES} files, ${label}: longest main-thread task (worst run)`,
          ours: longestOrNone(longest),
          baseline: `Uppy ${longestOrNone(longestUppy)}`,
          ratio: longest / longestUppy,
          // 0 means no task reached 50 ms (the longtask threshold): no ratio can be given then.
          ratioText: longest && longestUppy ? undefined : '—',
          target: 'none ≥ 50 ms',
          met: longest === 0,
        },
      );
    }
    rows.push(
      {
        section: 'many files',
        figure: `${FILES} files, list, added in the frame after mounting: time until listed (longest task ${longestOrNone(Math.max(...pick(cold, 'longestTaskMs')))})`,
        ours: ms(med(cold, 'readyMs')),
        baseline: `Uppy ${ms(med(b, 'readyMs'))} (settled)`,
        ratio: med(cold, 'readyMs') / med(b, 'readyMs'),
        target: '— (the targets are for a page at rest)',
      },
      {
        section: 'many files',
        figure: `${FILES} files, list: main-thread busy time (until 1 s after ready)`,
        ours: ms(med(a, 'busyMs')),
        baseline: `Uppy ${ms(med(b, 'busyMs'))}`,
        ratio: med(a, 'busyMs') / med(b, 'busyMs'),
        target: '—',
      },
      {
        section: 'many files',
        figure: `${FILES} files, list: JS heap added`,
        ours: `${med(a, 'heapDeltaMB').toFixed(1)} MB`,
        baseline: `Uppy ${med(b, 'heapDeltaMB').toFixed(1)} MB`,
        ratio: med(a, 'heapDeltaMB') / med(b, 'heapDeltaMB'),
        target: '—',
      },
    );
    return { rows, data: { files: FILES, rounds: ROUNDS, uppyRounds: UPPY_ROUNDS, gridKnown, ours: a, oursGrid: g, oursCold: cold, uppy: b } };
  } finally {
    await pages.close();
  }
}
