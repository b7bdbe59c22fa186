import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';

const MAX_SIDE = 5000;
/** Larger images are stored as they are: decoding them would take gigabytes. */
export const MAX_PIXELS = 100_000_000;

/** One step of a transformation chain, e.g. `{ w: 300, h: 200 }` or `{ rt: 'auto' }`. */
interface Step {
  w?: number;
  h?: number;
  rt?: number | 'auto';
}

/**
 * Parses the part of ImageKit's transformation language the emulator applies to images: `w-N`,
 * `h-N` (pixels, at most MAX_SIDE) and `rt-0|90|180|270|360|auto`, in steps chained with `:`. Anything else
 * makes the whole chain unsupported (undefined): the emulator then stores the original rather
 * than something half-transformed.
 */
export function parseSupportedChain(pre: string): Step[] | undefined {
  const steps: Step[] = [];
  for (const part of pre.split(':')) {
    const step: Step = {};
    for (const param of part.split(',')) {
      const dash = param.indexOf('-');
      const key = param.slice(0, dash);
      const value = param.slice(dash + 1);
      if (dash < 1) return undefined;
      // Capped so a request cannot make the emulator allocate a gigapixel image.
      if ((key === 'w' || key === 'h') && /^[1-9]\d{0,3}$/.test(value) && Number(value) <= MAX_SIDE) step[key] = Number(value);
      else if (key === 'rt' && /^(0|90|180|270|360|auto)$/.test(value)) step.rt = value === 'auto' ? 'auto' : Number(value);
      else return undefined;
    }
    steps.push(step);
  }
  return steps;
}

/**
 * Applies a pre-transformation to the image at `path`, writing the result to `outPath` in the
 * same format. Returns false, writing nothing, when the chain uses anything outside
 * `parseSupportedChain`, or the image is animated or over MAX_PIXELS.
 */
export async function applyPreTransformation(pre: string, path: string, outPath: string): Promise<boolean> {
  const steps = parseSupportedChain(pre);
  if (!steps) return false;
  let bytes: Buffer;
  try {
    const meta = await sharp(path).metadata();
    if ((meta.pages ?? 1) > 1 || !meta.format || (meta.width ?? 0) * (meta.height ?? 0) > MAX_PIXELS) return false;
    bytes = await readFile(path);
    for (const step of steps) {
      let image = sharp(bytes, { limitInputPixels: MAX_PIXELS });
      if (step.rt !== undefined) image = step.rt === 'auto' ? image.rotate() : image.rotate(step.rt);
      // Both sides: ImageKit's default crop keeps the ratio and fills the box, like sharp's cover.
      if (step.w || step.h) image = image.resize(step.w, step.h, { fit: 'cover' });
      bytes = await image.toFormat(meta.format).toBuffer();
    }
  } catch {
    return false; // a format sharp cannot write (ICO, BMP) or cannot decode: kept as it is
  }
  await writeFile(outPath, bytes, { mode: 0o600 });
  return true;
}
