/**
 * Every file under a dropped entry, with its path inside the drop ("photos/2024/a.png"), in tree
 * order. Imports nothing, so it loads as a chunk of its own (see drop.ts); keep-folders' paths too.
 */
export async function walk(entry: FileSystemEntry): Promise<Array<[File, string]>> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [[file, entry.fullPath.replace(/^\//, '')]];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const files: Array<[File, string]> = [];
  // readEntries answers in batches (100 in Chromium) until it answers with none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return files;
    for (const e of batch) files.push(...(await walk(e)));
  }
}

/** A file's params with keep-folders: its folder path inside the drop, under `folder`. */
export function keptFolder<P extends { folder?: string }>(path: string, own: P | void | undefined, folder?: string): P | { folder: string } | void {
  // ImageKit folder names take letters, digits, "_" and "-": anything else becomes "_", as in file names.
  const dir = path.split('/').slice(0, -1).join('/').replace(/[^\p{L}\p{M}\p{N}/_-]/gu, '_');
  if (!dir) return own;
  const base = (own && own.folder) ?? folder ?? '';
  return { ...own, folder: `${base.replace(/\/+$/, '')}/${dir}` };
}
