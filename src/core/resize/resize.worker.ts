// The image resizer's worker: one job at a time, posted by ResizeRunner (runner.ts).
import { resizeRuntime } from './runtime.js';
import type { ResizeJob } from './types.js';

const runtime = resizeRuntime();
// A worker's global scope; typed by hand, as the DOM and WebWorker libs cannot both be loaded.
const scope = self as unknown as { onmessage: (event: MessageEvent<{ id: number; job: ResizeJob }>) => void; postMessage(data: unknown): void };

scope.onmessage = async (event) => {
  const { id, job } = event.data;
  try {
    scope.postMessage({ id, ok: true, result: await runtime.run(job) });
  } catch (error) {
    scope.postMessage({ id, ok: false, message: String((error as Error)?.message ?? error) });
  }
};
scope.postMessage({ ready: true });
