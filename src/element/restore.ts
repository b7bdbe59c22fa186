import type { ReactiveControllerHost } from 'lit';
import type { AddedFile, UploadItem, UploadQueue } from '../core/queue.js';
import type { FileParams } from '../core/stages.js';
import type { UploadState } from '../core/types.js';
import type { Kit } from './controllers/ways-in.js';
import { adopt, css } from './part-style.js';
import { restoreStrings } from './restore-strings.js';
import type { Translate } from './controllers/localize.js';

/** What `restore` keeps for a reload; each limit may be set through the element's `restoreLimits`. */
export interface RestoreLimits {
  /** Largest file kept, in bytes (default 50 MB): a larger one is listed, but not kept. */
  maxFileSize?: number;
  /** Most bytes kept for one list, all files together (default 500 MB). */
  maxTotalSize?: number;
  /** How long kept files wait for a reload, in ms (default 24 hours); older ones are deleted. */
  maxAge?: number;
}

const MB = 1024 * 1024;
export const RESTORE_LIMITS: Required<RestoreLimits> = { maxFileSize: 50 * MB, maxTotalSize: 500 * MB, maxAge: 24 * 3600_000 };

/** The IndexedDB database: `files` holds one record a kept file, `blobs` its bytes under the same key. */
export const RESTORE_DB = 'ik-uploader-restore';
const META = 'files';
const BLOBS = 'blobs';

/** Files in these states are not uploaded yet: they are kept. */
const KEPT = new Set<UploadState>(['waiting', 'queued', 'preparing', 'authorizing', 'uploading', 'failed', 'canceled']);

export interface RestoreHost extends ReactiveControllerHost, HTMLElement {
  restore?: string | null;
  restoreLimits?: RestoreLimits;
  name?: string;
}

/** One kept file. */
interface Kept {
  key: string;
  /** Which element's list: the page's path and the element's `restore` (else its id or name). */
  list: string;
  name: string;
  size: number;
  storedAt: number;
  /** Its place in the list. */
  order: number;
  path: string;
  url?: string;
  own?: FileParams;
  /** Too large to keep: only its name is, so that the next visit can say so. */
  dropped?: boolean;
}

const styles = css`
  .notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--ik-gap) / 2) var(--ik-gap);
    margin-top: calc(var(--ik-gap) * 0.75);
    padding: calc(var(--ik-gap) * 0.75) var(--ik-gap);
    border: 1px solid var(--ik-border);
    border-inline-start: 4px solid var(--ik-accent);
    border-radius: var(--ik-radius);
    background: var(--ik-bg);
    font-size: 0.875em;
  }
  .notice span {
    flex: 1 1 16rem;
  }
  .notice button {
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--ik-zone-border);
    border-radius: 999px;
    font-weight: 600;
  }
  .notice .primary {
    border-color: var(--ik-accent);
    background: var(--ik-accent);
    color: var(--ik-bg);
  }
`;

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

const finished = (t: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onabort = t.onerror = () => reject(t.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });

/** The database, with its two stores (made again under a new version if something else made it without them). */
function openDb(version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(RESTORE_DB, version);
    r.onupgradeneeded = () => {
      for (const [name, keyPath] of [[META, 'key'], [BLOBS, undefined]] as const) {
        if (!r.result.objectStoreNames.contains(name)) r.result.createObjectStore(name, keyPath && { keyPath });
      }
    };
    r.onsuccess = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains(META) || !db.objectStoreNames.contains(BLOBS)) {
        db.close();
        return resolve(openDb(db.version + 1));
      }
      db.onversionchange = () => db.close();
      resolve(db);
    };
    r.onerror = () => reject(r.error);
  });
}

/**
 * `restore`: the files not yet uploaded (waiting, in flight, failed or canceled) are kept in
 * IndexedDB, bytes and per-file parameters, and come back after a reload as `waiting`, with a
 * notice; nothing starts by itself, and an upload starts from zero (ImageKit has no resumable
 * upload). A file's record goes once it is uploaded, removed or expired. Loaded on demand, only
 * when `restore` is set. Nothing here throws into the page: a storage failure is reported.
 */
export class Restore {
  readonly #list: string;
  readonly #db: Promise<IDBDatabase>;
  /** Loaded: what was kept is listed again (sync waits for it, or it would keep those twice). */
  readonly #loaded: Promise<void>;
  /** What is kept, by the id of its file in the queue. */
  readonly #kept = new Map<string, Kept>();
  /** Files that could not be kept (storage full): not tried again. */
  readonly #unkept = new Set<string>();
  #syncing?: Promise<void>;
  #again = false;
  /** The files brought back, while the notice says so. */
  #restored: string[] = [];
  #notKept: string[] = [];
  /** How many files were listed when the notice about files not kept appeared: it goes with the next change. */
  #listedAtNotice = 0;
  #full = false;

  constructor(
    private readonly host: RestoreHost,
    private readonly queue: UploadQueue,
    private readonly t: Translate,
    private readonly kit: Kit,
  ) {
    this.#list = `${location.pathname}#${host.restore || host.id || host.name || ''}`;
    adopt(host.shadowRoot!, styles);
    kit.words(restoreStrings);
    this.#db = openDb();
    this.#loaded = this.#load().catch((err) => this.#report('unavailable', err));
    this.#sync(); // files added before this part loaded are kept too
    queue.addEventListener('change', (e) => {
      if (e.detail.progressOnly) return;
      this.#sync();
      if (this.#notKept.length && !this.#restored.length && this.queue.items.length !== this.#listedAtNotice) this.#notKept = [];
    });
  }

  get #limits(): Required<RestoreLimits> {
    return { ...RESTORE_LIMITS, ...this.host.restoreLimits };
  }

  /** Lists again what this list kept: as `waiting`, with its own parameters, in its order. Expired records go. */
  async #load() {
    const db = await this.#db;
    const all: Kept[] = await request(db.transaction(META).objectStore(META).getAll());
    const now = Date.now();
    const mine = all.filter((k) => k.list === this.#list).sort((a, b) => a.order - b.order);
    const live = mine.filter((k) => !k.dropped && k.storedAt + this.#limits.maxAge > now);
    const blobs = db.transaction(BLOBS).objectStore(BLOBS);
    const files = await Promise.all(live.map((k) => (k.url ? new File([], k.name) : request(blobs.get(k.key)) as Promise<File | undefined>)));
    const byFile = new Map<File, Kept>();
    const adding: AddedFile[] = [];
    live.forEach((k, i) => {
      const file = files[i];
      if (!(file instanceof Blob)) return; // its bytes are gone (the browser evicted them)
      byFile.set(file, k);
      adding.push({ file, path: k.path, own: k.own, url: k.url });
    });
    const { added } = adding.length ? this.queue.add(adding, { waiting: true }) : { added: [] };
    for (const item of added) this.#kept.set(item.id, byFile.get(item.file)!);
    const kept = new Set(this.#kept.values());
    this.#notKept = mine.filter((k) => k.dropped && k.storedAt + this.#limits.maxAge > now).map((k) => k.name);
    this.#listedAtNotice = this.queue.items.length;
    this.#restored = added.map((i) => i.id);
    if (added.length || this.#notKept.length) {
      this.host.dispatchEvent(new CustomEvent('ik-restore', {
        detail: { files: added.map(({ id, file, url }) => (url ? { id, file, url } : { id, file })), notKept: this.#notKept },
        bubbles: true, composed: true,
      }));
    }
    this.host.requestUpdate();
    // What expired, lost its bytes or was not taken back goes; so do the names already told.
    await this.#delete(mine.filter((k) => !kept.has(k)));
  }

  /** Keeps the store in step with the list; one pass at a time, again if the list changed meanwhile. */
  #sync() {
    if (this.#syncing) {
      this.#again = true;
      return;
    }
    this.#syncing = (async () => {
      await this.#loaded;
      do {
        this.#again = false;
        await this.#syncOnce().catch((err) => this.#report('unavailable', err));
      } while (this.#again);
      this.#syncing = undefined;
    })();
  }

  async #syncOnce() {
    const wanted = new Map<string, [UploadItem, number]>();
    this.queue.items.forEach((item, order) => {
      if (KEPT.has(item.state) && !this.#unkept.has(item.id)) wanted.set(item.id, [item, order]);
    });
    const gone = [...this.#kept].filter(([id]) => !wanted.has(id));
    for (const [id] of gone) this.#kept.delete(id);
    await this.#delete(gone.map(([, k]) => k));
    const { maxFileSize, maxTotalSize } = this.#limits;
    let total = 0;
    for (const k of this.#kept.values()) if (!k.dropped) total += k.size;
    for (const [id, [item, order]] of wanted) {
      const old = this.#kept.get(id);
      if (old && old.order === order && JSON.stringify(old.own) === JSON.stringify(item.own)) continue;
      const size = item.url ? 0 : item.file.size;
      const dropped = !old && (size > maxFileSize || total + size > maxTotalSize);
      const kept: Kept = old
        ? { ...old, order, own: item.own }
        : { key: crypto.randomUUID(), list: this.#list, name: item.file.name, size, storedAt: Date.now(), order, path: item.path, url: item.url, own: item.own, dropped };
      if (!old && !dropped) total += size;
      await this.#put(id, kept, old || dropped || item.url ? undefined : item.file);
    }
  }

  /** One file a transaction: a full quota refuses that file, not the rest. */
  async #put(id: string, kept: Kept, file?: File) {
    const db = await this.#db;
    const t = db.transaction([META, BLOBS], 'readwrite');
    try {
      t.objectStore(META).put(kept);
      if (file) t.objectStore(BLOBS).put(file, kept.key);
      await finished(t);
      this.#kept.set(id, kept);
    } catch (err) {
      this.#unkept.add(id);
      this.#report((err as DOMException)?.name === 'QuotaExceededError' ? 'quota-exceeded' : 'unavailable', err);
    }
  }

  async #delete(kept: Kept[]) {
    if (!kept.length) return;
    const t = (await this.#db).transaction([META, BLOBS], 'readwrite');
    for (const k of kept) {
      t.objectStore(META).delete(k.key);
      t.objectStore(BLOBS).delete(k.key);
    }
    await finished(t);
  }

  /** A failure is told, never thrown: on the console, as `ik-restore-error`, and (storage full) in the notice. */
  #report(code: 'quota-exceeded' | 'unavailable', err: unknown) {
    const message = `<ik-uploader restore>: ${code === 'quota-exceeded' ? "the browser's storage is full, so files not yet uploaded will not survive a reload" : 'the files could not be kept for a reload'}${err instanceof Error && err.message ? ` (${err.message})` : ''}.`;
    console.warn(message);
    this.#full ||= code === 'quota-exceeded';
    this.host.dispatchEvent(new CustomEvent('ik-restore-error', { detail: { error: { code, message } }, bubbles: true, composed: true }));
    this.host.requestUpdate();
  }

  render() {
    const { t, queue } = this;
    const { html, nothing } = this.kit.lit;
    this.#restored = this.#restored.filter((id) => queue.get(id)?.state === 'waiting');
    const n = this.#restored.length;
    const words = [
      n ? t('restored', { n }) : '',
      this.#notKept.length ? t('notKept', { names: this.#notKept.join(', ') }) : '',
      this.#full && [...this.#unkept].some((id) => queue.get(id) && KEPT.has(queue.get(id)!.state)) ? t('storageFull') : '',
    ].filter(Boolean);
    // The live region is there, empty, before there is anything to say: a region added with its words is often not read out.
    if (!words.length) return html`<div role="status"></div>`;
    return html`<div class="notice" part="restore-notice" role="status">
      <span>${words.join(' ')}</span>
      ${n
        ? html`<button type="button" class="primary" @click=${this.#upload}>${t('restoreUpload')}</button>
            <button type="button" @click=${this.#discard}>${t('restoreDiscard')}</button>`
        : nothing}
    </div>`;
  }

  #upload = () => {
    void this.queue.start();
    this.#refocus();
  };

  #discard = () => {
    for (const id of this.#restored) this.queue.remove(id);
    this.#notKept = [];
    this.#refocus();
  };

  /** The notice's buttons go with it: focus moves to the element's first button. */
  #refocus() {
    void this.host.updateComplete.then(() => this.host.shadowRoot!.querySelector('button')?.focus());
  }
}
