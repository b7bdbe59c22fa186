// Benchmark, not a test: how long a 4000×3000 phone photo takes to shrink to 1600 wide in the worker
// and on the main thread, and how busy the main thread is meanwhile (longest 'longtask', longest
// gap between 10 ms timer ticks). It prints figures and asserts only that the results are right.
// Run: npm run test:browser -- --files test/browser/resize.bench.ts
import { expect } from '@esm-bundle/chai';
import { ImageResizer } from '../../src/core/resize/index.js';
import { canvasBlob, quadrantCanvas, withExifOrientation } from './resize-fixtures.js';

const RUNS = 5;

interface Figures {
  ms: number[];
  longestTask: number;
  longTasks: number;
  longestTimerGap: number;
}

async function measure(resizer: ImageResizer, photo: File): Promise<Figures> {
  const figures: Figures = { ms: [], longestTask: 0, longTasks: 0, longestTimerGap: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      figures.longTasks++;
      figures.longestTask = Math.max(figures.longestTask, entry.duration);
    }
  });
  observer.observe({ type: 'longtask' });
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    figures.longestTimerGap = Math.max(figures.longestTimerGap, now - last);
    last = now;
  }, 10);
  try {
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const result = await resizer.resize(photo, { width: 1600 });
      figures.ms.push(performance.now() - start);
      expect([result.width, result.height, result.resized]).to.deep.equal([1600, 2133, true]);
    }
  } finally {
    clearInterval(ticker);
    await new Promise((r) => setTimeout(r, 100)); // let the last longtask entries arrive
    observer.disconnect();
  }
  return figures;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('resize benchmark: 4000×3000 JPEG (EXIF orientation 6) to 1600 wide', () => {
  it('worker vs main thread', async function () {
    this.timeout(10 * 60_000);
    const jpeg = await canvasBlob(quadrantCanvas(4000, 3000), 'image/jpeg', 0.9);
    const photo = new File([await withExifOrientation(jpeg, 6)], 'photo.jpg', { type: 'image/jpeg' });
    const rows: Record<string, Figures> = {};
    for (const mode of ['worker', 'main-thread'] as const) {
      const resizer = new ImageResizer({ mode });
      await resizer.resize(photo, { width: 1600 }); // warm-up: worker start, decoder caches
      rows[mode] = await measure(resizer, photo);
      resizer.dispose();
    }
    const round = (n: number) => Math.round(n);
    for (const [mode, f] of Object.entries(rows)) {
      console.log(
        `resize ${mode}: median ${round(median(f.ms))} ms (runs ${f.ms.map(round).join(', ')}); ` +
          `long tasks ${f.longTasks}, longest ${round(f.longestTask)} ms; longest 10 ms-timer gap ${round(f.longestTimerGap)} ms`,
      );
    }
    console.log(`resize worker/main-thread time ratio: ${(median(rows.worker.ms) / median(rows['main-thread'].ms)).toFixed(2)}`);
  });
});
