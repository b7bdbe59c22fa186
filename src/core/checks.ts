import { format, REJECTION_MESSAGES } from './messages.js';
import type { RejectionCode } from './types.js';

export interface FileRules {
  /** Largest accepted size in bytes. */
  maxFileSize?: number;
  /** As on `<input type=file accept>`: MIME types, `type/*` wildcards and `.ext` extensions, comma-separated. */
  accept?: string;
}

export interface Rejection {
  file: File;
  code: RejectionCode;
  message: string;
  /** The values in the message, so a view can word it in another language. */
  vars?: Record<string, string | number>;
}

/** A rejection worded from REJECTION_MESSAGES. */
export function rejection(file: File, code: keyof typeof REJECTION_MESSAGES, more: Record<string, string | number> = {}): Rejection {
  const vars = { name: file.name, ...more };
  return { file, code, message: format(REJECTION_MESSAGES[code], vars), vars };
}

/** Why `file` may not be uploaded under `rules`, or null when it may. Runs before any byte is sent. */
export function checkFile(file: File, rules: FileRules): Rejection | null {
  if (rules.accept && !matchesAccept(file, rules.accept)) {
    return rejection(file, 'file-type', { type: file.type ? `type ${file.type}` : 'an unknown type', accept: describeAccept(rules.accept) });
  }
  if (rules.maxFileSize !== undefined && rules.maxFileSize >= 0 && file.size > rules.maxFileSize) {
    return rejection(file, 'file-too-large', { size: formatBytes(file.size), limit: formatBytes(rules.maxFileSize) });
  }
  return null;
}

/** The rejection for a file over the queue's `maxFiles`. */
export function tooManyFiles(file: File, maxFiles: number): Rejection {
  return rejection(file, 'too-many-files', { limit: maxFiles });
}

/** Whether `file` matches an `accept` list the way a browser's file picker reads it. */
export function matchesAccept(file: File, accept: string): boolean {
  const tokens = accept.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (!tokens.length) return true;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase().split(';')[0]!.trim();
  return tokens.some((token) => {
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

/** Bytes for people: 1 KB = 1024 bytes, one decimal above 1 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}
