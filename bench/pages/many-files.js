// Runs in the benchmark page: 10,000 files added at once to <ik-uploader> or to Uppy's Dashboard,
// timed until the list is on screen, with every long main-thread task recorded meanwhile.
const N = 10_000;
let files = [];
let uploader;
let target;

/** `count` small distinct files; the same File objects go to either uploader. */
function makeFiles(count = N) {
  files = Array.from({ length: count }, (_, i) => {
    const bytes = new Uint8Array(1024).fill(i % 251);
    return new File([bytes], `photo-${String(i).padStart(4, '0')}.bin`, { type: 'application/octet-stream' });
  });
  return files.length;
}

/**
 * Mounts the uploader empty; the heap is read between this and run(). With `settle`, waits until the
 * page is idle and then a second more before the files come, as on a page where a person drops them:
 * what an uploader loads in idle time after it connects (ours: the page's number data, made in a
 * worker) is then loaded. Without it, the files come in the next frame, as in runs before.
 */
async function mount(kind, { publicKey, uploadEndpoint, view, settle }) {
  if (kind === 'ours') {
    uploader = document.createElement('ik-uploader');
    uploader.setAttribute('public-key', publicKey);
    uploader.setAttribute('upload-endpoint', uploadEndpoint);
    uploader.setAttribute('auth-timeout', '3600000');
    if (view) uploader.setAttribute('view', view);
    uploader.multiple = true;
    // Auth never answers, so nothing is sent: the element only lists the files (4 wait for auth).
    uploader.authenticator = () => new Promise(() => {});
    document.body.append(uploader);
    await uploader.updateComplete;
  } else {
    const { createUploader } = await import('/bundles/uppy/uppy.js');
    target = document.createElement('div');
    document.body.append(target);
    uploader = createUploader(target, uploadEndpoint); // autoProceed off: files wait for a click
  }
  await nextFrame();
  if (settle) {
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  // Does this build know view="grid"? (A Lit property is an accessor on the class.)
  return kind === 'ours' ? 'view' in uploader : true;
}

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

function listed(kind) {
  if (kind === 'ours') {
    // Ours renders the first rows and a "more" button for the rest (or every row, if few).
    const rows = uploader.shadowRoot.querySelectorAll('li[part~=file]').length;
    return uploader.items.length === files.length && rows > 0 &&
      (rows === files.length || uploader.shadowRoot.querySelector('[part~=more-button]') !== null);
  }
  // Uppy's Dashboard renders only the visible rows (a virtual list): ready when it has the files
  // in its state, shows rows, and its title counts them all.
  const title = target.querySelector('.uppy-DashboardContent-title');
  return uploader.getFiles().length === files.length &&
    target.querySelector('.uppy-Dashboard-Item') !== null &&
    !!title && title.textContent.includes(String(files.length));
}

async function run(kind, settleMs = 1000) {
  const tasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ type: 'longtask' });
  // Added in a task of its own, as a drop is: the observer then sees that task too (it misses the
  // one it was made in, where earlier runs of this bench added the files, uncounted).
  const start = await new Promise((resolve) => setTimeout(() => {
    const t = performance.now();
    if (kind === 'ours') uploader.addFiles(files);
    else uploader.addFiles(files.map((f) => ({ name: f.name, type: f.type, data: f, source: 'Local' })));
    resolve(t);
  }));
  // Checked once per frame: the first frame that shows them all, then the task after its paint.
  const readyMs = await new Promise((resolve, reject) => {
    const check = () => {
      if (listed(kind)) setTimeout(() => resolve(performance.now() - start), 0);
      else if (performance.now() - start > 300_000) reject(new Error(`${kind}: the ${files.length} files were not listed within 300 s (has the markup changed?)`));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await new Promise((r) => setTimeout(r, settleMs)); // whatever work follows the first paint counts too
  for (const e of observer.takeRecords()) tasks.push({ start: e.startTime, duration: e.duration });
  observer.disconnect();
  const after = tasks.filter((t) => t.start >= start - 1);
  return {
    readyMs,
    longTasks: after.length,
    longestTaskMs: Math.max(0, ...after.map((t) => t.duration)),
    blockingMs: after.reduce((n, t) => n + Math.max(0, t.duration - 50), 0),
    domNodes: document.getElementsByTagName('*').length + (uploader.shadowRoot?.querySelectorAll('*').length ?? 0),
    rowsRendered: kind === 'ours' ? uploader.shadowRoot.querySelectorAll('li[part~=file]').length : target.querySelectorAll('.uppy-Dashboard-Item').length,
  };
}

window.bench = { makeFiles, mount, run };
