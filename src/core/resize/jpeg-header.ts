export interface JpegHeader {
  /** As stored, before the EXIF orientation. */
  width: number;
  height: number;
  /** The EXIF Orientation tag, 1 when there is none. */
  orientation: number;
}

/** Enough for the APP segments a camera writes before the frame header (EXIF is at most 64 KB). */
const HEAD_BYTES = 256 * 1024;

/**
 * A JPEG's stored size (its SOF segment) and EXIF orientation, read from its first bytes without
 * decoding. Undefined when the bytes are not a JPEG, or its frame header is not within them.
 */
export async function jpegHeader(blob: Blob): Promise<JpegHeader | undefined> {
  const b = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  const u16 = (at: number) => (b[at]! << 8) | b[at + 1]!;
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let orientation = 1;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // the scan, or the end, before any frame header
    const length = u16(at + 2);
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = u16(at + 5);
      const width = u16(at + 7);
      return width && height ? { width, height, orientation } : undefined;
    }
    if (marker === 0xe1 && orientation === 1) orientation = exifOrientation(b.subarray(at + 4, at + 2 + length));
    at += 2 + length;
  }
  return undefined;
}

/** The Orientation tag (0x0112) of an APP1 segment's IFD0, 1 when it is not an EXIF block or has none. */
function exifOrientation(s: Uint8Array): number {
  if (s.length < 14 || String.fromCharCode(...s.subarray(0, 6)) !== 'Exif\0\0') return 1;
  const little = s[6] === 0x49; // "II"
  const view = new DataView(s.buffer, s.byteOffset + 6, s.length - 6);
  const u16 = (at: number) => view.getUint16(at, little);
  try {
    const ifd = view.getUint32(4, little);
    for (let i = 0, n = u16(ifd); i < n; i++) {
      const entry = ifd + 2 + i * 12;
      if (u16(entry) === 0x0112) {
        const value = u16(entry + 8);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
  } catch {
    // an offset past the segment's end: no usable tag
  }
  return 1;
}
