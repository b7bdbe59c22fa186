import { formatBytes, format, REJECTION_MESSAGES } from './messages.js';
import type { RejectionCode } from './types.js';
import type { ImageRules } from './image-checks.js';

/** Every rule a file must pass before any byte is sent; each is checked here and nowhere else. */
export interface FileRules extends ImageRules {
  /** As on `<input type=file accept>`: MIME types, `type/*` wildcards and `.ext` extensions, comma-separated. */
  accept?: string;
  /** Largest size in bytes, of the file as sent (after resizing, when it is resized). */
  maxFileSize?: number;
  /** Most files in the list. */
  maxFiles?: number;
  /** `false`: one file; a new one replaces it, as on a single-file input. */
  multiple?: boolean;
  /** Most bytes of all listed files together (each as added). */
  maxTotalSize?: number;
  /** A file already listed (same name, size, modification time and folder path; a link: the same URL) may be added again. */
  allowDuplicates?: boolean;
}

/** What a check sees of a file: the file (a link's stands in for it, empty), its folder path, and its URL when it is a link. */
export interface Checked {
  readonly file: File;
  readonly path?: string;
  /** A link ImageKit fetches itself; `file` is an empty stand-in named after it. */
  readonly url?: string;
}

export interface Rejection {
  file: File;
  code: RejectionCode;
  message: string;
  /**
   * The values in the message, raw, so a view can word them in its own language: `name`; `type` (the
   * file's MIME type, '' when unknown) and `accept` (as given) for file-type; `size` and `limit` in
   * bytes for file-too-large and total-too-large; `limit` for too-many-files; `width`/`height` and
   * `limit` in pixels.
   */
  vars: Record<string, string | number>;
}

/** A rejection worded in English from REJECTION_MESSAGES. */
export function rejection(file: File, code: RejectionCode, more: Record<string, string | number> = {}): Rejection {
  const vars: Record<string, string | number> = { name: file.name, ...more };
  const words = code === 'file-type' ? { type: file.type ? `type ${file.type}` : 'an unknown type', accept: describeAccept(String(vars.accept)) }
    : code === 'file-too-large' || code === 'total-too-large' ? { size: formatBytes(+vars.size!), limit: formatBytes(+vars.limit!) } : {};
  return { file, code, message: format(REJECTION_MESSAGES[code], { ...vars, ...words }), vars };
}

/** What the list holds when a file is checked against it: every file not rejected. */
export interface Listed {
  count: number;
  /** Their bytes, together (a link counts 0 until ImageKit has it). */
  bytes: number;
  /** Their `identity`s. */
  keys: Set<string>;
}

/** What makes two listed files the same one: the URL of a link; else folder path, name, size and modification time. */
export const identity = (f: Checked): string => f.url ?? `${f.path ?? ''}\0${f.file.name}\0${f.file.size}\0${f.file.lastModified}`;

/** Whether `url` is an http: or https: URL: a scheme, a host, no space (`linkFile` has parsed and normalised it). */
export const isWebLink = (url: string): boolean => /^https?:\/\/[^\s/]\S*$/i.test(url);

/**
 * The checks, in the order a file meets them:
 * `added` as it joins the list (type, count, and size unless it will be resized first),
 * `image` before it may start (pixel dimensions, of the image as it will be stored),
 * `sent` once prepared (the size of what is actually sent).
 */
export const restrictions = {
  /** `key`: the item's `identity`, when the caller has it already. */
  added(item: Checked, rules: FileRules, listed: Listed, sizeLater: boolean, key = identity(item)): Rejection | null {
    const { file, url } = item;
    // Only web links: ImageKit fetches them, and nothing else (javascript:, data:, file:) is one.
    if (url !== undefined && !isWebLink(url)) return rejection(file, 'invalid-url', { name: url });
    // A link's type is known only once fetched: see `link`.
    if (rules.accept && !url && !matchesAccept(file, rules.accept)) {
      return rejection(file, 'file-type', { type: file.type, accept: rules.accept });
    }
    if (!rules.allowDuplicates && listed.keys.has(key)) return rejection(file, 'duplicate');
    const max = rules.maxFiles;
    if (max !== undefined && listed.count >= max) return tooManyFiles(file, max);
    const tooLarge = sizeLater ? null : restrictions.sent(file, file, rules);
    const total = rules.maxTotalSize;
    if (tooLarge || total === undefined || total < 0 || listed.bytes + file.size <= total) return tooLarge;
    return rejection(file, 'total-too-large', { size: file.size, limit: total });
  },

  sent(file: File, sent: Blob, rules: FileRules): Rejection | null {
    const max = rules.maxFileSize;
    if (max === undefined || max < 0 || sent.size <= max) return null;
    return rejection(file, 'file-too-large', { size: sent.size, limit: max });
  },

  /**
   * A link, as it is prepared (its wording loads on demand, with the first link): refused when
   * `accept` names only extensions and its name has none of them; else the upload `checks` that
   * ImageKit must run, since only it sees the bytes (`accept`'s MIME types, and `maxFileSize`).
   */
  async link(item: Checked, rules: FileRules): Promise<Rejection | string | undefined> {
    return (await import('./link-checks.js')).linkVerdict(item, rules, rejection);
  },

  /** Whether `image` has anything to check (then the image checks load, on demand). */
  hasImageRules: (rules: FileRules): boolean =>
    [rules.minImageWidth, rules.minImageHeight, rules.maxImageWidth, rules.maxImageHeight].some((v) => v !== undefined),

  async image(file: File, rules: FileRules, stored?: (size: { width: number; height: number }) => Promise<{ width: number; height: number }>): Promise<Rejection | null> {
    if (!restrictions.hasImageRules(rules)) return null;
    // Loaded on demand: decoding images is only needed with dimension limits (and the CDN file has a budget).
    const { checkImage } = await import('./image-checks.js');
    const verdict = await checkImage(file, rules, stored);
    return verdict && rejection(file, verdict.code, verdict.vars);
  },
};

/** Why `file` may not be uploaded under `rules` (type and size), or null when it may. */
export function checkFile(file: File, rules: FileRules): Rejection | null {
  return restrictions.added({ file }, { accept: rules.accept, maxFileSize: rules.maxFileSize }, { count: 0, bytes: 0, keys: new Set() }, false);
}

/** The rejection for a file over `maxFiles`. */
export function tooManyFiles(file: File, maxFiles: number): Rejection {
  return rejection(file, 'too-many-files', { limit: maxFiles });
}

/** Whether `file` matches an `accept` list the way a browser's file picker reads it. */
export function matchesAccept(file: File, accept: string): boolean {
  const all = accept.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (!all.length) return true;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase().split(';')[0]!.trim();
  return all.some((token) => {
    if (token.startsWith('.')) return name.endsWith(token);
    if (token.endsWith('/*')) return type.startsWith(token.slice(0, -1));
    return type === token;
  });
}

function describeAccept(accept: string): string {
  const tokens = accept.split(',').map((t) => t.trim()).filter(Boolean);
  const named = tokens.map((t) => (t.endsWith('/*') ? `${t.slice(0, -2)} files` : t));
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0] ?? '';
}
