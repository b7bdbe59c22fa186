// Runs in the benchmark page: 200 camera photos (4000×3000 JPEG; with a camera's EXIF preview, or
// the same pixels without any EXIF: bench/photos.ts) added at once to <ik-uploader> or to Uppy's Dashboard: when the first thumbnail is on screen, how many images were decoded and how
// big, how many decodes ran at once, and every long main-thread task while the list is scrolled
// from top to bottom. Then 20 of them resized for upload by the element, against the same 20 sent
// unresized by a bare XHR loop.
let photos = [];
let uploader;
let target;

/** `count` File objects named like a phone's, cycling through the distinct JPEGs of `set` the server has ('camera': with an EXIF preview; 'bare': none). */
async function makeFiles(count, distinct, set = 'camera') {
  const blobs = await Promise.all(Array.from({ length: distinct }, async (_, i) => (await fetch(`/photos/${set}-${i}.jpg`)).blob()));
  photos = Array.from({ length: count }, (_, i) => new File([blobs[i % distinct]], `IMG_${String(1000 + i)}.jpg`, { type: 'image/jpeg', lastModified: 1_700_000_000_000 + i }));
  return photos.reduce((n, f) => n + f.size, 0);
}

// The element decodes thumbnails in a worker (and with createImageBitmap on the page where no
// worker starts): count the decodes it asks for either way, and how many are in flight at once.
// (Uppy decodes through <img> and a canvas; it is not seen here.)
const decodes = { calls: 0, inFlight: 0, maxInFlight: 0 };
const began = () => {
  decodes.calls++;
  decodes.inFlight++;
  decodes.maxInFlight = Math.max(decodes.maxInFlight, decodes.inFlight);
};
const realCreateImageBitmap = window.createImageBitmap;
window.createImageBitmap = function (...args) {
  began();
  return realCreateImageBitmap.apply(this, args).finally(() => decodes.inFlight--);
};
const RealWorker = window.Worker;
window.Worker = class extends RealWorker {
  constructor(url, options) {
    super(url, options);
    this.addEventListener('message', (e) => {
      if (options?.name === 'ik-uploader thumbnails' && e.data?.id !== undefined) decodes.inFlight--;
    });
    this.thumbnails = options?.name === 'ik-uploader thumbnails';
  }
  postMessage(message, transfer) {
    if (this.thumbnails && message?.file) began();
    super.postMessage(message, transfer);
  }
};

async function mount(kind, { publicKey, uploadEndpoint, view }) {
  if (kind === 'ours') {
    uploader = document.createElement('ik-uploader');
    uploader.setAttribute('public-key', publicKey);
    uploader.setAttribute('upload-endpoint', uploadEndpoint);
    uploader.setAttribute('auth-timeout', '3600000');
    if (view) uploader.setAttribute('view', view);
    uploader.multiple = true;
    uploader.authenticator = () => new Promise(() => {}); // nothing is sent: listing only
    document.body.append(uploader);
    await uploader.updateComplete;
  } else {
    const { createUploader } = await import('/bundles/uppy/uppy.js');
    target = document.createElement('div');
    document.body.append(target);
    uploader = createUploader(target, uploadEndpoint);
  }
  await nextFrame();
  // Idle, then a second more, before the photos come, as on a page where a person then picks them
  // (and as the many-files bench mounts): what an uploader loads in idle time after it connects is
  // loaded. Ours makes the page's first number format then, in a worker; added within a few frames
  // of mounting, the add made it itself, a task of 53-62 ms in 2 of 3 runs at 15:00 on 2 December.
  await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
  await sleep(1000);
  return kind === 'ours' ? 'view' in uploader : true; // does this build know view="grid"?
}

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Thumbnails on screen now, with the pixels each holds decoded. */
function thumbnails(kind) {
  if (kind === 'ours') {
    return [...uploader.shadowRoot.querySelectorAll('canvas[data-ready]')].map((c) => ({ w: c.width, h: c.height, preview: c.dataset.ready === 'preview' }));
  }
  return [...target.querySelectorAll('img.uppy-Dashboard-Item-previewImg')]
    .filter((i) => i.complete && i.naturalWidth > 0)
    .map((i) => ({ w: i.naturalWidth, h: i.naturalHeight }));
}

/** The element that scrolls the list: the one (in the page or the element's shadow root) with the most to scroll. */
function scroller(kind) {
  const all = [document.scrollingElement, ...document.querySelectorAll('*'), ...(kind === 'ours' ? uploader.shadowRoot.querySelectorAll('*') : [])];
  let best = document.scrollingElement;
  let most = best.scrollHeight - best.clientHeight;
  for (const el of all) {
    if (el === document.scrollingElement) continue;
    const overflow = getComputedStyle(el).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight - el.clientHeight > most) {
      best = el;
      most = el.scrollHeight - el.clientHeight;
    }
  }
  return best;
}

/** The long tasks from now until stop(); `longTaskAt` lists each as [ms after the start, duration], to tell a start-up task from one mid-run. */
function watchTasks() {
  const tasks = [];
  const start = performance.now();
  const keep = (entries) => tasks.push(...entries.map((e) => [Math.round(e.startTime - start), Math.round(e.duration)]));
  const observer = new PerformanceObserver((list) => keep(list.getEntries()));
  observer.observe({ type: 'longtask' });
  return {
    stop() {
      keep(observer.takeRecords());
      observer.disconnect();
      return { longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)), longTaskAt: tasks };
    },
  };
}

/** Waits until the number of thumbnails has not changed for `quietMs` (or `maxMs` passed). */
async function settle(kind, quietMs, maxMs) {
  const start = performance.now();
  let count = thumbnails(kind).length;
  let since = performance.now();
  while (performance.now() - start < maxMs) {
    await sleep(100);
    const now = thumbnails(kind).length;
    if (now !== count) [count, since] = [now, performance.now()];
    else if (performance.now() - since >= quietMs && (kind !== 'ours' || decodes.inFlight === 0)) break;
  }
  return performance.now() - start;
}

const decodedBytes = (thumbs) => thumbs.reduce((n, t) => n + t.w * t.h * 4, 0);

/** Adds every photo; resolves with the first thumbnail's time and what was decoded once the list settled. */
async function add(kind) {
  const tasks = watchTasks();
  const start = performance.now();
  if (kind === 'ours') uploader.addFiles(photos);
  else uploader.addFiles(photos.map((f) => ({ name: f.name, type: f.type, data: f, source: 'Local' })));
  const firstThumbMs = await new Promise((resolve, reject) => {
    const check = () => {
      if (thumbnails(kind).length) resolve(performance.now() - start);
      else if (performance.now() - start > 60_000) reject(new Error(`${kind}: no thumbnail within 60 s (has the markup changed?)`));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  const settledMs = firstThumbMs + (await settle(kind, 1500, 60_000));
  const thumbs = thumbnails(kind);
  return {
    firstThumbMs,
    settledMs,
    thumbnails: thumbs.length,
    thumbWidth: Math.max(0, ...thumbs.map((t) => t.w)),
    decodedMB: decodedBytes(thumbs) / 1024 / 1024,
    previews: kind === 'ours' ? thumbs.filter((t) => t.preview).length : undefined,
    decodeCalls: kind === 'ours' ? decodes.calls : undefined,
    maxDecodesAtOnce: kind === 'ours' ? decodes.maxInFlight : undefined,
    ...tasks.stop(),
  };
}

/** Scrolls the list from top to bottom, a step per frame (and "Show more" when the element has one). */
async function scrollAll(kind, step = 150) {
  // Found once, before the clock starts: finding it reads the style and size of every element
  // (2,000 and more with 200 rows), which done each frame cost the page up to 30 ms a frame (CPU
  // profile) and made a task of 50-60 ms of the frames that added rows. Found again only if gone.
  let el = scroller(kind);
  const tasks = watchTasks();
  const start = performance.now();
  let frames = 0;
  for (;;) {
    if (!el.isConnected) el = scroller(kind);
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) {
      const more = kind === 'ours' && uploader.shadowRoot.querySelector('[part~=more-button]');
      if (!more) break;
      more.click();
      await nextFrame();
      continue;
    }
    el.scrollTop += step;
    frames++;
    await new Promise((r) => requestAnimationFrame(r));
    if (performance.now() - start > 120_000) throw new Error(`${kind}: scrolling did not reach the end in 120 s`);
  }
  const scrollMs = performance.now() - start;
  await settle(kind, 1000, 30_000);
  const thumbs = thumbnails(kind);
  return {
    scrollMs,
    frames,
    thumbnailsAfterScroll: thumbs.length,
    decodedMBAfterScroll: decodedBytes(thumbs) / 1024 / 1024,
    decodeCallsAfterScroll: kind === 'ours' ? decodes.calls : undefined,
    maxDecodesAtOnceAfterScroll: kind === 'ours' ? decodes.maxInFlight : undefined,
    ...tasks.stop(),
  };
}

/**
 * `count` of the photos uploaded by the element with resize-width=`width`, or by a bare XHR loop as
 * they are. The element is on the page and idle before the clock starts, as on a page where a person
 * then picks the photos (`settle: false` creates it inside the measured time, as runs before did).
 */
async function upload(kind, count, { publicKey, uploadEndpoint, width, settle = true }) {
  const files = photos.slice(0, count);
  let tasks = watchTasks();
  let start = performance.now();
  let sentBytes = 0;
  if (kind === 'ours') {
    const el = document.createElement('ik-uploader');
    el.setAttribute('public-key', publicKey);
    el.setAttribute('auth-endpoint', '/auth');
    el.setAttribute('upload-endpoint', uploadEndpoint);
    el.setAttribute('resize-width', String(width));
    el.multiple = true;
    document.body.append(el);
    await el.updateComplete;
    if (settle) {
      await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
      await sleep(500); // what it loads in idle time
      tasks.stop();
      tasks = watchTasks();
      start = performance.now();
    }
    const done = new Promise((resolve) => el.addEventListener('ik-complete', (e) => resolve(e.detail), { once: true }));
    el.addFiles(files);
    const { successful, failed } = await done;
    el.remove();
    if (failed.length || successful.length !== count) throw new Error(`element: ${successful.length} ok, ${failed.length} failed: ${failed.map((f) => f.error?.message).join('; ')}`);
    for (const r of successful) {
      const res = r.response ?? r;
      if (res.width !== width) throw new Error(`element: a photo arrived ${res.width} wide, not ${width}`);
      sentBytes += res.size;
    }
  } else {
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < files.length) {
        const file = files[next++];
        const auth = await (await fetch('/auth', { cache: 'no-store' })).json();
        const form = new FormData();
        for (const [k, v] of Object.entries({ publicKey, signature: auth.signature, expire: String(auth.expire), token: auth.token, fileName: file.name })) form.append(k, v);
        form.append('file', file, file.name);
        await new Promise((resolve, reject) => {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', uploadEndpoint);
          xhr.upload.onprogress = () => {};
          xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(`${xhr.status} ${xhr.responseText}`)));
          xhr.onerror = () => reject(new Error('network error'));
          xhr.send(form);
        });
        sentBytes += file.size;
      }
    }));
  }
  const ms = performance.now() - start;
  await sleep(50);
  return { ms, sentMB: sentBytes / 1024 / 1024, ...tasks.stop() };
}

/**
 * The floor under a thumbnail: one photo decoded at 96 px by a bare createImageBitmap on this
 * page's thread (as the element does), and the same in a worker, with the page's long tasks
 * meanwhile. Run before anything else is on the page.
 */
async function bareDecode() {
  const file = () => new File([photos[0]], 'bare.jpg', { type: 'image/jpeg' });
  const time = async (fn) => {
    const tasks = watchTasks();
    const start = performance.now();
    await fn();
    const ms = performance.now() - start;
    await sleep(50);
    return { ms, ...tasks.stop() };
  };
  const page = await time(async () => (await realCreateImageBitmap(file(), { resizeWidth: 96, resizeQuality: 'medium' })).close());
  const worker = new Worker(URL.createObjectURL(new Blob(['onmessage = async (e) => { const b = await createImageBitmap(e.data, { resizeWidth: 96, resizeQuality: "medium" }); postMessage(b, [b]); }'], { type: 'text/javascript' })));
  await new Promise((r) => { worker.onmessage = r; worker.postMessage(new File([photos[1]], 'warm.jpg', { type: 'image/jpeg' })); }); // the worker started
  const inWorker = await time(() => new Promise((r) => { worker.onmessage = (e) => r(e.data.close()); worker.postMessage(file()); }));
  worker.terminate();
  return { page, worker: inWorker };
}

window.bench = { makeFiles, mount, add, scrollAll, upload, bareDecode };
