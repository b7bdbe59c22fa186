import { embeddedPreview } from './thumbnail-preview.js';

/** Where a thumbnail's pixels came from: the file's embedded EXIF preview, or the image itself decoded. */
type ThumbnailSource = 'preview' | 'decoded';

/**
 * How many thumbnails are made at once. A camera photo's embedded preview takes a few ms; a photo
 * without one is decoded, and on 2 cores three 12 MP decodes at once made the first finish 2–3×
 * later than one alone: the first thumbnail on screen is what a user waits for.
 */
export const DECODES_AT_ONCE = 1;
const WIDTH = 96;
const WORKER_START_TIMEOUT_MS = 15_000;

type Answer = (bitmap: ImageBitmap | undefined) => void;

/**
 * Draws image thumbnails into canvases only once their row comes near the viewport, so a list of
 * 1,000 files decodes a screenful. A camera photo's embedded EXIF preview is drawn when it has one
 * (thumbnail-preview.ts, on the page: a few ms); else createImageBitmap decodes and scales the image
 * in a worker (thumbnail.worker.ts, started with the Thumbnails): on the page's thread, Chromium
 * decodes and scales a camera photo inside the page's own tasks, 100 ms and more each. Where no
 * worker can start (a CSP that forbids it), the page decodes. The small bitmap is handed to the
 * canvas, so no object URL or full-size image is kept. At most DECODES_AT_ONCE run at a time, the
 * rows that came into view last first (of those that came at once, the top one first); a row scrolled
 * away before its turn is not decoded until it comes back. A drawn canvas gets `data-ready`, set to where its pixels came from: `preview` or `decoded`.
 */
export class Thumbnails {
  /** The file each canvas is drawing or has drawn. */
  #files = new WeakMap<Element, File>();
  /** Canvases near the viewport now, not yet drawn. */
  #near = new Set<HTMLCanvasElement>();
  #running = 0;
  #io?: IntersectionObserver;
  #worker?: Promise<Worker | undefined>;
  #asked = new Map<number, Answer>();
  #ids = 0;

  /** Starts the worker at once, so that it is ready by the time the first row is in view. */
  constructor() {
    this.#worker = startWorker(this.#asked);
  }

  /** Draws `file` into `canvas` once it is near the viewport; a canvas already on it is left alone. */
  observe(canvas: HTMLCanvasElement, file: File): void {
    if (this.#files.get(canvas) === file) return;
    this.#files.set(canvas, file);
    delete canvas.dataset.ready;
    this.#io ??= new IntersectionObserver((entries) => {
      // Entries come in the rows' order: taken from the end, the top row of a batch goes first.
      for (const e of entries.reverse()) {
        const c = e.target as HTMLCanvasElement;
        this.#near.delete(c); // re-added last when it is (back) in view: the latest rows go first
        if (e.isIntersecting) this.#near.add(c);
      }
      this.#pump();
    }, { rootMargin: '200px' });
    this.#io.observe(canvas);
  }

  /** Stops watching; every canvas is taken up again when observed again. */
  disconnect(): void {
    this.#io?.disconnect();
    this.#io = undefined;
    this.#files = new WeakMap();
    this.#near.clear();
    void this.#worker?.then((w) => w?.terminate());
    this.#worker = undefined;
    for (const answer of this.#asked.values()) answer(undefined);
    this.#asked.clear();
  }

  /** `file` at thumbnail width, in the worker when one runs; undefined if it cannot be made. */
  async #make(file: File): Promise<{ bitmap: ImageBitmap; source: ThumbnailSource } | undefined> {
    const preview = await embeddedPreview(file, WIDTH).catch(() => undefined);
    if (preview) return { bitmap: preview, source: 'preview' };
    const worker = await (this.#worker ??= startWorker(this.#asked));
    if (!worker) return { bitmap: await (await import('./thumbnail-decode.js')).decodedThumbnail(file, WIDTH), source: 'decoded' };
    const id = this.#ids++;
    const bitmap = await new Promise<ImageBitmap | undefined>((answer) => {
      this.#asked.set(id, answer);
      worker.postMessage({ id, file, width: WIDTH });
    });
    return bitmap && { bitmap, source: 'decoded' };
  }

  #pump(): void {
    while (this.#running < DECODES_AT_ONCE && this.#near.size) {
      const canvas = [...this.#near].pop()!;
      this.#near.delete(canvas);
      if (!canvas.isConnected) continue;
      this.#io?.unobserve(canvas);
      this.#running++;
      void this.#draw(canvas).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #draw(canvas: HTMLCanvasElement) {
    const file = this.#files.get(canvas);
    if (!file) return;
    try {
      const made = await this.#make(file);
      if (!made) return;
      const { bitmap, source } = made;
      if (this.#files.get(canvas) !== file) return bitmap.close(); // the row shows another file now
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('bitmaprenderer')!.transferFromImageBitmap(bitmap);
      canvas.dataset.ready = source; // tests and the bench count these, and see which path drew each
    } catch {
      // Not decodable here (HEIC, a broken file): the row keeps an empty tile.
    }
  }
}

/** The thumbnail worker, once it said it is ready; undefined where none can start. Answers go to `asked` by id. */
function startWorker(asked: Map<number, Answer>): Promise<Worker | undefined> {
  if (typeof Worker === 'undefined') return Promise.resolve(undefined);
  let worker: Worker;
  try {
    worker = new Worker(new URL('./thumbnail.worker.js', import.meta.url), { type: 'module', name: 'ik-uploader thumbnails' });
  } catch {
    return Promise.resolve(undefined); // e.g. a CSP that forbids it
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => started(false), WORKER_START_TIMEOUT_MS);
    const started = (ok: boolean) => {
      clearTimeout(timer);
      if (!ok) worker.terminate();
      resolve(ok ? worker : undefined);
    };
    worker.addEventListener('message', (event: MessageEvent<{ ready?: true; id?: number; bitmap?: ImageBitmap }>) => {
      const { ready, id, bitmap } = event.data;
      if (ready) return started(true);
      const answer = asked.get(id!);
      asked.delete(id!);
      if (answer) answer(bitmap);
      else bitmap?.close();
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      started(false);
    }, { once: true });
  });
}
