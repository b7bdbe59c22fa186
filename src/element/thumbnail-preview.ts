// A camera's or phone's JPEG carries a small preview of itself in its EXIF block (IFD1, about
// 160×120). Reading it takes a few milliseconds; decoding the 12 MP photo itself, even scaled down
// by createImageBitmap, takes 250 ms and more on a 2-core machine. So Thumbnails (thumbnails.ts)
// draws the preview when there is one big enough, and has the photo decoded only when there is not.
// This runs on the page: exifr reads the file's first 64 KB and parses the EXIF block, createImageBitmap
// decodes the 3–10 KB preview off the thread, and drawing it at 96 px is a small copy: 5–15 ms from
// start to bitmap on the bench machine, mostly waiting for the read, and no long task; a worker took
// 100 ms and more to start. It loads with the thumbnails' chunk, never with the CDN file (exifr's
// mini build is ~9 KB gzipped).
// exifr's mini build (JPEG, TIFF/EXIF and the preview, no dictionaries) ships no declaration of its
// own; it has the API of the full build that exifr's index.d.ts describes. Typed here rather than by
// an ambient .d.ts, which an app type-checking these sources (Vue, React, any TS project) does not see.
// @ts-ignore: no declaration for this path (TS7016)
import { Exifr as MiniExifr } from 'exifr/dist/mini.esm.mjs';
import type { Exifr as FullExifr } from 'exifr';

const Exifr = MiniExifr as typeof FullExifr;

const ORIENTATION = 0x0112;
const PIXEL_X = 0xa002;
const PIXEL_Y = 0xa003;
/** Only the three tags and the preview's offsets: no dictionaries, nothing else parsed. */
const OPTIONS = {
  ifd0: { pick: [ORIENTATION] },
  exif: { pick: [PIXEL_X, PIXEL_Y] },
  ifd1: true,
  gps: false,
  interop: false,
  sanitize: false,
  reviveValues: true,
  translateKeys: false,
  translateValues: false,
  mergeOutput: false,
};

/**
 * The file's embedded EXIF preview at `width` wide, turned as the photo is shown; undefined when
 * the file has none (not a JPEG, no EXIF, an editor stripped it), or it is narrower than `width`.
 */
export async function embeddedPreview(file: Blob, width: number): Promise<ImageBitmap | undefined> {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const exr = new Exifr(OPTIONS);
  await exr.read(file); // only the first chunk of the file: the EXIF block is at its start
  const tags = (await exr.parse()) as { ifd0?: Record<number, unknown>; exif?: Record<number, unknown> } | undefined;
  const jpeg = await exr.extractThumbnail();
  if (!jpeg?.length) return undefined;
  // The preview is stored as the sensor saw it, like the photo: the photo's orientation turns it
  // (createImageBitmap would apply only the preview's own EXIF, which it has none of).
  const orientation = Number(tags?.ifd0?.[ORIENTATION]) || 1;
  // A copy of the few KB: a Blob of the view into exifr's 64 KB chunk took 1–3 ms to make, of a copy under 1.
  const image = await createImageBitmap(new Blob([(jpeg as Uint8Array<ArrayBuffer>).slice()], { type: 'image/jpeg' }));
  try {
    // Some cameras store a 4:3 preview of a 3:2 photo, with black bars: keep the photo's shape.
    let [sx, sy, sw, sh] = [0, 0, image.width, image.height];
    const fullW = Number(tags?.exif?.[PIXEL_X]);
    const fullH = Number(tags?.exif?.[PIXEL_Y]);
    if (fullW > 0 && fullH > 0) {
      const photo = fullW / fullH;
      if (sw / sh > photo * 1.02) [sx, sw] = [(sw - sh * photo) / 2, sh * photo];
      else if (sw / sh < photo / 1.02) [sy, sh] = [(sh - sw / photo) / 2, sw / photo];
    }
    const turned = orientation >= 5 && orientation <= 8; // a quarter turn: width and height swap
    const shownW = turned ? sh : sw;
    if (shownW < width) return undefined; // too small: decode the photo rather than enlarge
    const scale = width / shownW;
    const dw = Math.round(sw * scale);
    const dh = Math.round(sh * scale);
    const canvas = new OffscreenCanvas(turned ? dh : dw, turned ? dw : dh);
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    // EXIF orientations 2–8: the transform that shows the stored dw × dh image upright.
    const transforms: Record<number, [number, number, number, number, number, number]> = {
      2: [-1, 0, 0, 1, dw, 0],
      3: [-1, 0, 0, -1, dw, dh],
      4: [1, 0, 0, -1, 0, dh],
      5: [0, 1, 1, 0, 0, 0],
      6: [0, 1, -1, 0, dh, 0],
      7: [0, -1, -1, 0, dh, dw],
      8: [0, -1, 1, 0, 0, dw],
    };
    const t = transforms[orientation];
    if (t) ctx.transform(...t);
    ctx.imageSmoothingQuality = 'medium';
    ctx.drawImage(image, sx, sy, sw, sh, 0, 0, dw, dh);
    return canvas.transferToImageBitmap();
  } finally {
    image.close();
  }
}
