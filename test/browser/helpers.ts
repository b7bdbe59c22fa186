import '../../src/ik-uploader.js';
import type { IkUploader } from '../../src/element/ik-uploader.js';

declare global {
  interface Window {
    IK_TEST: { emulatorUrl: string; publicKey: string };
  }
}

export const { emulatorUrl, publicKey } = window.IK_TEST;
export const uploadEndpoint = `${emulatorUrl}/api/v1/files/upload`;

const mounted: HTMLElement[] = [];

/** An `<ik-uploader>` wired to the emulator and the good auth route, plus any attributes given. */
export async function mount(attrs: Record<string, string | boolean> = {}, parent: HTMLElement = document.body): Promise<IkUploader> {
  const el = document.createElement('ik-uploader');
  const all: Record<string, string | boolean> = {
    'public-key': publicKey,
    'auth-endpoint': '/auth',
    'upload-endpoint': uploadEndpoint,
    multiple: true,
    'retry-delay': '50',
    ...attrs,
  };
  for (const [name, value] of Object.entries(all)) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  parent.append(el);
  mounted.push(parent === document.body ? el : parent);
  await el.updateComplete;
  return el;
}

/** Removes every element `mount` made; cancels what is still uploading and clears faults. */
export async function cleanup(): Promise<void> {
  for (const el of mounted.splice(0)) {
    el.querySelectorAll('ik-uploader').forEach((u) => u.cancelAll());
    if (el.localName === 'ik-uploader') (el as IkUploader).cancelAll();
    el.remove();
  }
  await clearFaults();
}

/** Resolves with the next `type` event's detail; rejects after `ms`. */
export function nextEvent<T = any>(target: EventTarget, type: string, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms`)), ms);
    target.addEventListener(type, (e) => {
      clearTimeout(timer);
      resolve((e as CustomEvent<T>).detail);
    }, { once: true });
  });
}

/** Records every event of the given types, in order. */
export function record(target: EventTarget, types: string[]) {
  const events: Array<{ type: string; detail: any }> = [];
  for (const type of types) target.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  return {
    events,
    of: (type: string) => events.filter((e) => e.type === type).map((e) => e.detail),
  };
}

export function shadow(el: IkUploader): ShadowRoot {
  return el.shadowRoot!;
}

export function fileInput(el: IkUploader): HTMLInputElement {
  return shadow(el).querySelector('input[type=file]')!;
}

export function dropZone(el: IkUploader): HTMLButtonElement {
  return shadow(el).querySelector('[part~="drop-zone"]')!;
}

export function rows(el: IkUploader): HTMLLIElement[] {
  return [...shadow(el).querySelectorAll<HTMLLIElement>('li')];
}

export function transfer(files: File[]): DataTransfer {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  return dt;
}

/** What a user's file picker does: sets `files` on the input, then fires `change`. */
export function pick(el: IkUploader, files: File[]): void {
  const input = fileInput(el);
  input.files = transfer(files).files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** What a user's drag and drop does, step by step. */
export function drop(el: IkUploader, files: File[]): void {
  const zone = dropZone(el);
  const dataTransfer = transfer(files);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    zone.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true, composed: true }));
  }
}

/** A real PNG of the given size, drawn on a canvas. */
export async function makePng(name: string, width: number, height: number, color = '#c00'): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = color;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, Math.ceil(width / 3), Math.ceil(height / 3));
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], name, { type: 'image/png' });
}

/** A file of `size` pseudo-random bytes (random so nothing along the way can compress it). */
export function makeBytes(name: string, size: number, type = 'application/octet-stream'): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
  return new File([bytes], name, { type });
}

export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface FaultSpec {
  count: number;
  status?: number;
  body?: unknown;
  resetMs?: number;
  delayMs?: number;
  mode?: 'status' | 'drop-before-response' | 'lose-response' | 'stall';
}

/** Queues a fault in the emulator for the next `count` uploads (through the test page's origin: test-routes.ts). */
export async function fault(spec: FaultSpec): Promise<void> {
  const res = await fetch(`/__emulator/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
  });
  if (!res.ok) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
}

export async function clearFaults(): Promise<void> {
  await fetch(`/__emulator/faults`, { method: 'DELETE' });
}

export async function emulatorStats(): Promise<{ uploadsReceived: number; uploadsStored: number; faultsPending: number; files: number }> {
  return (await fetch(`/__emulator/stats`)).json();
}

/** How many times the good `/auth` route has been called so far. */
export async function authCalls(): Promise<number> {
  return (await (await fetch('/auth/calls')).json()).calls;
}

/** What the emulator holds under `folder` (read on the server side). */
export async function library(folder: string): Promise<Array<{ fileId: string; name: string; filePath: string; versions: number; size: number }>> {
  return (await fetch(`/library?folder=${encodeURIComponent(folder)}`)).json();
}

/** A folder no other test uses. */
export function uniqueFolder(prefix: string): string {
  return `/${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check()` is truthy, polling; throws with `what` after `ms`. */
export async function until<T>(check: () => T | Promise<T>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
