import type { ResizeOptions } from './types.js';

/** Throws a RangeError naming the option when a resize option is out of range. */
export function checkResizeOptions(options: ResizeOptions): void {
  for (const key of ['width', 'height'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new RangeError(`Resize ${key} must be a whole number of pixels above 0; got ${show(value)}.`);
    }
  }
  const { quality, type } = options;
  if (quality !== undefined && !(typeof quality === 'number' && quality >= 0 && quality <= 1)) {
    throw new RangeError(`Resize quality must be a number from 0 to 1; got ${show(quality)}.`);
  }
  if (type !== undefined && !/^image\/[a-z0-9.+-]+$/i.test(type)) {
    throw new RangeError(`Resize type must be an image MIME type such as image/webp or image/jpeg; got "${String(type)}".`);
  }
}

/** NaN is what a number attribute holding text becomes: say so rather than "NaN". */
const show = (value: unknown) => (Number.isNaN(value) ? 'something that is not a number' : String(value));

export function hasResizeOptions(options: ResizeOptions): boolean {
  return (
    options.width !== undefined ||
    options.height !== undefined ||
    options.quality !== undefined ||
    options.type !== undefined
  );
}

/** `width`×`height` fitted inside the options' box, never enlarged (the worker's runtime does the same). */
export function fitInside(width: number, height: number, box: ResizeOptions): { width: number; height: number } {
  const scale = Math.min(1, box.width ? box.width / width : 1, box.height ? box.height / height : 1);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Extensions per type; the first is the one given to a renamed file. */
const EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/avif': ['avif'],
  'image/gif': ['gif'],
};

/** `photo.png` → `photo.webp` for image/webp; a name whose extension already fits is kept as it is. */
export function fileNameForType(name: string, type: string): string {
  const extensions = EXTENSIONS[type];
  if (!extensions) return name;
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > 0 && dot < name.length - 1;
  if (hasExtension && extensions.includes(name.slice(dot + 1).toLowerCase())) return name;
  return `${hasExtension ? name.slice(0, dot) : name}.${extensions[0]}`;
}
