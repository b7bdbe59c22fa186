// What the on-demand parts of editing (rows.ts and the dialogs) get from the element's
// EditController. Types only: the controller implements it, the chunks read it, and neither
// imports the other's module for it.
import type { ReactiveControllerHost } from 'lit';
import type { UploadQueue } from '../core/queue.js';
import type { ResizeOptions } from '../core/resize/types.js';
import type { FileParams } from '../core/stages.js';
import type { UploadParams } from '../core/types.js';
import type { Translate } from './controllers/localize.js';
import type { Lit } from './lit-kit.js';
import type { editable, movable } from './templates/menu.js';

export interface EditHost extends ReactiveControllerHost, HTMLElement {
  cropAspect?: string;
  readonly uploadParams: UploadParams;
  readonly resizeOptions: ResizeOptions;
}

/** What can be edited: the details (name, alt text, tags) or the image (crop, rotation, focus). */
export type EditView = 'details' | 'image';

export interface EditContext {
  /** The menu or dialog open now, rendered by the element. */
  node?: HTMLElement;
  readonly lit: Lit;
  readonly editable: typeof editable;
  readonly movable: typeof movable;
  readonly host: EditHost;
  readonly queue: UploadQueue;
  readonly t: Translate;
  readonly say: (words: string) => void;
  /** The on-demand words' English joins the element's (a locale file has them all). */
  words(words: object): void;
  /** Opens a file's dialog, one at a time; resolves with its own parameters as saved, or undefined when canceled. */
  open(target: File | string, view: EditView): Promise<FileParams | undefined>;
  /** Renders `node` in the element (or none), and resolves once it is in place. */
  mount(node?: HTMLElement): Promise<unknown>;
}
