import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from './decorators.js';
import { formatBytes, rejection, tooManyFiles } from '../core/checks.js';
import { DEFAULT_UPLOAD_ENDPOINT } from '../core/client.js';
import { format } from '../core/messages.js';
import { UPLOAD_PARAM_NAMES, type Authenticator, type ImageKitFile, type Extension, type ResponseField, type UploadParams, type UploadTransformation } from '../core/types.js';
import { UploadQueue, type BeforeUpload, type RejectedFile, type UploadItem, type UploadQueueOptions } from '../core/queue.js';
import type { ResizeOptions } from '../core/resize/index.js';
import type { QueueResizer, ResizingBeforeUpload, ResizingFileParams } from '../core/resize/queue-resizer.js';
import { byteSize, jsonAttribute, optionalBoolean, optionalInteger, optionalNumber, optionalString } from './converters.js';
import { droppedFolders, relativePath } from './drop.js';
import { en, LOCALES, type IkStrings } from './strings.js';
import type { Thumbnails } from './thumbnails.js';
import { styles } from './ik-uploader.styles.js';
import { storedFiles } from './stored.js';
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
 * @fires ik-upload-retry - `{ id, file, error, delayMs }`: an attempt failed and will be retried.
 * @fires ik-upload-success - `{ id, file, response, requestId }`: the server's JSON file object, unchanged.
 * @fires ik-upload-error - `{ id, file, error: { code, message, status?, help?, requestId? } }`: the upload failed for good.
 * @fires ik-complete - `{ successful, failed }`: the queue went idle.
 * @fires ik-change - `{ value }`: the form value changed (a file finished uploading or was removed, or the form was reset); `value` is the array of values.
 * @fires input - A plain `Event`, with every `ik-change`, as a native input fires it (Vue's `v-model` listens to it). Setting `value` fires none.
 * @fires change - A plain `Event`, with every `ik-change` (Vue's `v-model.lazy`).
 * @attr drop-target - `page` to take files dropped anywhere on the page, not only on the element.
 * @attr paste-target - `page` to take files pasted anywhere on the page, not only while the element has focus.
 * @attr keep-folders - Files from a dropped folder keep its tree: `folder` + their path inside it.
 * @attr capture - Passed to the file input: `user` or `environment` opens a phone's camera.
 * @attr theme - `light`, `dark` or `auto` (the system's); unset follows the page's `color-scheme`.
 * @attr compact - A one-line drop zone, for a single-image field in a form.
 * @attr name - The form field's name: each uploaded file adds one entry to the form's data.
 * @attr form-value - What each entry holds: `url` (default), `fileId`, `filePath` or `json` (the whole file object).
 * @attr required - The form cannot be submitted until a file is uploaded.
 * @attr min-files - The form cannot be submitted with fewer uploaded files.
 * @attr value - Files uploaded earlier, listed as done (the `defaultValue` property): one URL, or a JSON array of URLs or ImageKit file objects. `form.reset()` goes back to the last value set, by this attribute or the `value` property.
 * @attr disabled - No files can be added (a disabled `<fieldset>` does the same).
 * @attr locale - The language of its words: `en` (built in), `de`, `ar`, or any added to `IkUploader.locales`; default: the nearest `lang`.
 * @slot - The drop zone's label.
 * @slot icon - The drop zone's icon.
 * @csspart drop-zone - The button that opens the file picker and takes drops.
 * @csspart icon - The drop zone's icon.
 * @csspart label - The drop zone's label.
 * @csspart hint - The line naming the limits.
 * @csspart summary - Overall progress: the line of text and its bar.
 * @csspart summary-text - "3 of 10 uploaded · 1.2 MB/s · 4 s left".
 * @csspart list - The list of files.
 * @csspart file - One file's row (`data-state` is queued, authorising, uploading, done, failed, canceled or rejected).
 * @csspart thumbnail - A file's thumbnail (a canvas for images, an icon otherwise).
 * @csspart file-name - A file's name, as text.
 * @csspart file-size - A file's size; "4.7 MB → 612 KB" once resized.
 * @csspart progress - A progress bar's track (`role=progressbar`), a file's or the summary's.
 * @csspart progress-bar - The filled part of a progress bar.
 * @csspart status - A file's state or error message.
 * @csspart actions - A file's buttons.
 * @csspart button - Every file button; also `cancel-button`, `retry-button`, `remove-button`.
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
 * @cssprop --ik-thumb-size - Thumbnail size (default 2.5rem).
 * @cssprop --ik-list-max-height - The list scrolls past this height (default 24rem).
 */
export class IkUploader extends LitElement {
  static override styles = styles;
  /** A form control: its uploaded files are its value (ElementInternals). */
  static formAssociated = true;
  /** Dictionaries by language code; add your own, or replace words with the `strings` property. */
  static locales: Record<string, Partial<IkStrings>> = { en };

  readonly #queue: UploadQueue;
  #progressOnly = false;
  #frame?: ReturnType<typeof setTimeout>;
  /** Loaded on first need: resizing is a third of the CDN file's weight, and most pages never resize. */
  #resizer?: QueueResizer;
  #unwatch?: () => void;
  /** Loaded with the first image row (on demand, like the locales: the CDN file has a size budget). */
  #thumbs?: Promise<Thumbnails>;
  readonly #internals = this.attachInternals();
  /** The form value last set, to fire ik-change only on a change. */
  #value = '[]';
  /** Files uploaded earlier, last set through `value`: what form.reset() goes back to. */
  #preset: ImageKitFile[] = [];
  #formKey?: string;
  /** Bytes per second, smoothed; and the sample it was last updated from. */
  #rate = 0;
  #sample = { at: 0, sent: 0 };
  #tick?: ReturnType<typeof setTimeout>;
  /** Rows rendered: a long list grows by a page as it is scrolled near its end (or "Show more" is pressed). */
  #shown = PAGE;

  /** The latest outcome, for screen readers; progress itself is not announced. */
  @state() private announcement = '';

  /** Your ImageKit public key. */
  @property() publicKey = '';
  /** A URL the element GETs for `{ token, expire, signature }`, once per upload attempt. */
  @property() authEndpoint?: string;
  /** Returns `{ token, expire, signature }`; used instead of `auth-endpoint` when set. */
  @property({ attribute: false }) authenticator?: Authenticator;
  /** Where files are POSTed. */
  @property() uploadEndpoint = DEFAULT_UPLOAD_ENDPOINT;
  /** Largest file accepted, in bytes (the attribute also takes "5MB", "500KB"). */
  @property({ converter: byteSize }) maxFileSize?: number;
  /** Accepted types, as on `<input type=file>`. */
  @property({ converter: optionalString }) accept?: string;
  /** Allow more than one file at a time. */
  @property({ type: Boolean, reflect: true }) multiple = false;
  /** Most files in the list. */
  @property({ converter: optionalInteger }) maxFiles?: number;
  /** Most uploads in flight at once. */
  @property({ converter: optionalInteger }) concurrency?: number;
  /** Retries after a network error, 5xx or stall (default 3). */
  @property({ converter: optionalInteger }) retries?: number;
  /** First retry's delay in ms; it doubles each time, with jitter (default 1000). */
  @property({ converter: optionalInteger }) retryDelay?: number;
  /** An upload with no progress for this many ms is retried (default 30000). */
  @property({ converter: optionalInteger }) stallTimeout?: number;
  /** How long to wait for the auth endpoint or authenticator, in ms (default 10000). */
  @property({ converter: optionalInteger }) authTimeout?: number;
  /** Per-file upload parameters (and `resize` options), or `false` to skip the file. */
  @property({ attribute: false }) beforeUpload?: BeforeUpload | ResizingBeforeUpload;
  /** Turns each file into what is sent (a resized copy, say), once before its first attempt. */
  @property({ attribute: false }) prepare?: (file: File, signal: AbortSignal) => Blob | Promise<Blob>;
  /** Shrink images to at most this many pixels wide before upload (never enlarged; EXIF orientation applied). */
  @property({ converter: optionalNumber }) resizeWidth?: number;
  /** Shrink images to at most this many pixels high before upload. */
  @property({ converter: optionalNumber }) resizeHeight?: number;
  /** Encoder quality from 0 to 1 for resized JPEG and WebP images. */
  @property({ converter: optionalNumber }) resizeQuality?: number;
  /** Type of resized images, e.g. `image/webp`; by default each image keeps its own. */
  @property({ converter: optionalString }) resizeType?: string;
  /** Set while files are dragged over the drop zone. */
  @property({ type: Boolean, reflect: true }) dragging = false;
  /** Smallest image width accepted, in pixels (checked in the browser before upload). */
  @property({ converter: optionalInteger }) minImageWidth?: number;
  /** Smallest image height accepted, in pixels. */
  @property({ converter: optionalInteger }) minImageHeight?: number;
  /** Largest image width accepted, in pixels. */
  @property({ converter: optionalInteger }) maxImageWidth?: number;
  /** Largest image height accepted, in pixels. */
  @property({ converter: optionalInteger }) maxImageHeight?: number;
  /** `page` takes files dropped anywhere on the page. */
  @property({ converter: optionalString }) dropTarget?: 'page';
  /** `page` takes files pasted anywhere on the page. */
  @property({ converter: optionalString }) pasteTarget?: 'page';
  /** Files from a dropped folder go to `folder` + their path inside it, so the tree arrives as it was. */
  @property({ type: Boolean }) keepFolders = false;
  /** Passed to the file input: `user` or `environment` opens a phone's camera. */
  @property({ converter: optionalString }) capture?: string;
  /** `light`, `dark` or `auto`; unset follows the page's `color-scheme`. */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';
  /** A one-line drop zone, for a single-image field in a form. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** The form field's name; without it the element adds nothing to the form's data. */
  @property() name?: string;
  /** What each uploaded file adds to the form: `url`, `fileId`, `filePath` or `json`. */
  @property() formValue: 'url' | 'fileId' | 'filePath' | 'json' = 'url';
  /** At least one uploaded file is needed to submit the form. */
  @property({ type: Boolean }) required = false;
  /** Fewest uploaded files the form may be submitted with. */
  @property({ converter: optionalInteger }) minFiles?: number;
  /** The `value` attribute: files uploaded earlier, listed as done: one URL, or a JSON array of URLs or ImageKit file objects. Changing it sets `value`. */
  @property({ attribute: 'value', reflect: true }) defaultValue?: string;
  /** Set by a disabled `<fieldset>` or the `disabled` attribute: nothing can be added. */
  @state() private formDisabled = false;
  /** The language of the element's words; default: the nearest `lang` attribute. */
  @property({ converter: optionalString }) locale?: string;
  /** Replaces any of the element's words: a partial dictionary (see `IkUploader.locales.en` for the keys). */
  @property({ attribute: false }) strings?: Partial<IkStrings>;

  /** ImageKit's `fileName`; defaults to each file's own name. */
  @property({ converter: optionalString }) fileName?: string;
  /** ImageKit adds a `_` + 9-character suffix to the name (its default: true). */
  @property({ converter: optionalBoolean }) useUniqueFileName?: boolean;
  /** Tags: an array, or comma-separated in the attribute. */
  @property({ converter: optionalString }) tags?: string[] | string;
  /** Where files go, e.g. `/products/shirts`; created when missing. */
  @property({ converter: optionalString }) folder?: string;
  /** Mark files private (signed URLs only). */
  @property({ converter: optionalBoolean }) isPrivateFile?: boolean;
  /** Upload as draft when false (enterprise plans). */
  @property({ converter: optionalBoolean }) isPublished?: boolean;
  /** The area of interest, `x,y,width,height`. */
  @property({ converter: optionalString }) customCoordinates?: string;
  /** Extra fields in the response: an array, or comma-separated in the attribute. */
  @property({ converter: optionalString }) responseFields?: ResponseField[] | string;
  /** Extensions to run, e.g. `[{"name":"remove-bg"}]`; JSON in the attribute. */
  @property({ converter: jsonAttribute }) extensions?: Extension[];
  /** Where ImageKit reports the final status of extensions. */
  @property({ converter: optionalString }) webhookUrl?: string;
  /** With unique names off, replace a file at the same path (ImageKit's default: true). */
  @property({ converter: optionalBoolean }) overwriteFile?: boolean;
  /** On overwrite, drop the old file's AITags (ImageKit's default: true). */
  @property({ attribute: 'overwrite-ai-tags', converter: optionalBoolean }) overwriteAITags?: boolean;
  /** On overwrite without `tags`, drop the old tags (ImageKit's default: true). */
  @property({ converter: optionalBoolean }) overwriteTags?: boolean;
  /** On overwrite without `customMetadata`, drop the old values (ImageKit's default: true). */
  @property({ converter: optionalBoolean }) overwriteCustomMetadata?: boolean;
  /** Values for fields defined in your ImageKit account; a JSON object in the attribute. */
  @property({ converter: jsonAttribute }) customMetadata?: Record<string, unknown>;
  /** Pre and post transformations: `{ pre?, post? }`, JSON in the attribute. */
  @property({ converter: jsonAttribute }) transformation?: UploadTransformation;
  /** Server-side checks ImageKit runs before accepting a file, e.g. `"file.size" < "1mb"`. */
  @property({ converter: optionalString }) checks?: string;
  /** Text describing the file's contents. */
  @property({ converter: optionalString }) description?: string;

  constructor() {
    super();
    this.#queue = new UploadQueue(this.#liveOptions());
    for (const type of ['file-rejected', 'upload-start', 'upload-progress', 'upload-retry', 'upload-success', 'upload-error', 'complete']) {
      this.#queue.addEventListener(type, (event) => {
        const d = (event as CustomEvent).detail;
        const detail = type === 'complete' ? { successful: d.successful.map(flat), failed: d.failed.map(flat) } : flat(d);
        this.dispatchEvent(new CustomEvent(`ik-${type}`, { detail, ...OUT }));
      });
    }
    // Progress alone renders at most every 100 ms (XHR reports far more often, and each render
    // repaints text; the bar's transition smooths the steps); any other change renders at once.
    this.#queue.addEventListener('upload-progress', () => (this.#progressOnly = true));
    this.#queue.addEventListener('change', () => {
      if (!this.#progressOnly) return this.requestUpdate();
      this.#progressOnly = false;
      this.#frame ??= setTimeout(() => ((this.#frame = undefined), this.requestUpdate()), 100);
    });
    // A value set before the tag was defined is an own property hiding the setter: take it over.
    if (Object.hasOwn(this, 'value')) {
      const value = this.value;
      delete (this as { value?: unknown }).value;
      this.value = value;
    }
    this.#queue.addEventListener('upload-success', (e) => this.#announce('uploaded', { name: e.detail.file.name }));
    this.#queue.addEventListener('upload-error', (e) => this.#announce('uploadFailed', { name: e.detail.file.name, error: e.detail.error.message }));
  }

  /** The framework-free queue behind the element, for custom UIs and finer control. */
  get queue(): UploadQueue {
    return this.#queue;
  }

  /** Every file in the list, with its state. */
  get items(): readonly UploadItem[] {
    return this.#queue.items;
  }

  /** The resize options set on the element, only those that are set. */
  get resizeOptions(): ResizeOptions {
    const options: ResizeOptions = {};
    if (this.resizeWidth !== undefined) options.width = this.resizeWidth;
    if (this.resizeHeight !== undefined) options.height = this.resizeHeight;
    if (this.resizeQuality !== undefined) options.quality = this.resizeQuality;
    if (this.resizeType !== undefined) options.type = this.resizeType;
    return options;
  }

  /** The upload parameters set on the element, only those that are set. */
  get uploadParams(): UploadParams {
    const params: Record<string, unknown> = {};
    for (const name of UPLOAD_PARAM_NAMES) {
      const value = this[name];
      if (value !== undefined && value !== null) params[name] = value;
    }
    return params as UploadParams;
  }

  /** The form value: one entry per uploaded file, as `form-value` says (JSON text for `json`). */
  get value(): string[] {
    return this.#queue.items.flatMap((i) => {
      const r = i.state === 'done' && i.response;
      return r ? [this.formValue === 'json' ? JSON.stringify(r) : String(r[this.formValue] ?? r.url)] : [];
    });
  }

  /**
   * Lists files uploaded earlier as done, in place of every done file: ImageKit file objects, URLs,
   * their JSON text, or JSON text of such an array. Fires no event, as on a native input.
   */
  set value(files: readonly (string | Partial<ImageKitFile>)[] | string | null | undefined) {
    // Vue's v-model hands back the array it read: the same value is no change.
    if (JSON.stringify(files) === JSON.stringify(this.value)) return;
    this.#preset = storedFiles(files);
    this.#fill(this.#queue.items.filter((i) => i.state === 'done'));
  }

  /** Replaces these entries with the preset files; the user changed nothing, so no event fires. */
  #fill(old: readonly { id: string }[]) {
    for (const x of old) this.#queue.remove(x.id);
    this.#queue.addUploaded(this.#preset);
    this.#value = JSON.stringify(this.value);
  }

  /** The form this element belongs to, as for any form control. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  /** Why the form may not be submitted with this element as it is ('' when it may). */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Back to the files last set through `value` (none unless set), as an input goes back to its default. */
  formResetCallback(): void {
    const before = this.#value;
    this.#fill([...this.#queue.rejected, ...this.#queue.items]);
    this.#value = before; // a reset is the user's: if the value changed, ik-change, input and change fire
    this.announcement = '';
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** Back/forward navigation or a restored session: the files uploaded before are listed again, as done. */
  formStateRestoreCallback(state: unknown): void {
    if (typeof state !== 'string' || this.#queue.items.length) return;
    try {
      this.#queue.addUploaded(JSON.parse(state));
    } catch {
      // Not a state this element saved: nothing to restore.
    }
  }

  /** Keeps the form value, its saved state and validity in step with the list. */
  #syncForm() {
    const items = this.#queue.items;
    const value = this.value;
    const json = JSON.stringify(value);
    // Set only on a change: the saved state holds every response, and progress re-renders often.
    if (this.name + json !== this.#formKey) {
      this.#formKey = this.name + json;
      const data = new FormData();
      if (this.name) for (const v of value) data.append(this.name, v);
      this.#internals.setFormValue(data, JSON.stringify(items.flatMap((i) => (i.state === 'done' ? [i.response] : []))));
    }
    const done = value.length;
    const min = this.minFiles ?? (this.required ? 1 : 0);
    const busy = items.some((i) => i.state === 'queued' || i.state === 'authorising' || i.state === 'uploading');
    const problem = busy ? this.#t('busy') : done < min ? this.#t(min > 1 ? 'minFiles' : 'required', { n: min }) : '';
    const zone = this.renderRoot.querySelector('button') ?? undefined;
    this.#internals.setValidity(busy ? { customError: true } : { valueMissing: !!problem }, problem, zone);
    if (json !== this.#value) {
      this.#value = json;
      this.dispatchEvent(new CustomEvent('ik-change', { detail: { value }, ...OUT }));
      this.dispatchEvent(new Event('input', OUT));
      this.dispatchEvent(new Event('change', OUT));
    }
  }

  /** The `value` attribute sets `value` at once, so a value set later (by a framework, say) wins, as on an input. */
  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'value') this.value = value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate(); // thumbnails not yet drawn are watched again
    this.#unwatch = this.#queue.watchConnectivity(window);
    for (const type of ['dragenter', 'dragover', 'dragleave', 'drop', 'paste']) document.addEventListener(type, this.#onPage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    for (const type of ['dragenter', 'dragover', 'dragleave', 'drop', 'paste']) document.removeEventListener(type, this.#onPage);
    void this.#thumbs?.then((t) => t.disconnect());
    // Off the page nothing is drawn; connectedCallback's render re-arms them.
    clearTimeout(this.#tick);
    clearTimeout(this.#frame);
    this.#tick = this.#frame = undefined;
  }

  protected override willUpdate(): void {
    const code = this.#lang();
    const load = LOCALES[code];
    if (load && !IkUploader.locales[code]) {
      void load().then((m) => {
        IkUploader.locales[code] ??= m.default;
        this.requestUpdate();
      });
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('concurrency')) this.#queue.refresh();
    this.#syncForm();
    // Rows are reused by position (no keyed repeat: it costs bytes), so a canvas may now show another file.
    const canvases = this.renderRoot.querySelectorAll('canvas');
    if (!canvases.length) return;
    const byId = new Map(this.#queue.items.map((i) => [i.id, i.file]));
    void (this.#thumbs ??= import('./thumbnails.js').then((m) => new m.Thumbnails())).then((thumbs) => {
      for (const canvas of canvases) {
        const file = byId.get(canvas.closest('li')!.dataset.id!);
        if (file) thumbs.observe(canvas, file);
      }
    });
  }

  /**
   * Adds files by the same path as a drop or a pick: checked, then uploaded. With image dimension
   * limits set, images are measured first, so the files join the list a moment later.
   */
  addFiles(files: Iterable<File> | FileList): void {
    if (this.formDisabled) return;
    const list = [...(files as Iterable<File>)];
    // Without `multiple`, one file per pick or drop, as a single-file input would take.
    const taken = this.multiple ? list : list.slice(0, 1);
    for (const file of list.slice(taken.length)) this.#reject(tooManyFiles(file, 1));
    if ([this.minImageWidth, this.minImageHeight, this.maxImageWidth, this.maxImageHeight].every((v) => v === undefined)) return this.#add(taken);
    // Loaded on demand, like the locales: the CDN file has a size budget.
    void import('../core/image-checks.js').then(({ checkImage }) =>
      // The limits apply to the image as it will be stored, so after resizing.
      Promise.all(taken.map((f) => checkImage(f, this, async (size) => (this.#mayShrink(f) ? (await this.#loadResizer()).storedSize(f, size) : size)))).then((verdicts) => {
        verdicts.forEach((v, i) => v && this.#reject(rejection(taken[i]!, v.code as 'image-too-narrow', v.vars)));
        this.#add(taken.filter((_, i) => !verdicts[i]));
      }),
    );
  }

  /** Aborts one upload; nothing more is sent. */
  cancel(id: string): boolean {
    return this.#queue.cancel(id);
  }

  /** Aborts every upload still going. */
  cancelAll(): void {
    this.#queue.cancelAll();
  }

  /** Tries a failed or canceled file again. */
  retry(id: string): boolean {
    return this.#queue.retry(id);
  }

  /** Removes a file from the list, canceling it if needed. (`remove()` is the DOM's own.) */
  removeFile(id: string): boolean {
    return this.#queue.remove(id);
  }

  /** Opens the browser's file picker. */
  openPicker(): void {
    this.#input()?.click();
  }

  #input() {
    return this.renderRoot.querySelector('input');
  }

  #add(files: File[]) {
    const { added, rejected } = this.#queue.add(files);
    const words = rejected.map((r) => this.#rejection(r));
    if (added.length) words.unshift(this.#t(added.length === 1 ? 'addedOne' : 'added', { n: added.length, name: added[0]!.file.name }));
    if (words.length) this.announcement = words.join(' ');
  }

  #reject(rejection: Parameters<UploadQueue['reject']>[0]) {
    this.announcement = this.#rejection(this.#queue.reject(rejection));
  }

  #announce(key: keyof IkStrings, vars: Record<string, unknown>) {
    this.announcement = this.#t(key, vars);
  }

  /**
   * Options read from the element's properties at the moment the queue needs them: each option is
   * the property of the same name, but for these few.
   */
  #liveOptions(): UploadQueueOptions {
    const renamed: Record<string, unknown> = { authTimeoutMs: 'authTimeout', retryDelayMs: 'retryDelay', stallTimeoutMs: 'stallTimeout', params: 'uploadParams' };
    return new Proxy({}, {
      get: (_, key: string) =>
        // `resize` in a beforeUpload answer is taken out for the resizer before the queue sees it.
        key === 'beforeUpload' ? async (file: File) => {
          const answer = await this.#beforeUpload(file);
          return answer && 'resize' in answer ? (await this.#loadResizer()).beforeUpload(() => answer as ResizingFileParams)!(file) : answer;
        }
        : key === 'prepare' ? async (file: File, signal: AbortSignal) => {
          const resizer = this.#resizer ?? (this.#mayShrink(file) ? await this.#loadResizer() : undefined);
          return resizer ? resizer.prepare(this.prepare)(file, signal) : this.prepare ? this.prepare(file, signal) : file;
        }
        : key === 'sizeAfterPrepare' ? (file: File) => Boolean(this.prepare) || this.#mayShrink(file)
        : key === 'uploadEndpoint' ? this.uploadEndpoint || DEFAULT_UPLOAD_ENDPOINT
        : (this as any)[(renamed[key] as string) ?? key],
    });
  }

  /** Whether the element's resize options will shrink this file (QueueResizer.mayShrink, without loading it). */
  #mayShrink(file: File): boolean {
    // resizeOptions holds only the options that are set (hasResizeOptions, without importing it into this file).
    return Object.keys(this.resizeOptions).length > 0 && /^image\/(?!svg)/i.test(file.type);
  }

  #loadResizer(): Promise<QueueResizer> {
    return import('../core/resize/queue-resizer.js').then((m) => (this.#resizer ??= new m.QueueResizer(() => this.resizeOptions)));
  }

  /** The user's beforeUpload, then, with keep-folders, the file's folder path under `folder` (loaded on demand). */
  async #beforeUpload(file: File) {
    const own = await this.beforeUpload?.(file);
    return own === false || !this.keepFolders ? own : (await import('./folders.js')).keptFolder(relativePath(file), own, this.folder);
  }

  #onChange = () => {
    const input = this.#input()!;
    const files = [...(input.files ?? [])];
    input.value = ''; // so picking the same file again still fires change
    if (files.length) this.addFiles(files);
  };

  /**
   * Drags and pastes reach the element through the document: those inside it (anywhere on it, so a
   * near miss is not opened by the browser), and with drop-target/paste-target="page", all of them.
   */
  #onPage = (event: Event) => {
    const { type } = event;
    const page = (type === 'paste' ? this.pasteTarget : this.dropTarget) === 'page';
    if (!page && !event.composedPath().includes(this)) return;
    const dt = (event as DragEvent).dataTransfer ?? (event as ClipboardEvent).clipboardData;
    if (!dt?.types.includes('Files') || this.formDisabled) return; // text drags and pastes pass through
    event.preventDefault(); // allows the drop, and stops the browser opening the file
    if (type === 'dragleave') {
      const to = (event as DragEvent).relatedTarget as Node | null;
      // Leaving for a child is not leaving; with the page as target, only leaving the window is.
      if (!to || !(page || to === this || this.contains(to) || this.shadowRoot!.contains(to))) this.dragging = false;
    } else if (type === 'drop' || type === 'paste') {
      this.dragging = false;
      const folders = droppedFolders(dt);
      if (folders) void folders.then((files) => this.addFiles(files));
      else this.addFiles(dt.files);
    } else {
      dt.dropEffect = 'copy';
      this.dragging = true;
    }
  };

  #more = () => {
    this.#shown += PAGE;
    this.requestUpdate();
  };

  #onScroll = (event: Event) => {
    const list = event.target as HTMLElement;
    if (list.scrollTop + list.clientHeight > list.scrollHeight - 500) this.#more();
  };

  /** The language in use: `locale`, else the nearest `lang`, reduced to one we have. */
  #lang(): string {
    const wanted = (this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? 'en').toLowerCase();
    const base = wanted.split('-')[0]!;
    return wanted in IkUploader.locales || wanted in LOCALES ? wanted : base;
  }

  #t(key: keyof IkStrings, vars?: Record<string, unknown>): string {
    const words = { ...en, ...IkUploader.locales[this.#lang()], ...this.strings };
    return format(words[key], vars);
  }

  #rejection(r: RejectedFile): string {
    return r.vars ? this.#t(r.code, r.vars) : r.message;
  }

  #hint(): string {
    const parts: string[] = [];
    if (this.accept) parts.push(this.#t('accepted', { types: this.accept }));
    if (this.maxFileSize !== undefined) parts.push(this.#t('maxSize', { size: formatBytes(this.maxFileSize) }));
    if (this.maxFiles !== undefined) parts.push(this.#t(this.maxFiles === 1 ? 'maxFilesOne' : 'maxFiles', { n: this.maxFiles }));
    return parts.join(this.#t('separator'));
  }

  #status(item: UploadItem, pct: number): string {
    switch (item.state) {
      case 'queued':
        if (this.#queue.paused) return this.#t('offline');
        return item.retryAt ? this.#t('retrying', { error: item.error?.message }) : this.#t('waiting');
      case 'authorising':
        return this.#t('preparing');
      case 'uploading':
        return this.#t('uploading', { percent: pct });
      case 'done':
        return this.#t('done');
      case 'failed':
        return item.error!.message; // a failed file always has its error: the server's words, or the queue's
      case 'canceled':
        return this.#t('canceled');
    }
  }

  /** "3 of 10 uploaded · 1.2 MB/s · 4 sec left", with speed smoothed over half-second samples. */
  #summary(items: readonly UploadItem[]) {
    let total = 0, sent = 0, done = 0, counted = 0, active = false;
    for (const i of items) {
      if (i.state === 'failed' || i.state === 'canceled') continue;
      counted++;
      total += i.total;
      if (i.state === 'done') done++, (sent += i.total);
      else (sent += i.loaded), (active = true);
    }
    const now = performance.now();
    const dt = (now - this.#sample.at) / 1000;
    if (!active) this.#rate = 0;
    else if (dt >= 0.5) {
      const rate = Math.max(0, sent - this.#sample.sent) / dt;
      this.#rate = this.#sample.at && this.#rate ? this.#rate * 0.7 + rate * 0.3 : rate;
      this.#sample = { at: now, sent };
    }
    // A stalled upload sends no events: tick, so speed and time left stay honest.
    if (active) this.#tick ??= setTimeout(() => ((this.#tick = undefined), this.requestUpdate()), 1000);
    const parts = [this.#t('summary', { done, total: counted })];
    if (active && this.#rate > 0) {
      const secs = Math.ceil((total - sent) / this.#rate);
      const unit = secs < 90 ? 'second' : 'minute';
      const time = new Intl.NumberFormat(this.#lang(), { style: 'unit', unit, unitDisplay: 'short' }).format(unit === 'second' ? secs : Math.round(secs / 60));
      parts.push(this.#t('speed', { speed: formatBytes(this.#rate) }), this.#t('timeLeft', { time }));
    }
    const pct = total ? Math.round((sent / total) * 100) : 0;
    return html`<div part="summary" class="summary">
      <span part="summary-text">${parts.join(' · ')}</span>
      ${this.#bar(pct, this.#t('total'))}
    </div>`;
  }

  #bar(pct: number, label: string) {
    return html`<div part="progress" class="progress" role="progressbar" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct}>
      <div part="progress-bar" class="bar" style="transform:scaleX(${pct / 100})"></div>
    </div>`;
  }

  #button(action: 'cancel' | 'retry' | 'remove', name: string, id: string, path: string) {
    const label = this.#t(action, { name });
    return html`<button type="button" part="button ${action}-button" data-action=${action} aria-label=${label}
      @click=${() => {
        action === 'cancel' ? this.cancel(id) : action === 'retry' ? this.retry(id) : this.removeFile(id);
        void this.updateComplete.then(() => this.#keepFocus(id));
      }}>${icon(path)}</button>`;
  }

  /** A button that acted is often gone (Cancel becomes Retry, a removed row): focus its row's next one, or the drop zone. */
  #keepFocus(id: string) {
    if (this.shadowRoot!.activeElement) return;
    (this.renderRoot.querySelector<HTMLElement>(`[data-id="${id}"] button`) ?? this.renderRoot.querySelector('button'))!.focus();
  }

  /** `thumb`: draw the file, or show this URL (a file uploaded earlier), or neither. */
  #row(id: string, file: File, size: number | undefined, state: string, thumb: boolean | string, status: string, bar: unknown, buttons: unknown, code?: string) {
    return html`<li part="file" data-state=${state} data-id=${id}>
      <span part="thumbnail" class="thumb">${typeof thumb == 'string' ? html`<img src=${thumb} alt="" />`
        : thumb && file.type.startsWith('image/') ? html`<canvas aria-hidden="true"></canvas>` : icon(FILE)}</span>
      <span part="file-name" class="name">${file.name}</span>
      <span part="file-size" class="size" dir="ltr">${this.#size(file, size)}</span>
      <span part="actions" class="actions">${buttons}</span>
      ${bar}
      <span part="status" class="status" data-code=${code ?? nothing}>${status}</span>
    </li>`;
  }

  /** A resized file shows both sizes: "4.7 MB → 612 KB". */
  #size(file: File, size?: number): string {
    const resized = this.#resizer?.result(file);
    return resized?.resized ? `${formatBytes(file.size)} → ${formatBytes(resized.file.size)}` : size == null ? '' : formatBytes(size);
  }

  #renderItem(item: UploadItem) {
    // A finished upload shows a full bar: the last progress event can fall short of the total.
    const pct = item.state === 'done' ? 100 : item.total ? Math.round((item.loaded / item.total) * 100) : 0;
    const active = item.state === 'queued' || item.state === 'authorising' || item.state === 'uploading';
    const name = item.file.name;
    const bar = active || item.state === 'done' ? this.#bar(pct, this.#t('progress', { name })) : nothing;
    const r = item.response;
    // Never sent from here (set through `value`, or restored): the stored file's own thumbnail.
    const thumb = r && !item.attempts ? r.fileType != 'non-image' && (r.thumbnailUrl ?? r.url) : true;
    return this.#row(item.id, item.file, r ? r.size : item.file.size, item.state, thumb, this.#status(item, pct), bar, [
      active ? this.#button('cancel', name, item.id, X) : nothing,
      item.state === 'failed' || item.state === 'canceled' ? this.#button('retry', name, item.id, RETRY) : nothing,
      active ? nothing : this.#button('remove', name, item.id, X),
    ]);
  }

  #renderRejected(r: RejectedFile) {
    return this.#row(r.id, r.file, r.file.size, 'rejected', false, this.#t('notUploaded', { message: this.#rejection(r) }), nothing,
      this.#button('remove', r.file.name, r.id, X), r.code);
  }

  override render() {
    const items = this.#queue.items;
    // Files listed through `value` were never sent from here: they are not in the progress summary.
    const sent = items.filter((i) => i.attempts || i.state != 'done');
    const rejected = this.#queue.rejected;
    const hint = this.#hint();
    const one = !this.multiple;
    // Rejections first: they need the reader's attention, and a later upload does not bury them.
    const all = [...rejected, ...items];
    const more = all.length - this.#shown;
    return html`
      <input type="file" hidden tabindex="-1" ?multiple=${this.multiple} accept=${this.accept ?? nothing} capture=${this.capture ?? nothing} @change=${this.#onChange} @input=${stop} />
      <button type="button" class="zone" part="drop-zone" ?disabled=${this.formDisabled} @click=${this.openPicker}>
        <span part="icon" class="icon"><slot name="icon">${icon(UPLOAD)}</slot></span>
        <span part="label"><slot>${this.#t(one ? 'dropOne' : 'drop')} <span class="choose">${this.#t(one ? 'chooseOne' : 'choose')}</span></slot></span>
        ${hint ? html`<span part="hint" class="hint">${hint}</span>` : nothing}
      </button>
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${sent.length ? this.#summary(sent) : nothing}
      ${all.length
        ? html`<ul part="list" aria-label=${this.#t('list')} @scroll=${this.#onScroll}>
            ${all.slice(0, this.#shown).map((x) => ('state' in x ? this.#renderItem(x) : this.#renderRejected(x)))}
            ${more > 0 ? html`<li><button type="button" part="button more-button" class="more" @click=${this.#more}>${this.#t('more', { n: more })}</button></li>` : nothing}
          </ul>`
        : nothing}
    `;
  }
}

/** A queue event's detail as the element's event carries it: the item's id, not the item. */
const flat = ({ item, vars, ...rest }: any) => (item ? { id: item.id, ...rest } : rest);

/** Every event the element fires bubbles out of its shadow root, as an input's do. */
const OUT = { bubbles: true, composed: true };

/** Rows rendered at first, and added per page: enough to fill any screen, few enough to render at once. */
const PAGE = 100;

// 24×24 stroked icons: upload, a file, × (cancel, remove), retry.
const UPLOAD = 'M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M4 15v4h16v-4';
const FILE = 'M14 3H6v18h12V7zm0 0v4h4';
const X = 'M6 6l12 12M18 6L6 18';
const RETRY = 'M4 12a8 8 0 1 0 2.5-5.8M4 4v5h5';

/** The file input's own `input` event is composed: it would escape as an input event with no change of value. */
const stop = (e: Event) => e.stopPropagation();

const icon = (d: string) =>
  html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}></path></svg>`;
