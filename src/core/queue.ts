import { getAuthParams } from './auth.js';
import { checkFile, formatBytes, rejection as reject, tooManyFiles, type Rejection } from './checks.js';
import { uploadFile, type UploadRequest, type UploadResult } from './client.js';
import { UploadError } from './errors.js';
import { InvalidJson, mergeParams, RESPONSE_FIELDS } from './params.js';
import { UPLOAD_PARAM_NAMES, type AuthParams, type Authenticator, type ImageKitFile, type UploadErrorDetail, type UploadParams } from './types.js';

export type UploadState = 'queued' | 'authorising' | 'uploading' | 'done' | 'failed' | 'canceled';

/** The only steps a file may take; anything else is a bug and throws. */
const TRANSITIONS: Record<UploadState, readonly UploadState[]> = {
  queued: ['authorising', 'canceled'],
  authorising: ['uploading', 'queued', 'failed', 'canceled'],
  uploading: ['done', 'queued', 'failed', 'canceled'],
  done: [],
  failed: ['queued'],
  canceled: ['queued'],
};

const ACTIVE: readonly UploadState[] = ['authorising', 'uploading'];

/** Whether a file may step from `from` to `to`. */
export function canTransition(from: UploadState, to: UploadState): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface UploadItem {
  readonly id: string;
  readonly file: File;
  readonly state: UploadState;
  /** Bytes sent in the current attempt. */
  readonly loaded: number;
  readonly total: number;
  /** Attempts started, retries included. */
  readonly attempts: number;
  readonly error?: UploadError;
  readonly response?: ImageKitFile;
  readonly requestId?: string;
  /** When a retry is due (ms since epoch), while the file waits in `queued`. */
  readonly retryAt?: number;
}

export interface RejectedFile extends Rejection {
  readonly id: string;
}

export type BeforeUpload = (file: File) => UploadParams | false | void | Promise<UploadParams | false | void>;

export interface UploadQueueOptions {
  publicKey?: string;
  uploadEndpoint?: string;
  authEndpoint?: string;
  /** Used instead of `authEndpoint` when set; called once per attempt. */
  authenticator?: Authenticator;
  authTimeoutMs?: number;
  /** Parameters for every file; `beforeUpload`'s answer is merged over them. */
  params?: UploadParams;
  /** Per-file parameters, or `false` to skip the file. Runs once before the file's first attempt. */
  beforeUpload?: BeforeUpload;
  /**
   * Runs once per file before its first attempt (to resize it, say) and resolves to what is sent;
   * events still carry the file as added. Its name is the default `fileName`.
   */
  prepare?: (file: File, signal: AbortSignal) => Blob | Promise<Blob>;
  /**
   * Whether `maxFileSize` waits for what `prepare` makes of this file (an image that will be shrunk)
   * rather than applying to the file as added. What `prepare` returns is always checked.
   */
  sizeAfterPrepare?: (file: File) => boolean;
  /** Most uploads in flight at once. */
  concurrency?: number;
  /** Retries after the first attempt for network errors, 5xx and stalls. */
  retries?: number;
  /** First retry's delay; each next one doubles, with jitter. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** No progress for this long aborts the attempt as stalled. */
  stallTimeoutMs?: number;
  maxFiles?: number;
  maxFileSize?: number;
  accept?: string;
  /** Start uploading as soon as files are added (default true). */
  autoStart?: boolean;
  /** Replaceable for tests and custom transports; defaults to the XHR client. */
  transport?: (request: UploadRequest) => Promise<UploadResult>;
  /** Replaceable auth; defaults to `authenticator` or `authEndpoint`. */
  auth?: (signal: AbortSignal) => Promise<AuthParams>;
}

/**
 * Measured (test/browser/concurrency.measure.ts, 16 × 1 MB): on a 40 Mbit/s uplink 4 is within 3%
 * of 6 (the bandwidth is the limit); with 300 ms server latency 4 takes 1.5 s against 5.2 s at 1
 * and 1.2 s at 6, and leaves two of Chromium's six connections per host for the page.
 */
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
/** A rate-limited file waits as told, but not forever. */
const MAX_RATE_LIMIT_WAITS = 10;

export interface SuccessDetail { item: UploadItem; file: File; response: ImageKitFile; requestId?: string }
export interface ErrorDetail { item: UploadItem; file: File; error: UploadErrorDetail }
export interface ProgressDetail { item: UploadItem; file: File; loaded: number; total: number }
export interface CompleteDetail { successful: SuccessDetail[]; failed: ErrorDetail[] }

export interface UploadQueueEventMap {
  'file-rejected': CustomEvent<RejectedFile>;
  'upload-start': CustomEvent<{ item: UploadItem; file: File }>;
  'upload-progress': CustomEvent<ProgressDetail>;
  'upload-success': CustomEvent<SuccessDetail>;
  'upload-error': CustomEvent<ErrorDetail>;
  'upload-retry': CustomEvent<{ item: UploadItem; file: File; error: UploadErrorDetail; delayMs: number }>;
  complete: CustomEvent<CompleteDetail>;
  /** Anything changed: a view re-renders on it. */
  change: Event;
}

interface Entry {
  id: string;
  file: File;
  state: UploadState;
  loaded: number;
  total: number;
  attempts: number;
  failures: number;
  rateLimitWaits: number;
  /** An earlier attempt may have been stored although its answer never came. */
  maybeStored: boolean;
  started: boolean;
  params?: UploadParams;
  /** What `prepare` made of the file; sent instead of it. */
  prepared?: File;
  error?: UploadError;
  response?: ImageKitFile;
  requestId?: string;
  retryAt?: number;
  controller?: AbortController;
}

let nextId = 0;

/**
 * Uploads files to ImageKit with one state machine per file:
 * `queued → authorising → uploading → done | failed | canceled`.
 * Framework-free: the `<ik-uploader>` element is a view over it, and any UI can be.
 */
export class UploadQueue extends EventTarget {
  readonly options: UploadQueueOptions;
  #entries: Entry[] = [];
  #rejected: RejectedFile[] = [];
  #paused = false;
  #offline = false;
  /** After a 429, nothing starts before this moment, and fewer run at once. */
  #holdUntil = 0;
  /** The lowered limit after a 429; undefined when `concurrency` applies in full. */
  #throttled: number | undefined;
  #watching = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #batch: CompleteDetail = { successful: [], failed: [] };
  #usedTokens = new Set<string>();
  /** Work was added since the last `complete`. */
  #busy = false;

  constructor(options: UploadQueueOptions = {}) {
    super();
    this.options = options;
  }

  /** Every file added and not removed, in order. */
  get items(): readonly UploadItem[] {
    return this.#entries.map(snapshot);
  }

  /** Files refused before upload, kept so a view can show why. */
  get rejected(): readonly RejectedFile[] {
    return [...this.#rejected];
  }

  get idle(): boolean {
    return !this.#entries.some((e) => e.state === 'queued' || ACTIVE.includes(e.state));
  }

  get paused(): boolean {
    return this.#paused || this.#offline;
  }

  /** Checks each file and queues those that pass; the rest fire `file-rejected`. */
  add(files: Iterable<File>): { added: UploadItem[]; rejected: RejectedFile[] } {
    const added: Entry[] = [];
    const rejected: RejectedFile[] = [];
    const { maxFiles } = this.options;
    for (const file of files) {
      let rejection = checkFile(file, this.options.sizeAfterPrepare?.(file) ? { accept: this.options.accept } : this.options);
      if (!rejection && maxFiles !== undefined && this.#entries.length + added.length >= maxFiles) {
        rejection = tooManyFiles(file, maxFiles);
      }
      if (rejection) {
        rejected.push({ ...rejection, id: newId() });
        continue;
      }
      added.push({
        id: newId(), file, state: 'queued', loaded: 0, total: file.size, attempts: 0, failures: 0,
        rateLimitWaits: 0, maybeStored: false, started: false,
      });
    }
    this.#entries.push(...added);
    this.#rejected.push(...rejected);
    for (const r of rejected) this.#emit('file-rejected', r);
    if (added.length) this.#batchStarted();
    this.#changed();
    if (this.options.autoStart !== false) this.#pump();
    return { added: added.map(snapshot), rejected };
  }

  /**
   * Lists files uploaded earlier (a restored form, say) as done, from the file objects ImageKit
   * returned; nothing is sent. Their `file` is an empty placeholder named like the upload; a
   * response without `size` (a bare URL's) counts as 0 bytes.
   */
  addUploaded(responses: Iterable<ImageKitFile>): UploadItem[] {
    const added = [...responses].map((response): Entry => ({
      id: newId(), file: new File([], response.name), state: 'done', loaded: response.size ?? 0, total: response.size ?? 0,
      attempts: 0, failures: 0, rateLimitWaits: 0, maybeStored: false, started: true, response,
    }));
    this.#entries.push(...added);
    this.#changed();
    return added.map(snapshot);
  }

  /** Records a file refused by the caller's own rule (a view's, say), exactly like a failed check. */
  reject(rejection: Rejection): RejectedFile {
    const rejected = { ...rejection, id: newId() };
    this.#rejected.push(rejected);
    this.#emit('file-rejected', rejected);
    this.#changed();
    return rejected;
  }

  /** Starts queued files when `autoStart` is false (and after `pause()`). */
  start(): void {
    this.#paused = false;
    this.#pump();
  }

  /** Starts what changed options (a higher `concurrency`, say) now allow; does not undo `pause()`. */
  refresh(): void {
    this.#pump();
  }

  /** Starts nothing new until `start()`; uploads in flight finish. */
  pause(): void {
    this.#paused = true;
    this.#changed();
  }

  /** Aborts one file's upload (its XHR is aborted; nothing more is sent). */
  cancel(id: string): boolean {
    const entry = this.#find(id);
    if (!entry || !(entry.state === 'queued' || ACTIVE.includes(entry.state))) return false;
    this.#move(entry, 'canceled');
    entry.retryAt = undefined;
    entry.error = new UploadError('canceled', 'The upload was canceled.');
    entry.controller?.abort();
    this.#changed();
    this.#settled();
    return true;
  }

  cancelAll(): void {
    for (const entry of [...this.#entries]) this.cancel(entry.id);
  }

  /** Queues a failed or canceled file again, with a fresh retry budget. */
  retry(id: string): boolean {
    const entry = this.#find(id);
    if (!entry || (entry.state !== 'failed' && entry.state !== 'canceled')) return false;
    this.#move(entry, 'queued');
    Object.assign(entry, { failures: 0, rateLimitWaits: 0, error: undefined, retryAt: undefined, started: false, params: undefined, prepared: undefined, loaded: 0 });
    this.#batchStarted();
    this.#changed();
    this.#pump();
    return true;
  }

  /** Drops a file (or a rejection) from the list, canceling it first if it is still going. */
  remove(id: string): boolean {
    this.cancel(id);
    const before = this.#entries.length + this.#rejected.length;
    this.#entries = this.#entries.filter((e) => e.id !== id);
    this.#rejected = this.#rejected.filter((r) => r.id !== id);
    const removed = this.#entries.length + this.#rejected.length < before;
    if (removed) this.#changed();
    return removed;
  }

  /** Pauses while the browser is offline and resumes when it is back; returns the unsubscribe. */
  watchConnectivity(target: EventTarget = globalThis): () => void {
    const update = () => {
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      if (offline === this.#offline) return;
      this.#offline = offline;
      this.#changed();
      if (!offline) this.#pump();
    };
    update();
    this.#watching++;
    target.addEventListener('online', update);
    target.addEventListener('offline', update);
    return () => {
      this.#watching--;
      target.removeEventListener('online', update);
      target.removeEventListener('offline', update);
    };
  }

  override addEventListener<K extends keyof UploadQueueEventMap>(
    type: K,
    listener: ((event: UploadQueueEventMap[K]) => void) | EventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    super.addEventListener(type, listener, options);
  }

  get #concurrency(): number {
    const c = Math.floor(Number(this.options.concurrency ?? DEFAULT_CONCURRENCY));
    return Number.isFinite(c) && c >= 1 ? c : DEFAULT_CONCURRENCY;
  }

  #find(id: string) {
    return this.#entries.find((e) => e.id === id);
  }

  #move(entry: Entry, to: UploadState) {
    if (!canTransition(entry.state, to)) {
      throw new Error(`Upload ${entry.id} ("${entry.file.name}") cannot go from ${entry.state} to ${to}.`);
    }
    entry.state = to;
  }

  /** Starts as many due files as the limits allow, and wakes up when the next one is due. */
  #pump() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.paused) return;
    const now = Date.now();
    const limit = Math.min(this.#throttled ?? Infinity, this.#concurrency);
    let nextWake = Infinity;
    if (this.#holdUntil > now) {
      nextWake = this.#holdUntil;
    } else {
      let running = this.#entries.filter((e) => ACTIVE.includes(e.state)).length;
      for (const entry of this.#entries) {
        if (running >= limit) break;
        if (entry.state !== 'queued') continue;
        if (entry.retryAt && entry.retryAt > now) {
          nextWake = Math.min(nextWake, entry.retryAt);
          continue;
        }
        running++;
        void this.#run(entry);
      }
      for (const entry of this.#entries) {
        if (entry.state === 'queued' && entry.retryAt && entry.retryAt > now) nextWake = Math.min(nextWake, entry.retryAt);
      }
    }
    if (nextWake !== Infinity) this.#timer = setTimeout(() => this.#pump(), Math.max(0, nextWake - Date.now()));
  }

  /** One attempt: hook and checks (first attempt only), fresh auth, then the upload. */
  async #run(entry: Entry) {
    const controller = new AbortController();
    entry.controller = controller;
    entry.retryAt = undefined;
    entry.attempts++;
    entry.loaded = 0;
    this.#move(entry, 'authorising');
    if (!entry.started) {
      entry.started = true;
      this.#emit('upload-start', { item: snapshot(entry), file: entry.file });
    }
    this.#changed();
    const live = () => entry.controller === controller && !controller.signal.aborted;
    try {
      if (!entry.params) {
        const params = await this.#paramsFor(entry);
        if (!live()) return;
        if (params === false) return this.#skip(entry);
        entry.params = params;
      }
      if (!entry.prepared) {
        const prepared = await this.#prepare(entry, controller.signal);
        if (!live()) return; // a canceled attempt's late result must not become the next attempt's file
        entry.prepared = prepared;
        entry.total = entry.prepared.size;
        const tooLarge = this.#oversized(entry.file, entry.prepared);
        if (tooLarge) return this.#skip(entry, tooLarge);
      }
      if (!this.options.publicKey) {
        throw new UploadError('auth-failed', 'No public key: set the public-key attribute (your ImageKit public key) before uploading.');
      }
      const auth = await (this.options.auth ?? ((signal: AbortSignal) => getAuthParams({
        authenticator: this.options.authenticator,
        authEndpoint: this.options.authEndpoint,
        timeoutMs: this.options.authTimeoutMs,
        signal,
      })))(controller.signal);
      if (!live()) return;
      this.#checkFresh(auth.token);
      this.#move(entry, 'uploading');
      this.#changed();
      const upload = entry.prepared;
      const { fileName = upload.name, ...params } = entry.params;
      if (!fileName) throw new UploadError('invalid-parameter', 'fileName: the file has no name; set fileName for it in beforeUpload.');
      const result = await (this.options.transport ?? uploadFile)({
        file: upload,
        fileName,
        params,
        publicKey: this.options.publicKey ?? '',
        auth,
        endpoint: this.options.uploadEndpoint,
        stallTimeoutMs: this.options.stallTimeoutMs,
        signal: controller.signal,
        onProgress: (loaded, total) => {
          if (!live()) return;
          entry.loaded = loaded;
          entry.total = total;
          this.#emit('upload-progress', { item: snapshot(entry), file: entry.file, loaded, total });
          this.#changed();
        },
      });
      if (!live()) return;
      this.#move(entry, 'done');
      Object.assign(entry, { response: result.response, requestId: result.requestId, error: undefined, loaded: entry.total });
      if (this.#throttled !== undefined) {
        // Speed comes back one upload at a time after a 429.
        this.#throttled++;
        if (this.#throttled >= this.#concurrency) this.#throttled = undefined;
      }
      const detail: SuccessDetail = { item: snapshot(entry), file: entry.file, response: result.response, requestId: result.requestId };
      this.#batch.successful.push(detail);
      this.#emit('upload-success', detail);
    } catch (err) {
      if (!live()) return;
      this.#failed(entry, toUploadError(err));
    } finally {
      if (entry.controller === controller) entry.controller = undefined;
      this.#changed();
      this.#settled();
    }
  }

  /** A token this queue already sent would be refused by ImageKit: say why before sending it. */
  #checkFresh(token: string) {
    if (this.#usedTokens.has(token)) {
      throw new UploadError(
        'auth-failed',
        `The auth source returned token "${token}" again, but ImageKit accepts each token once. ` +
          'It must sign fresh parameters for every request; check that its answer is not cached.',
      );
    }
    this.#usedTokens.add(token);
    if (this.#usedTokens.size > 10_000) this.#usedTokens.delete(this.#usedTokens.values().next().value!);
  }

  /** `maxFileSize` applies to what is sent: a prepared file over it is refused before any byte goes. */
  #oversized(added: File, sent: File): Rejection | undefined {
    const max = this.options.maxFileSize;
    if (max === undefined || max < 0 || sent.size <= max) return undefined;
    return reject(added, 'file-too-large', { size: formatBytes(sent.size), limit: formatBytes(max) });
  }

  async #prepare(entry: Entry, signal: AbortSignal): Promise<File> {
    if (!this.options.prepare) return entry.file;
    try {
      const prepared = await this.options.prepare(entry.file, signal);
      if (!(prepared instanceof Blob)) throw new TypeError(`it returned ${typeof prepared}, not a File`);
      return prepared instanceof File ? prepared : new File([prepared], entry.file.name, { type: prepared.type });
    } catch (err) {
      if (err instanceof UploadError) throw err;
      throw new UploadError('file-rejected', `"${entry.file.name}" could not be prepared for upload: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  async #paramsFor(entry: Entry): Promise<UploadParams | false> {
    let own: UploadParams | false | void;
    try {
      own = await this.options.beforeUpload?.(entry.file);
    } catch (err) {
      throw new UploadError('invalid-parameter', `beforeUpload failed for "${entry.file.name}": ${err instanceof Error ? err.message : String(err)}`);
    }
    if (own === false) return false;
    if (own !== undefined && (typeof own !== 'object' || own === null || Array.isArray(own))) {
      throw new UploadError('invalid-parameter', `beforeUpload must return upload parameters, false or nothing; it returned ${typeof own}.`);
    }
    const params = mergeParams(this.options.params ?? {}, own ?? undefined);
    // Loaded on demand: with no parameters there is nothing to check (and the CDN file has a size budget).
    const problem = Object.keys(params).length
      ? (await import('./param-checks.js')).paramProblem(params, { names: UPLOAD_PARAM_NAMES, responseFields: RESPONSE_FIELDS, InvalidJson })
      : undefined;
    if (problem) throw new UploadError('invalid-parameter', problem);
    return params;
  }

  /** `beforeUpload` said no (or `why`, e.g. too large once prepared): the file leaves the queue as a rejection, nothing sent. */
  #skip(entry: Entry, why?: Rejection) {
    this.#move(entry, 'canceled');
    this.#entries = this.#entries.filter((e) => e !== entry);
    const rejection: RejectedFile = { ...(why ?? reject(entry.file, 'skipped')), id: entry.id };
    this.#rejected.push(rejection);
    this.#emit('file-rejected', rejection);
  }

  /**
   * A lost response (stored, but the answer never came) is retried like any network error, with a
   * fresh token, so nothing is ever lost. What the retry then does depends on the parameters:
   * useUniqueFileName true (ImageKit's default): a second copy; the first stays as an orphan.
   * useUniqueFileName false, overwriteFile true: the same path again, as a new version.
   * both false: ImageKit refuses the retry; the error says the file was probably stored.
   */
  #failed(entry: Entry, error: UploadError) {
    if (error.ambiguous) entry.maybeStored = true;
    if (error.code === 'file-exists' && entry.maybeStored) {
      error = new UploadError('file-exists', `${error.message} An earlier attempt of this upload was probably stored, but its answer was lost.`, error);
    }
    entry.error = error;
    const delay = this.#retryDelay(entry, error);
    if (delay !== undefined) {
      this.#move(entry, 'queued');
      entry.retryAt = Date.now() + delay;
      this.#emit('upload-retry', { item: snapshot(entry), file: entry.file, error: error.toDetail(), delayMs: delay });
      return;
    }
    this.#move(entry, 'failed');
    const detail: ErrorDetail = { item: snapshot(entry), file: entry.file, error: error.toDetail() };
    this.#batch.failed.push(detail);
    this.#emit('upload-error', detail);
  }

  /** How long to wait before retrying, or undefined when this error should not be retried. */
  #retryDelay(entry: Entry, error: UploadError): number | undefined {
    if (!error.retryable) return undefined;
    // Offline is not the file's fault: wait for the network without spending its retries
    // (only while watching connectivity, which is what ends the wait).
    if (this.#watching && (this.#offline || (typeof navigator !== 'undefined' && navigator.onLine === false))) {
      this.#offline = true;
      return 0;
    }
    if (error.code === 'rate-limited') {
      if (++entry.rateLimitWaits > MAX_RATE_LIMIT_WAITS) return undefined;
      const wait = error.retryAfterMs ?? this.#backoff(entry.rateLimitWaits);
      // The limit is per account, so the whole queue waits and then runs fewer at once.
      this.#holdUntil = Math.max(this.#holdUntil, Date.now() + wait);
      this.#throttled = Math.max(1, Math.floor((this.#throttled ?? this.#concurrency) / 2));
      return wait;
    }
    const retries = Math.max(0, Math.floor(this.options.retries ?? DEFAULT_RETRIES));
    if (++entry.failures > retries) return undefined;
    return this.#backoff(entry.failures);
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
  #backoff(attempt: number): number {
    const base = this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    const cap = this.options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    const exp = Math.min(cap, base * 2 ** (attempt - 1));
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }

  #batchStarted() {
    this.#busy = true;
  }

  /** Something finished: start the next files, and report once when nothing is left to do. */
  #settled() {
    this.#pump();
    if (this.idle && this.#busy) {
      this.#busy = false;
      const batch = this.#batch;
      this.#batch = { successful: [], failed: [] };
      this.#emit('complete', batch);
    }
  }

  #emit<K extends keyof UploadQueueEventMap>(type: K, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}

function toUploadError(err: unknown): UploadError {
  if (err instanceof UploadError) return err;
  return new UploadError('invalid-request', err instanceof Error ? err.message : String(err), { cause: err });
}

function snapshot(e: Entry): UploadItem {
  return {
    id: e.id, file: e.file, state: e.state, loaded: e.loaded, total: e.total, attempts: e.attempts,
    error: e.error, response: e.response, requestId: e.requestId, retryAt: e.retryAt,
  };
}

const newId = () => `ik-${(++nextId).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
