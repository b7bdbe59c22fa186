import sharp, { type FormatEnum, type Metadata, type ResizeOptions, type Sharp } from 'sharp';
import { MAX_SIDE, parseChain, type Focus, type OutputFormat, type Skipped, type Step } from './parse.js';

/** Larger images are stored as they are: decoding them would take gigabytes. */
export const MAX_PIXELS = 100_000_000;

export interface TransformResult {
  /** The encoded image, or undefined when nothing could be applied (the original stands). */
  bytes?: Buffer;
  /** sharp's name of the output format (`jpeg`, `png`, ...). */
  format?: string;
  width?: number;
  height?: number;
  /** The parameters applied, as written. */
  applied: string[];
  /** What was not applied (or not as asked) and why; the warning header and the log say the same. */
  warnings: Skipped[];
}

interface Raw {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

/** Formats sharp writes; any other input (SVG, BMP, ICO, HEIC, ...) needs an `f-` to be transformed. */
const WRITABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff']);
const LOSSY = new Set(['jpeg', 'webp', 'avif', 'tiff']);
const GRAVITY: Record<Exclude<Focus, 'auto'>, string> = {
  center: 'centre', top: 'north', bottom: 'south', left: 'west', right: 'east',
  top_left: 'northwest', top_right: 'northeast', bottom_left: 'southwest', bottom_right: 'southeast',
};

const LUMA: [number, number, number] = [0.299, 0.587, 0.114];

const whole = (chain: string, reason: string): TransformResult => ({ applied: [], warnings: [{ param: chain, reason }] });

/**
 * Applies a transformation chain to an image with sharp, deterministically: the same bytes and
 * chain give the same pixels. The image is first turned upright by its EXIF orientation, as
 * ImageKit shows it, so coordinates are in the pixels a person sees. Steps run in order; within
 * a step: resize or crop, then rotation, then grayscale and blur; the format and quality of the
 * last step that names them apply to the output.
 */
export async function transformImage(input: string | Buffer, chain: string): Promise<TransformResult> {
  const parsed = parseChain(chain);
  const skipped = [...parsed.skipped];
  if (parsed.applied.length === 0) return { applied: [], warnings: skipped };

  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    return whole(chain, 'the image could not be decoded');
  }
  if ((meta.pages ?? 1) > 1) return whole(chain, 'animated images are stored unchanged by ik-emulator');
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_PIXELS) return whole(chain, `images over ${MAX_PIXELS / 1e6} megapixels are stored unchanged`);

  const format = outputFormat(parsed.steps, meta);
  if (!format) return whole(chain, `ik-emulator cannot write ${meta.format ?? 'this format'}: add f-jpg, f-png or f-webp to convert it`);
  const quality = parsed.steps.reduce<number | undefined>((q, s) => s.quality ?? q, undefined);

  try {
    let image = await toRaw(sharp(input, { limitInputPixels: MAX_PIXELS }).autoOrient());
    for (const step of parsed.steps) image = await applyStep(image, step, skipped);
    let out = fromRaw(image);
    if (format === 'jpeg' && (image.info.channels === 2 || image.info.channels === 4)) out = out.flatten({ background: '#ffffff' });
    out = out.toFormat(format as keyof FormatEnum, quality !== undefined && LOSSY.has(format) ? { quality } : {});
    const { data, info } = await out.toBuffer({ resolveWithObject: true });
    return { bytes: data, format, width: info.width, height: info.height, applied: parsed.applied, warnings: skipped };
  } catch (error) {
    return whole(chain, `sharp could not apply it: ${(error as Error).message}`);
  }
}

function outputFormat(steps: Step[], meta: Metadata): string | undefined {
  const asked = steps.reduce<Step['format']>((f, s) => s.format ?? f, undefined);
  if (asked && asked !== 'auto') return asked;
  // sharp calls AVIF "heif" (compressed with AV1); HEIC (HEVC) it can read but not write.
  const input = meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heic') : meta.format;
  return input && WRITABLE.has(input) ? input : undefined;
}

function toRaw(image: Sharp): Promise<Raw> {
  return image.raw().toBuffer({ resolveWithObject: true }) as Promise<Raw>;
}

function fromRaw({ data, info }: Raw): Sharp {
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels }, limitInputPixels: MAX_PIXELS });
}

function tooBig(width: number, height: number): boolean {
  return width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS;
}

/** One step: each operation is its own sharp pass, so their order is exactly the documented one. */
async function applyStep(image: Raw, step: Step, skipped: Skipped[]): Promise<Raw> {
  image = await resizeOrCrop(image, step, skipped);
  if (typeof step.rt === 'number' && step.rt !== 0) image = await toRaw(fromRaw(image).rotate(step.rt));
  // Rec. 601 luma on the colour channels, alpha kept (sharp's grayscale() drops alpha from raw output).
  if (step.grayscale && image.info.channels >= 3) image = await toRaw(fromRaw(image).recomb([LUMA, LUMA, LUMA]));
  if (step.blur) image = await toRaw(fromRaw(image).blur(Math.max(0.3, step.blur / 2)));
  return image;
}

async function resizeOrCrop(image: Raw, step: Step, skipped: Skipped[]): Promise<Raw> {
  const { width: W, height: H } = image.info;
  let w = step.w !== undefined && step.w < 1 ? Math.max(1, Math.round(W * step.w)) : step.w;
  let h = step.h !== undefined && step.h < 1 ? Math.max(1, Math.round(H * step.h)) : step.h;
  if (step.ar !== undefined && (w === undefined) !== (h === undefined)) {
    if (w !== undefined) h = Math.max(1, Math.round(w / step.ar));
    else w = Math.max(1, Math.round(h! * step.ar));
  }
  const crop = step.crop ?? 'maintain_ratio';

  if (crop === 'extract' || crop === 'pad_extract') {
    const ew = w ?? W;
    const eh = h ?? H;
    if (w === undefined && h === undefined) {
      skipped.push({ param: `cm-${crop}`, reason: 'needs w or h in the same step' });
      return image;
    }
    if (tooBig(ew, eh)) {
      skipped.push({ param: `cm-${crop}`, reason: `the area ${ew}x${eh} is too large` });
      return image;
    }
    const left = Math.round(step.x ?? (step.xc !== undefined ? step.xc - ew / 2 : offset(W - ew, step.focus, 'x')));
    const top = Math.round(step.y ?? (step.yc !== undefined ? step.yc - eh / 2 : offset(H - eh, step.focus, 'y')));
    return crop === 'extract' ? extract(image, left, top, ew, eh, skipped) : padExtract(image, left, top, ew, eh, step.background);
  }
  if (w === undefined && h === undefined) return image;

  let predicted: [number, number];
  let options: ResizeOptions;
  const focus = step.focus;
  if (w !== undefined && h !== undefined) {
    switch (crop) {
      case 'force':
        options = { fit: 'fill' };
        predicted = [w, h];
        break;
      case 'at_max':
      case 'at_max_enlarge': {
        const s = crop === 'at_max' ? Math.min(w / W, h / H, 1) : Math.min(w / W, h / H);
        options = { fit: 'inside', withoutEnlargement: crop === 'at_max' };
        predicted = [Math.round(W * s), Math.round(H * s)];
        break;
      }
      case 'at_least': {
        const s = Math.max(w / W, h / H);
        options = { fit: 'outside' };
        predicted = [Math.round(W * s), Math.round(H * s)];
        break;
      }
      case 'pad_resize':
        options = { fit: 'contain', background: step.background ?? '#ffffff', position: GRAVITY[focus === 'auto' || !focus ? 'center' : focus] };
        predicted = [w, h];
        break;
      default:
        options = { fit: 'cover', position: focus === 'auto' ? sharp.strategy.attention : GRAVITY[focus ?? 'center'] };
        predicted = [w, h];
    }
  } else {
    const s = w !== undefined ? w / W : h! / H;
    const noUpscale = crop === 'at_max';
    const k = noUpscale ? Math.min(s, 1) : s;
    options = { withoutEnlargement: noUpscale };
    predicted = [Math.max(1, Math.round(W * k)), Math.max(1, Math.round(H * k))];
    if (crop === 'pad_resize') skipped.push({ param: 'cm-pad_resize', reason: 'needs both w and h; resized keeping the ratio instead' });
  }
  if (tooBig(...predicted)) {
    skipped.push({ param: [w && `w-${step.w}`, h && `h-${step.h}`].filter(Boolean).join(','), reason: `the result (${predicted[0]}x${predicted[1]}) would be too large` });
    return image;
  }
  return toRaw(fromRaw(image).resize(w ?? null, h ?? null, options));
}

/** Where an area of the given slack starts along one axis for a focus (center when none). */
function offset(slack: number, focus: Focus | undefined, axis: 'x' | 'y'): number {
  const f = focus === 'auto' ? 'center' : (focus ?? 'center');
  const start = axis === 'x' ? f.includes('left') : f.includes('top');
  const end = axis === 'x' ? f.includes('right') : f.includes('bottom');
  return start ? 0 : end ? slack : slack / 2;
}

/** cm-extract: the area as it lies inside the image; an area reaching outside is cut to fit, and said so. */
async function extract(image: Raw, left: number, top: number, w: number, h: number, skipped: Skipped[]): Promise<Raw> {
  const { width: W, height: H } = image.info;
  const x0 = Math.max(0, left);
  const y0 = Math.max(0, top);
  const x1 = Math.min(W, left + w);
  const y1 = Math.min(H, top + h);
  if (x1 <= x0 || y1 <= y0) {
    skipped.push({ param: 'cm-extract', reason: `the area ${w}x${h} at ${left},${top} lies outside the ${W}x${H} image` });
    return image;
  }
  if (x0 !== left || y0 !== top || x1 - x0 !== w || y1 - y0 !== h) {
    skipped.push({ param: 'cm-extract', reason: `the area ${w}x${h} at ${left},${top} reaches outside the ${W}x${H} image: cut to ${x1 - x0}x${y1 - y0} at ${x0},${y0}` });
  }
  return toRaw(fromRaw(image).extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 }));
}

/** cm-pad_extract: the area exactly, padded with the background where it reaches outside the image. */
async function padExtract(image: Raw, left: number, top: number, w: number, h: number, background = '#ffffff'): Promise<Raw> {
  const { width: W, height: H } = image.info;
  const pad = { left: Math.max(0, -left), top: Math.max(0, -top), right: Math.max(0, left + w - W), bottom: Math.max(0, top + h - H) };
  let padded = image;
  if (pad.left || pad.top || pad.right || pad.bottom) {
    // Padding needs an alpha channel for a transparent background to stay transparent.
    const base = /^#[0-9a-f]{6}00$/.test(background) ? fromRaw(image).ensureAlpha() : fromRaw(image);
    padded = await toRaw(base.extend({ ...pad, background }));
  }
  return toRaw(fromRaw(padded).extract({ left: left + pad.left, top: top + pad.top, width: w, height: h }));
}

export { parseChain, type Skipped } from './parse.js';
export type { OutputFormat };
