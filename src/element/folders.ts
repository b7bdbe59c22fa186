/**
 * Every file under a dropped entry, with its path inside the drop ("photos/2024/a.png"), in tree
 * order. Imports nothing, so it loads as a chunk of its own (see drop.ts).
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
