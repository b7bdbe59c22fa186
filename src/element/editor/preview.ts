import { turnedSize, type Rect, type Rotation, type Size } from './geometry.js';

/** An image to show while editing: a downscaled bitmap, and the picked image's own size (upright). */
export interface Preview {
  bitmap: ImageBitmap;
  size: Size;
}

/** Longest side of the preview bitmap: sharp on a large screen, a few MB of memory at most. */
const MAX_SIDE = 1600;

/**
 * Decodes the image once (EXIF orientation applied), keeps a copy at most MAX_SIDE on its longest
 * side, and lets the full-size pixels go at once: editing never holds more than one full image.
 */
export async function loadPreview(file: Blob): Promise<Preview> {
  const full = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const size = { w: full.width, h: full.height };
  const s = MAX_SIDE / Math.max(size.w, size.h);
  if (s >= 1) return { bitmap: full, size };
  try {
    const bitmap = await createImageBitmap(full, {
      resizeWidth: Math.max(1, Math.round(size.w * s)),
      resizeHeight: Math.max(1, Math.round(size.h * s)),
      resizeQuality: 'high',
    });
    return { bitmap, size };
  } finally {
    full.close();
  }
}

/** Draws the `crop` (the picked image's pixels; all of it by default) turned by `rotation` into `canvas`, at the preview's resolution. */
export function drawPreview(canvas: HTMLCanvasElement, preview: Preview, rotation: Rotation, crop: Rect = { x: 0, y: 0, ...preview.size }): void {
  const k = preview.bitmap.width / preview.size.w;
  const src = { x: crop.x * k, y: crop.y * k, w: Math.max(1, crop.w * k), h: Math.max(1, crop.h * k) };
  const out = turnedSize(src, rotation);
  canvas.width = Math.max(1, Math.round(out.w));
  canvas.height = Math.max(1, Math.round(out.h));
  const g = canvas.getContext('2d')!;
  g.translate(canvas.width / 2, canvas.height / 2);
  g.rotate((rotation * Math.PI) / 180);
  g.drawImage(preview.bitmap, src.x, src.y, src.w, src.h, -src.w / 2, -src.h / 2, src.w, src.h);
}
