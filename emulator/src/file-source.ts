import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ImageKitError } from './http.js';
import type { ReceivedFile } from './multipart.js';
import { readHead } from './read-head.js';

export const FILE_TOO_LARGE = 'Your request contains invalid file parameter. The file size exceeds limits.';
export const FILE_MISSING = 'Your request is missing file parameter.';
const NOT_BASE64 = 'Your request contains invalid file parameter. It is neither a file, a base64 string nor a URL.';
const URL_FAILED = 'Your request contains invalid file parameter. The file could not be downloaded from the URL';

/** ImageKit gives up on a URL whose response headers take longer than this (seed 004). */
export const URL_HEADERS_TIMEOUT_MS = 8000;
/** After the headers, how long the body of a URL may take in all. */
const URL_BODY_TIMEOUT_MS = 60_000;

/**
 * Turns the received `file` field into bytes on disk at `outPath`: a binary part is used as it
 * is; a text field is a URL to download or base64 to decode, each streamed with the size limit
 * applied to the real bytes. Returns the path and size of the bytes. Throws ImageKitError 400.
 */
export async function resolveFileBytes(
  file: ReceivedFile,
  outPath: string,
  maxFileSize: number,
): Promise<{ path: string; size: number }> {
  if (file.tooLarge) throw new ImageKitError(400, FILE_TOO_LARGE);
  if (!file.path || file.size === 0) throw new ImageKitError(400, FILE_MISSING);
  if (file.kind === 'binary') return { path: file.path, size: file.size };

  const start = (await readHead(file.path, 16)).toString('latin1').trimStart();
  if (/^https?:\/\//i.test(start)) {
    if (file.size > 8192) throw new ImageKitError(400, `${URL_FAILED}: the URL is too long.`);
    const url = (await readHead(file.path, 8192)).toString('utf8').trim();
    return { path: outPath, size: await download(url, outPath, maxFileSize) };
  }
  return { path: outPath, size: await decodeBase64(file.path, outPath, maxFileSize) };
}

async function download(url: string, outPath: string, maxFileSize: number): Promise<number> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImageKitError(400, `${URL_FAILED}: it is not a valid URL.`);
  }
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), URL_HEADERS_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(parsed, { signal: controller.signal, redirect: 'follow' });
  } catch {
    clearTimeout(timer);
    const why = controller.signal.aborted ? `no response headers within ${URL_HEADERS_TIMEOUT_MS / 1000} seconds` : 'it could not be reached';
    throw new ImageKitError(400, `${URL_FAILED}: ${why}.`);
  }
  clearTimeout(timer);
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ImageKitError(400, `${URL_FAILED}: it answered HTTP ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxFileSize) {
    await response.body.cancel();
    throw new ImageKitError(400, FILE_TOO_LARGE);
  }
  timer = setTimeout(() => controller.abort(), URL_BODY_TIMEOUT_MS);
  const counter = new ByteLimit(maxFileSize);
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(outPath, { mode: 0o600 }));
  } catch (error) {
    await rm(outPath, { force: true });
    if (error instanceof TooLarge) throw new ImageKitError(400, FILE_TOO_LARGE);
    throw new ImageKitError(400, `${URL_FAILED}: the download broke off.`);
  } finally {
    clearTimeout(timer);
  }
  if (counter.seen === 0) {
    await rm(outPath, { force: true });
    throw new ImageKitError(400, `${URL_FAILED}: it returned no bytes.`);
  }
  return counter.seen;
}

async function decodeBase64(inPath: string, outPath: string, maxFileSize: number): Promise<number> {
  const counter = new ByteLimit(maxFileSize);
  try {
    await pipeline(createReadStream(inPath), new Base64Decoder(), counter, createWriteStream(outPath, { mode: 0o600 }));
  } catch (error) {
    await rm(outPath, { force: true });
    if (error instanceof TooLarge) throw new ImageKitError(400, FILE_TOO_LARGE);
    if (error instanceof NotBase64) throw new ImageKitError(400, NOT_BASE64);
    throw error;
  }
  if (counter.seen === 0) {
    await rm(outPath, { force: true });
    throw new ImageKitError(400, FILE_MISSING);
  }
  return counter.seen;
}

class TooLarge extends Error {}
class NotBase64 extends Error {}

class ByteLimit extends Transform {
  seen = 0;
  constructor(readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(new TooLarge());
    else callback(null, chunk);
  }
}

/**
 * Streaming base64 decoder: accepts standard and URL-safe alphabets, line breaks, and a
 * `data:...;base64,` prefix; refuses anything else rather than decoding garbage.
 */
class Base64Decoder extends Transform {
  #pending = '';
  #started = false;
  #ended = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    let text = this.#pending + chunk.toString('latin1').replace(/\s+/g, '');
    if (!this.#started) {
      // Wait for enough characters to see a whole data-URI prefix.
      if (text.length < 256 && text.startsWith('data:') && !text.includes(',')) {
        this.#pending = text;
        return callback();
      }
      this.#started = true;
      const prefix = /^data:[^,]*;base64,/i.exec(text);
      if (prefix) text = text.slice(prefix[0].length);
    }
    if (text === '') return callback(); // line breaks after the padding are fine
    if (this.#ended || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return callback(new NotBase64());
    if (text.endsWith('=')) this.#ended = true;
    const whole = this.#ended ? text.length : text.length - (text.length % 4);
    this.#pending = text.slice(whole);
    callback(null, Buffer.from(text.slice(0, whole), 'base64'));
  }

  override _flush(callback: (error?: Error | null, data?: Buffer) => void): void {
    if (this.#pending.length % 4 === 1 || (!this.#started && this.#pending)) return callback(new NotBase64());
    callback(null, Buffer.from(this.#pending, 'base64'));
  }
}
