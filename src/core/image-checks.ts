import { rejection, type Rejection } from './checks.js';

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
 * An image's size in pixels as the browser will show it (EXIF orientation applied), or null when
 * it cannot read it. `load` fires once the header is parsed; the pixels are never decoded.
 */
export function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  const url = URL.createObjectURL(file);
  const img = new Image();
  return new Promise<{ width: number; height: number } | null>((resolve) => {
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve(null);
    img.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}

/**
 * Why an image breaks the dimension limits, or null. Files that are not images, and images this
 * browser cannot read (HEIC in Chromium, say), pass: the limits are about pictures it can measure.
 */
export async function checkImage(file: File, rules: ImageRules): Promise<Rejection | null> {
  const size = hasImageRules(rules) && file.type.startsWith('image/') && (await imageSize(file));
  if (!size) return null;
  for (const [rule, side, code, max] of LIMITS) {
    const limit = rules[rule];
    if (limit !== undefined && (max ? size[side] > limit : size[side] < limit)) return rejection(file, code, { ...size, limit });
  }
  return null;
}
