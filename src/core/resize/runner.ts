import { resizeRuntime } from './runtime.js';
import type { ResizeJob, ResizeJobResult } from './types.js';

/** `auto`: a worker when the browser can run one with OffscreenCanvas, else the main thread. */
export type ResizeMode = 'auto' | 'worker' | 'main-thread';

export interface RunOutcome {
  result: ResizeJobResult;
  processedIn: 'worker' | 'main-thread';
}

type Job = Omit<ResizeJob, 'canvas'>;

interface Entry {
  job: Job;
  signal?: AbortSignal;
  resolve(outcome: RunOutcome): void;
  reject(reason: unknown): void;
  onAbort(): void;
}

const WORKER_START_TIMEOUT_MS = 15_000;

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The resize was aborted.', 'AbortError');
}

/**
 * Runs resize jobs strictly one at a time (a decoded 12-megapixel photo is ~48 MB of pixels, so
 * memory stays bounded by one image), in a single worker where possible.
 *
 * The worker is a module worker beside this file (resize.worker.js), the form every bundler
 * recognises and emits as a chunk of its own. A page whose CSP forbids it gets the main-thread path.
 */
export class ResizeRunner {
  private readonly queue: Entry[] = [];
  private busy = false;
  private worker?: Worker;
  private workerUnusable = false;
  private sequence = 0;
  private idleTimer?: ReturnType<typeof setTimeout>;
  private mainThread?: ReturnType<typeof resizeRuntime>;

  constructor(
    readonly mode: ResizeMode = 'auto',
    /** The worker is ended after this long without work, to give its memory back. */
    readonly idleTimeoutMs = 10_000,
  ) {}

  run(job: Job, signal?: AbortSignal): Promise<RunOutcome> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const entry: Entry = {
        job,
        signal,
        resolve,
        reject,
        onAbort: () => {
          const index = this.queue.indexOf(entry);
          if (index >= 0) this.queue.splice(index, 1);
          reject(abortReason(signal!));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.queue.push(entry);
      void this.pump();
    });
  }

  /** Ends the worker now; queued jobs still run (a new worker is started for them). */
  dispose(): void {
    this.dropWorker();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const entry = this.queue.shift();
    if (!entry) {
      this.scheduleIdle();
      return;
    }
    clearTimeout(this.idleTimer);
    this.busy = true;
    try {
      await this.execute(entry);
    } finally {
      entry.signal?.removeEventListener('abort', entry.onAbort);
      this.busy = false;
      void this.pump();
    }
  }

  /** Settles the entry (unless an abort already has), and returns once the job's memory is released. */
  private async execute(entry: Entry): Promise<void> {
    const { job, signal } = entry;
    try {
      if (this.mode !== 'main-thread') {
        const result = this.workerUnusable ? undefined : await this.inWorker(job, signal);
        if (result) return entry.resolve({ result, processedIn: 'worker' });
        // 'worker' mode never falls back, for this job nor the next: a caller who asked for it keeps
        // the page's thread free, and a bench or test asking for it measures the worker, not the page.
        if (this.mode === 'worker') {
          throw new Error('This browser cannot resize images in a worker (no Worker with OffscreenCanvas).');
        }
      }
      if (signal?.aborted) return; // already rejected by entry.onAbort
      this.mainThread ??= resizeRuntime();
      const canvas = typeof document !== 'undefined' ? 'element' : 'offscreen';
      // The main thread cannot be interrupted midway: `entry.onAbort` has already released the
      // caller, but the queue waits for the work to end so that two images never sit in memory.
      const result = await this.mainThread.run({ ...job, canvas });
      entry.resolve({ result, processedIn: 'main-thread' });
    } catch (error) {
      entry.reject(error);
    }
  }

  /** The worker's answer, or undefined when no usable worker can be had. */
  private async inWorker(job: Job, signal?: AbortSignal): Promise<ResizeJobResult | undefined> {
    this.worker ??= await this.startWorker();
    const worker = this.worker;
    if (!worker) {
      this.workerUnusable = true;
      return undefined;
    }
    if (signal?.aborted) throw abortReason(signal);
    const id = ++this.sequence;
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (event: MessageEvent) => {
        const data = event.data as { id?: number; ok: boolean; result?: ResizeJobResult; message?: string };
        if (data.id !== id) return;
        cleanup();
        if (!data.ok) return reject(new Error(data.message));
        if (data.result!.status === 'unsupported') {
          this.workerUnusable = true;
          this.dropWorker();
          return resolve(undefined);
        }
        resolve(data.result);
      };
      const onError = (event: ErrorEvent) => {
        event.preventDefault();
        cleanup();
        this.dropWorker(); // it may be out of memory: the next job gets a fresh one
        reject(new Error(`The image worker failed: ${event.message || 'no reason given'}`));
      };
      const onAbort = () => {
        cleanup();
        // Ending the worker is the only way to stop a decode midway, and it frees the pixels at once.
        this.dropWorker();
        reject(abortReason(signal!));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ id, job: { ...job, canvas: 'offscreen' } satisfies ResizeJob });
    });
  }

  private startWorker(): Promise<Worker | undefined> {
    if (typeof Worker === 'undefined') return Promise.resolve(undefined);
    let worker: Worker;
    try {
      worker = new Worker(new URL('./resize.worker.js', import.meta.url), { type: 'module', name: 'ik-uploader image resizer' });
    } catch {
      return Promise.resolve(undefined); // e.g. a CSP that forbids it
    }
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        if (!ok) worker.terminate();
        resolve(ok ? worker : undefined);
      };
      const onMessage = (event: MessageEvent) => {
        if ((event.data as { ready?: boolean })?.ready) done(true);
      };
      const onError = (event: Event) => {
        event.preventDefault();
        done(false);
      };
      const timer = setTimeout(() => done(false), WORKER_START_TIMEOUT_MS);
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
    });
  }

  private dropWorker(): void {
    clearTimeout(this.idleTimer);
    this.worker?.terminate();
    this.worker = undefined;
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.worker) this.idleTimer = setTimeout(() => this.dropWorker(), this.idleTimeoutMs);
  }
}
