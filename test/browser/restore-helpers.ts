// Helpers for the `restore` tests: the fixture page (fixtures/restore.html) in a frame, reloaded as
// a person reloads it, and what IndexedDB holds.
import { expect } from '@esm-bundle/chai';
import type { IkUploader } from '../../src/element/ik-uploader.js';
import { RESTORE_DB } from '../../src/element/restore.js';
import { clearFaults, until } from './helpers.js';

export interface Frame {
  el: IkUploader;
  win: Window & typeof globalThis & { events: Array<{ type: string; detail: any }>; errors: string[] };
  reload(): Promise<void>;
}

const frames: HTMLIFrameElement[] = [];
/** Removes the frames and the database (each file that opens frames calls it after each test). */
export async function closeFrames(): Promise<void> {
  for (const f of frames.splice(0)) {
    (f.contentDocument?.getElementById('up') as IkUploader | null)?.cancelAll();
    f.remove();
  }
  await clearFaults();
  await new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase(RESTORE_DB);
    r.onsuccess = r.onerror = () => resolve();
  });
}

/** The fixture page in a frame, with `query` (restore, upload, folder, limits); `reload()` reloads it as a person would. */
export async function open(query: Record<string, string>): Promise<Frame> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 700px; height: 500px';
  frames.push(frame);
  const loaded = () => new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  const ready = async () => {
    await until(() => (frame.contentDocument?.getElementById('up') as IkUploader | null)?.shadowRoot, 'the element in the frame');
    result.el = frame.contentDocument!.getElementById('up') as IkUploader;
    result.win = frame.contentWindow as Frame['win'];
    await result.el.updateComplete;
  };
  const result = {
    reload: async () => {
      const done = loaded();
      frame.contentWindow!.location.reload();
      await done;
      await ready();
    },
  } as Frame;
  const done = loaded();
  frame.src = `/test/browser/fixtures/restore.html?${new URLSearchParams(query)}`;
  document.body.append(frame);
  await done;
  await ready();
  return result;
}

/** What the store holds, every list's records. */
export async function kept(): Promise<Array<{ key: string; list: string; name: string; dropped?: boolean; own?: unknown }>> {
  // Opening a database that is not there would make it (empty, before the element makes its stores).
  if (!(await indexedDB.databases()).some((d) => d.name === RESTORE_DB)) return [];
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(RESTORE_DB);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  try {
    if (!db.objectStoreNames.contains('files')) return [];
    const t = db.transaction(['files', 'blobs']);
    const [files, blobs] = await Promise.all(['files', 'blobs'].map((s) => new Promise<unknown[]>((resolve) => {
      const r = t.objectStore(s).getAllKeys();
      r.onsuccess = () => resolve(r.result);
    })));
    const records = await new Promise<any[]>((resolve) => {
      const r = t.objectStore('files').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    expect(files!.length).to.equal(records.length);
    return records.map((k) => ({ ...k, blob: blobs!.includes(k.key) }));
  } finally {
    db.close();
  }
}

/** Bytes as a file of the frame's own realm (the queue checks `instanceof File`). */
export function file(win: Window & typeof globalThis, name: string, size: number, type = 'application/octet-stream'): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
  return new win.File([bytes], name, { type, lastModified: 1_700_000_000_000 });
}

export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();
export const notice = (el: IkUploader) => el.shadowRoot!.querySelector('[part~="restore-notice"]');
export const button = (el: IkUploader, words: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === words) as HTMLButtonElement;

