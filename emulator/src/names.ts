import { ImageKitError } from './http.js';
import { uniqueSuffix } from './ids.js';

/**
 * ImageKit's fileName rule (seed 004): Unicode letters, marks and numbers, `.` and `-` stay;
 * every other character, space, slash, NUL and invisible format characters included, becomes `_`.
 * A name of dots only would read as a path step, so its dots become `_` too.
 */
export function sanitizeFileName(fileName: string): string {
  const name = fileName.replace(/[^\p{L}\p{M}\p{N}.-]/gu, '_');
  return /^\.+$/.test(name) ? name.replace(/\./g, '_') : name;
}

/** Inserts ImageKit's unique suffix (`_` + 9 of `[A-Za-z0-9_-]`) before the extension. */
export function withUniqueSuffix(name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem}_${uniqueSuffix()}${extension}`;
}

const FOLDER_SEGMENT = /^[\p{L}\p{M}\p{N}_-]+$/u;
export const MAX_FOLDER_DEPTH = 50;
/** Longest file name and folder name, in characters: longer ones are refused, not cut. */
export const MAX_NAME_LENGTH = 255;
/** Longest `filePath` (folders, name and the unique suffix): its URL must stay servable. */
export const MAX_PATH_LENGTH = 1024;

/** Length in characters (code points), as a person counts them. */
export const characters = (text: string): number => [...text].length;

const excerpt = (text: string) => (characters(text) > 24 ? `${[...text].slice(0, 20).join('')}...` : text);

/**
 * Validates `folder` (seed 004: letters, marks and numbers in any script, `/`, `_` and `-`;
 * at most 50 levels; each name at most 255 characters) and returns it as `/a/b/` (`/` for the root). Repeated slashes collapse.
 * Anything else, `..` and `.` included, is refused with 400 rather than silently renamed.
 */
export function normalizeFolder(folder: string | undefined): string {
  if (folder === undefined) return '/';
  const segments = folder.split('/').filter((s) => s !== '');
  for (const segment of segments) {
    if (!FOLDER_SEGMENT.test(segment)) {
      throw new ImageKitError(
        400,
        'Your request contains invalid folder parameter. A folder name can contain only letters, digits, and the characters /, _ and -.',
      );
    }
  }
  const long = segments.find((s) => characters(s) > MAX_NAME_LENGTH);
  if (long) {
    throw new ImageKitError(
      400,
      `Your request contains invalid folder parameter. A folder name can be at most ${MAX_NAME_LENGTH} characters long; "${excerpt(long)}" has ${characters(long)}.`,
    );
  }
  if (segments.length > MAX_FOLDER_DEPTH) {
    throw new ImageKitError(400, `Your request contains invalid folder parameter. Folders can be nested at most ${MAX_FOLDER_DEPTH} levels deep.`);
  }
  return segments.length ? `/${segments.join('/')}/` : '/';
}
