// Many files: 1,000 files added at once to <ik-uploader> (A) and to Uppy's Dashboard (B), each in
// a fresh page of the same browser, alternated A B A B: time until listed, long tasks, JS heap.
import type { Browser } from 'playwright';
import { startPageServer } from './lib/page-server.js';
import { alternate, median, ms } from './lib/stats.js';
import type { Row } from './lib/report.js';

const ROUNDS = 7;
const FILES = 1000;

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
}

const html = (head: string) => `<!doctype html><meta charset="utf-8"><title>many files</title>${head}<body>
<script type="module" src="/pages/many-files.js"></script>`;

export async function manyFiles(browser: Browser, log: (s: string) => void): Promise<{ rows: Row[]; data: unknown }> {
  const pages = await startPageServer('unused-no-upload-is-signed', {
    '/ours.html': html('<script type="module" src="/bundles/ik-uploader/ik-uploader.min.js"></script>'),
    '/uppy.html': html('<link rel="stylesheet" href="/bundles/uppy/uppy.css">'),
  });
  const once = (kind: 'ours' | 'uppy') => async (): Promise<Run> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`${pages.url}/${kind}.html`);
      await page.waitForFunction(kind === 'ours' ? 'window.bench && customElements.get("ik-uploader")' : 'window.bench');
      await page.evaluate(`window.bench.makeFiles(${FILES})`);
      // Uploads would go nowhere: ours waits on auth forever, Uppy waits for its Upload button.
      await page.evaluate(`window.bench.mount(${JSON.stringify(kind)}, { publicKey: 'k', uploadEndpoint: 'http://127.0.0.1:9/upload' })`);
      const metric = async (name: string) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)!.value;
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return metric('JSHeapUsedSize');
      };
      const before = await heap();
      const busy = await metric('TaskDuration');
      const r = (await page.evaluate(`window.bench.run(${JSON.stringify(kind)})`)) as Omit<Run, 'heapDeltaMB' | 'busyMs'>;
      const busyMs = ((await metric('TaskDuration')) - busy) * 1000;
      const after = await heap();
      return { ...r, busyMs, heapDeltaMB: (after - before) / 1024 / 1024 };
    } finally {
      await context.close();
    }
  };
  try {
    await once('ours')(); // warm-up, not counted: browser caches, first compile of each bundle
    await once('uppy')();
    const { a, b } = await alternate(ROUNDS, once('ours'), once('uppy'));
    const pick = (xs: Run[], k: keyof Run) => xs.map((x) => x[k]);
    const med = (xs: Run[], k: keyof Run) => median(pick(xs, k));
    log(`many files, ready: ours ${pick(a, 'readyMs').map(Math.round).join(', ')} ms; Uppy ${pick(b, 'readyMs').map(Math.round).join(', ')} ms`);
    log(`many files, longest task: ours ${pick(a, 'longestTaskMs').map(Math.round).join(', ')} ms; Uppy ${pick(b, 'longestTaskMs').map(Math.round).join(', ')} ms`);
    log(`many files, main thread busy: ours ${pick(a, 'busyMs').map(Math.round).join(', ')} ms; Uppy ${pick(b, 'busyMs').map(Math.round).join(', ')} ms`);
    const longestOurs = Math.max(...pick(a, 'longestTaskMs'));
    const longestUppy = Math.max(...pick(b, 'longestTaskMs'));
    const longestOrNone = (t: number) => (t ? ms(t) : 'none ≥ 50 ms');
    const rows: Row[] = [
      {
        section: 'many files',
        figure: `${FILES} files: time until listed`,
        ours: ms(med(a, 'readyMs')),
        baseline: `Uppy ${ms(med(b, 'readyMs'))}`,
        ratio: med(a, 'readyMs') / med(b, 'readyMs'),
        target: '≤ 0.5×',
        met: med(a, 'readyMs') <= med(b, 'readyMs') / 2,
      },
      {
        section: 'many files',
        figure: `${FILES} files: longest main-thread task (worst run)`,
        ours: longestOrNone(longestOurs),
        baseline: `Uppy ${longestOrNone(longestUppy)}`,
        ratio: longestOurs / longestUppy,
        // 0 means no task reached 50 ms (the longtask threshold): no ratio can be given then.
        ratioText: longestOurs && longestUppy ? undefined : '—',
        target: '≤ 100 ms',
        met: longestOurs <= 100,
      },
      {
        section: 'many files',
        figure: `${FILES} files: main-thread busy time (until 1 s after ready)`,
        ours: ms(med(a, 'busyMs')),
        baseline: `Uppy ${ms(med(b, 'busyMs'))}`,
        ratio: med(a, 'busyMs') / med(b, 'busyMs'),
        target: '—',
      },
      {
        section: 'many files',
        figure: `${FILES} files: JS heap added`,
        ours: `${med(a, 'heapDeltaMB').toFixed(1)} MB`,
        baseline: `Uppy ${med(b, 'heapDeltaMB').toFixed(1)} MB`,
        ratio: med(a, 'heapDeltaMB') / med(b, 'heapDeltaMB'),
        target: '—',
      },
    ];
    return { rows, data: { files: FILES, rounds: ROUNDS, ours: a, uppy: b } };
  } finally {
    await pages.close();
  }
}
