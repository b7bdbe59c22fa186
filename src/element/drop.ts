/** Where a file sat inside a dropped folder, e.g. "photos/2024/a.png"; absent for loose files. */
const paths = new WeakMap<File, string>();

/** A file's path inside the folder it was dropped or picked with ('' for a loose file). */
export const relativePath = (file: File): string => paths.get(file) ?? file.webkitRelativePath ?? '';

/**
 * The files in a drop with folders walked recursively, each remembering its relative path; null
 * when the drop holds no folder (then `dataTransfer.files` is everything). Entries must be taken
 * during the drop event itself, so call this synchronously from the handler. The walk itself is
 * loaded on demand: folder drops are rare, and the CDN file is held to a size budget.
 */
export function droppedFolders(dt: DataTransfer): Promise<File[]> | null {
  const entries = [...dt.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.some((e) => e.isDirectory)) return null;
  return import('./folders.js').then(async ({ walk }) =>
    (await Promise.all(entries.map(walk))).flat().map(([file, path]) => (paths.set(file, path), file)),
  );
}
