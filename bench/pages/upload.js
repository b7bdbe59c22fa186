// Runs in the benchmark page: the same files sent by <ik-uploader> and by a bare XHR loop.
const sets = {};

/** `count` files of `size` bytes of xorshift noise (incompressible, like photos), kept for every run. */
function makeFiles(name, count, size) {
  const files = [];
  let x = 0x9e3779b9 ^ (size + count);
  for (let i = 0; i < count; i++) {
    const words = new Uint32Array(size / 4);
    for (let j = 0; j < words.length; j++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      words[j] = x;
    }
    files.push(new File([words], `${name}-${i}.bin`, { type: 'application/octet-stream' }));
  }
  sets[name] = files;
  return files.length;
}

/** Through the element, as a page would use it: addFiles, then wait for ik-complete. */
async function runOurs(name, { publicKey, uploadEndpoint, concurrency }) {
  const el = document.createElement('ik-uploader');
  el.setAttribute('public-key', publicKey);
  el.setAttribute('auth-endpoint', '/auth');
  el.setAttribute('upload-endpoint', uploadEndpoint);
  el.setAttribute('concurrency', String(concurrency));
  el.multiple = true;
  document.body.append(el);
  await el.updateComplete;
  const done = new Promise((resolve, reject) => {
    el.addEventListener('ik-complete', (e) => resolve(e.detail), { once: true });
    setTimeout(() => reject(new Error('element: no ik-complete within 5 minutes')), 300_000);
  });
  const start = performance.now();
  el.addFiles(sets[name]);
  const { successful, failed } = await done;
  const ms = performance.now() - start;
  el.remove();
  if (failed.length || successful.length !== sets[name].length) {
    throw new Error(`element: ${successful.length} ok, ${failed.length} failed: ${failed.map((f) => f.error.message).join('; ')}`);
  }
  return ms;
}

/** The bare minimum: fresh signature per file, the same multipart POST, the same concurrency. */
async function runBare(name, { publicKey, uploadEndpoint, concurrency }) {
  const files = sets[name];
  let next = 0;
  let ok = 0;
  const send = (form) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadEndpoint);
    xhr.upload.onprogress = () => {}; // any uploader listens for progress
    xhr.onload = () => (xhr.status === 200 ? resolve(JSON.parse(xhr.responseText)) : reject(new Error(`${xhr.status} ${xhr.responseText}`)));
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(form);
  });
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const auth = await (await fetch('/auth', { cache: 'no-store', headers: { Accept: 'application/json' } })).json();
      const form = new FormData();
      form.append('publicKey', publicKey);
      form.append('signature', auth.signature);
      form.append('expire', String(auth.expire));
      form.append('token', auth.token);
      form.append('fileName', file.name);
      form.append('file', file, file.name);
      await send(form);
      ok++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - start;
  if (ok !== files.length) throw new Error(`bare loop: ${ok} of ${files.length} uploaded`);
  return ms;
}

window.bench = { makeFiles, runOurs, runBare };

/** The element's engine without its view, to tell the view's cost from the engine's: the same queue, nothing rendered. */
async function runQueue(name, { publicKey, uploadEndpoint, concurrency }) {
  const Queue = document.createElement('ik-uploader').queue.constructor; // the CDN build exports only the element
  const queue = new Queue({ publicKey, authEndpoint: '/auth', uploadEndpoint, concurrency });
  const done = new Promise((resolve, reject) => {
    queue.addEventListener('complete', (e) => resolve(e.detail), { once: true });
    setTimeout(() => reject(new Error('queue: no complete within 5 minutes')), 300_000);
  });
  const start = performance.now();
  queue.add(sets[name]);
  const { successful } = await done;
  if (successful.length !== sets[name].length) throw new Error('queue: not all uploaded');
  return performance.now() - start;
}
window.bench.runQueue = runQueue;
