// Photos as a camera writes them, for the thumbnail tests: a JPEG whose EXIF block (written with
// piexifjs) holds an orientation, the photo's pixel size and, in IFD1, a small JPEG preview. The
// preview is made to look unlike the photo, so a test can tell which of the two was drawn.
import 'piexifjs'; // a script that sets window.piexif when loaded as a module
import type Piexif from 'piexifjs';
import { type RGB } from './resize-fixtures.js';

const piexif = (window as unknown as { piexif: typeof Piexif }).piexif;

/** A JPEG of one flat colour. */
export function flatJpeg(width: number, height: number, colour: RGB, quality = 0.9): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = `rgb(${colour.join(',')})`;
  ctx.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/** A JPEG of four flat quadrants: top-left, top-right, bottom-left, bottom-right; `bars` px of black above and below. */
export function quadrantJpeg(width: number, height: number, [tl, tr, bl, br]: [RGB, RGB, RGB, RGB], bars = 0): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, width, height);
  const inner = height - 2 * bars;
  const quads: [RGB, number, number][] = [[tl, 0, 0], [tr, width / 2, 0], [bl, 0, inner / 2], [br, width / 2, inner / 2]];
  for (const [colour, x, y] of quads) {
    ctx.fillStyle = `rgb(${colour.join(',')})`;
    ctx.fillRect(x, bars + y, width / 2, inner / 2);
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
}

const binary = async (blob: Blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
};

/** `photo` with a camera's EXIF block: Orientation, PixelX/YDimension `size`, and `preview` as the IFD1 thumbnail when given. */
export async function cameraJpeg(
  photo: Blob,
  { orientation = 1, size, preview }: { orientation?: number; size?: [number, number]; preview?: Blob },
): Promise<Blob> {
  const { ImageIFD, ExifIFD } = piexif;
  const exif = piexif.dump({
    '0th': { [ImageIFD.Make]: 'TestCam', [ImageIFD.Model]: 'TestCam 1', [ImageIFD.Orientation]: orientation },
    Exif: size ? { [ExifIFD.PixelXDimension]: size[0], [ExifIFD.PixelYDimension]: size[1] } : {},
    '1st': preview ? { [ImageIFD.Compression]: 6, [ImageIFD.XResolution]: [72, 1], [ImageIFD.YResolution]: [72, 1], [ImageIFD.ResolutionUnit]: 2 } : {},
    thumbnail: preview ? await binary(preview) : null,
  } as unknown as Piexif.ExifDict);
  const out = piexif.insert(exif, await binary(photo));
  return new Blob([Uint8Array.from(out, (c) => c.charCodeAt(0))], { type: 'image/jpeg' });
}

/** The colour at (x, y) of what a thumbnail canvas shows. */
export function pixel(canvas: HTMLCanvasElement, x: number, y: number): RGB {
  const copy = new OffscreenCanvas(canvas.width, canvas.height);
  const ctx = copy.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0);
  const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
  return [r!, g!, b!];
}

/** Whether two colours are within `tolerance` of each other on every channel (JPEG is lossy). */
export function near(a: RGB, b: RGB, tolerance = 40): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}
