// `restore`: a real reload, of a page in a frame (fixtures/restore.html), with the files kept in IndexedDB.
import { expect } from '@esm-bundle/chai';
import { authCalls, bytesOf, clearFaults, emulatorStats, fault, library, sameBytes, uniqueFolder, until } from './helpers.js';
import { button, closeFrames, file, kept, notice, open, text } from './restore-helpers.js';

afterEach(closeFrames);

describe('<ik-uploader restore>', () => {
  it('brings two waiting files back after a reload, with a notice and their own parameters; nothing starts until Upload now, then both upload whole', async () => {
    const folder = uniqueFolder('restore');
    const page = await open({ restore: 'cover', folder });
    const a = file(page.win, 'first.bin', 30_000);
    const b = file(page.win, 'second.bin', 45_000);
    page.el.addFiles([a, b]);
    page.el.queue.setParams(page.el.items[0]!.id, { tags: ['kept-first'] });
    page.el.queue.setParams(page.el.items[1]!.id, { tags: ['kept-second'], description: 'the second one' });
    await until(async () => (await kept()).filter((k) => k.own).length === 2, 'both kept with their parameters');
    const before = { stats: await emulatorStats(), auth: await authCalls() };
    // Read now: the files belong to the page that the reload ends.
    const originals = new Map([[a.name, await bytesOf(a)], [b.name, await bytesOf(b)]]);

    await page.reload();
    await until(() => page.el.items.length === 2 && notice(page.el), 'the files and the notice');
    await page.el.updateComplete;
    expect(page.el.items.map((i) => [i.file.name, i.file.size, i.state])).to.deep.equal([['first.bin', 30_000, 'waiting'], ['second.bin', 45_000, 'waiting']]);
    expect(page.el.items.map((i) => i.own)).to.deep.equal([{ tags: ['kept-first'] }, { tags: ['kept-second'], description: 'the second one' }]);
    expect(text(notice(page.el)!)).to.equal('2 files from your last visit are back; nothing uploads until you start it. Upload now Discard');
    expect(notice(page.el)!.getAttribute('role')).to.equal('status');
    expect(page.win.events.map((e) => [e.type, e.detail.files.map((f: any) => f.file.name), e.detail.notKept])).to.deep.equal([['ik-restore', ['first.bin', 'second.bin'], []]]);
    // Nothing started by itself: no auth asked, nothing received.
    await new Promise((r) => setTimeout(r, 300));
    expect(page.el.items.map((i) => i.state)).to.deep.equal(['waiting', 'waiting']);
    expect(await authCalls()).to.equal(before.auth);
    expect((await emulatorStats()).uploadsReceived).to.equal(before.stats.uploadsReceived);

    const complete = new Promise<any>((resolve) => page.el.addEventListener('ik-complete', (e) => resolve((e as CustomEvent).detail), { once: true }));
    button(page.el, 'Upload now').click();
    const { successful, failed } = await complete;
    expect(failed).to.deep.equal([]);
    const byName = new Map(successful.map((s: any) => [s.file.name, s.response]));
    for (const [name, tags] of [['first.bin', ['kept-first']], ['second.bin', ['kept-second']]] as const) {
      const response = byName.get(name) as any;
      expect(response.tags).to.deep.equal(tags);
      const stored = await bytesOf(await (await fetch(response.url)).blob());
      expect(sameBytes(stored, originals.get(name)!), `${name} arrived whole`).to.equal(true);
    }
    expect((byName.get('second.bin') as any).description).to.equal('the second one');
    expect((await library(folder)).length).to.equal(2);
    await until(async () => (await kept()).length === 0, 'the kept files deleted once uploaded');
    await page.el.updateComplete;
    expect(notice(page.el), 'the notice goes').to.equal(null);
    expect(page.win.errors).to.deep.equal([]);
  });

  it('keeps a file still in flight (auto mode) and brings it back waiting; its upload then starts from zero', async () => {
    const folder = uniqueFolder('restore-flight');
    const page = await open({ restore: '', upload: 'auto', folder });
    await fault({ count: 1, mode: 'stall' });
    const big = file(page.win, 'in-flight.bin', 400_000);
    page.el.addFiles([big]);
    await until(() => page.el.items[0]?.state === 'uploading', 'uploading');
    await until(async () => (await kept()).length === 1, 'kept while in flight');

    await page.reload();
    await until(() => page.el.items.length === 1, 'back');
    expect(page.el.items[0]!.state, 'waiting, even in auto mode').to.equal('waiting');
    await clearFaults();
    const { successful } = await page.el.startUpload();
    expect(successful.map((s) => s.response.size)).to.deep.equal([400_000]);
    expect((await library(folder)).map((f) => f.size)).to.deep.equal([400_000]);
  });

  it('keeps files up to the limits, says after the reload which were too large, and drops what has expired', async () => {
    const page = await open({ restore: 'limits', limits: JSON.stringify({ maxFileSize: 20_000, maxTotalSize: 30_000 }) });
    page.el.addFiles([file(page.win, 'small.bin', 10_000), file(page.win, 'huge.bin', 25_000), file(page.win, 'also-small.bin', 15_000), file(page.win, 'one-too-many.bin', 10_000)]);
    await until(async () => (await kept()).length === 4, 'all four recorded');
    const records = await kept();
    // Over 20 KB, or past 30 KB in all: only the name is kept, no bytes.
    expect(records.map((k: any) => [k.name, !!k.dropped, k.blob]).sort()).to.deep.equal([
      ['also-small.bin', false, true], ['huge.bin', true, false], ['one-too-many.bin', true, false], ['small.bin', false, true],
    ]);

    await page.reload();
    await until(() => page.el.items.length === 2 && notice(page.el), 'back');
    expect(page.el.items.map((i) => i.file.name)).to.deep.equal(['small.bin', 'also-small.bin']);
    expect(text(notice(page.el)!)).to.equal('2 files from your last visit are back; nothing uploads until you start it. Too large to keep, add again: huge.bin, one-too-many.bin. Upload now Discard');
    expect(page.win.events[0]!.detail.notKept).to.deep.equal(['huge.bin', 'one-too-many.bin']);
    expect((await kept()).map((k) => k.name).sort(), 'the names of files not kept are told once').to.deep.equal(['also-small.bin', 'small.bin']);

    // Expired: kept for at most 1 ms, so after a reload nothing comes back, and nothing is left stored.
    const expiring = await open({ restore: 'expiring', limits: JSON.stringify({ maxAge: 1 }) });
    expiring.el.addFiles([file(expiring.win, 'old.bin', 1000)]);
    await until(async () => (await kept()).some((k) => k.name === 'old.bin'), 'kept');
    await expiring.reload();
    await until(async () => !(await kept()).some((k) => k.name === 'old.bin'), 'the expired record deleted');
    expect(expiring.el.items).to.deep.equal([]);
    expect(notice(expiring.el)).to.equal(null);
  });

  it('deletes what is removed, and Discard drops what came back', async () => {
    const page = await open({ restore: 'remove' });
    page.el.addFiles([file(page.win, 'keep.bin', 1000), file(page.win, 'drop.bin', 1000), file(page.win, 'later.bin', 1000)]);
    await until(async () => (await kept()).length === 3, 'kept');
    page.el.removeFile(page.el.items[1]!.id);
    await until(async () => (await kept()).map((k) => k.name).sort().join() === 'keep.bin,later.bin', 'the removed one deleted');

    await page.reload();
    await until(() => notice(page.el), 'the notice');
    expect(page.el.items.map((i) => i.file.name)).to.deep.equal(['keep.bin', 'later.bin']);
    button(page.el, 'Discard').click();
    await page.el.updateComplete;
    expect(page.el.items).to.deep.equal([]);
    expect(notice(page.el)).to.equal(null);
    await until(async () => (await kept()).length === 0, 'nothing left stored');
  });
});
