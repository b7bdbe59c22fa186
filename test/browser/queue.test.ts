import { expect } from '@esm-bundle/chai';
import { UploadQueue, canTransition, type UploadQueueOptions } from '../../src/core/queue.js';
import type { UploadState } from '../../src/core/types.js';
import type { UploadRequest, UploadResult } from '../../src/core/client.js';
import { UploadError } from '../../src/core/errors.js';
import type { ImageKitFile } from '../../src/core/types.js';

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name);

interface Call { request: UploadRequest; start: number; inFlight: number }

/**
 * A queue whose network is a script: `outcomes` says, call by call, what the "server" does.
 * Auth hands out numbered tokens so each attempt's token can be checked.
 */
function scripted(outcomes: Array<(r: UploadRequest) => Promise<UploadResult>>, options: UploadQueueOptions = {}) {
  const calls: Call[] = [];
  const tokens: string[] = [];
  let inFlight = 0;
  let n = 0;
  const queue = new UploadQueue({
    publicKey: 'pk',
    retryDelay: 10,
    auth: async () => {
      const token = `token-${tokens.length + 1}`;
      tokens.push(token);
      return { token, expire: Math.floor(Date.now() / 1000) + 60, signature: 'sig' };
    },
    transport: async (request) => {
      inFlight++;
      calls.push({ request, start: Date.now(), inFlight });
      try {
        const outcome = outcomes[n++] ?? ok();
        return await outcome(request);
      } finally {
        inFlight--;
      }
    },
    ...options,
  });
  return { queue, calls, tokens };
}

const ok = (ms = 0) => async (r: UploadRequest): Promise<UploadResult> => {
  await new Promise((res) => setTimeout(res, ms));
  r.onProgress?.(r.file.size, r.file.size);
  return { response: { fileId: `id-${r.fileName}`, name: r.fileName } as ImageKitFile, requestId: 'req', status: 200 };
};
const failWith = (error: UploadError, ms = 0) => async () => {
  await new Promise((res) => setTimeout(res, ms));
  throw error;
};
const network = () => new UploadError('network', 'connection lost', { retryable: true });
const until = (queue: UploadQueue, type: string) => new Promise<any>((r) => queue.addEventListener(type, (e) => r((e as CustomEvent).detail), { once: true }));

describe('UploadQueue', () => {
  it('allows only the documented state steps', () => {
    const states: UploadState[] = ['waiting', 'queued', 'preparing', 'authorizing', 'uploading', 'done', 'failed', 'canceled', 'rejected'];
    const allowed = states.flatMap((from) => states.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).to.deep.equal([
      'waiting→queued', 'waiting→canceled', 'waiting→rejected',
      'queued→preparing', 'queued→authorizing', 'queued→canceled', 'queued→rejected',
      'preparing→queued', 'preparing→authorizing', 'preparing→failed', 'preparing→canceled', 'preparing→rejected',
      'authorizing→queued', 'authorizing→uploading', 'authorizing→failed', 'authorizing→canceled',
      'uploading→queued', 'uploading→done', 'uploading→failed', 'uploading→canceled',
      'failed→queued', 'canceled→queued',
    ]);
  });

  it('walks a file through queued → preparing → authorizing → uploading → done', async () => {
    const { queue } = scripted([ok(5)], {
      // Each stage takes a moment here, so each is seen on its own (one task's steps make one change).
      beforeUpload: () => new Promise((r) => setTimeout(r, 5)),
      auth: async () => (await new Promise((r) => setTimeout(r, 5)), { token: 't-1', expire: Math.floor(Date.now() / 1000) + 60, signature: 's' }),
    });
    const seen: UploadState[] = [queue.items[0]?.state ?? 'queued'];
    queue.addEventListener('change', () => {
      const state = queue.items[0]?.state;
      if (state && seen.at(-1) !== state) seen.push(state);
    });
    const complete = until(queue, 'complete');
    queue.add([file('a.png')]);
    const { successful, failed } = await complete;
    expect(seen).to.deep.equal(['queued', 'preparing', 'authorizing', 'uploading', 'done']);
    expect(successful.map((s: any) => s.response.fileId)).to.deep.equal(['id-a.png']);
    expect(failed).to.deep.equal([]);
    expect(queue.retry(queue.items[0]!.id), 'a finished upload cannot be retried').to.equal(false);
    expect(queue.cancel(queue.items[0]!.id), 'nor canceled').to.equal(false);
  });

  it('retries network errors with fresh auth each time, backing off exponentially with jitter', async () => {
    const { queue, calls, tokens } = scripted([failWith(network()), failWith(network()), failWith(network()), ok()], { retries: 3, retryDelay: 40 });
    const retries: number[] = [];
    queue.addEventListener('upload-retry', (e) => retries.push(e.detail.delayMs));
    const success = until(queue, 'upload-success');
    queue.add([file('r.bin')]);
    await success;
    expect(calls.map((c) => ('api' in c.request.auth && c.request.auth.api === 'v1' ? c.request.auth.params : c.request.auth as any).token)).to.deep.equal(['token-1', 'token-2', 'token-3', 'token-4']);
    expect(tokens).to.have.length(4);
    expect(retries).to.have.length(3);
    retries.forEach((delay, i) => {
      const full = 40 * 2 ** i;
      expect(delay).to.be.within(full / 2, full);
    });
    expect(queue.items[0]!.attempts).to.equal(4);
  });

  it('gives up after the retry budget and reports the last error', async () => {
    const { queue, calls } = scripted([failWith(network()), failWith(network()), failWith(network())], { retries: 2 });
    const error = until(queue, 'upload-error');
    queue.add([file('x.bin')]);
    const detail = await error;
    expect(calls).to.have.length(3);
    expect(detail.error).to.deep.equal({ code: 'network', message: 'connection lost' });
    expect(queue.items[0]!.state).to.equal('failed');
  });

  it('does not retry a validation error', async () => {
    const { queue, calls } = scripted([failWith(new UploadError('invalid-request', 'bad', { status: 400 }))], { retries: 5 });
    const error = until(queue, 'upload-error');
    queue.add([file('x.bin')]);
    expect((await error).error.status).to.equal(400);
    expect(calls).to.have.length(1);
  });

  it('on a 429 holds the whole queue for X-RateLimit-Reset, then runs fewer at once', async () => {
    const limited = new UploadError('rate-limited', 'slow down', { status: 429, retryable: true, retryAfterMs: 300 });
    const { queue, calls } = scripted([failWith(limited, 5), ok(60), ok(60), ok(60), ok(60), ok(60)], { concurrency: 2 });
    let limitedAt = 0;
    queue.addEventListener('upload-retry', () => (limitedAt = Date.now()));
    const complete = until(queue, 'complete');
    queue.add([file('1'), file('2'), file('3'), file('4'), file('5')]);
    const { successful, failed } = await complete;
    expect(successful).to.have.length(5);
    expect(failed).to.deep.equal([]);
    const after = calls.filter((c) => c.start >= limitedAt);
    // The file already in flight finishes, but nothing new starts before the reset.
    expect(after.length).to.be.greaterThan(0);
    for (const c of after) expect(c.start - limitedAt).to.be.at.least(290);
    expect(after[0]!.inFlight, 'the first upload after the wait runs alone').to.equal(1);
  });

  it('pauses while offline without spending retries, and resumes when back online', async () => {
    const connectivity = new EventTarget();
    const { queue, calls } = scripted([], { retries: 0 });
    let online = false;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
    try {
      const unwatch = queue.watchConnectivity(connectivity);
      queue.add([file('wait.bin')]);
      await new Promise((r) => setTimeout(r, 50));
      expect(queue.paused).to.equal(true);
      expect(queue.items[0]!.state).to.equal('queued');
      expect(calls).to.have.length(0);
      const success = until(queue, 'upload-success');
      online = true;
      connectivity.dispatchEvent(new Event('online'));
      await success;
      expect(calls).to.have.length(1);
      unwatch();
    } finally {
      delete (navigator as any).onLine; // back to Navigator.prototype's real getter
    }
  });

  it('cancel aborts the upload in flight; the file ends canceled with no error event', async () => {
    let signal: AbortSignal | undefined;
    const hang = (r: UploadRequest) => new Promise<UploadResult>((_, reject) => {
      signal = r.signal;
      r.signal!.addEventListener('abort', () => reject(new UploadError('canceled', 'The upload was canceled.')));
    });
    const { queue } = scripted([hang]);
    let completes = 0;
    queue.addEventListener('complete', () => completes++);
    const errors: unknown[] = [];
    queue.addEventListener('upload-error', (e) => errors.push(e.detail));
    const complete = until(queue, 'complete');
    queue.add([file('c.bin')]);
    while (queue.items[0]!.state !== 'uploading') await new Promise((r) => setTimeout(r, 5));
    expect(queue.cancel(queue.items[0]!.id)).to.equal(true);
    expect(signal!.aborted).to.equal(true);
    const { successful, failed } = await complete;
    expect([successful, failed, errors]).to.deep.equal([[], [], []]);
    expect(queue.items[0]!.state).to.equal('canceled');
    await new Promise((r) => setTimeout(r, 20));
    expect(completes, 'complete fires once per idle').to.equal(1);
    // and it can be tried again
    const success = until(queue, 'upload-success');
    queue.retry(queue.items[0]!.id);
    await success;
  });

  it('takes per-file parameters from beforeUpload, and skips a file it refuses', async () => {
    const { queue, calls } = scripted([], {
      uploadParams: { useUniqueFileName: true, folder: '/all', tags: ['site'] },
      beforeUpload: async (f) => (f.name === 'skip.bin' ? false : { folder: `/by-name/${f.name.split('.')[0]}`, useUniqueFileName: false }),
    });
    const rejected: any[] = [];
    queue.addEventListener('file-rejected', (e) => rejected.push(e.detail));
    const complete = until(queue, 'complete');
    queue.add([file('one.bin'), file('skip.bin')]);
    await complete;
    expect(calls.map((c) => [c.request.fileName, c.request.params])).to.deep.equal([
      ['one.bin', { useUniqueFileName: false, folder: '/by-name/one', tags: ['site'] }],
    ]);
    expect(rejected.map((r) => [r.file.name, r.code, r.message])).to.deep.equal([['skip.bin', 'skipped', '"skip.bin" was skipped by beforeUpload.']]);
    expect(queue.items.map((i) => [i.file.name, i.state])).to.deep.equal([['one.bin', 'done'], ['skip.bin', 'rejected']]);
  });

  it('sends what prepare makes of a file, once, while events keep the file as added', async () => {
    let prepared = 0;
    const { queue, calls } = scripted([failWith(network()), ok()], {
      prepare: async (f) => {
        prepared++;
        return new File(['smaller'], f.name.replace(/\.png$/, '.webp'), { type: 'image/webp' });
      },
    });
    const original = file('photo.png', 1000);
    const success = until(queue, 'upload-success');
    queue.add([original]);
    const detail = await success;
    expect(detail.file).to.equal(original);
    expect(prepared, 'prepared once, retries reuse it').to.equal(1);
    expect(calls.map((c) => [c.request.fileName, c.request.file.size, c.request.file.type])).to.deep.equal([
      ['photo.webp', 7, 'image/webp'], ['photo.webp', 7, 'image/webp'],
    ]);
  });

  it('refuses bad parameters before any auth or upload request', async () => {
    const { queue, calls, tokens } = scripted([], { uploadParams: { tags: ['100%'] } });
    const error = until(queue, 'upload-error');
    queue.add([file('p.bin')]);
    expect((await error).error).to.deep.equal({ code: 'invalid-parameter', message: 'tags: "%" is not allowed in a tag ("100%").' });
    expect(tokens).to.have.length(0);
    expect(calls).to.have.length(0);
  });

  it('keeps at most `concurrency` uploads in flight', async () => {
    const { queue, calls } = scripted(Array(8).fill(ok(20)), { concurrency: 3 });
    const complete = until(queue, 'complete');
    queue.add(Array.from({ length: 8 }, (_, i) => file(`${i}.bin`)));
    await complete;
    expect(Math.max(...calls.map((c) => c.inFlight))).to.equal(3);
  });

  it('takes a raised concurrency at once', async () => {
    const { queue, calls } = scripted(Array(6).fill(ok(60)), { concurrency: 1 });
    const complete = until(queue, 'complete');
    queue.add(Array.from({ length: 6 }, (_, i) => file(`${i}.bin`)));
    await new Promise((r) => setTimeout(r, 10));
    queue.options.concurrency = 4;
    queue.refresh();
    await complete;
    expect(calls.slice(0, 4).map((c) => c.inFlight)).to.deep.equal([1, 2, 3, 4]);
  });

  it('explains a "file exists" refusal after a lost response', async () => {
    const lost = new UploadError('network', 'lost after sending', { retryable: true, ambiguous: true });
    const exists = new UploadError('file-exists', 'A file with the same name already exists at the exact location. We could not overwrite it because both overwriteFile and useUniqueFileName are set to false.', { status: 400 });
    const { queue } = scripted([failWith(lost), failWith(exists)], { uploadParams: { useUniqueFileName: false, overwriteFile: false } });
    const error = until(queue, 'upload-error');
    queue.add([file('same.bin')]);
    const { error: e } = await error;
    expect(e.code).to.equal('file-exists');
    expect(e.message).to.match(/An earlier attempt of this upload was probably stored, but its answer was lost\.$/);
  });

  it('takes a file\'s own parameters over the element\'s until it starts; beforeUpload still has the last word', async () => {
    const { queue, calls } = scripted([], {
      upload: 'manual',
      uploadParams: { folder: '/all', tags: ['site'], description: 'from the element' },
      beforeUpload: (f) => (f.name === 'b.bin' ? { description: 'from the hook' } : undefined),
    });
    const { added } = queue.add([file('a.bin'), file('b.bin')]);
    const [a, b] = added.map((i) => i.id) as [string, string];
    expect(queue.setParams(a, { fileName: 'renamed.bin', description: 'alt a', tags: ['x', 'y'] })).to.equal(true);
    expect(queue.setParams(b, { description: 'alt b' })).to.equal(true);
    expect(queue.setParams(a, { tags: undefined }), 'undefined goes back to the element\'s').to.equal(true);
    await queue.start();
    expect(calls.map((c) => [c.request.fileName, c.request.params])).to.deep.equal([
      ['renamed.bin', { folder: '/all', tags: ['site'], description: 'alt a' }],
      ['b.bin', { folder: '/all', tags: ['site'], description: 'from the hook' }],
    ]);
    expect(queue.setParams(a, { description: 'too late' }), 'a file that has started takes no more').to.equal(false);
  });

  it('moves a file in the list: files start in the new order, and the list keeps it', async () => {
    const { queue, calls } = scripted([], { upload: 'manual', concurrency: 1 });
    const { added } = queue.add(['a', 'b', 'c', 'd'].map((n) => file(`${n}.bin`)));
    const id = (name: string) => added.find((i) => i.file.name === `${name}.bin`)!.id;
    const changes: unknown[] = [];
    queue.addEventListener('change', (e) => changes.push(e.detail));
    expect(queue.move(id('d'), 0)).to.equal(true);
    expect(queue.move(id('a'), 99), 'clamped to the end').to.equal(true);
    expect(queue.move(id('b'), 0 + 1), 'already there').to.equal(false);
    expect(queue.move('no-such-id', 0)).to.equal(false);
    expect(queue.move(id('c'), Number.NaN)).to.equal(false);
    expect(changes).to.have.length(2);
    expect(queue.items.map((i) => i.file.name)).to.deep.equal(['d.bin', 'b.bin', 'c.bin', 'a.bin']);
    await queue.start();
    expect(calls.map((c) => c.request.fileName)).to.deep.equal(['d.bin', 'b.bin', 'c.bin', 'a.bin']);
    // A settled file moved behind a pending one: the pending one still starts.
    queue.add([file('e.bin')]);
    const e = queue.items.at(-1)!.id;
    queue.move(e, 0);
    await queue.start();
    expect(calls.map((c) => c.request.fileName).at(-1)).to.equal('e.bin');
    expect(queue.items.map((i) => i.file.name)).to.deep.equal(['e.bin', 'd.bin', 'b.bin', 'c.bin', 'a.bin']);
  });

  it('scales a file\'s own crop and area of interest to the image as resized, and leaves the hook\'s alone', async function () {
    this.timeout(30_000);
    const canvas = new OffscreenCanvas(400, 300);
    canvas.getContext('2d')!.fillRect(0, 0, 400, 300);
    const png = async (name: string) => new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
    const { queue, calls } = scripted([], {
      upload: 'manual',
      resizeOptions: { width: 200 },
      uploadParams: { transformation: { post: [{ type: 'thumbnail' }] } },
      beforeUpload: (f) => (f.name === 'hook.png' ? { customCoordinates: '10,10,20,20' } : undefined),
    });
    const { added } = queue.add([await png('own.png'), await png('hook.png')]);
    const own = { transformation: { pre: 'cm-extract,x-201,y-0,w-199,h-300:rt-90:e-grayscale', post: [{ type: 'thumbnail' as const }] }, customCoordinates: '30,40,100,50' };
    for (const item of added) queue.setParams(item.id, own);
    await queue.start();
    const [a, b] = ['own.png', 'hook.png'].map((n) => calls.find((c) => c.request.fileName === n)!.request.params);
    expect(a!.transformation!.pre, 'rounded inside the 200×150 image sent').to.equal('cm-extract,x-101,y-0,w-99,h-150:rt-90:e-grayscale');
    expect(a!.transformation!.post).to.deep.equal([{ type: 'thumbnail' }]);
    expect(a!.customCoordinates).to.equal('15,20,50,25');
    expect(b!.transformation!.pre).to.equal('cm-extract,x-101,y-0,w-99,h-150:rt-90:e-grayscale');
    expect(b!.customCoordinates, 'the hook\'s, as it said').to.equal('10,10,20,20');
    expect(queue.items[0]!.own, 'the file\'s own stay as set').to.deep.equal(own);
  });
});
