// Upload overhead: the same files through <ik-uploader> (A) and a bare XHR loop (B), both signing
// each file at the page's /auth and POSTing to the emulator on loopback, in rotated order each
// round. A third variant, the element's engine (UploadQueue) with no view, tells the view's cost
// from the engine's; the page's main-thread busy time is read for each run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { startEmulator } from '../emulator/src/index.js';
import { startPageServer } from './lib/page-server.js';
import { interleave, median, ms } from './lib/stats.js';
import { cpuMs } from './lib/cpu.js';
import type { Row } from './lib/report.js';

const MB = 1024 * 1024;
const CONCURRENCY = 4; // the element's default, set explicitly on both sides

const WORKLOADS = [
  { name: 'small', label: '16 × 4 MB', count: 16, size: 4 * MB, rounds: 9 },
  { name: 'large', label: '1 × 200 MB', count: 1, size: 200 * MB, rounds: 5 },
];

export async function upload(browser: Browser, log: (s: string) => void): Promise<{ rows: Row[]; data: unknown }> {
  const publicKey = 'public_bench_' + Math.random().toString(36).slice(2);
  const privateKey = 'private-bench-' + Math.random().toString(36).slice(2);
  const dataDir = mkdtempSync(join(tmpdir(), 'ik-bench-upload-'));
  const emulator = await startEmulator({ port: 0, publicKey, privateKey, dataDir, maxFileSize: 300 * MB });
  const pages = await startPageServer(privateKey, {
    '/upload.html': `<!doctype html><meta charset="utf-8"><title>upload bench</title><body>
<script type="module" src="/bundles/ik-uploader/ik-uploader.min.js"></script>
<script type="module" src="/pages/upload.js"></script>`,
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // The renderer's main-thread busy time (CDP TaskDuration) barely moves with other load on the machine.
    const KEYS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;
    const metrics = async () => {
      const all = (await cdp.send('Performance.getMetrics')).metrics;
      return KEYS.map((k) => all.find((m) => m.name === k)!.value * 1000);
    };
    await page.goto(`${pages.url}/upload.html`);
    await page.waitForFunction('window.bench && customElements.get("ik-uploader")');
    const opts = { publicKey, uploadEndpoint: `${emulator.url}/api/v1/files/upload`, concurrency: CONCURRENCY };
    const run = (fn: 'runOurs' | 'runBare' | 'runQueue', set: string) => async () => {
      const before = await metrics();
      const cpu = cpuMs();
      const ms = (await page.evaluate(`window.bench.${fn}(${JSON.stringify(set)}, ${JSON.stringify(opts)})`)) as number;
      const { children, self } = cpuMs();
      const [busyMs, scriptMs, layoutMs, styleMs] = (await metrics()).map((v, i) => v - before[i]!) as [number, number, number, number];
      // All of the browser's processes, and this one's (the emulator and the page server run in it).
      return { ms, busyMs, scriptMs, layoutMs, styleMs, browserCpuMs: children - cpu.children, serverCpuMs: self - cpu.self };
    };

    const rows: Row[] = [];
    const data: Record<string, unknown> = {};
    for (const w of WORKLOADS) {
      await page.evaluate(`window.bench.makeFiles(${JSON.stringify(w.name)}, ${w.count}, ${w.size})`);
      // Warm-up, not counted: connections, JIT, the emulator's first writes.
      await run('runOurs', w.name)();
      await run('runBare', w.name)();
      await run('runQueue', w.name)();
      const calls = pages.authCalls();
      const [a, b, q] = await interleave(w.rounds, [run('runOurs', w.name), run('runBare', w.name), run('runQueue', w.name)]);
      const signed = pages.authCalls() - calls;
      if (signed !== 3 * w.rounds * w.count) throw new Error(`expected one signature per upload, got ${signed}`);
      const t = (xs: { ms: number }[]) => xs.map((x) => x.ms);
      const cpu = (xs: { busyMs: number }[]) => xs.map((x) => x.busyMs);
      const ratio = median(t(a)) / median(t(b));
      const paired = median(a.map((x, i) => x.ms / b[i]!.ms)); // round by round, for drift
      log(`upload ${w.label}: element ${t(a).map(Math.round).join(', ')} ms; bare ${t(b).map(Math.round).join(', ')} ms`);
      log(`upload ${w.label}: engine alone ${t(q).map(Math.round).join(', ')} ms; element/bare round by round: median ${paired.toFixed(2)}`);
      log(`upload ${w.label}, main thread busy: element ${cpu(a).map(Math.round).join(', ')} ms; bare ${cpu(b).map(Math.round).join(', ')} ms; engine alone ${cpu(q).map(Math.round).join(', ')} ms`);
      const part = (k: 'scriptMs' | 'layoutMs' | 'styleMs') => Math.round(median(a.map((x) => x[k])));
      log(`upload ${w.label}, element's main thread (medians): script ${part('scriptMs')} ms, layout ${part('layoutMs')} ms, style ${part('styleMs')} ms`);
      const used = (xs: { browserCpuMs: number; serverCpuMs: number }[]) => `browser ${Math.round(median(xs.map((x) => x.browserCpuMs)))} ms, emulator and page server ${Math.round(median(xs.map((x) => x.serverCpuMs)))} ms`;
      log(`upload ${w.label}, CPU used per run (medians, every process): element: ${used(a)}; bare: ${used(b)}; engine alone: ${used(q)}`);
      rows.push({
        section: 'upload',
        figure: `${w.label}, element vs bare XHR`,
        ours: ms(median(t(a))),
        baseline: ms(median(t(b))),
        ratio,
        target: '≤ 1.05×',
        met: ratio <= 1.05,
      });
      const browserCpu = (xs: { browserCpuMs: number }[]) => median(xs.map((x) => x.browserCpuMs));
      rows.push({
        section: 'upload',
        figure: `${w.label}, browser CPU, all its processes`,
        ours: ms(browserCpu(a)),
        baseline: `${ms(browserCpu(b))} (engine alone ${ms(browserCpu(q))})`,
        ratio: browserCpu(a) / browserCpu(b),
        target: '—',
      });
      rows.push({
        section: 'upload',
        figure: `${w.label}, page main-thread busy time`,
        ours: ms(median(cpu(a))),
        baseline: `${ms(median(cpu(b)))} (engine alone ${ms(median(cpu(q)))})`,
        ratio: median(cpu(a)) / median(cpu(b)),
        target: '—',
      });
      const mbps = (t: number) => Math.round(((w.count * w.size) / MB / (t / 1000)) * 10) / 10;
      data[w.name] = { label: w.label, rounds: w.rounds, ours: a, bare: b, engineAlone: q, pairedRatioMedian: paired, oursMBps: mbps(median(t(a))), bareMBps: mbps(median(t(b))) };
    }
    return { rows, data: { concurrency: CONCURRENCY, ...data } };
  } finally {
    await context.close();
    await pages.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
