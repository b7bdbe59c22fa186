/**
 * Loads the browser's number data off the page's thread, once a page, before the first files need
 * their sizes written: a worker makes the first number format, then ends. Where no worker can start
 * (a Content-Security-Policy without worker-src, an old browser), the page makes its own first one
 * when it needs it, as before.
 */
let warmed = false;

export function warmNumbers(locale: string): void {
  if (warmed || typeof Worker === 'undefined') return;
  warmed = true;
  try {
    const worker = new Worker(new URL('./numbers.worker.js', import.meta.url), { type: 'module', name: locale });
    worker.onmessage = worker.onerror = () => worker.terminate();
  } catch {
    // No worker here: nothing is lost.
  }
}
