// Real images for the resize tests, made in the browser with canvas, plus two tiny byte-level
// helpers for what a canvas cannot write: an EXIF orientation tag and an animated GIF.

import { imageSize } from 'image-size';

export type RGB = [number, number, number];

export const RED: RGB = [220, 30, 30];
export const GREEN: RGB = [30, 200, 30];
export const BLUE: RGB = [30, 30, 220];
export const YELLOW: RGB = [220, 220, 30];

export function canvasBlob(canvas: OffscreenCanvas, type: string, quality?: number): Promise<Blob> {
  return canvas.convertToBlob({ type, quality });
}

/**
 * A photo-like image: four coloured quadrants (top-left red, top-right green, bottom-left blue,
 * bottom-right yellow) under ±`noise` of grain, so it compresses like a photo rather than a flat
 * fill. The grain is a fixed pseudo-random sequence, so every run makes the same bytes.
 */
export function quadrantCanvas(width: number, height: number, noise = 24): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(width, height);
  const data = image.data;
  let seed = 0x2545f491;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = y < height / 2 ? (x < width / 2 ? RED : GREEN) : x < width / 2 ? BLUE : YELLOW;
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const grain = ((seed >>> 0) % (2 * noise + 1)) - noise;
      const i = (y * width + x) * 4;
      data[i] = colour[0] + grain;
      data[i + 1] = colour[1] + grain;
      data[i + 2] = colour[2] + grain;
      data[i + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/**
 * Puts an EXIF block holding only an Orientation tag into a JPEG, right after its SOI marker.
 *
 * APP1 layout (big-endian TIFF, "MM"):
 *   FF E1, length 0x0022 (34: itself + 32 bytes), "Exif\0\0",
 *   TIFF header: "MM", 0x002A, offset of IFD0 = 8,
 *   IFD0: 1 entry: tag 0x0112 (Orientation), type 3 (SHORT), count 1, value, 2 bytes padding,
 *   offset of the next IFD = 0 (none).
 * Orientation 6 means "rotate 90° clockwise to display": stored row 0 is the displayed right side.
 */
export async function withExifOrientation(jpeg: Blob, orientation: number): Promise<Blob> {
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  const app1 = new Uint8Array([
    0xff, 0xe1, 0x00, 0x22,
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // "Exif\0\0"
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  return new Blob([bytes.subarray(0, 2), app1, bytes.subarray(2)], { type: 'image/jpeg' });
}

/**
 * A minimal GIF89a writer: a 4-colour global palette, a NETSCAPE2.0 loop block when there is more
 * than one frame, and per frame a graphic control extension (delay, optional transparent index) and
 * an image descriptor. Pixels (palette indices 0..3) are LZW-coded the simplest valid way: 3-bit
 * codes with a clear code before every 2 pixels, so the decoder's code table never grows.
 */
export function encodeGif(
  width: number,
  height: number,
  palette: [RGB, RGB, RGB, RGB],
  frames: Uint8Array[],
  options: { transparentIndex?: number; delayCs?: number } = {},
): Blob {
  const out: number[] = [];
  const u16 = (n: number) => out.push(n & 0xff, n >> 8);
  const ascii = (s: string) => out.push(...Array.from(s, (c) => c.charCodeAt(0)));
  ascii('GIF89a');
  u16(width);
  u16(height);
  out.push(0x91, 0, 0); // global colour table of 2^(1+1) entries, 2 bits of colour resolution
  for (const rgb of palette) out.push(...rgb);
  if (frames.length > 1) {
    out.push(0x21, 0xff, 0x0b);
    ascii('NETSCAPE2.0');
    out.push(0x03, 0x01, 0x00, 0x00, 0x00); // loop forever
  }
  for (const pixels of frames) {
    const transparent = options.transparentIndex !== undefined;
    out.push(0x21, 0xf9, 0x04, (1 << 2) | (transparent ? 1 : 0));
    u16(options.delayCs ?? 10);
    out.push(options.transparentIndex ?? 0, 0x00);
    out.push(0x2c);
    u16(0);
    u16(0);
    u16(width);
    u16(height);
    out.push(0x00); // no local colour table, not interlaced
    out.push(0x02); // LZW minimum code size: 2 bits (clear = 4, end = 5)
    const codes: number[] = [];
    pixels.forEach((p, i) => {
      if (i % 2 === 0) codes.push(4);
      codes.push(p);
    });
    codes.push(5);
    const data: number[] = [];
    let acc = 0;
    let bits = 0;
    for (const code of codes) {
      acc |= code << bits;
      bits += 3;
      while (bits >= 8) {
        data.push(acc & 0xff);
        acc >>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) data.push(acc & 0xff);
    for (let i = 0; i < data.length; i += 255) {
      const block = data.slice(i, i + 255);
      out.push(block.length, ...block);
    }
    out.push(0x00);
  }
  out.push(0x3b);
  return new Blob([new Uint8Array(out)], { type: 'image/gif' });
}

/** Frames of palette indices: left half `a`, right half `b`. */
export function halves(width: number, height: number, a: number, b: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = x < width / 2 ? a : b;
  return pixels;
}

/**
 * The dimensions written in the file's header and its EXIF orientation, if any: what the bytes say
 * before any browser turns the picture. (Chromium now treats createImageBitmap's
 * `imageOrientation: 'none'` as 'from-image', so a decode cannot show the stored layout.)
 */
export async function stored(blob: Blob): Promise<{ width?: number; height?: number; orientation?: number }> {
  const { width, height, orientation } = imageSize(new Uint8Array(await blob.arrayBuffer()));
  return { width, height, orientation };
}

export interface Decoded {
  width: number;
  height: number;
  /** The average RGBA over a (2r+1)² square centred on (x, y). */
  at(x: number, y: number, r?: number): [number, number, number, number];
}

/** Decodes as a browser shows it (EXIF orientation applied), alpha not premultiplied. */
export async function decode(blob: Blob): Promise<Decoded> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none' });
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, width, height).data;
  return {
    width,
    height,
    at(x, y, r = 4) {
      const sum = [0, 0, 0, 0];
      let n = 0;
      for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
          const i = (yy * width + xx) * 4;
          for (let c = 0; c < 4; c++) sum[c] += data[i + c];
          n++;
        }
      }
      return sum.map((s) => Math.round(s / n)) as [number, number, number, number];
    },
  };
}

/** True when `actual` is within `tolerance` of `expected` on each of R, G and B. */
export function near(actual: ArrayLike<number>, expected: RGB, tolerance = 40): boolean {
  return expected.every((v, i) => Math.abs(actual[i] - v) <= tolerance);
}

export async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  const [x, y] = await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
  const u = new Uint8Array(x);
  const v = new Uint8Array(y);
  return u.every((byte, i) => byte === v[i]);
}
