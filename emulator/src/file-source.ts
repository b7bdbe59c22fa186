import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isPublicAddress } from './addresses.js';
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
 * Turns the received `file` field into bytes on disk: a binary part is used as it is; a text
 * field is a URL to download or base64 to decode to a path `newPath()` gives (asked for only
 * then), each streamed with the size limit
 * applied to the real bytes. A URL on a loopback, private or other non-public address is refused
 * unless `allowPrivateUrls`: ImageKit fetches from the internet and could never reach it. Returns
 * the path and size of the bytes. Throws ImageKitError 400.
 */
export async function resolveFileBytes(
  file: ReceivedFile,
  newPath: () => string,
  maxFileSize: number,
  allowPrivateUrls = false,
): Promise<{ path: string; size: number }> {
  if (file.tooLarge) throw new ImageKitError(400, FILE_TOO_LARGE);
  if (!file.path || file.size === 0) throw new ImageKitError(400, FILE_MISSING);
  if (file.kind === 'binary') return { path: file.path, size: file.size };

  const start = (await readHead(file.path, 16)).toString('latin1').trimStart();
  if (/^https?:\/\//i.test(start)) {
    if (file.size > 8192) throw new ImageKitError(400, `${URL_FAILED}: the URL is too long.`);
    const url = (await readHead(file.path, 8192)).toString('utf8').trim();
    const outPath = newPath();
    return { path: outPath, size: await download(url, outPath, maxFileSize, allowPrivateUrls) };
  }
  const outPath = newPath();
  return { path: outPath, size: await decodeBase64(file.path, outPath, maxFileSize) };
}

/** How many redirects a URL source may take, as a browser would follow them. */
const MAX_REDIRECTS = 10;

/**
 * Downloads `url` to `outPath` with node:http(s), never keeping more than the size limit. Each
 * hop (redirects too) is checked where it connects: the address DNS gives is the one dialled,
 * so a name cannot pass the check and then resolve elsewhere.
 */
async function download(url: string, outPath: string, maxFileSize: number, allowPrivate: boolean): Promise<number> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ImageKitError(400, `${URL_FAILED}: it is not a valid URL.`);
  }
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), URL_HEADERS_TIMEOUT_MS);
  let response: IncomingMessage;
  try {
    for (let hop = 0; ; hop++) {
      response = await get(target, allowPrivate, controller.signal);
      const location = response.headers.location;
      if (response.statusCode! >= 300 && response.statusCode! < 400 && location) {
        response.resume();
        if (hop === MAX_REDIRECTS) throw new ImageKitError(400, `${URL_FAILED}: it redirects more than ${MAX_REDIRECTS} times.`);
        target = new URL(location, target);
        continue;
      }
      break;
    }
  } catch (error) {
    clearTimeout(timer);
    if (error instanceof ImageKitError) throw error;
    if ((error as PrivateAddressError).private) {
      throw new ImageKitError(
        400,
        `${URL_FAILED}: it points to ${(error as PrivateAddressError).address}, a loopback or private address ImageKit cannot reach. Start the emulator with --allow-private-urls (allowPrivateUrls) to fetch it.`,
      );
    }
    const why = controller.signal.aborted ? `no response headers within ${URL_HEADERS_TIMEOUT_MS / 1000} seconds` : 'it could not be reached';
    throw new ImageKitError(400, `${URL_FAILED}: ${why}.`);
  }
  clearTimeout(timer);
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    response.resume();
    throw new ImageKitError(400, `${URL_FAILED}: it answered HTTP ${status}.`);
  }
  const declared = Number(response.headers['content-length']);
  if (declared > maxFileSize) {
    response.destroy();
    throw new ImageKitError(400, FILE_TOO_LARGE);
  }
  timer = setTimeout(() => controller.abort(), URL_BODY_TIMEOUT_MS);
  const counter = new ByteLimit(maxFileSize);
  try {
    await pipeline(response, counter, createWriteStream(outPath, { mode: 0o600 }), { signal: controller.signal });
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

interface PrivateAddressError extends Error {
  private: true;
  address: string;
}

function privateAddress(address: string): PrivateAddressError {
  return Object.assign(new Error(`${address} is not a public address`), { private: true as const, address, code: 'EPRIVATEADDRESS' });
}

/** One GET, resolving to the response once its headers are in. */
function get(url: URL, allowPrivate: boolean, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((done, fail) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(new ImageKitError(400, `${URL_FAILED}: only http and https URLs can be fetched.`));
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(literal) && !isPublicAddress(literal)) return fail(privateAddress(literal));
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return (callback as (e: Error) => void)(error);
        const list = addresses as LookupAddress[];
        const refused = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
        if (refused) return (callback as (e: Error) => void)(privateAddress(`${refused.address} (${hostname})`));
        if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, list);
        (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
      });
    };
    const request = (url.protocol === 'https:' ? httpsGet : httpGet)(url, { signal, lookup, headers: { 'user-agent': 'ik-emulator', accept: '*/*' } }, done);
    request.on('error', fail);
  });
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
