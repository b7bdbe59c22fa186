import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UploadItem, UploadQueue } from '../../core/queue.js';
import type { Thumbnails } from '../thumbnails.js';

/**
 * Hands the rows' canvases to Thumbnails (thumbnails.ts), which draws them as they come into view.
 * Loaded on demand: with the first image listed (`warm`, so its chunk and worker start before the
 * first render), or else the first render with a canvas.
 */
export class Previews implements ReactiveController {
  #thumbs?: Promise<Thumbnails>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly queue: UploadQueue,
  ) {
    host.addController(this);
  }

  /** Starts loading the thumbnails' chunk and worker if these files hold an image. */
  warm(added: readonly UploadItem[]): void {
    if (!this.#thumbs && added.some((item) => item.file.type.startsWith('image/'))) void this.#load();
  }

  hostUpdated(): void {
    // Rows are reused by position (no keyed repeat: it costs bytes), so a canvas may now show another file.
    const canvases = this.host.shadowRoot!.querySelectorAll('canvas');
    if (!canvases.length) return;
    void this.#load().then((thumbs) => {
      for (const canvas of canvases) {
        const item = this.queue.get(canvas.closest('li')!.dataset.id!);
        if (item) thumbs.observe(canvas, item.file);
      }
    });
  }

  hostDisconnected(): void {
    void this.#thumbs?.then((t) => t.disconnect());
  }

  #load(): Promise<Thumbnails> {
    return (this.#thumbs ??= import('../thumbnails.js').then((m) => new m.Thumbnails()));
  }
}
