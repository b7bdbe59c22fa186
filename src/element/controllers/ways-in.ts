import type { ReactiveController } from 'lit';
import type { UploadQueue } from '../../core/queue.js';
import type { Lit } from '../lit-kit.js';
import type { Restore, RestoreHost } from '../restore.js';
import type { Sources, SourcesHost } from '../sources.js';
import type { Translate } from './localize.js';
import type { Parts } from './parts.js';

/**
 * What a part renders with, handed over by the element (the edit controller has them): Lit's own
 * parts, since a chunk that imported Lit would split it out of the CDN file, and `words` to add
 * the part's English words to the element's (a locale file has them all already).
 */
export interface Kit {
  lit: Lit;
  words(words: object): void;
}

/** A part as `Parts` holds it (one that brings no styles or words of its own). */
type Loaded<T> = T & { words?: object };

/**
 * The ways in beside picking, dropping and pasting: the link field and the camera (`sources`), and
 * the files kept across a reload (`restore`), each a part loaded when first asked for (the CDN
 * file has a size budget).
 */
export class WaysIn implements ReactiveController {
  constructor(
    private readonly host: SourcesHost & RestoreHost,
    private readonly parts: Parts,
    private readonly queue: UploadQueue,
    private readonly t: Translate,
    private readonly kit: Kit,
  ) {
    host.addController(this);
  }

  /** The link field and the camera, when `sources` names them (undefined until loaded). */
  get #sources() {
    const { host, t, kit } = this;
    return /\b(url|camera)\b/.test(host.sources) ? this.parts.get('sources', () => import('../sources.js').then((m) => new m.Sources(host, t, kit) as Loaded<Sources>)) : undefined;
  }

  /** The drop zone shows, and files may be dropped and pasted: `sources` offers the device's files, and the camera view is not open in its place. */
  get zone(): boolean {
    return /\bdevice\b/.test(this.host.sources) && !this.#sources?.open;
  }

  hostDisconnected(): void {
    this.#sources?.disconnected(); // the camera's tracks stop with the element
  }

  render(disabled: boolean): unknown[] {
    const { host, t, kit } = this;
    const restore = host.restore != null ? this.parts.get('restore', () => import('../restore.js').then((m) => new m.Restore(host, this.queue, t, kit) as Loaded<Restore>)) : undefined;
    return [this.#sources?.render(disabled), restore?.render()];
  }
}
