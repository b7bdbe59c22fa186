// Runs in the benchmark page: one 4000×3000 JPEG shrunk to 1600 wide in the worker or on the main
// thread, with the longest main-thread task meanwhile.
import { ImageResizer, makePhoto } from '/bundles/resize/resize.js';

let photo;
const resizers = {};

async function prepare() {
  photo = await makePhoto();
  for (const mode of ['worker', 'main-thread']) {
    resizers[mode] = new ImageResizer({ mode, idleTimeoutMs: 600_000 });
    const warm = await resizers[mode].resize(photo, { width: 1600 }); // warm-up: worker start, decoder caches
    if (warm.processedIn !== mode) throw new Error(`the ${mode} resize ran ${warm.processedIn ? `in the ${warm.processedIn}` : `nowhere (${warm.reason}: ${warm.message})`}`);
  }
}

async function run(mode) {
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  const start = performance.now();
  const result = await resizers[mode].resize(photo, { width: 1600 });
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 50)); // let the last longtask entries arrive
  tasks.push(...observer.takeRecords().map((e) => e.duration));
  observer.disconnect();
  if (result.width !== 1600 || result.height !== 2133 || !result.resized || result.processedIn !== mode) throw new Error(`wrong resize: ${JSON.stringify(result)}`);
  return { ms, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length };
}

window.bench = { prepare, run };
