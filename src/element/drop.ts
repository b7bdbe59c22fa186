/** Where a file sat inside a dropped folder, e.g. "photos/2024/a.png"; absent for loose files. */
const paths = new WeakMap<File, string>();

/** A file's path inside the folder it was dropped or picked with ('' for a loose file). */
export const relativePath = (file: File): string => paths.get(file) ?? file.webkitRelativePath ?? '';

/**
 * The files in a drop with folders walked recursively, each remembering its relative path; null
 * when the drop holds no folder (then `dataTransfer.files` is everything). Entries must be taken
 * during the drop event itself, so call this synchronously from the handler.
 */
export function droppedFolders(dt: DataTransfer): Promise<File[]> | null {
  const entries = [...dt.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.some((e) => e.isDirectory)) return null;
  return Promise.all(entries.map(walk)).then((lists) => lists.flat());
}

async function walk(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    paths.set(file, entry.fullPath.replace(/^\//, ''));
    return [file];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const files: File[] = [];
  // readEntries answers in batches (100 in Chromium) until it answers with none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return files;
    for (const e of batch) files.push(...(await walk(e)));
  }
}
