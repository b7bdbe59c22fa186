import { css, html, LitElement, nothing } from 'lit';
import type { UploadQueue } from '../../core/queue.js';
import type { FileParams } from '../../core/stages.js';
import type { EditContext, EditHost, EditView } from '../edit-context.js';
import type { Lit } from '../lit-kit.js';
import { en } from '../strings.js';
import { editable, movable } from '../templates/menu.js';
import type { Translate } from './localize.js';

export type { EditHost, EditView };

/** What a dragged row carries: its file's id, under a type no drop of files or text has. */
export const ROW = 'application/x-ik-uploader-row';

/**
 * A row's menu, the order of the rows, the details dialog and the image editor: all in chunks
 * loaded when first used (rows.ts and the dialogs'), which get Lit and the element's parts from
 * here. The element renders `node`: the menu or dialog open now.
 */
export class EditController implements EditContext {
  node?: HTMLElement;
  readonly lit: Lit = { LitElement, html, css, nothing };
  readonly editable = editable;
  readonly movable = movable;
  #last: Promise<unknown> = Promise.resolve();

  constructor(
    readonly host: EditHost,
    readonly queue: UploadQueue,
    readonly t: Translate,
    readonly say: (words: string) => void,
  ) {}

  /** The on-demand words' English joins the element's (a locale file has them all). */
  words(words: object): void {
    Object.assign(en, words);
  }

  #rows = () => import('../rows.js');

  /** Opens a file's dialog, one at a time; resolves with its own parameters as saved, or undefined when canceled. */
  open(target: File | string, view: EditView): Promise<FileParams | undefined> {
    const opener = (this.host.shadowRoot!.activeElement ?? document.activeElement) as HTMLElement | null;
    const run = this.#last.then(this.#rows).then((m) => m.edit(this, target, view, opener));
    this.#last = run.catch(() => undefined);
    return run;
  }

  /** Opens a row's menu by its button. */
  menu = (id: string, button: HTMLElement) => void this.#rows().then((m) => m.menu(this, id, button));

  /**
   * The list's drag events. What must happen during the event happens here (the row's id set on
   * dragstart, the drop allowed on dragover, the id read on drop); the rest in rows.ts.
   */
  drag = (e: DragEvent) => {
    const dt = e.dataTransfer;
    const row = (e.target as Element).closest?.<HTMLElement>('li[draggable]');
    if (!dt) return;
    if (e.type === 'dragstart' && row) dt.setData(ROW, row.dataset.id!);
    else if (!dt.types.includes(ROW)) return; // files and text pass through, to the drop zone
    else if (row && e.type !== 'dragleave') {
      e.preventDefault();
      dt.dropEffect = 'move';
    }
    const id = e.type === 'drop' ? dt.getData(ROW) : '';
    void this.#rows().then((m) => m.drag(this, e, row, id));
  };

  /** Renders `node` in the element (or none), and resolves once it is in place. */
  mount(node?: HTMLElement): Promise<unknown> {
    this.node = node;
    this.host.requestUpdate();
    return this.host.updateComplete;
  }
}
