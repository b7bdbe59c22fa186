import type { RejectionCode } from './types.js';

/** English rejection messages; `{name}`-style placeholders are filled by `format`. A view may translate them by code. */
export const REJECTION_MESSAGES: Record<RejectionCode, string> = {
  'file-type': '"{name}" is {type}; only {accept} can be uploaded here.',
  'file-too-large': '"{name}" is {size}; the largest file allowed is {limit}.',
  'too-many-files': '"{name}" was not added: the most files allowed here is {limit}.',
  'image-too-narrow': '"{name}" is {width} pixels wide; the minimum is {limit}.',
  'image-too-short': '"{name}" is {height} pixels high; the minimum is {limit}.',
  'image-too-wide': '"{name}" is {width} pixels wide; the maximum is {limit}.',
  'image-too-tall': '"{name}" is {height} pixels high; the maximum is {limit}.',
  duplicate: '"{name}" is already listed.',
  'total-too-large': '"{name}" is {size}; all files may come to {limit}.',
  'invalid-url': '"{name}" is not an http(s) link.',
  skipped: '"{name}" was skipped by beforeUpload.',
};

/** Fills `{key}` placeholders; an unknown key is left as written so a missing value shows. */
export function format(template: string, vars: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in vars ? String(vars[key]) : m));
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
