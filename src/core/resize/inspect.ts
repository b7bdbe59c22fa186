import isAnimated from 'is-animated';

export type FileKind =
  | { kind: 'not-an-image' }
  | { kind: 'svg' }
  | { kind: 'animated'; type: string }
  | { kind: 'raster'; type: string };

/** Can hold more than one frame; is-animated reads which from the bytes. */
const MAYBE_ANIMATED = ['image/gif', 'image/png', 'image/webp', 'image/avif'];
const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];

/**
 * What the resizer may do with a file, judged from its bytes first and its declared type second
 * (a renamed file or an empty `type` must not fool it). Only the first bytes are read, except for
 * formats that can be animated, where the frames have to be counted.
 */
export async function inspectFile(file: Blob & { name?: string }): Promise<FileKind> {
  const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
  const sniffed = sniffImageType(head);
  const declared = file.type.toLowerCase();
  if (!sniffed && (declared === 'image/svg+xml' || /\.svgz?$/i.test(file.name ?? '') || looksLikeSvg(head))) {
    return { kind: 'svg' };
  }
  const type = sniffed ?? declared;
  if (!type.startsWith('image/')) return { kind: 'not-an-image' };
  if (MAYBE_ANIMATED.includes(type) && isAnimated(await file.arrayBuffer())) return { kind: 'animated', type };
  return { kind: 'raster', type };
}

/** The image type named by a file's magic number, for the formats browsers commonly decode. */
export function sniffImageType(b: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
    if (HEIF_BRANDS.includes(brand)) return 'image/heic';
  }
  if (ascii(0, 2) === 'BM') return 'image/bmp';
  if (b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0) return 'image/x-icon';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'image/tiff';
  return undefined;
}

function looksLikeSvg(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('<') && /<svg[\s>]/i.test(text);
}
