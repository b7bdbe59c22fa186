import type { RejectionCode } from './types.js';

/** A broken limit: the rejection code and the values its message names. */
export interface ImageViolation {
  code: RejectionCode;
  vars: { width: number; height: number; limit: number };
}

export interface ImageRules {
  minImageWidth?: number;
  minImageHeight?: number;
  maxImageWidth?: number;
  maxImageHeight?: number;
}

/** Each limit: its rule, which side it measures, the rejection code, and whether it is a maximum. */
const LIMITS = [
  ['minImageWidth', 'width', 'image-too-narrow', 0],
  ['minImageHeight', 'height', 'image-too-short', 0],
  ['maxImageWidth', 'width', 'image-too-wide', 1],
  ['maxImageHeight', 'height', 'image-too-tall', 1],
] as const;

export const hasImageRules = (rules: ImageRules): boolean => LIMITS.some(([rule]) => rules[rule] !== undefined);

/**
 * An image's size in pixels as the browser shows it (EXIF orientation applied), or null when it
 * cannot read it. createImageBitmap decodes off the main thread; the bitmap is freed at once.
 */
export function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  return createImageBitmap(file).then(
    (bitmap) => {
      const size = { width: bitmap.width, height: bitmap.height };
      bitmap.close(); // after reading: a closed bitmap measures 0 × 0
      return size;
    },
    () => null,
  );
}

/**
 * Why an image breaks the dimension limits, or null (`rejection(file, code, vars)` words it; this
 * module imports nothing at run time, so a view can load it only when limits are set). Files that are not images, and images this
 * browser cannot read (HEIC in Chromium, say), pass: the limits are about pictures it can measure.
 */
export async function checkImage(
  file: File,
  rules: ImageRules,
  /** The size it will be stored at, when that differs (an image resized before upload). */
  stored?: (size: { width: number; height: number }) => Promise<{ width: number; height: number }>,
): Promise<ImageViolation | null> {
  const measured = hasImageRules(rules) && file.type.startsWith('image/') && (await imageSize(file));
  if (!measured) return null;
  const size = stored ? await stored(measured) : measured;
  for (const [rule, side, code, max] of LIMITS) {
    const limit = rules[rule];
    if (limit !== undefined && (max ? size[side] > limit : size[side] < limit)) return { code, vars: { ...size, limit } };
  }
  return null;
}
