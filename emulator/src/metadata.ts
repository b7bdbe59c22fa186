import sharp from 'sharp';
import exifr from 'exifr';
import { MAX_PIXELS } from './pre-transform.js';
import type { FileVersion } from './store.js';

/**
 * The metadata API's answer (spec `Metadata`) for one stored version, read from its bytes:
 * dimensions, format, colour profile, density and real transparency with sharp; the EXIF
 * segments with exifr, raw (numbers and `YYYY:MM:DD hh:mm:ss` strings, as ImageKit returns
 * them), under ImageKit's group names (image, thumbnail, exif, gps, interoperability); and a
 * 64-bit perceptual hash (DCT pHash) as 16 hex digits. `quality` is not estimated and left
 * out. Non-images, and images sharp cannot decode, get what the stored record knows.
 */
export async function readMetadata(path: string, version: FileVersion): Promise<Record<string, unknown>> {
  const metadata: Record<string, unknown> = {};
  if (version.height !== undefined) metadata.height = version.height;
  if (version.width !== undefined) metadata.width = version.width;
  metadata.size = version.size;
  const subtype = version.mime.split('/')[1];
  if (version.fileType !== 'image') return metadata;
  if (subtype) metadata.format = formatName(subtype);
  metadata.hasTransparency = version.hasAlpha;
  try {
    const image = sharp(path, { animated: false, limitInputPixels: MAX_PIXELS });
    const info = await image.metadata();
    if (info.format) metadata.format = formatName(info.format);
    metadata.hasColorProfile = info.hasProfile ?? false;
    if (info.density !== undefined) metadata.density = Math.round(info.density);
    metadata.hasTransparency = info.hasAlpha ? !(await image.stats()).isOpaque : false;
    metadata.pHash = await perceptualHash(path);
  } catch {
    // ICO and BMP: sharp cannot decode them; the stored dimensions stand.
  }
  const exif = await readExif(path);
  if (exif) metadata.exif = exif;
  return metadata;
}

function formatName(format: string): string {
  if (format === 'jpeg') return 'jpg';
  if (format === 'heif') return 'heic';
  return format.replace(/\+xml$/, '');
}

/** ImageKit's names for the pointer tags exifr calls by their IFD names. */
const RENAMED: Record<string, string> = { ExifIFD: 'ExifOffset', GpsIFD: 'GPSInfo', InteropIFD: 'InteropOffset' };
const GROUPS: Record<string, string> = { ifd0: 'image', ifd1: 'thumbnail', exif: 'exif', gps: 'gps', interop: 'interoperability' };

async function readExif(path: string): Promise<Record<string, unknown> | undefined> {
  let parsed: Record<string, Record<string, unknown>> | undefined;
  try {
    parsed = await exifr.parse(path, {
      tiff: true,
      ifd1: true,
      exif: true,
      gps: true,
      interop: true,
      makerNote: false,
      xmp: false,
      iptc: false,
      icc: false,
      mergeOutput: false,
      translateKeys: true,
      translateValues: false,
      reviveValues: false,
      sanitize: false,
    });
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const exif: Record<string, unknown> = {};
  for (const [segment, group] of Object.entries(GROUPS)) {
    const tags = parsed[segment];
    if (!tags || typeof tags !== 'object') continue;
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tags)) {
      const json = jsonValue(value);
      if (json !== undefined) clean[RENAMED[key] ?? key] = json;
    }
    exif[group] = clean;
  }
  exif.makernote = {};
  return exif;
}

/** Byte strings become text when printable (`ExifVersion` "0232"), short ones number arrays, long ones go. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    if (value.length > 0 && value.every((b) => b >= 0x20 && b < 0x7f)) return Buffer.from(value).toString('latin1');
    return value.length <= 64 ? [...value] : undefined;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (Array.isArray(value)) return value.map(jsonValue);
  return value;
}

const HASH_SIDE = 32;
const LOW = 8;

/**
 * pHash: the image as 32×32 greys, its 2-D DCT, the 8×8 lowest frequencies without the DC
 * term compared with their median; 64 bits as hex. Deterministic for the same bytes.
 */
export async function perceptualHash(path: string): Promise<string> {
  const pixels = await sharp(path, { animated: false, limitInputPixels: MAX_PIXELS })
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(HASH_SIDE, HASH_SIDE, { fit: 'fill' })
    .raw()
    .toBuffer();
  const cos = Array.from({ length: LOW }, (_, u) =>
    Array.from({ length: HASH_SIDE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * HASH_SIDE))),
  );
  const coefficients: number[] = [];
  for (let u = 0; u < LOW; u++) {
    for (let v = 0; v < LOW; v++) {
      let sum = 0;
      for (let y = 0; y < HASH_SIDE; y++) {
        for (let x = 0; x < HASH_SIDE; x++) sum += pixels[y * HASH_SIDE + x]! * cos[u]![y]! * cos[v]![x]!;
      }
      coefficients.push(sum);
    }
  }
  const ac = coefficients.slice(1);
  const median = [...ac].sort((a, b) => a - b)[Math.floor(ac.length / 2)]!;
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let bit = 0; bit < 4; bit++) nibble = (nibble << 1) | (coefficients[i + bit]! > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}
