import { charset, lookup } from 'mime-types';
import { readHead } from './read-head.js';
import { HEAD_BYTES } from './multipart.js';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import exifr from 'exifr';
import type { MediaInfo } from './store.js';

/** The image formats ImageKit treats as images (fileType "image"). */
const IMAGE_MIMES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/bmp',
  'image/tiff',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/svg+xml',
]);

/**
 * Reads what the bytes of a stored file are, as ImageKit identifies them: binary files by their
 * magic number (never by the name), text files by the extension of `fileName` (without one:
 * application/octet-stream); for images also the dimensions, alpha channel and embedded
 * EXIF/IPTC/XMP metadata.
 */
export async function inspectBytes(path: string, size: number, fileName: string, known?: Buffer): Promise<MediaInfo> {
  // One read (or the first bytes the upload kept, `known`) serves every check below; a file
  // that fits in it is never opened again.
  const head =
    known && known.length === size
      ? known // all of a small upload
      : known && known.length >= Math.min(size, HEAD_BYTES)
        ? known.subarray(0, HEAD_BYTES)
        : await readHead(path, HEAD_BYTES);
  const whole = head.length === size;
  const detected = (whole ? await fileTypeFromBuffer(head) : await fileTypeFromFile(path))?.mime;
  const sample = head.subarray(0, 4096);
  // file-type calls an SVG with an XML declaration plain XML, and has no signature for one without.
  const mime =
    (detected === undefined || detected === 'application/xml') && looksLikeSvg(sample)
      ? 'image/svg+xml'
      : (detected ?? (isText(sample) ? textType(fileName) : 'application/octet-stream'));
  if (!IMAGE_MIMES.has(mime)) {
    return { size, mime, fileType: 'non-image', hasAlpha: false, embeddedMetadata: null };
  }
  const info: MediaInfo = { size, mime, fileType: 'image', hasAlpha: false, embeddedMetadata: null };
  try {
    const meta = await sharp(path, { animated: false }).metadata();
    info.width = meta.width;
    info.height = meta.height;
    info.hasAlpha = meta.hasAlpha ?? false;
  } catch {
    // sharp reads neither ICO nor BMP; image-size reads the dimensions from the header.
    try {
      const dims = imageSize(await readHead(path, 512 * 1024));
      info.width = dims.width;
      info.height = dims.height;
    } catch {
      // Bytes that claim an image format but do not decode: kept, without dimensions.
    }
  }
  info.embeddedMetadata = await readEmbeddedMetadata(path);
  return info;
}

/** EXIF, IPTC and XMP merged into one flat object (ImageKit's `embeddedMetadata` shape), JSON-safe. */
async function readEmbeddedMetadata(path: string): Promise<Record<string, unknown> | null> {
  try {
    const parsed = (await exifr.parse(path, {
      tiff: true,
      exif: true,
      gps: true,
      iptc: true,
      xmp: true,
      icc: false,
      jfif: false,
      ihdr: false,
      mergeOutput: true,
    })) as Record<string, unknown> | undefined;
    if (!parsed) return null;
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (value instanceof Date) clean[key] = value.toISOString();
      else if (value instanceof Uint8Array) continue; // raw binary blocks mean nothing in JSON
      else if (value !== undefined) clean[key] = value;
    }
    return clean;
  } catch {
    return null;
  }
}



function looksLikeSvg(head: Buffer): boolean {
  // Markup starts with '<' after a BOM and white space: anything else (most binaries) is not
  // decoded as text and searched at all.
  let at = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && (head[at] === 0x20 || head[at] === 0x09 || head[at] === 0x0a || head[at] === 0x0d)) at++;
  if (head[at] !== 0x3c) return false;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  // Skip an XML declaration, comments and a doctype before the root element.
  const start = text.replace(/^\s*(<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/i, '');
  return /^<svg[\s>]/i.test(start);
}

/** Valid UTF-8 without NUL bytes (ignoring a character cut at the end of the sample). */
function isText(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.max(bytes.length - 4, 1)));
    return true;
  } catch {
    return false;
  }
}

/** A text file's type from its extension; an extension naming a binary format does not count. */
function textType(fileName: string): string {
  const type = lookup(fileName);
  return type && charset(type) === 'UTF-8' ? type : 'application/octet-stream';
}
