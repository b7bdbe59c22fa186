import { html, nothing, type PropertyValues } from 'lit';
import { UploadQueue, type AddedFile, type UploadItem } from '../core/queue.js';
import type { CompleteDetail } from '../core/events.js';
import type { FileParams } from '../core/stages.js';
import type { ImageKitFile } from '../core/types.js';
import { DropController } from './controllers/drop.js';
import { EditController, type EditView } from './controllers/edit.js';
import { FormController } from './controllers/form.js';
import { LocalizeController } from './controllers/localize.js';
import { Paging } from './controllers/paging.js';
import { Parts } from './controllers/parts.js';
import { Previews } from './controllers/previews.js';
import { QueueView } from './controllers/queue-view.js';
import { WaysIn } from './controllers/ways-in.js';
import { UploaderProperties } from './properties.js';
import { en, type IkStrings } from './strings.js';
import { styles } from './ik-uploader.styles.js';
import { kit, list } from './templates/list.js';
import { movable } from './templates/menu.js';
import type { View } from './templates/view.js';
import { zone } from './templates/zone.js';
import './events.js'; // the typed ik-* events on every HTMLElement

/**
 * Uploads files from the browser straight to ImageKit.io: a drop zone that is also a button,
 * checks before any byte is sent, fresh auth per attempt, retries, and a list of files with
 * thumbnails, progress, speed and time left. Files come in by picking, dropping on the element
 * (or the page, with `drop-target="page"`), folders included, pasting, or `addFiles()`.
 *
 * @summary Drop-in ImageKit uploader.
 * @fires ik-file-rejected - `{ id, file, code, message }`: a file failed a check and was not sent.
 * @fires ik-upload-start - `{ id, file }`: a file's upload begins.
 * @fires ik-upload-progress - `{ id, file, loaded, total }`: bytes sent so far.
 * @fires ik-upload-retry - `{ id, file, error, delayMs, attempt }`: an attempt failed and will be retried.
 * @fires ik-upload-success - `{ id, file, response, requestId }`: the server's JSON file object, unchanged.
 * @fires ik-upload-error - `{ id, file, error: { code, message, status?, help?, requestId? } }`: the upload failed for good.
 * @fires ik-complete - `{ successful, failed }`: the queue went idle.
 * @fires ik-change - `{ value }`: the form value changed (a file finished uploading or was removed, or the form was reset); `value` is the array of values.
 * @fires input - A plain `Event`, with every `ik-change`, as a native input fires it (Vue's `v-model` listens to it). Setting `value` fires none.
 * @fires change - A plain `Event`, with every `ik-change` (Vue's `v-model.lazy`).
 * @attr disabled - No files can be added (a disabled `<fieldset>` does the same).
 * @slot - The drop zone's label.
 * @slot icon - The drop zone's icon.
 * @csspart drop-zone - The button that opens the file picker and takes drops.
 * @csspart icon - The drop zone's icon.
 * @csspart label - The drop zone's label.
 * @csspart hint - The line naming the limits.
 * @csspart drop-overlay - "Drop to upload", over the element while files are dragged over it.
 * @csspart summary - The list's header: status line, overall bar while files move, and `cancel-all-button`, `retry-all-button`, `clear-button`, `start-button` (manual mode).
 * @csspart summary-text - "3 of 5 uploaded · 1 failed · 4.2 MB of 9.8 MB · 12 s left".
 * @csspart list - The list of files.
 * @csspart file - One file's row (`data-state` is waiting, queued, preparing, authorizing, uploading, done, failed, canceled or rejected).
 * @csspart thumbnail - A file's preview (a canvas for images, its kind's icon otherwise) and its badge once done, failed or refused.
 * @csspart file-name - A file's name, as text.
 * @csspart file-size - A file's size; "4.7 MB → 612 KB" once resized.
 * @csspart progress - A progress bar's track (`role=progressbar`), a file's or the summary's.
 * @csspart progress-bar - The filled part of a progress bar.
 * @csspart status - A file's state, or in a few words why it failed or was refused.
 * @csspart actions - A file's buttons.
 * @csspart button - Every button; also `cancel-button`, `retry-button`, `remove-button`, `replace-button` (compact), `more-button`.
 * @csspart menu-button - A file's menu button (edit its details or image, move it); `menu` is the menu it opens.
 * @cssprop --ik-font - Font (default: inherited).
 * @cssprop --ik-fg - Text colour.
 * @cssprop --ik-muted - Secondary text colour.
 * @cssprop --ik-bg - Background of the list.
 * @cssprop --ik-surface - Background of the drop zone.
 * @cssprop --ik-border - Lines between rows and around the list.
 * @cssprop --ik-zone-border - The drop zone's dashed border.
 * @cssprop --ik-accent - Focus ring, drag-over, links and progress colour.
 * @cssprop --ik-error - Colour of errors and rejections.
 * @cssprop --ik-success - Colour of a finished upload.
 * @cssprop --ik-radius - Corner radius.
 * @cssprop --ik-gap - Base spacing.
 * @cssprop --ik-thumb-size - Preview size in the list (default 3.5rem; `--ik-tile-size`, 8.5rem, in the grid).
 * @cssprop --ik-list-max-height - The list scrolls past this height (default 26rem).
 */
export class IkUploader extends UploaderProperties {
  static override styles = styles;
  /** A form control: its uploaded files are its value (ElementInternals). */
  static formAssociated = true;
  /** Dictionaries by language code; add your own, or replace words with the `strings` property. */
  static locales: Record<string, Partial<IkStrings>> = { en };

  readonly #queue = new UploadQueue(this);
  readonly #localize = new LocalizeController(this, IkUploader.locales);
  readonly #form = new FormController(this, this.attachInternals(), this.#queue, this.#localize.t);
  readonly #view = new QueueView(this, this.#queue, this.#localize, () => this.#form.disabled, () => this.#parts.load('panel', panel));
  readonly #edit = new EditController(this, this.#queue, this.#localize.t, (w) => this.#view.say(w));
  readonly #parts = new Parts(this);
  readonly #waysIn = new WaysIn(this, this.#parts, this.#queue, this.#localize.t, this.#edit);
  #unwatch?: () => void;
  /** Files not yet listed (see #add). */
  #waiting: AddedFile[] = [];
  readonly #previews = new Previews(this, this.#queue);
  readonly #paging = new Paging(this, () => this.#queue.items.length);

  constructor() {
    super();
    new DropController(this, (files) => this.#add(files), () => this.#form.disabled || !this.#waysIn.zone);
    // A value set before the tag was defined is an own property hiding the setter: take it over.
    if (Object.hasOwn(this, 'value')) {
      const value = this.value;
      delete (this as { value?: unknown }).value;
      this.value = value;
    }
  }

  /** The framework-free queue behind the element, for custom UIs and finer control. */
  get queue(): UploadQueue {
    return this.#queue;
  }

  /** Every file in the list, with its state (rejected ones included). */
  get items(): readonly UploadItem[] {
    return this.#queue.items;
  }

  /** The form value: one entry per uploaded file, as `form-value` says (JSON text for `json`). */
  get value(): string[] {
    return this.#form.value;
  }

  /**
   * Lists files uploaded earlier as done, in place of every done file: ImageKit file objects, URLs,
   * their JSON text, or JSON text of such an array. Fires no event, as on a native input.
   */
  set value(files: readonly (string | Partial<ImageKitFile>)[] | string | null | undefined) {
    this.#now(this.#form.value = files);
  }

  /** The form this element belongs to, as for any form control. */
  get form(): HTMLFormElement | null {
    return this.#form.internals.form;
  }

  /** Why the form may not be submitted with this element as it is ('' when it may). */
  get validationMessage(): string {
    return this.#form.internals.validationMessage;
  }

  checkValidity(): boolean { return this.#form.internals.checkValidity(); }

  reportValidity(): boolean { return this.#form.internals.reportValidity(); }

  formResetCallback(): void {
    this.#now(this.#form.reset());
    this.#view.announcement = '';
  }

  formDisabledCallback(disabled: boolean): void { this.#form.disabled = disabled; this.requestUpdate(); }

  formStateRestoreCallback(state: unknown): void { this.#form.restore(state); }

  /** The `value` attribute sets `value` at once, so a value set later (by a framework, say) wins, as on an input. */
  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'value') this.value = value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unwatch = this.#queue.watchConnectivity(window);
    // In idle time, what the first files need: the header's part, and the browser's number data (loaded in a worker).
    (window.requestIdleCallback ?? setTimeout)(() => void this.#parts.load('panel', panel).then((p) => p.warmNumbers(this.#localize.lang)));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
  }

  /** Renders what the queue changed so far; also waits for the on-demand parts a render asked for (a failed row's words, the header), and the render with them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    this.#view.flush();
    await super.getUpdateComplete();
    await this.#parts.settled;
    return super.getUpdateComplete();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.size) this.#form.invalidate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('concurrency')) this.#queue.refresh();
  }

  /** Adds files by the same path as a drop or a pick: checked, then listed, 2,000 a task (and uploaded, unless `upload` says to wait). */
  addFiles(files: Iterable<File> | FileList): void {
    this.#add([...(files as Iterable<File>)].map((file) => ({ file, path: file.webkitRelativePath })));
  }

  /** Adds links that ImageKit fetches itself (only http: and https:), checked and listed as files are; resolves once they are listed. */
  addUrls(urls: Iterable<string>): Promise<void> {
    const links = [...urls];
    return this.#parts.load('links', () => import('./links.js')).then((m) => this.#add(links.map(m.linkFile)));
  }

  /** Starts every waiting file; resolves with what finished when the queue is next idle. */
  startUpload(): Promise<CompleteDetail> {
    return this.#queue.start();
  }

  /** Aborts one upload; nothing more is sent. */
  cancel(id: string): boolean {
    return this.#now(this.#queue.cancel(id));
  }

  /** Aborts every upload still going. */
  cancelAll(): void {
    this.#now(this.#queue.cancelAll());
  }

  /** Tries a failed or canceled file again. */
  retry(id: string): boolean {
    return this.#now(this.#queue.retry(id));
  }

  /** Removes a file from the list, canceling it if needed. (`remove()` is the DOM's own.) */
  removeFile(id: string): boolean {
    return this.#now(this.#queue.remove(id));
  }

  /** Moves a file to `index` in `items`: the list, the form value and `value` follow. */
  moveFile(id: string, index: number): boolean {
    return this.#now(this.#queue.move(id, index));
  }

  /**
   * Opens the details dialog (name, alt text, tags) or the image editor (crop, rotation, area of
   * interest) for a file not yet started, by id or File; resolves with its parameters as saved, or
   * undefined when canceled. `beforeUpload = (file) => el.editFile(file)` asks before each upload.
   */
  editFile(file: File | string, view: EditView = 'details'): Promise<FileParams | undefined> {
    return this.#edit.open(file, view);
  }

  /** Opens the browser's file picker. */
  openPicker(): void {
    this.renderRoot.querySelector('input')?.click();
  }

  /** What the page's code asked for renders at once, not with the queue's next frame (QueueView throttles the engine's changes). */
  #now<T>(result: T): T { this.#view.flush(); return result; }

  /** Checks and lists files, CHUNK a task (no task of 50 ms or more for 10,000); files added meanwhile wait their turn. */
  #add(files: AddedFile[]) {
    if (this.#form.disabled || !files.length) return;
    if ((this.#waiting = this.#waiting.concat(files)).length === files.length) this.#next(0);
  }

  #next(n: number, name?: string) {
    const { added } = this.#queue.add(this.#waiting.splice(0, this.multiple ? (n ? CHUNK : CHUNK / 4) : Infinity)); // the first while the code is cold
    this.#previews.warm(added); // the thumbnails' chunk and worker start now, not with the first render
    (n += added.length), (name ??= added[0]?.file.name);
    if (this.#waiting.length) setTimeout(() => this.#next(n, name));
    // Listed: shown at once, not with the queue's next frame, but in a task of its own (with the last chunk's, one long task).
    else if (n) {
      this.#view.say(this.#localize.t(n === 1 ? 'addedOne' : 'added', { n, name }), true);
      setTimeout(() => this.#view.flush());
    }
  }

  #picked = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = ''; // so picking the same file again still fires change
    this.addFiles(files);
  };

  override render() {
    const items = this.#queue.items;
    // The header, file kinds and the rows' finish load on demand, and the grid's styles: a grid is not shown as a list meanwhile.
    const part = items.length ? this.#parts.get('panel', panel) : undefined;
    const grid = this.view !== 'grid' || this.#parts.get('grid', () => import('./grid.styles.js'));
    const drag = this.dragging ? this.#parts.get('drag', () => import('./templates/overlay.js')) : undefined;
    const view: View = {
      t: this.#localize.t, l: this.#localize, multiple: this.multiple, compact: this.compact, upload: this.upload,
      named: !!this.name, accept: this.accept, capture: this.capture, maxFileSize: this.maxFileSize, maxFiles: this.maxFiles, maxTotalSize: this.maxTotalSize,
      attempts: (this.retries ?? 3) + 1, disabled: this.#form.disabled, paused: this.#queue.paused, items,
      queue: this.#queue, rate: this.#view.rate, shown: this.#paging.shown, announcement: this.#view.announcement,
      act: (action, id) => this.#view.act(action, id), pick: () => this.openPicker(), picked: this.#picked,
      more: this.#paging.more, scrolled: this.#paging.scrolled, panel: part, menu: this.#edit.menu, drag: this.#edit.drag,
      movable: items.filter(movable).length, name: (i) => i.own?.fileName ?? i.file.name,
      device: this.#waysIn.zone, sources: this.#waysIn.render(this.#form.disabled),
    };
    const { lang, dir } = this.#localize;
    // The element's own language and, unless a `dir` on or around it decides, its direction.
    return html`<div class="root" lang=${lang} dir=${dir ?? nothing}>${zone(view)}${drag?.overlay(view, kit)}${items.length
      ? html`<div class="panel">${part?.summary(view, kit)}${grid ? list(view) : nothing}</div>` : nothing}${this.#edit.node}</div>`;
  }
}

/** Files checked and listed in one task: about 10 ms of work (a quarter in the first, run before the JIT has warmed). */
const CHUNK = 2000;

/** The panel's on-demand part: the header, file kinds, a failure's words, the rows' finish. */
const panel = () => import('./templates/panel.js');
