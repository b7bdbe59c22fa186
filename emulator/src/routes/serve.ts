import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import { digestsEqual } from '../auth.js';
import type { Route } from '../router.js';
import { ImageKitError } from '../http.js';
import { THUMBNAIL_PREFIX, VERSION_PARAM } from '../file-object.js';
import { MAX_PIXELS, warningLines } from '../pre-transform.js';
import { transformImage } from '../transform/apply.js';
import { currentVersion, type FileVersion } from '../store.js';

const THUMBNAIL_SIZE = 100;

/**
 * `GET`/`HEAD` on every `url` and `thumbnailUrl` the emulator returned: the path under the URL
 * endpoint is a filePath, optionally after `/tr:<chain>`, or with `?tr=<chain>`, optionally with
 * `?ik-obj-version=<versionId>` for a file version. The original
 * is served byte for byte (a private file's only with a signed URL; an unpublished file's
 * never); `n-ik_ml_thumbnail` is a real thumbnail (fits 100x100); any other chain is rendered
 * with sharp (transform/apply.ts) when the emulator simulates every step of it, and refused
 * with 400 naming the steps it does not, rather than answered with bytes that would look
 * transformed and are not.
 */
export const serveRoute: Route = async (req, res, ctx) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const base = new URL(ctx.options.urlEndpoint).pathname.replace(/\/$/, '');
  const { pathname } = ctx.url;
  if (!pathname.startsWith(base + '/')) return false;
  let rest = pathname.slice(base.length);
  const chains: string[] = [];
  const inPath = /^\/tr[:,]([^/]*)(\/.*)$/.exec(rest);
  if (inPath) {
    chains.push(inPath[1]!);
    rest = inPath[2]!;
  }
  const query = ctx.url.searchParams.get('tr');
  if (query !== null) chains.push(query);
  const chain = chains.join(':');
  const thumbnail = chain === THUMBNAIL_PREFIX.slice('/tr:'.length);
  let filePath: string;
  try {
    filePath = decodeURIComponent(rest);
  } catch {
    throw new ImageKitError(404, 'The requested file does not exist.');
  }
  const record = ctx.store.getByPath(filePath);
  // Unpublished files are reachable through the media library only, as the seed says.
  if (!record || !record.isPublished) throw new ImageKitError(404, 'The requested file does not exist.');
  // Private originals need a signed URL; named transformations (the thumbnail) do not (seed 004).
  if (record.isPrivateFile && !thumbnail && !hasValidSignature(req.url ?? '', base, ctx.options)) {
    throw new ImageKitError(401, 'This file is private: its URL must be signed (ik-s, and ik-t when it expires).');
  }
  // `?ik-obj-version=<versionId>` serves that version, as the URLs of file versions do on ImageKit.
  const versionId = ctx.url.searchParams.get(VERSION_PARAM);
  const version = versionId === null ? currentVersion(record) : record.versions.find((v) => v.id === versionId);
  if (!version) throw new ImageKitError(404, 'The requested file does not exist.');
  const path = ctx.store.bytesPath(version);

  if (thumbnail) {
    if (version.fileType !== 'image') throw new ImageKitError(404, 'Thumbnails exist for images only.');
    const made = await makeThumbnail(path, version);
    if (made) {
      send(res, req.method === 'HEAD', made.type, made.bytes.length, made.bytes);
      return true;
    }
    // sharp cannot decode every format ImageKit accepts (ICO, BMP); the original stands in.
  } else if (chain) {
    if (version.fileType !== 'image') throw new ImageKitError(400, 'ik-emulator transforms images only: this file is served as it is, without tr.');
    const result = await transformImage(path, chain);
    if (!result.bytes || result.warnings.length > 0) {
      throw new ImageKitError(400, `This transformation is not simulated by ik-emulator, so it is not served: ${warningLines(result).join('; ')}.`);
    }
    send(res, req.method === 'HEAD', `image/${result.format}`, result.bytes.length, result.bytes);
    return true;
  }
  send(res, req.method === 'HEAD', version.mime, version.size, path);
  return true;
};

/** ImageKit's URL signing, as the official SDKs' `buildSrc({ signed: true })` does it. */
const NO_EXPIRY = '9999999999';

/**
 * Checks `ik-s` (and `ik-t`): hex HMAC-SHA1(privateKey, URL relative to the endpoint, without
 * the two signing parameters, + expiry), expiry in the future.
 */
function hasValidSignature(rawUrl: string, basePath: string, options: { urlEndpoint: string; privateKey: string }): boolean {
  const [rawPath = '', rawQuery = ''] = rawUrl.split(/\?(.*)/s, 2);
  const params = rawQuery.split('&').filter((p) => p !== '');
  const value = (name: string) => params.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1);
  const signature = value('ik-s');
  const expiry = value('ik-t') ?? NO_EXPIRY;
  if (!signature || !/^\d{1,12}$/.test(expiry) || Number(expiry) < Date.now() / 1000) return false;
  const rest = params.filter((p) => !p.startsWith('ik-s=') && !p.startsWith('ik-t=')).join('&');
  const relative = rawPath.slice(basePath.length + 1) + (rest ? `?${rest}` : '');
  const expected = createHmac('sha1', options.privateKey).update(relative + expiry).digest('hex');
  return digestsEqual(signature.toLowerCase(), expected);
}

async function makeThumbnail(path: string, version: FileVersion): Promise<{ type: string; bytes: Buffer } | undefined> {
  try {
    const image = sharp(path, { animated: false, limitInputPixels: MAX_PIXELS }).rotate().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, {
      fit: 'inside',
      withoutEnlargement: true,
    });
    const bytes = version.hasAlpha ? await image.png().toBuffer() : await image.jpeg({ quality: 80 }).toBuffer();
    return { type: version.hasAlpha ? 'image/png' : 'image/jpeg', bytes };
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, headOnly: boolean, type: string, length: number, body: Buffer | string): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    // Uploaded SVG or HTML must not run script on the emulator's origin.
    'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
  });
  if (headOnly) {
    res.end();
  } else if (typeof body === 'string') {
    const stream = createReadStream(body);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } else {
    res.end(body);
  }
}
