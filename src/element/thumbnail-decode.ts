// A thumbnail decoded from the image itself, `width` pixels wide: in the thumbnail worker
// (thumbnail.worker.ts), or on the page where no worker can start. createImageBitmap applies the
// image's EXIF orientation ('from-image' is the default) and scales while it decodes.

export async function decodedThumbnail(file: Blob, width: number): Promise<ImageBitmap> {
  return upright(await createImageBitmap(file, { resizeWidth: width, resizeQuality: 'medium' }));
}

/**
 * The bitmap drawn once more, into pixels that are upright as they are stored. Chromium keeps a
 * decoded JPEG's EXIF orientation beside its pixels, and a 'bitmaprenderer' canvas (where Thumbnails
 * puts it) ignores it: a portrait photo (orientation 6) showed sideways, squeezed into its box.
 */
function upright(bitmap: ImageBitmap): ImageBitmap {
  if (typeof OffscreenCanvas === 'undefined') return bitmap;
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) return bitmap;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.transferToImageBitmap();
}

