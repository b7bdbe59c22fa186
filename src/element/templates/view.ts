import type { UploadItem } from '../../core/queue.js';
import type { LocalizeController, Translate } from '../controllers/localize.js';

export type Action = 'cancel' | 'retry' | 'remove';

/** What the templates read and call: the element's state for this render, and its handlers. */
export interface View {
  t: Translate;
  /** The language: `l.fmt` writes numbers, sizes and durations, `l.rejection` words a rejection. */
  l: LocalizeController;
  multiple: boolean;
  accept?: string;
  capture?: string;
  maxFileSize?: number;
  maxFiles?: number;
  disabled: boolean;
  /** Offline or paused: waiting files say so. */
  paused: boolean;
  items: readonly UploadItem[];
  /** Rows rendered; the rest behind "Show more". */
  shown: number;
  announcement: string;
  act(action: Action, id: string): void;
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
  /** "4.7 MB → 612 KB" once resized. */
  size(item: UploadItem): string;
}
