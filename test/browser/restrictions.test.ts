import { expect } from '@esm-bundle/chai';
import { cleanup, dropZone, emulatorStats, makeBytes, mount, nextEvent, pick, record, rows, shadow, uniqueFolder, until } from './helpers.js';

afterEach(cleanup);

/** What a person reads: bidi isolates are invisible. */
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();

/** What a folder drop delivers: entries with their paths inside it (a stand-in for the browser's FileSystemEntry). */
function folderDrop(target: EventTarget, files: Array<[File, string]>) {
  const entry = (file: File, fullPath: string) => ({ isFile: true, isDirectory: false, fullPath, file: (ok: (f: File) => void) => ok(file) });
  const dir = {
    isFile: false, isDirectory: true, fullPath: '/',
    createReader: () => {
      let read = false;
      return { readEntries: (ok: (e: unknown[]) => void) => ok(read ? [] : ((read = true), files.map(([f, p]) => entry(f, `/${p}`)))) };
    },
  };
  const dataTransfer = { types: ['Files'], files: [], items: [{ webkitGetAsEntry: () => dir }], dropEffect: 'none' };
  for (const type of ['dragenter', 'dragover', 'drop']) {
    const event = new DragEvent(type, { bubbles: true, cancelable: true, composed: true });
    Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
    target.dispatchEvent(event);
  }
}

describe('<ik-uploader> duplicates and total size', () => {
  it('refuses a file already listed, with a clear reason, and sends nothing for it', async () => {
    const el = await mount({ folder: uniqueFolder('dup') });
    const file = makeBytes('report.pdf', 2000, 'application/pdf');
    const complete = nextEvent(el, 'ik-complete');
    pick(el, [file]);
    await complete;
    const before = (await emulatorStats()).uploadsReceived;

    const rejected = nextEvent(el, 'ik-file-rejected');
    pick(el, [file]);
    const detail = await rejected;
    expect(detail.code).to.equal('duplicate');
    expect(detail.message).to.equal('"report.pdf" is already listed.');
    await el.updateComplete;
    const row = rows(el).find((r) => r.dataset.state === 'rejected')!;
    expect(text(row.querySelector('[part~="status"]'))).to.equal('Already listed');
    expect((await emulatorStats()).uploadsReceived).to.equal(before);
  });

  it('tells files apart by name, size, modification time and folder path', async () => {
    const el = await mount({ upload: 'manual', 'keep-folders': true });
    const seen = record(el, ['ik-file-rejected']);
    const a = new File(['x'.repeat(100)], 'a.txt', { type: 'text/plain', lastModified: 1_700_000_000_000 });
    el.addFiles([
      a,
      new File(['x'.repeat(100)], 'a.txt', { type: 'text/plain', lastModified: 1_700_000_000_001 }), // another time
      new File(['x'.repeat(101)], 'a.txt', { type: 'text/plain', lastModified: 1_700_000_000_000 }), // another size
      new File(['x'.repeat(100)], 'b.txt', { type: 'text/plain', lastModified: 1_700_000_000_000 }), // another name
    ]);
    folderDrop(dropZone(el), [[a, 'photos/a.txt']]); // another folder
    await until(() => el.items.length === 5, 'the dropped folder listed');
    expect(seen.events).to.deep.equal([]);
    expect(el.items.map((i) => i.state)).to.deep.equal(['waiting', 'waiting', 'waiting', 'waiting', 'waiting']);
    // The same file twice in one pick: the second is the duplicate.
    el.addFiles([new File(['y'], 'c.txt', { lastModified: 1 }), new File(['y'], 'c.txt', { lastModified: 1 })]);
    expect(seen.of('ik-file-rejected').map((d) => [d.file.name, d.code])).to.deep.equal([['c.txt', 'duplicate']]);
  });

  it('lets a file in again with allow-duplicates', async () => {
    const el = await mount({ upload: 'manual', 'allow-duplicates': true });
    const file = makeBytes('again.bin', 10);
    el.addFiles([file]);
    el.addFiles([file]);
    expect(el.items.map((i) => i.state)).to.deep.equal(['waiting', 'waiting']);
  });

  it('holds all listed files together to max-total-size, and says the limit in the hint', async () => {
    const el = await mount({ upload: 'manual', 'max-total-size': '10KB' });
    expect(text(shadow(el).querySelector('[part~="hint"]'))).to.equal('up to 10 kB in all');
    const seen = record(el, ['ik-file-rejected']);
    el.addFiles([makeBytes('one.bin', 4096), makeBytes('two.bin', 4096), makeBytes('three.bin', 4096)]);
    expect(el.items.map((i) => [i.file.name, i.state])).to.deep.equal([['one.bin', 'waiting'], ['two.bin', 'waiting'], ['three.bin', 'rejected']]);
    const [detail] = seen.of('ik-file-rejected');
    expect(detail.code).to.equal('total-too-large');
    expect(detail.message).to.equal('"three.bin" is 4 KB; all files may come to 10 KB.');
    await el.updateComplete;
    expect(text(rows(el).find((r) => r.dataset.state === 'rejected')!.querySelector('[part~="status"]'))).to.equal('Over the total size limit (10 kB)');
    // A smaller one still fits, and removing a file makes room.
    el.addFiles([makeBytes('small.bin', 2048)]);
    expect(el.items.at(-1)!.state).to.equal('waiting');
    el.removeFile(el.items[0]!.id);
    el.addFiles([makeBytes('three.bin', 4096)]);
    expect(el.items.at(-1)!.state).to.equal('waiting');
    // "50MB" reads as bytes.
    el.setAttribute('max-total-size', '50MB');
    expect(el.maxTotalSize).to.equal(50 * 1024 * 1024);
  });
});
