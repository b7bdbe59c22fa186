import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AddedFile } from '../../core/queue.js';

interface Host extends ReactiveControllerHost, HTMLElement {
  dropTarget?: 'page';
  pasteTarget?: 'page';
  dragging: boolean;
}

const DRAGS = ['dragenter', 'dragover', 'dragleave', 'drop'] as const;

/**
 * Drops and pastes: on the element itself, or anywhere on the page with `drop-target="page"` /
 * `paste-target="page"` (only then does it listen on `document`). A dropped folder is walked,
 * each file keeping its path inside it.
 */
export class DropController implements ReactiveController {
  #drops?: EventTarget;
  #pastes?: EventTarget;

  constructor(
    private readonly host: Host,
    private readonly take: (files: AddedFile[]) => void,
    private readonly disabled: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#listen();
  }

  hostUpdated(): void {
    this.#listen(); // drop-target or paste-target may have changed
  }

  hostDisconnected(): void {
    this.#listen(true);
  }

  #listen(off = false) {
    const drops = off ? undefined : this.host.dropTarget === 'page' ? document : this.host;
    const pastes = off ? undefined : this.host.pasteTarget === 'page' ? document : this.host;
    if (drops !== this.#drops) {
      for (const type of DRAGS) this.#drops?.removeEventListener(type, this.#onDrag), drops?.addEventListener(type, this.#onDrag);
      this.#drops = drops;
    }
    if (pastes !== this.#pastes) {
      this.#pastes?.removeEventListener('paste', this.#onDrag);
      pastes?.addEventListener('paste', this.#onDrag);
      this.#pastes = pastes;
    }
  }

  #onDrag = (event: Event) => {
    const { type } = event;
    const dt = (event as DragEvent).dataTransfer ?? (event as ClipboardEvent).clipboardData;
    if (!dt?.types.includes('Files') || this.disabled()) return; // text drags and pastes pass through
    event.preventDefault(); // allows the drop, and stops the browser opening the file
    const host = this.host;
    if (type === 'dragleave') {
      const to = (event as DragEvent).relatedTarget as Node | null;
      // Leaving for a child is not leaving; with the page as target, only leaving the window is.
      const page = this.#drops === document;
      if (!to || !(page || to === host || host.contains(to) || host.shadowRoot!.contains(to))) host.dragging = false;
    } else if (type === 'drop' || type === 'paste') {
      host.dragging = false;
      void filesOf(dt).then(this.take);
    } else {
      dt.dropEffect = 'copy';
      host.dragging = true;
    }
  };
}

/**
 * The files in a drop, folders walked recursively, each with its path inside the drop. Entries must
 * be taken during the event itself, so this reads them at once; the walk loads on demand (folder
 * drops are rare, and the CDN file has a size budget).
 */
function filesOf(dt: DataTransfer): Promise<AddedFile[]> {
  const entries = [...dt.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.some((e) => e.isDirectory)) return Promise.resolve([...dt.files].map((file) => ({ file })));
  return import('../folders.js').then(async ({ walk }) =>
    (await Promise.all(entries.map(walk))).flat().map(([file, path]) => ({ file, path })),
  );
}
