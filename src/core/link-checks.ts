import type { Checked, FileRules, Rejection, rejection } from './restrictions.js';

/**
 * What can be known of a link before ImageKit fetches it, from `accept` and `maxFileSize` (see
 * `restrictions.link`, which hands over `rejection`): refused when `accept` names only extensions
 * and the link's name has none of them; else the upload `checks` ImageKit must run on the bytes, since
 * only it sees them (the MIME types of `accept`, unless the name matched one of its extensions, and
 * the size). Imports nothing at run time, so it loads only when a link is prepared.
 */
export function linkVerdict(item: Checked, rules: FileRules, refuse: typeof rejection): Rejection | string | undefined {
  const all = (rules.accept ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const byName = !all.length || all.some((t) => t[0] === '.' && item.file.name.toLowerCase().endsWith(t));
  const types = byName ? [] : all.filter((t) => t[0] !== '.');
  if (!byName && !types.length) return refuse(item.file, 'file-type', { type: '', accept: rules.accept! });
  const parts = types.length ? [`(${types.map((t) => (t.endsWith('/*') ? `"file.mime" : "${t.slice(0, -1)}"` : `"file.mime" = "${t}"`)).join(' OR ')})`] : [];
  if (rules.maxFileSize! >= 0) parts.push(`"file.size" <= "${rules.maxFileSize}"`);
  return parts.join(' AND ') || undefined;
}
