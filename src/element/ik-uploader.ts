import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { formatBytes, tooManyFiles } from '../core/checks.js';
import { DEFAULT_UPLOAD_ENDPOINT } from '../core/client.js';
import { UPLOAD_PARAM_NAMES, type Authenticator, type Extension, type ResponseField, type UploadParams, type UploadTransformation } from '../core/types.js';
import { UploadQueue, type BeforeUpload, type CompleteDetail, type ErrorDetail, type ProgressDetail, type RejectedFile, type SuccessDetail, type UploadItem, type UploadQueueOptions } from '../core/queue.js';
import { byteSize, jsonAttribute, optionalBoolean, optionalInteger, optionalString } from './converters.js';
import { styles } from './ik-uploader.styles.js';
import './events.js'; // the typed ik-* events on every HTMLElement

/**
 * Uploads files from the browser straight to ImageKit.io: a drop zone that is also a button,
 * checks before any byte is sent, fresh auth per attempt, retries, and a list of files.
 *
 * @summary Drop-in ImageKit uploader.
 * @event ik-file-rejected - `{ id, file, code, message }`: a file failed a check and was not sent.
 * @event ik-upload-start - `{ id, file }`: a file's upload begins.
 * @event ik-upload-progress - `{ id, file, loaded, total }`: bytes sent so far.
 * @event ik-upload-retry - `{ id, file, error, delayMs }`: an attempt failed and will be retried.
 * @event ik-upload-success - `{ id, file, response, requestId }`: the server's JSON file object, unchanged.
 * @event ik-upload-error - `{ id, file, error: { code, message, status?, help?, requestId? } }`: the upload failed for good.
 * @event ik-complete - `{ successful, failed }`: the queue went idle.
 * Files are added by picking, dropping anywhere on the element, pasting while it has focus, or `addFiles()`.
 * @slot - The drop zone's label.
 * @csspart drop-zone - The button that opens the file picker and takes drops.
 * @csspart hint - The line under it naming the limits.
 * @csspart list - The list of files.
 * @csspart file - One file's row (`data-state` is queued, authorising, uploading, done, failed, canceled or rejected).
 * @csspart file-name - A file's name, as text.
 * @csspart file-size - A file's size.
 * @csspart progress - A file's progress bar (`role=progressbar`).
 * @csspart status - A file's state or error message.
 * @cssproperty --ik-accent - Focus ring, drag-over and progress colour.
 * @cssproperty --ik-border - The drop zone's dashed border.
 * @cssproperty --ik-error - Colour of errors and rejections.
 * @cssproperty --ik-success - Colour of a finished upload.
 * @cssproperty --ik-radius - The drop zone's corner radius.
 */
export class IkUploader extends LitElement {
  static override styles = styles;

  readonly #queue: UploadQueue;
  #unwatch?: () => void;

  @query('input[type=file]') private input!: HTMLInputElement;
  /** The latest outcome, for screen readers; progress itself is not announced. */
  @state() private announcement = '';

  /** Your ImageKit public key. */
  @property({ attribute: 'public-key' }) publicKey = '';
  /** A URL the element GETs for `{ token, expire, signature }`, once per upload attempt. */
  @property({ attribute: 'auth-endpoint' }) authEndpoint?: string;
  /** Returns `{ token, expire, signature }`; used instead of `auth-endpoint` when set. */
  @property({ attribute: false }) authenticator?: Authenticator;
  /** Where files are POSTed. */
  @property({ attribute: 'upload-endpoint' }) uploadEndpoint = DEFAULT_UPLOAD_ENDPOINT;
  /** Largest file accepted, in bytes (the attribute also takes "5MB", "500KB"). */
  @property({ attribute: 'max-file-size', converter: byteSize }) maxFileSize?: number;
  /** Accepted types, as on `<input type=file>`. */
  @property({ converter: optionalString }) accept?: string;
  /** Allow more than one file at a time. */
  @property({ type: Boolean, reflect: true }) multiple = false;
  /** Most files in the list. */
  @property({ attribute: 'max-files', converter: optionalInteger }) maxFiles?: number;
  /** Most uploads in flight at once. */
  @property({ converter: optionalInteger }) concurrency?: number;
  /** Retries after a network error, 5xx or stall (default 3). */
  @property({ converter: optionalInteger }) retries?: number;
  /** First retry's delay in ms; it doubles each time, with jitter (default 1000). */
  @property({ attribute: 'retry-delay', converter: optionalInteger }) retryDelay?: number;
  /** An upload with no progress for this many ms is retried (default 30000). */
  @property({ attribute: 'stall-timeout', converter: optionalInteger }) stallTimeout?: number;
  /** How long to wait for the auth endpoint or authenticator, in ms (default 10000). */
  @property({ attribute: 'auth-timeout', converter: optionalInteger }) authTimeout?: number;
  /** Per-file upload parameters, or `false` to skip the file. */
  @property({ attribute: false }) beforeUpload?: BeforeUpload;
  /** Turns each file into what is sent (a resized copy, say), once before its first attempt. */
  @property({ attribute: false }) prepare?: (file: File, signal: AbortSignal) => Blob | Promise<Blob>;
  /** Set while files are dragged over the drop zone. */
  @property({ type: Boolean, reflect: true }) dragging = false;

  /** ImageKit's `fileName`; defaults to each file's own name. */
  @property({ attribute: 'file-name', converter: optionalString }) fileName?: string;
  /** ImageKit adds a `_` + 9-character suffix to the name (its default: true). */
  @property({ attribute: 'use-unique-file-name', converter: optionalBoolean }) useUniqueFileName?: boolean;
  /** Tags: an array, or comma-separated in the attribute. */
  @property({ converter: optionalString }) tags?: string[] | string;
  /** Where files go, e.g. `/products/shirts`; created when missing. */
  @property({ converter: optionalString }) folder?: string;
  /** Mark files private (signed URLs only). */
  @property({ attribute: 'is-private-file', converter: optionalBoolean }) isPrivateFile?: boolean;
  /** Upload as draft when false (enterprise plans). */
  @property({ attribute: 'is-published', converter: optionalBoolean }) isPublished?: boolean;
  /** The area of interest, `x,y,width,height`. */
  @property({ attribute: 'custom-coordinates', converter: optionalString }) customCoordinates?: string;
  /** Extra fields in the response: an array, or comma-separated in the attribute. */
  @property({ attribute: 'response-fields', converter: optionalString }) responseFields?: ResponseField[] | string;
  /** Extensions to run, e.g. `[{"name":"remove-bg"}]`; JSON in the attribute. */
  @property({ converter: jsonAttribute }) extensions?: Extension[];
  /** Where ImageKit reports the final status of extensions. */
  @property({ attribute: 'webhook-url', converter: optionalString }) webhookUrl?: string;
  /** With unique names off, replace a file at the same path (ImageKit's default: true). */
  @property({ attribute: 'overwrite-file', converter: optionalBoolean }) overwriteFile?: boolean;
  /** On overwrite, drop the old file's AITags (ImageKit's default: true). */
  @property({ attribute: 'overwrite-ai-tags', converter: optionalBoolean }) overwriteAITags?: boolean;
  /** On overwrite without `tags`, drop the old tags (ImageKit's default: true). */
  @property({ attribute: 'overwrite-tags', converter: optionalBoolean }) overwriteTags?: boolean;
  /** On overwrite without `customMetadata`, drop the old values (ImageKit's default: true). */
  @property({ attribute: 'overwrite-custom-metadata', converter: optionalBoolean }) overwriteCustomMetadata?: boolean;
  /** Values for fields defined in your ImageKit account; a JSON object in the attribute. */
  @property({ attribute: 'custom-metadata', converter: jsonAttribute }) customMetadata?: Record<string, unknown>;
  /** Pre and post transformations: `{ pre?, post? }`, JSON in the attribute. */
  @property({ converter: jsonAttribute }) transformation?: UploadTransformation;
  /** Server-side checks ImageKit runs before accepting a file, e.g. `"file.size" < "1mb"`. */
  @property({ converter: optionalString }) checks?: string;
  /** Text describing the file's contents. */
  @property({ converter: optionalString }) description?: string;

  constructor() {
    super();
    this.#queue = new UploadQueue(this.#liveOptions());
    this.#forward('file-rejected', (d: RejectedFile) => ({ id: d.id, file: d.file, code: d.code, message: d.message }));
    this.#forward('upload-start', (d: { item: UploadItem; file: File }) => ({ id: d.item.id, file: d.file }));
    this.#forward('upload-progress', (d: ProgressDetail) => ({ id: d.item.id, file: d.file, loaded: d.loaded, total: d.total }));
    this.#forward('upload-retry', (d: { item: UploadItem; file: File; error: ErrorDetail['error']; delayMs: number }) => ({ id: d.item.id, file: d.file, error: d.error, delayMs: d.delayMs }));
    this.#forward('upload-success', (d: SuccessDetail) => ({ id: d.item.id, file: d.file, response: d.response, requestId: d.requestId }));
    this.#forward('upload-error', (d: ErrorDetail) => ({ id: d.item.id, file: d.file, error: d.error }));
    this.#forward('complete', (d: CompleteDetail) => ({
      successful: d.successful.map((s) => ({ id: s.item.id, file: s.file, response: s.response, requestId: s.requestId })),
      failed: d.failed.map((f) => ({ id: f.item.id, file: f.file, error: f.error })),
    }));
    // The whole element takes drops, so a file that misses the zone is not opened by the browser.
    this.addEventListener('dragenter', this.#onDragOver);
    this.addEventListener('dragover', this.#onDragOver);
    this.addEventListener('dragleave', this.#onDragLeave);
    this.addEventListener('drop', this.#onDrop);
    this.addEventListener('paste', this.#onPaste);
    this.#queue.addEventListener('change', () => this.requestUpdate());
    this.#queue.addEventListener('upload-success', (e) => (this.announcement = `${e.detail.file.name} uploaded.`));
    this.#queue.addEventListener('upload-error', (e) => (this.announcement = `${e.detail.file.name} failed: ${e.detail.error.message}`));
    this.#queue.addEventListener('file-rejected', (e) => (this.announcement = e.detail.message));
  }

  /** The framework-free queue behind the element, for custom UIs and finer control. */
  get queue(): UploadQueue {
    return this.#queue;
  }

  /** Every file in the list, with its state. */
  get items(): readonly UploadItem[] {
    return this.#queue.items;
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

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unwatch = this.#queue.watchConnectivity(window);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('concurrency')) this.#queue.refresh();
  }

  /** Adds files by the same path as a drop or a pick: checked, then uploaded. */
  addFiles(files: Iterable<File> | FileList): void {
    const list = [...(files as Iterable<File>)];
    // Without `multiple`, one file per pick or drop, as a single-file input would take.
    const taken = this.multiple ? list : list.slice(0, 1);
    for (const file of list.slice(taken.length)) this.#queue.reject(tooManyFiles(file, 1));
    this.#queue.add(taken);
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
    this.input?.click();
  }

  /** Options read from the element's properties at the moment the queue needs them. */
  #liveOptions(): UploadQueueOptions {
    const el = this;
    return {
      get publicKey() { return el.publicKey; },
      get uploadEndpoint() { return el.uploadEndpoint || DEFAULT_UPLOAD_ENDPOINT; },
      get authEndpoint() { return el.authEndpoint; },
      get authenticator() { return el.authenticator; },
      get authTimeoutMs() { return el.authTimeout; },
      get params() { return el.uploadParams; },
      get beforeUpload() { return el.beforeUpload; },
      get prepare() { return el.prepare; },
      get concurrency() { return el.concurrency; },
      get retries() { return el.retries; },
      get retryDelayMs() { return el.retryDelay; },
      get stallTimeoutMs() { return el.stallTimeout; },
      get maxFiles() { return el.maxFiles; },
      get maxFileSize() { return el.maxFileSize; },
      get accept() { return el.accept; },
    };
  }

  #forward<D>(type: string, toDetail: (detail: D) => unknown) {
    this.#queue.addEventListener(type, (event) => {
      const detail = toDetail((event as CustomEvent<D>).detail);
      this.dispatchEvent(new CustomEvent(`ik-${type}`, { detail, bubbles: true, composed: true }));
    });
  }

  #onChange = () => {
    const files = [...(this.input.files ?? [])];
    this.input.value = ''; // so picking the same file again still fires change
    if (files.length) this.addFiles(files);
  };

  #onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  #onDragLeave = (event: DragEvent) => {
    const to = event.relatedTarget as Node | null;
    if (to && (to === this || this.contains(to) || this.shadowRoot?.contains(to))) return;
    this.dragging = false;
  };

  #onDrop = (event: DragEvent) => {
    event.preventDefault(); // otherwise the browser opens the file
    this.dragging = false;
    const files = event.dataTransfer?.files;
    if (files?.length) this.addFiles(files);
  };

  /** Files pasted while focus is in the element (a screenshot, say) are added like a drop. */
  #onPaste = (event: ClipboardEvent) => {
    const files = event.clipboardData?.files;
    if (!files?.length) return; // plain text pastes pass through
    event.preventDefault();
    this.addFiles(files);
  };

  #hint(): string {
    const parts: string[] = [];
    if (this.accept) parts.push(`Accepted: ${this.accept}`);
    if (this.maxFileSize !== undefined) parts.push(`up to ${formatBytes(this.maxFileSize)} each`);
    if (this.maxFiles !== undefined) parts.push(`at most ${this.maxFiles} ${this.maxFiles === 1 ? 'file' : 'files'}`);
    return parts.join(', ');
  }

  #status(item: UploadItem): string {
    const pct = item.total ? Math.round((item.loaded / item.total) * 100) : 0;
    switch (item.state) {
      case 'queued':
        if (this.#queue.paused) return 'Waiting for the network…';
        return item.retryAt ? `Retrying soon (${item.error?.message ?? 'temporary error'})` : 'Waiting…';
      case 'authorising':
        return 'Preparing…';
      case 'uploading':
        return `Uploading… ${pct}%`;
      case 'done':
        return 'Uploaded';
      case 'failed':
        return item.error?.message ?? 'Upload failed';
      case 'canceled':
        return 'Canceled';
    }
  }

  #renderItem(item: UploadItem) {
    const pct = item.state === 'done' ? 100 : item.total ? Math.round((item.loaded / item.total) * 100) : 0;
    const active = item.state === 'queued' || item.state === 'authorising' || item.state === 'uploading';
    const name = item.file.name;
    return html`<li part="file" data-state=${item.state} data-id=${item.id}>
      <span class="name" part="file-name">${name}</span>
      <span class="size" part="file-size">${formatBytes(item.file.size)}</span>
      <span class="actions">
        ${active
          ? html`<button type="button" data-action="cancel" aria-label=${`Cancel ${name}`} @click=${() => this.cancel(item.id)}>Cancel</button>`
          : nothing}
        ${item.state === 'failed' || item.state === 'canceled'
          ? html`<button type="button" data-action="retry" aria-label=${`Retry ${name}`} @click=${() => this.retry(item.id)}>Retry</button>`
          : nothing}
        ${active
          ? nothing
          : html`<button type="button" data-action="remove" aria-label=${`Remove ${name}`} @click=${() => this.removeFile(item.id)}>Remove</button>`}
      </span>
      <div class="progress" part="progress" role="progressbar" aria-label=${`Upload of ${name}`}
        aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct}>
        <div class="bar" style=${styleMap({ width: `${pct}%` })}></div>
      </div>
      <span class="status" part="status">${this.#status(item)}</span>
    </li>`;
  }

  #renderRejected(r: RejectedFile) {
    return html`<li part="file rejected" data-state="rejected" data-id=${r.id}>
      <span class="name" part="file-name">${r.file.name}</span>
      <span class="size" part="file-size">${formatBytes(r.file.size)}</span>
      <span class="actions">
        <button type="button" data-action="remove" aria-label=${`Remove ${r.file.name}`} @click=${() => this.removeFile(r.id)}>Remove</button>
      </span>
      <span class="status" part="status" data-code=${r.code}>Not uploaded: ${r.message}</span>
    </li>`;
  }

  override render() {
    const items = this.#queue.items;
    const rejected = this.#queue.rejected;
    const hint = this.#hint();
    return html`
      <input type="file" hidden tabindex="-1" ?multiple=${this.multiple} accept=${this.accept ?? nothing} @change=${this.#onChange} />
      <button type="button" class="zone" part="drop-zone" aria-describedby="hint" @click=${this.openPicker}>
        <slot>Drop ${this.multiple ? 'files' : 'a file'} here or <span class="choose">choose ${this.multiple ? 'files' : 'a file'}</span></slot>
      </button>
      <p class="hint" part="hint" id="hint" ?hidden=${!hint}>${hint}</p>
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${items.length || rejected.length
        ? html`<ul part="list" aria-label="Uploads">
            ${repeat(rejected, (r) => r.id, (r) => this.#renderRejected(r))}
            ${repeat(items, (i) => i.id, (i) => this.#renderItem(i))}
          </ul>`
        : nothing}
    `;
  }
}
