import type { UploadItem, UploadQueue } from '../../core/queue.js';
import type { UploadMode } from '../../core/types.js';
import type { LocalizeController, Translate } from '../controllers/localize.js';

/** What a button does: to one file (by id), or to the list (bulk actions, no id). */
export type Action = 'cancel' | 'retry' | 'remove' | 'replace' | 'start' | 'cancel-all' | 'retry-all' | 'clear';

/** What the templates read and call: the element's state for this render, and its handlers. */
export interface View {
  t: Translate;
  /** The language: `l.fmt` writes numbers, sizes and durations, `l.rejection` words a rejection. */
  l: LocalizeController;
  multiple: boolean;
  compact: boolean;
  upload: UploadMode;
  /** A named form field: its done files are its value, so "Clear finished" is not offered. */
  named: boolean;
  accept?: string;
  capture?: string;
  maxFileSize?: number;
  maxFiles?: number;
  /** Most bytes of all listed files together, said in the hint. */
  maxTotalSize?: number;
  /** Attempts a file gets before it fails: retries + 1. */
  attempts: number;
  disabled: boolean;
  /** The drop zone shows (`sources` names `device`, and the camera is not open in its place). */
  device: boolean;
  /** The other ways in that `sources` names: the link field, the camera (loaded on demand). */
  sources: unknown;
  /** Offline or paused: waiting files say so. */
  paused: boolean;
  items: readonly UploadItem[];
  /** The header's bulk buttons act on it. */
  queue: UploadQueue;
  /** Bytes per second while files move; 0 once nothing has moved for a while. */
  rate: number;
  /** Rows rendered; the rest behind "Show more". */
  shown: number;
  announcement: string;
  /** The panel's on-demand part (header, file kinds), once loaded. */
  panel?: typeof import('./panel.js');
  act(action: Action, id?: string): void;
  pick(): void;
  picked(event: Event): void;
  more(): void;
  scrolled(event: Event): void;
  /** Opens a file's menu by its button. */
  menu(id: string, button: HTMLElement): void;
  /** The list's drag events, for putting rows in order. */
  drag(event: DragEvent): void;
  /** How many files can be put in order. */
  movable: number;
  /** A file's name as it will be stored: its own `fileName`, once edited, else its name. */
  name(item: UploadItem): string;
}
