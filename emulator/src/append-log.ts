import { close, constants, open, write } from 'node:fs';
import { readFile, truncate } from 'node:fs/promises';
import { promisify } from 'node:util';
import { writeFileAtomic } from './atomic.js';

/**
 * An append-only file of JSON lines with group commit: every `append()` made while a write is
 * on its way goes into the next write, and one write makes the whole batch durable: the file
 * is opened with O_DSYNC, so each write returns once its bytes are on disk, as write and
 * fdatasync would, in one system call. So 16 concurrent appends cost a write or two, not 16
 * atomic file rewrites. `append()` resolves only once its line is on disk.
 *
 * Crash safety: a crash can leave at most the batch being written torn at the end of the file,
 * and none of its appends had resolved. `open()` reads only complete, parseable lines and then
 * rewrites the file atomically (`rewrite()`), so a torn tail never sits before a later line.
 */
export class AppendLog<T> {
  readonly #path: string;
  /** Opened at the first write, so a log only read holds no file open. */
  #fd: number | undefined;
  #pending: { line: string; done: () => void; failed: (error: unknown) => void }[] = [];
  #replace: { entries: readonly T[]; waiting: { done: () => void; failed: (error: unknown) => void }[] } | undefined;
  #writing: Promise<void> | undefined;
  /** Lines in the file now (complete ones), so the owner can tell when to compact. */
  #count = 0;
  #closed = false;

  private constructor(path: string) {
    this.#path = path;
  }

  /**
   * Opens the log at `path` (made if missing) and reads its entries. `compact(entries)` may
   * return the entries to keep, and the file is rewritten to them atomically; returning
   * undefined keeps the file as it is, cut after its last complete line.
   */
  static async open<T>(path: string, compact: (entries: T[]) => readonly T[] | undefined = () => undefined): Promise<{ log: AppendLog<T>; entries: T[] }> {
    const entries: T[] = [];
    let bytes = Buffer.alloc(0);
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // `good`: where the complete, readable lines end. A last line without its line break is
    // the batch a crash interrupted, which nobody was told was saved: it is cut off.
    let good = 0;
    let damaged = false;
    for (let start = 0; start < bytes.length; ) {
      const end = bytes.indexOf(10, start);
      if (end === -1) break;
      const line = bytes.toString('utf8', start, end);
      start = end + 1;
      if (line) {
        try {
          entries.push(JSON.parse(line) as T);
        } catch {
          damaged = true; // never written so by us: keep what can be read, and write it afresh
        }
      }
      if (!damaged) good = start;
    }
    let kept = compact(entries);
    if (kept === undefined && damaged) kept = entries;
    if (kept !== undefined) await writeFileAtomic(path, lines(kept));
    if (kept === undefined && good < bytes.length) await truncate(path, good);
    const log = new AppendLog<T>(path);
    log.#count = kept?.length ?? entries.length;
    return { log, entries };
  }

  /** How many entries the file holds now. */
  get count(): number {
    return this.#count;
  }

  /** Appends `entry`; resolves once it is on disk. */
  append(entry: T): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`${this.#path} is closed`));
    return new Promise<void>((done, failed) => {
      this.#pending.push({ line: JSON.stringify(entry) + '\n', done, failed });
      this.#kick();
    });
  }

  /**
   * Replaces the whole file with `entries`, atomically (temp file, fsync, rename), for
   * compaction. `entries` must hold every entry appended so far that is to be kept: appends
   * still queued are not written to the old file but resolve once the new one is on disk;
   * later appends go to the new file.
   */
  rewrite(entries: readonly T[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`${this.#path} is closed`));
    return new Promise<void>((done, failed) => {
      const waiting = [...(this.#replace?.waiting ?? []), ...this.#pending, { done, failed }];
      this.#pending = [];
      this.#replace = { entries, waiting };
      this.#kick();
    });
  }

  /** Waits for every queued write, then closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#writing) await this.#writing;
    if (this.#fd !== undefined) await closeFd(this.#fd);
    this.#fd = undefined;
  }

  #kick(): void {
    this.#writing ??= this.#drain().finally(() => {
      this.#writing = undefined;
      if (this.#pending.length || this.#replace) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length || this.#replace) {
      const replace = this.#replace;
      if (replace) {
        this.#replace = undefined;
        try {
          await writeFileAtomic(this.#path, lines(replace.entries));
          if (this.#fd !== undefined) await closeFd(this.#fd); // it names the file replaced
          this.#fd = undefined;
          this.#count = replace.entries.length;
          for (const w of replace.waiting) w.done();
        } catch (error) {
          for (const w of replace.waiting) w.failed(error);
        }
        continue;
      }
      const batch = this.#pending;
      this.#pending = [];
      try {
        this.#fd ??= await openFd(this.#path, APPEND_DURABLY, 0o600);
        const bytes = Buffer.from(batch.length === 1 ? batch[0]!.line : batch.map((p) => p.line).join(''));
        for (let at = 0; at < bytes.length; ) at += await writeFd(this.#fd, bytes, at);
        this.#count += batch.length;
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.failed(error);
      }
    }
  }
}

// The callback API on a plain descriptor: a FileHandle's promise methods cost more per write.
const openFd = promisify(open);
const closeFd = promisify(close);
const writeFd = (fd: number, bytes: Buffer, at: number) =>
  new Promise<number>((done, failed) => write(fd, bytes, at, bytes.length - at, null, (error, n) => (error ? failed(error) : done(n))));

/** Appends, each write on disk (data and the size) before it returns: write + fdatasync in one call. */
const APPEND_DURABLY = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC;

function lines(entries: readonly unknown[]): string {
  return entries.map((e) => JSON.stringify(e) + '\n').join('');
}
