import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { request } from 'node:http';
import sharp from 'sharp';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/index.js';
import ImageKit from '@imagekit/nodejs';
import { assertMatchesSchema } from './schema.js';

export const PUBLIC_KEY = 'public_emulator_test';
export const PRIVATE_KEY = 'emulator-test-secret';
export const HELP = 'For support kindly contact us at support@imagekit.io .';

export interface TestEmulator extends RunningEmulator {
  uploadUrl: string;
  /** Closes the emulator and removes its temp data dir. */
  stop(): Promise<void>;
}

/** A real emulator on a free loopback port with its own temp data dir (removed by `stop()`). */
export async function emulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ik-emu-test-')));
  const running = await startEmulator({ port: 0, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, ...options, dataDir });
  return Object.assign(running, {
    uploadUrl: `${running.url}/api/v1/files/upload`,
    async stop() {
      await running.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** Client-side auth fields signed with the test private key, by ImageKit's own Node SDK as a host app would. */
export function signed(overrides: { token?: string; expire?: number; privateKey?: string; publicKey?: string } = {}) {
  const sdk = new ImageKit({ privateKey: overrides.privateKey ?? PRIVATE_KEY });
  const { token, expire, signature } = sdk.helper.getAuthenticationParameters(overrides.token, overrides.expire);
  return { publicKey: overrides.publicKey ?? PUBLIC_KEY, token, expire: String(expire), signature };
}

export function basic(user: string, password = ''): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

/** A real PNG of the given size (with alpha) made by sharp. */
export function png(width: number, height: number, alpha = true): Promise<Buffer> {
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: { r: 200, g: 30, b: 90, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

/** A real JPEG of the given size made by sharp. */
export function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a6' } }).jpeg().toBuffer();
}

export interface UploadOptions {
  /** Bytes (sent as a file part), or a string (sent as a plain field: base64 or URL). */
  file?: Buffer | string;
  /** The file part's own file name (multipart filename). */
  partName?: string;
  fields?: Record<string, string>;
  /** Client-side auth fields; default: freshly signed. `false` sends none. */
  auth?: Record<string, string> | false;
  headers?: Record<string, string>;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Posts a multipart upload with fetch's own FormData encoder, as a browser would. Every 200
 * answer is checked against the spec's `Upload` schema on the way.
 */
export async function upload(target: TestEmulator, options: UploadOptions = {}): Promise<JsonResponse> {
  const form = new FormData();
  if (options.file !== undefined) {
    if (typeof options.file === 'string') form.append('file', options.file);
    else form.append('file', new Blob([new Uint8Array(options.file)]), options.partName ?? 'upload.bin');
  }
  const fields = { fileName: 'photo.png', ...options.fields };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (options.auth !== false) for (const [k, v] of Object.entries(options.auth ?? signed())) form.append(k, v);
  const res = await fetch(target.uploadUrl, { method: 'POST', body: form, headers: options.headers ?? {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text for the assertion to show
  }
  if (res.status === 200) assertMatchesSchema('Upload', body);
  return { status: res.status, headers: res.headers, body };
}

/** Every file record as the data folder holds it now: records.log replayed, line by line. */
export async function storedRecords(dataDir: string): Promise<Map<string, any>> {
  const records = new Map<string, any>();
  const text = await readFile(join(dataDir, 'records.log'), 'utf8').catch((error) => {
    if (error.code === 'ENOENT') return ''; // nothing stored yet
    throw error;
  });
  for (const line of text.split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line);
    if (entry.put) records.set(entry.put.fileId, entry.put);
    else records.delete(entry.del);
  }
  return records;
}

/** A file's record as the data folder holds it now (undefined once removed). */
export async function storedRecord(dataDir: string, fileId: string): Promise<any> {
  return (await storedRecords(dataDir)).get(fileId);
}

/**
 * Bytes of uploads that were not stored: files in blobs/ that no record names (where an upload
 * writes its file before its record exists) and anything in tmp/ (where older emulators did).
 */
export async function strayFiles(dataDir: string): Promise<string[]> {
  const named = new Set([...(await storedRecords(dataDir)).values()].flatMap((r) => r.versions.map((v: { id: string }) => v.id)));
  return (await listTree(dataDir)).filter((p) => p.startsWith('tmp/') || (p.startsWith('blobs/') && !named.has(p.slice('blobs/'.length))));
}

/** Every file under `dir`, relative, sorted. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends a raw HTTP request (any body, any headers, even a lying Content-Type) and reads the
 * answer; `error` is set when the server cut the connection instead.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; endEarly?: boolean },
): Promise<RawResponse & { error?: Error }> {
  return new Promise((done) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => done({ status: 0, headers: {}, body: '', error }));
    });
    req.on('error', (error) => done({ status: 0, headers: {}, body: '', error }));
    if (options.body !== undefined) req.write(options.body);
    if (options.endEarly) {
      // Half of a declared body, then hang up: a client that dies mid-upload.
      setTimeout(() => req.destroy(), 200);
    } else {
      req.end();
    }
  });
}

/** Builds a multipart body by hand, for requests fetch's FormData would never produce. */
export function multipart(boundary: string, parts: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }>): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.type) head += `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(head + '\r\n'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
