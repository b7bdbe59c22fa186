import { expect } from '@esm-bundle/chai';
import {
  authCalls, bytesOf, cleanup, emulatorStats, fault, library, makeBytes, mount, nextEvent, record, rows, sameBytes, sleep,
  uniqueFolder, until,
} from './helpers.js';

afterEach(cleanup);

describe('upload engine under faults', () => {
  it('lands 30 files exactly once through 503s, 429s, dropped connections and lost responses', async function () {
    this.timeout(120_000);
    const folder = uniqueFolder('faults');
    // Unique names already, and no suffix: a retry after a lost response overwrites rather than duplicates.
    const el = await mount({ folder, 'use-unique-file-name': 'false', concurrency: '4', 'retry-delay': '50', retries: '4' });
    const files = Array.from({ length: 30 }, (_, i) => makeBytes(`file-${String(i).padStart(2, '0')}.bin`, 2000 + i * 997));
    const pass = (count: number) => fault({ count, delayMs: 0 });
    for (const step of [
      () => fault({ count: 1, status: 503 }), () => pass(2),
      () => fault({ count: 1, status: 429, resetMs: 300 }), () => pass(2),
      () => fault({ count: 1, mode: 'drop-before-response' }), () => pass(1),
      () => fault({ count: 1, mode: 'lose-response' }), () => pass(2),
      () => fault({ count: 2, status: 503 }), () => fault({ count: 1, mode: 'lose-response' }), () => pass(3),
      () => fault({ count: 1, mode: 'drop-before-response' }), () => fault({ count: 1, status: 429, resetMs: 200 }), () => pass(1),
      () => fault({ count: 1, mode: 'lose-response' }), () => fault({ count: 1, mode: 'drop-before-response' }), () => fault({ count: 1, status: 502 }),
    ]) await step();
    const [authBefore, statsBefore] = [await authCalls(), await emulatorStats()];
    const log = record(el, ['ik-upload-success', 'ik-upload-error', 'ik-upload-retry']);
    const complete = nextEvent(el, 'ik-complete', 110_000);
    el.addFiles(files);
    const { successful, failed } = await complete;

    expect(log.of('ik-upload-error')).to.deep.equal([]);
    expect(failed).to.deep.equal([]);
    expect(successful).to.have.length(30);
    const statsAfter = await emulatorStats();
    expect(statsAfter.faultsPending, 'every injected fault was met').to.equal(0);
    const retried = log.of('ik-upload-retry').map((r) => r.error.code);
    for (const code of ['server', 'rate-limited']) expect(retried).to.include(code);
    // A dropped connection shows up as a network error, or, when Chromium resent the request by
    // itself, as ImageKit refusing the token it had already seen.
    expect(retried.filter((c) => c === 'network' || c === 'auth-failed').length).to.be.at.least(1);

    const stored = await library(folder);
    expect(stored.map((f) => f.name).sort()).to.deep.equal(files.map((f) => f.name));
    for (const f of files) {
      const record = stored.find((s) => s.name === f.name)!;
      expect(record.size, f.name).to.equal(f.size);
    }
    // Each success names the stored file, and its url serves the very bytes picked.
    for (const s of successful) {
      const back = await bytesOf(await (await fetch(s.response.url)).blob());
      expect(sameBytes(back, await bytesOf(s.file)), s.file.name).to.equal(true);
      expect(stored.find((f) => f.name === s.file.name)!.fileId).to.equal(s.response.fileId);
    }
    // One auth call per attempt, retries included: tokens are single-use.
    const attempts = el.items.reduce((n, i) => n + i.attempts, 0);
    expect(attempts).to.be.greaterThan(30);
    expect((await authCalls()) - authBefore).to.equal(attempts);
    // Chromium itself resends a request whose kept-alive connection died before any answer, with
    // the same token: so the server may see more requests than we made attempts, never fewer.
    const requests = statsAfter.uploadsReceived - statsBefore.uploadsReceived;
    expect(requests).to.be.at.least(Math.max(attempts, 30 + 12)); // 12 of them met a fault
  });

  it('waits X-RateLimit-Reset after a 429', async () => {
    const el = await mount({ folder: uniqueFolder('429') });
    await fault({ count: 1, status: 429, resetMs: 700 });
    const retry = nextEvent(el, 'ik-upload-retry');
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('limited.bin', 10)]);
    const { error, delayMs } = await retry;
    expect(error.code).to.equal('rate-limited');
    expect(error.status).to.equal(429);
    expect(delayMs).to.equal(700);
    await success;
  });

  it('retries a stalled upload once no progress comes for stall-timeout', async () => {
    const el = await mount({ folder: uniqueFolder('stall'), 'stall-timeout': '800' });
    await fault({ count: 1, mode: 'stall' });
    const retry = nextEvent(el, 'ik-upload-retry');
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('stalled.bin', 4096)]);
    const { error } = await retry;
    expect(error.code).to.equal('timeout');
    expect(error.message).to.match(/^The upload stalled: (no answer came|no bytes were sent) for 1 s\.$/);
    await success;
  });
});

describe('lost responses (the server stored the file, the answer never came)', () => {
  it('by default (unique names) retries and loses nothing: the first copy stays as an orphan', async () => {
    const folder = uniqueFolder('lost-default');
    const el = await mount({ folder });
    await fault({ count: 1, mode: 'lose-response' });
    const log = record(el, ['ik-upload-success', 'ik-upload-error']);
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('kept.bin', 777)]);
    await complete;
    expect(log.of('ik-upload-error')).to.deep.equal([]);
    const [success] = log.of('ik-upload-success');
    const stored = await library(folder);
    expect(stored).to.have.length(2);
    expect(stored.map((s) => s.fileId)).to.include(success.response.fileId);
  });

  it('with use-unique-file-name=false, the retry overwrites the same path: one file, a new version', async () => {
    const folder = uniqueFolder('lost-overwrite');
    const el = await mount({ folder, 'use-unique-file-name': 'false' });
    await fault({ count: 1, mode: 'lose-response' });
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('same.bin', 500)]);
    const { response } = await success;
    const stored = await library(folder);
    expect(stored).to.have.length(1);
    expect(stored[0]!.fileId).to.equal(response.fileId);
    expect(stored[0]!.versions).to.equal(2);
  });

  it('with overwrite-file=false too, the retry is refused and the error says the file was probably stored', async () => {
    const folder = uniqueFolder('lost-no-overwrite');
    const el = await mount({ folder, 'use-unique-file-name': 'false', 'overwrite-file': 'false' });
    await fault({ count: 1, mode: 'lose-response' });
    const error = nextEvent(el, 'ik-upload-error');
    el.addFiles([makeBytes('once.bin', 500)]);
    const { error: e } = await error;
    expect(e.code).to.equal('file-exists');
    expect(e.status).to.equal(400);
    expect(e.message).to.equal(
      'A file with the same name already exists at the exact location. We could not overwrite it because both overwriteFile and useUniqueFileName are set to false. ' +
        'An earlier attempt of this upload was probably stored, but its answer was lost.',
    );
    expect(await library(folder)).to.have.length(1);
  });
});

describe('cancel', () => {
  it('aborts an upload mid-flight: no error event, nothing stored', async function () {
    this.timeout(30_000);
    const folder = uniqueFolder('cancel');
    const el = await mount({ folder });
    // The emulator sits on the request for a while, so the upload is surely still in flight.
    await fault({ count: 1, delayMs: 1500 });
    const log = record(el, ['ik-upload-error', 'ik-upload-success']);
    const before = await emulatorStats();
    const started = nextEvent(el, 'ik-upload-progress');
    el.addFiles([makeBytes('big.bin', 24 * 1024 * 1024)]);
    const progress = await started;
    expect(progress.loaded).to.be.lessThan(progress.total);
    const complete = nextEvent(el, 'ik-complete');
    await el.updateComplete;
    (rows(el)[0]!.querySelector('[data-action=cancel]') as HTMLButtonElement).click();
    const { successful, failed } = await complete;
    expect([successful, failed]).to.deep.equal([[], []]);
    await el.updateComplete;
    expect(rows(el)[0]!.dataset.state).to.equal('canceled');
    expect(rows(el)[0]!.querySelector('[part="status"]')!.textContent).to.equal('Canceled');
    await sleep(2500); // past the emulator's delay: it must not store what it was still receiving
    expect(await library(folder)).to.deep.equal([]);
    expect((await emulatorStats()).uploadsStored).to.equal(before.uploadsStored);
    expect(log.events).to.deep.equal([]);
  });

  it('cancelAll stops every file still going', async () => {
    const folder = uniqueFolder('cancel-all');
    const el = await mount({ folder, concurrency: '1' });
    await fault({ count: 1, delayMs: 1000 });
    const complete = nextEvent(el, 'ik-complete');
    el.addFiles([makeBytes('1.bin', 100), makeBytes('2.bin', 100), makeBytes('3.bin', 100)]);
    await until(() => el.items[0]!.state === 'uploading', 'the first upload');
    el.cancelAll();
    await complete;
    expect(el.items.map((i) => i.state)).to.deep.equal(['canceled', 'canceled', 'canceled']);
    await sleep(1300);
    expect(await library(folder)).to.deep.equal([]);
  });
});

describe('auth per attempt', () => {
  it('asks the auth endpoint once per attempt, retries included', async () => {
    const el = await mount({ folder: uniqueFolder('auth-per-attempt') });
    await fault({ count: 2, status: 503 });
    const before = await authCalls();
    const success = nextEvent(el, 'ik-upload-success');
    el.addFiles([makeBytes('thrice.bin', 10)]);
    await success;
    expect((await authCalls()) - before).to.equal(3);
    expect(el.items[0]!.attempts).to.equal(3);
  });
});
