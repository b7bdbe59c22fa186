/**
 * Measures how long 16 uploads take at concurrency 1..6 against the emulator; not part of the
 * suite (the name does not end in .test.ts). Run:
 *   node --import tsx node_modules/@web/test-runner/dist/bin.js --config web-test-runner.config.ts \
 *     --files test/browser/concurrency.measure.ts
 * With `latency`, each upload first waits that long at the server (ImageKit's processing time).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { cleanup, fault, makeBytes, mount, nextEvent, uniqueFolder } from './helpers.js';

afterEach(cleanup);

const FILES = 16;
const SIZE = 1024 * 1024;

async function run(concurrency: number, latencyMs: number): Promise<number> {
  const el = await mount({ folder: uniqueFolder('measure'), concurrency: String(concurrency) });
  if (latencyMs) await fault({ count: FILES, delayMs: latencyMs });
  const files = Array.from({ length: FILES }, (_, i) => makeBytes(`m${i}.bin`, SIZE));
  const complete = nextEvent(el, 'ik-complete', 120_000);
  const start = performance.now();
  el.addFiles(files);
  const { successful } = await complete;
  if (successful.length !== FILES) throw new Error('not every upload succeeded');
  const ms = performance.now() - start;
  el.remove();
  return ms;
}

describe('concurrency measurement', () => {
  it('16 × 1 MB over a 40 Mbit/s uplink with 50 ms latency', async function () {
    this.timeout(900_000);
    await executeServerCommand('network', { throttle: { latencyMs: 50, uploadKbps: 40_000, downloadKbps: 100_000 } });
    try {
      const rows: string[] = [];
      for (const c of [1, 2, 3, 4, 5, 6]) {
        const times = [await run(c, 100), await run(c, 100)].sort((a, b) => a - b);
        rows.push(`concurrency ${c}: ${times.map(Math.round).join(', ')} ms`);
      }
      console.log('throttled, server latency 100 ms\n' + rows.join('\n'));
    } finally {
      await executeServerCommand('network', { throttle: null });
    }
  });

  for (const latency of [0, 300]) {
    it(`16 × 1 MB, server latency ${latency} ms`, async function () {
      this.timeout(600_000);
      const rows: string[] = [];
      for (const c of [1, 2, 3, 4, 5, 6]) {
        const times = [await run(c, latency), await run(c, latency), await run(c, latency)].sort((a, b) => a - b);
        rows.push(`concurrency ${c}: median ${Math.round(times[1]!)} ms (${times.map(Math.round).join(', ')})`);
      }
      console.log(`latency ${latency} ms\n` + rows.join('\n'));
    });
  }
});
