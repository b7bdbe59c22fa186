import { rejection, type Rejection } from './checks.js';

export interface ImageRules {
  minImageWidth?: number;
  minImageHeight?: number;
  maxImageWidth?: number;
  maxImageHeight?: number;
}

export const hasImageRules = (r: ImageRules): boolean =>
  [r.minImageWidth, r.minImageHeight, r.maxImageWidth, r.maxImageHeight].some((v) => v !== undefined);

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
  if (!hasImageRules(rules) || !file.type.startsWith('image/')) return null;
  const size = await imageSize(file);
  if (!size) return null;
  const { width, height } = size;
  const { minImageWidth: minW, minImageHeight: minH, maxImageWidth: maxW, maxImageHeight: maxH } = rules;
  const vars = { width, height };
  if (minW !== undefined && width < minW) return rejection(file, 'image-too-narrow', { ...vars, limit: minW });
  if (minH !== undefined && height < minH) return rejection(file, 'image-too-short', { ...vars, limit: minH });
  if (maxW !== undefined && width > maxW) return rejection(file, 'image-too-wide', { ...vars, limit: maxW });
  if (maxH !== undefined && height > maxH) return rejection(file, 'image-too-tall', { ...vars, limit: maxH });
  return null;
}
