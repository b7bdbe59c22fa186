// A thumbnail decoded from the image itself, `width` pixels wide: in the thumbnail worker
// (thumbnail.worker.ts), or on the page where no worker can start. Both ways apply the image's EXIF
// orientation and scale while they decode.

export async function decodedThumbnail(file: Blob, width: number): Promise<ImageBitmap> {
  const scaled = await scaledJpeg(file, width).catch(() => undefined);
  return upright(scaled ?? (await createImageBitmap(file, { resizeWidth: width, resizeQuality: 'medium' })));
}

/**
 * A JPEG decoded straight at 1/2, 1/4 or 1/8 of its size (WebCodecs' ImageDecoder with a desired
 * size: the JPEG decoder's DCT scaling), then scaled to `width`: a 12 MP photo in 100–220 ms on the
 * bench machine, where createImageBitmap decodes all of it and takes 330–770 ms. Undefined where
 * there is no ImageDecoder (Safari; a page not served over https) or the file is not a JPEG.
 */
async function scaledJpeg(file: Blob, width: number): Promise<ImageBitmap | undefined> {
  if (typeof ImageDecoder === 'undefined') return undefined;
  const head = new Uint8Array(await file.slice(0, 3).arrayBuffer());
  if (head[0] !== 0xff || head[1] !== 0xd8 || head[2] !== 0xff) return undefined;
  // Chromium decodes at the largest eighth whose pixels fit in desiredWidth × desiredHeight, 1/8 at
  // the least: for any photo that is 1/8 (500×375 for 4000×3000), well over `width`.
  const decoder = new ImageDecoder({ data: file.stream(), type: 'image/jpeg', desiredWidth: width, desiredHeight: width });
  try {
    const { image } = await decoder.decode();
    try {
      // The frame carries the EXIF orientation as its rotation and flip, which createImageBitmap applies.
      return await createImageBitmap(image, { resizeWidth: width, resizeQuality: 'medium' });
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
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
