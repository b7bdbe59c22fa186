/**
 * Draws image thumbnails into canvases only once their row comes near the viewport, so a list of
 * 1,000 files decodes a screenful. createImageBitmap decodes and scales off the main thread, and
 * the small bitmap is handed to the canvas, so no object URL or full-size image is kept.
 */
export class Thumbnails {
  /** The file each canvas is drawing or has drawn. */
  #files = new WeakMap<Element, File>();
  #io?: IntersectionObserver;

  /** Draws `file` into `canvas` once it is near the viewport; a canvas already on it is left alone. */
  observe(canvas: HTMLCanvasElement, file: File): void {
    if (this.#files.get(canvas) === file) return;
    this.#files.set(canvas, file);
    delete canvas.dataset.ready;
    this.#io ??= new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        this.#io!.unobserve(e.target);
        void this.#draw(e.target as HTMLCanvasElement);
      }
    }, { rootMargin: '200px' });
    this.#io.observe(canvas);
  }

  /** Stops watching; every canvas is taken up again when observed again. */
  disconnect(): void {
    this.#io?.disconnect();
    this.#io = undefined;
    this.#files = new WeakMap();
  }

  async #draw(canvas: HTMLCanvasElement) {
    const file = this.#files.get(canvas)!;
    try {
      const bitmap = await createImageBitmap(file, { resizeWidth: 96, resizeQuality: 'medium' });
      if (this.#files.get(canvas) !== file) return bitmap.close(); // the row shows another file now
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('bitmaprenderer')!.transferFromImageBitmap(bitmap);
      canvas.dataset.ready = ''; // tests count these to see that only visible rows were decoded
    } catch {
      // Not decodable here (HEIC, a broken file): the row keeps an empty tile.
    }
  }
}
