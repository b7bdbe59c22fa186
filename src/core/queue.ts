import type { UploadResult } from './client.js';
import { UploadError } from './errors.js';
import { UploadQueueEvent, type CompleteDetail, type UploadQueueEventDetails, type UploadQueueEventMap, type UploadQueueEventType } from './events.js';
import { identity, restrictions, tooManyFiles, type FileRules, type Listed, type Rejection } from './restrictions.js';
import { retryDecision, type RetryBudget, type RetryOptions } from './retry-policy.js';
import { Scheduler } from './scheduler.js';
import { authorize, changesBeforeSend, prepare, storedSize, TokenLedger, upload, type FileContext, type FileParams, type StageOptions } from './stages.js';
import type { ImageKitFile, UploadMode, UploadState } from './types.js';

/** The only steps a file may take; anything else is a bug and throws. */
const TRANSITIONS: Record<UploadState, readonly UploadState[]> = {
  waiting: ['queued', 'canceled', 'rejected'],
  queued: ['preparing', 'authorizing', 'canceled', 'rejected'],
  preparing: ['authorizing', 'queued', 'failed', 'canceled', 'rejected'],
  authorizing: ['uploading', 'queued', 'failed', 'canceled'],
  uploading: ['done', 'queued', 'failed', 'canceled'],
  done: [],
  failed: ['queued'],
  canceled: ['queued'],
  rejected: [],
};

/** A file in one of these still has work ahead of it. */
const PENDING = new Set<UploadState>(['waiting', 'queued', 'preparing', 'authorizing', 'uploading']);

/** Whether a file may step from `from` to `to`. */
export function canTransition(from: UploadState, to: UploadState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Whether a file in this state still has work ahead of it (waiting, queued or running). */
export const isPending = (state: UploadState): boolean => PENDING.has(state);

/** One file in the list, read-only; the queue updates it in place. */
export interface UploadItem extends Readonly<FileContext> {
  readonly id: string;
  readonly state: UploadState;
  /** Bytes sent in the current attempt. */
  readonly loaded: number;
  /** Bytes to send: the file's size, then what is sent once prepared. */
  readonly total: number;
  /** Attempts started, retries included. */
  readonly attempts: number;
  readonly error?: UploadError;
  /** Why it was refused, when `state` is `rejected`. */
  readonly rejection?: Rejection;
  readonly response?: ImageKitFile;
  readonly requestId?: string;
  /** When a retry is due (ms since epoch), while the file waits in `queued`. */
  readonly retryAt?: number;
}

/** A file to add, with where it sat in a dropped folder (and its own parameters, when it has them). */
export interface AddedFile {
  file: File;
  path?: string;
  own?: FileParams;
  /** A link ImageKit fetches itself; `file` stands in for it (see `addUrls`). */
  url?: string;
}

export interface UploadQueueOptions extends StageOptions, RetryOptions {
  /** When added files start: `auto` (default) at once, `manual` and `submit` on `start()`. */
  upload?: UploadMode;
  /** Most uploads in flight at once. */
  concurrency?: number;
}

interface Entry extends FileContext {
  id: string;
  state: UploadState;
  loaded: number;
  total: number;
  attempts: number;
  budget: RetryBudget;
  /** An earlier attempt may have been stored although its answer never came. */
  maybeStored: boolean;
  started: boolean;
  /** Its image dimension checks have run (or it has none), so it may start. */
  checked: boolean;
  error?: UploadError;
  rejection?: Rejection;
  response?: ImageKitFile;
  requestId?: string;
  retryAt?: number;
  controller?: AbortController;
}

let nextId = 0;
/** Random once per page, not per file (10,000 files drew 10,000 random strings): ids of another page's files (restored, say) still differ. */
const PAGE_ID = Math.random().toString(36).slice(2, 8);
const newId = () => `ik-${(++nextId).toString(36)}-${PAGE_ID}`;

/**
 * Uploads files to ImageKit with one state machine per file, through the stages
 * validate → prepare → authorize → upload. Framework-free: `<ik-uploader>` is a view over it,
 * and any UI can be. Options are read from `options` at the moment they are needed, by name.
 */
export class UploadQueue extends EventTarget {
  readonly options: UploadQueueOptions;
  #entries: Entry[] = [];
  readonly #byId = new Map<string, Entry>();
  readonly #counts = Object.fromEntries(Object.keys(TRANSITIONS).map((s) => [s, 0])) as Record<UploadState, number>;
  readonly #scheduler: Scheduler;
  readonly #tokens = new TokenLedger();
  #paused = false;
  #offline = false;
  #watching = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Entries before this index are settled: the pump starts looking here. */
  #scanFrom = 0;
  #batch: CompleteDetail = { successful: [], failed: [] };
  /** Work was added since the last `complete`. */
  #busy = false;

  constructor(options: UploadQueueOptions = {}) {
    super();
    this.options = options;
    this.#scheduler = new Scheduler(() => this.options.concurrency);
  }

  /** Every file in the list, in order, rejected ones included. */
  get items(): readonly UploadItem[] {
    return this.#entries;
  }

  /** Files refused before upload, kept so a view can show why. */
  get rejected(): readonly UploadItem[] {
    return this.#entries.filter((e) => e.state === 'rejected');
  }

  /** How many files are in each state, kept as they move. */
  get counts(): Readonly<Record<UploadState, number>> {
    return this.#counts;
  }

  /** The file with this id, if it is listed. */
  get(id: string): UploadItem | undefined {
    return this.#byId.get(id);
  }

  /** Nothing is queued or running (waiting files wait for `start()`). */
  get idle(): boolean {
    return !(this.#counts.queued + this.#counts.preparing + this.#counts.authorizing + this.#counts.uploading);
  }

  get paused(): boolean {
    return this.#paused || this.#offline;
  }

  /** When a 429 hold ends (ms since epoch), or 0. */
  get heldUntil(): number {
    return this.#scheduler.heldUntil;
  }

  /**
   * Lists files after the checks that can be made at once; the rest fire `file-rejected` and stay
   * listed as `rejected`. Without `multiple`, an accepted file replaces the one listed, as on a
   * single-file input. `waiting`: they wait for `start()` whatever `upload` says (files restored
   * after a reload, say).
   */
  add(files: Iterable<File | AddedFile>, { waiting }: { waiting?: boolean } = {}): { added: UploadItem[]; rejected: UploadItem[] } {
    const added: Entry[] = [];
    const rejected: Entry[] = [];
    const o = this.options;
    const single = o.multiple === false;
    // What is listed, kept from the last call while nothing changed it, so adding in chunks costs no recount of the list.
    const listed: Listed = single ? { count: 0, bytes: 0, keys: new Set() } : (this.#tally ??= this.#recount());
    // Options are read once per call, not per file: they may be getters (the element's resizeOptions builds an object).
    const rules: FileRules = { accept: o.accept, maxFileSize: o.maxFileSize, maxFiles: o.maxFiles, maxTotalSize: o.maxTotalSize, allowDuplicates: o.allowDuplicates };
    const sending: StageOptions = { prepare: o.prepare, resizeOptions: o.resizeOptions };
    const state = waiting || o.upload === 'manual' || o.upload === 'submit' ? 'waiting' : 'queued';
    const checked = !restrictions.hasImageRules(o);
    for (const given of files) {
      const entry = this.#entry(given instanceof File ? { file: given } : given);
      const key = identity(entry);
      const reason = single && added.length
        ? tooManyFiles(entry.file, 1)
        : restrictions.added(entry, rules, listed, changesBeforeSend(entry, sending), key);
      if (reason) {
        entry.rejection = reason;
        entry.state = 'rejected';
        rejected.push(entry);
      } else {
        entry.state = state;
        entry.checked = checked;
        added.push(entry);
        this.#count(listed, entry, key);
      }
    }
    if (single && added.length) for (const e of [...this.#entries]) this.remove(e.id);
    for (const e of [...added, ...rejected]) this.#list(e);
    for (const e of rejected) this.#emitRejected(e);
    const unchecked = added.filter((e) => !e.checked);
    if (unchecked.length) void this.#checkImages(unchecked);
    if (added.some((e) => e.state === 'queued')) this.#busy = true;
    this.#changed(false, true);
    this.#pump();
    return { added, rejected };
  }

  /**
   * Lists links that ImageKit fetches itself (the upload's `file` is the URL), through the same
   * checks as files: only http: and https: links are taken. Each is named after its last path
   * segment; its progress is unknown until ImageKit answers.
   */
  async addUrls(urls: Iterable<string>): Promise<{ added: UploadItem[]; rejected: UploadItem[] }> {
    const links = [...urls];
    const { linkFile } = await import('./links.js'); // on demand: the CDN file has a size budget
    return this.add(links.map(linkFile));
  }

  /**
   * Lists files uploaded earlier (a restored form, say) as done, from the file objects ImageKit
   * returned; nothing is sent. Their `file` is an empty placeholder named like the upload; a
   * response without `size` (a bare URL's) counts as 0 bytes.
   */
  addUploaded(responses: Iterable<ImageKitFile>): UploadItem[] {
    const added = [...responses].map((response) => {
      const entry = this.#entry({ file: new File([], response.name) });
      Object.assign(entry, { state: 'done', response, loaded: response.size ?? 0, total: response.size ?? 0, started: true, checked: true });
      this.#list(entry);
      return entry;
    });
    this.#tally = undefined;
    this.#changed(false, true);
    return added;
  }

  /**
   * Sets parameters for one file before it starts (a UI's details dialog or image editor, say), over
   * the element's; `beforeUpload` still has the last word. A key set to `undefined` goes back to the
   * element's. Pixel coordinates (its `customCoordinates`, and the `x`, `y`, `w`, `h` of a `cm-extract`
   * step in `transformation.pre`) are in the file's pixels as picked, EXIF orientation applied: when the
   * file is resized before it is sent, they are scaled to match. False when the file has started.
   */
  setParams(id: string, params: FileParams): boolean {
    const entry = this.#byId.get(id);
    if (!entry || entry.params || !(entry.state === 'waiting' || entry.state === 'queued')) return false;
    entry.own = { ...entry.own, ...params };
    this.#changed();
    return true;
  }

  /**
   * Moves a file to `index` in the list (clamped to it), as a view's reorder does: files start in
   * list order, and the form value and `value` follow it. False when nothing moved.
   */
  move(id: string, index: number): boolean {
    const entry = this.#byId.get(id);
    const entries = this.#entries;
    const from = entry ? entries.indexOf(entry) : -1;
    const to = Math.max(0, Math.min(entries.length - 1, Math.trunc(index)));
    if (from < 0 || !(to >= 0) || to === from) return false;
    entries.splice(from, 1);
    entries.splice(to, 0, entry!);
    // Entries before #scanFrom must be settled: a pending one may now sit earlier.
    this.#scanFrom = Math.min(this.#scanFrom, from, to);
    this.#changed(false, true);
    return true;
  }

  /**
   * Starts every waiting file (and undoes `pause()`); resolves when the queue is next idle, with
   * what finished since it last was.
   */
  start(): Promise<CompleteDetail> {
    this.#paused = false;
    for (const e of this.#entries) {
      if (e.state === 'waiting') {
        this.#move(e, 'queued');
        this.#scanFrom = Math.min(this.#scanFrom, this.#entries.indexOf(e));
        this.#busy = true;
      }
    }
    const done = this.idle && !this.#busy
      ? Promise.resolve<CompleteDetail>({ successful: [], failed: [] })
      : new Promise<CompleteDetail>((resolve) => this.addEventListener('complete', (e) => resolve(e.detail), { once: true }));
    this.#changed();
    this.#pump();
    return done;
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
    const entry = this.#byId.get(id);
    if (!entry || !PENDING.has(entry.state)) return false;
    this.#move(entry, 'canceled');
    entry.retryAt = undefined;
    entry.error = new UploadError('canceled', 'The upload was canceled.');
    entry.controller?.abort();
    entry.controller = undefined;
    this.#changed();
    this.#settled();
    return true;
  }

  /** Aborts every file still waiting, queued or running. */
  cancelAll(): void {
    for (const entry of [...this.#entries]) this.cancel(entry.id);
  }

  /** Queues a failed or canceled file again, with a fresh retry budget. */
  retry(id: string): boolean {
    const entry = this.#byId.get(id);
    if (!entry || (entry.state !== 'failed' && entry.state !== 'canceled')) return false;
    this.#move(entry, 'queued');
    Object.assign(entry, {
      budget: { failures: 0, rateLimitWaits: 0 }, error: undefined, retryAt: undefined, started: false,
      params: undefined, resize: undefined, resized: undefined, sent: undefined, loaded: 0, total: entry.file.size,
    });
    this.#scanFrom = Math.min(this.#scanFrom, this.#entries.indexOf(entry));
    this.#busy = true;
    this.#changed();
    this.#pump();
    return true;
  }

  /** Drops a file from the list, canceling it first if it is still going. */
  remove(id: string): boolean {
    const entry = this.#byId.get(id);
    if (!entry) return false;
    this.cancel(id);
    const index = this.#entries.indexOf(entry);
    this.#entries.splice(index, 1);
    if (index < this.#scanFrom) this.#scanFrom--;
    this.#byId.delete(id);
    this.#counts[entry.state]--;
    this.#tally = undefined;
    this.#changed(false, true);
    return true;
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

  #entry({ file, path = '', own, url }: AddedFile): Entry {
    return {
      id: newId(), file, path, own, url, state: 'queued', loaded: 0, total: file.size, attempts: 0,
      budget: { failures: 0, rateLimitWaits: 0 }, maybeStored: false, started: false, checked: true,
    };
  }

  /** What the list holds for the checks of files added next; undefined once a file was removed, refused, finished or listed as done. */
  #tally?: Listed;

  #recount(): Listed {
    const listed: Listed = { count: 0, bytes: 0, keys: new Set() };
    for (const e of this.#entries) if (e.state !== 'rejected') this.#count(listed, e);
    return listed;
  }

  /** Counts a listed file for the checks of the next ones (a link or a stored file by the size ImageKit gave). */
  #count(listed: Listed, e: Entry, key = identity(e)) {
    listed.count++;
    listed.bytes += e.file.size || e.response?.size || 0;
    listed.keys.add(key);
  }

  #list(entry: Entry) {
    this.#entries.push(entry);
    this.#byId.set(entry.id, entry);
    this.#counts[entry.state]++;
  }

  #move(entry: Entry, to: UploadState) {
    if (!canTransition(entry.state, to)) {
      throw new Error(`Upload ${entry.id} ("${entry.file.name}") cannot go from ${entry.state} to ${to}.`);
    }
    this.#counts[entry.state]--;
    this.#counts[to]++;
    entry.state = to;
    if (to === 'rejected' || to === 'done') this.#tally = undefined; // no longer counted, or now by the size ImageKit gave
  }

  /** Stage "validate", the part that must decode images: until it has run, a file does not start. Verdicts apply in list order. */
  async #checkImages(entries: Entry[]) {
    const verdicts = await Promise.all(entries.map((e) => restrictions.image(e.file, this.options, (size) => storedSize(e, this.options, size))));
    entries.forEach((entry, i) => {
      if (!this.#byId.has(entry.id) || !(entry.state === 'waiting' || entry.state === 'queued')) return;
      entry.checked = true;
      if (verdicts[i]) this.#reject(entry, verdicts[i]!);
    });
    this.#changed();
    this.#settled();
  }

  #reject(entry: Entry, reason: Rejection) {
    this.#move(entry, 'rejected');
    entry.rejection = reason;
    entry.controller = undefined;
    this.#emitRejected(entry);
  }

  #emitRejected(e: Entry) {
    this.#emit('file-rejected', { ...this.#of(e), code: e.rejection!.code, message: e.rejection!.message });
  }

  /** Starts as many due files as the limits allow, and wakes up when the next one is due. */
  #pump() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.paused) return;
    const now = Date.now();
    let free = this.#scheduler.free(this.#counts.preparing + this.#counts.authorizing + this.#counts.uploading, now);
    let wake = this.#scheduler.heldUntil > now ? this.#scheduler.heldUntil : Infinity;
    const entries = this.#entries;
    // Settled files at the front are never looked at again, so a long list costs nothing per start.
    while (this.#scanFrom < entries.length && !PENDING.has(entries[this.#scanFrom]!.state)) this.#scanFrom++;
    for (let i = this.#scanFrom; i < entries.length && free > 0; i++) {
      const entry = entries[i]!;
      if (entry.state !== 'queued' || !entry.checked) continue;
      if (entry.retryAt && entry.retryAt > now) {
        wake = Math.min(wake, entry.retryAt);
        continue;
      }
      free--;
      void this.#run(entry);
    }
    if (free === 0 || wake === Infinity) {
      // Files due later, beyond where the loop stopped, still need their wake-up.
      for (let i = this.#scanFrom; i < entries.length; i++) {
        const r = entries[i]!.state === 'queued' && entries[i]!.retryAt;
        if (r && r > now) wake = Math.min(wake, r);
      }
    }
    if (wake !== Infinity) this.#timer = setTimeout(() => this.#pump(), Math.max(0, wake - Date.now()));
  }

  /** One attempt: prepared once, then fresh auth, then the upload. */
  async #run(entry: Entry) {
    const controller = new AbortController();
    const { signal } = controller;
    Object.assign(entry, { controller, retryAt: undefined, loaded: 0 });
    entry.attempts++;
    this.#move(entry, entry.sent ? 'authorizing' : 'preparing');
    if (!entry.started) {
      entry.started = true;
      this.#emit('upload-start', this.#of(entry));
    }
    this.#changed();
    const live = () => entry.controller === controller && !signal.aborted;
    try {
      if (entry.state === 'preparing') {
        const refused = await prepare(entry, this.options, signal);
        if (!live()) return;
        if (refused) return this.#reject(entry, refused);
        entry.total = entry.sent!.size;
        this.#move(entry, 'authorizing');
        this.#changed();
      }
      const auth = await authorize(entry, this.options, signal);
      if (!live()) return;
      this.#tokens.take(auth.api === 'v2' ? auth.token : auth.params.token);
      this.#move(entry, 'uploading');
      this.#changed();
      const result = await upload(entry, auth, this.options, signal, (loaded, total) => {
        // A link's bytes move between ImageKit and its host: what this request sends says nothing of them.
        if (!live() || entry.url) return;
        entry.loaded = loaded;
        entry.total = total;
        this.#emit('upload-progress', { ...this.#of(entry), loaded, total });
        this.#changed(true);
      });
      if (!live()) return;
      this.#succeeded(entry, result);
    } catch (err) {
      if (!live()) return;
      this.#failed(entry, err instanceof UploadError ? err : new UploadError('invalid-request', err instanceof Error ? err.message : String(err), { cause: err }));
    } finally {
      if (entry.controller === controller) entry.controller = undefined;
      this.#changed();
      this.#settled();
    }
  }

  #succeeded(entry: Entry, result: UploadResult) {
    this.#move(entry, 'done');
    if (entry.url) entry.total = result.response.size || 0;
    Object.assign(entry, { response: result.response, requestId: result.requestId, error: undefined, loaded: entry.total });
    this.#scheduler.succeeded();
    const detail = { ...this.#of(entry), response: result.response, requestId: result.requestId };
    this.#batch.successful.push(detail);
    this.#emit('upload-success', detail);
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
    const offline = this.#watching > 0 && (this.#offline || (typeof navigator !== 'undefined' && navigator.onLine === false));
    const decision = retryDecision(error, entry.budget, this.options, { offline });
    entry.budget = decision.budget;
    if (decision.retry) {
      // Offline is only watched while connectivity is: coming back online is what ends the wait.
      if (decision.reason === 'offline') this.#offline = true;
      if (decision.reason === 'rate-limited') this.#scheduler.rateLimited(decision.delay, Date.now());
      this.#move(entry, 'queued');
      entry.retryAt = Date.now() + decision.delay;
      this.#emit('upload-retry', { ...this.#of(entry), error: error.toDetail(), delayMs: decision.delay, attempt: entry.attempts });
      return;
    }
    this.#move(entry, 'failed');
    const detail = { ...this.#of(entry), error: error.toDetail() };
    this.#batch.failed.push(detail);
    this.#emit('upload-error', detail);
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

  /** What every per-file event names: the file, its id, and its URL (a link's; undefined for a file). */
  #of(e: Entry) {
    return { id: e.id, file: e.file, url: e.url };
  }

  #emit<K extends UploadQueueEventType>(type: K, detail: UploadQueueEventDetails[K]) {
    this.dispatchEvent(new UploadQueueEvent(type, detail));
  }

  /** `progressOnly`: only bytes moved, so a view may take its time to show it; `listChanged`: files were listed, removed or moved. */
  #changed(progressOnly = false, listChanged = false) {
    this.#emit('change', { progressOnly, listChanged });
  }
}
