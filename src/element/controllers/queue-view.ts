import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FILE_EVENTS } from '../../core/events.js';
import type { UploadQueue } from '../../core/queue.js';
import { nextRate, type Rate } from '../speed.js';
import type { Action } from '../templates/view.js';
import type { LocalizeController } from './localize.js';

/**
 * The queue's own changes (a file starting, its progress, its end) render at most this often (ms):
 * every change within it in one render, so 16 uploads finishing cost a few frames, not one each.
 * Each frame costs the page, its compositor and the browser CPU that the upload itself needs (XHR
 * reports progress far more often; Uppy throttles it to 500 ms). What a person or the page's code
 * does (Cancel, Retry, Remove, setting `value`, adding files) renders at once (see `flush`).
 */
const FRAME = 250;
/** Speed is sampled this often while files move or a retry counts down (a stalled upload sends no events). */
const SAMPLE_EVERY = 500;
/** No byte sent for this long: nothing moves, so no time left is shown. */
const STILL = 2000;

/**
 * What the element shows of its queue, and when: it re-fires the queue's events as `ik-*` events,
 * renders the queue's changes at most every 250 ms and a person's at once, samples the speed
 * while files move, ticks retry countdowns, collects the words a screen reader is told, and
 * carries out what a row's buttons ask.
 */
export class QueueView implements ReactiveController {
  /** The latest outcome, for the live region; progress itself is not announced. */
  announcement = '';
  #words: string[] = [];
  #frame?: ReturnType<typeof setTimeout>;
  /** Whether a render of the queue's changes is due, and when the last render ran (performance.now()). */
  #pending = false;
  #rendered = -Infinity;
  #tick?: ReturnType<typeof setInterval>;
  #rate?: Rate;
  #movedAt = 0;
  /** Files whose retry is counting down (kept from their retry events, so no render scans for them). */
  readonly #retrying = new Set<string>();

  /** `panel`: the panel's on-demand part, which words a failure (see templates/panel.ts). */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly queue: UploadQueue,
    l: LocalizeController,
    private readonly disabled: () => boolean,
    panel: () => Promise<typeof import('../templates/panel.js')>,
  ) {
    const { t } = l;
    host.addController(this);
    for (const type of FILE_EVENTS) {
      queue.addEventListener(type, (e) => host.dispatchEvent(new CustomEvent(`ik-${type}`, { detail: e.detail, bubbles: true, composed: true })));
    }
    queue.addEventListener('change', () => this.#soon());
    queue.addEventListener('file-rejected', (e) => this.say(l.rejection(queue.get(e.detail.id)!.rejection!)));
    queue.addEventListener('upload-retry', (e) => this.#retrying.add(e.detail.id));
    queue.addEventListener('upload-success', (e) => this.say(t('uploaded', { name: e.detail.file.name })));
    queue.addEventListener('upload-error', ({ detail: { id, file, error } }) => {
      // The row and the live region say it in a few words; the developer gets all of it here and in the event.
      console.warn(`<ik-uploader> ${file.name}: ${error.message}`, error);
      const e = queue.get(id)!.error!;
      void panel().then((p) => this.say(t('uploadFailed', { name: file.name, error: t(p.outcome(e).key) })));
    });
  }

  /** Renders what the queue changed FRAME ms after the last render (at once if that was longer ago). */
  #soon(): void {
    if (this.#pending) return;
    this.#pending = true;
    this.#frame = setTimeout(() => this.host.requestUpdate(), Math.max(0, this.#rendered + FRAME - performance.now()));
  }

  /** A render the queue asked for, now: the element's `updateComplete` includes what has changed so far. */
  flush(): void {
    if (this.#pending) this.host.requestUpdate();
  }

  /** Words for the live region, told with the next render. */
  say(words: string, first = false): void {
    first ? this.#words.unshift(words) : this.#words.push(words);
    this.#soon();
  }

  /** Bytes per second, smoothed; 0 while unknown or once nothing has moved for a while. */
  get rate(): number {
    return this.#rate && performance.now() - this.#movedAt < STILL ? this.#rate.rate : 0;
  }

  /**
   * What a row's button asks for (the header's do their own work first); nothing while the element
   * is disabled. A button that acted is often gone (Cancel becomes Retry, a removed row): focus
   * moves to its row's next one, or the first button.
   */
  act(action: Action, id = ''): void {
    const q = this.queue;
    if (this.disabled()) return;
    if (action === 'cancel') q.cancel(id);
    else if (action === 'retry') q.retry(id);
    else if (action === 'remove') q.remove(id);
    else if (action === 'replace') this.host.shadowRoot!.querySelector('input')!.click();
    this.flush(); // what a person did shows at once, not with the queue's next frame
    void this.host.updateComplete.then(() => {
      const root = this.host.shadowRoot!;
      if (root.activeElement) return;
      (root.querySelector<HTMLElement>(`[data-id="${id}"] button`) ?? root.querySelector('button'))?.focus();
    });
  }

  hostUpdate(): void {
    // This render shows every change so far: none is pending.
    clearTimeout(this.#frame);
    this.#pending = false;
    this.#rendered = performance.now();
    if (this.#words.length) this.announcement = this.#words.splice(0).join(' ');
    for (const id of this.#retrying) {
      const item = this.queue.get(id);
      if (!item?.retryAt || item.state !== 'queued') this.#retrying.delete(id);
    }
    const { uploading, authorizing, preparing } = this.queue.counts;
    if (uploading + authorizing + preparing > 0) {
      // The first sample is the moment files start moving: the first rate is the bytes sent since.
      this.#rate ??= { at: (this.#movedAt = performance.now()), sent: this.#sent(), rate: 0 };
    } else this.#rate = undefined;
    if ((this.#rate || this.#retrying.size) && this.host.isConnected) this.#tick ??= setInterval(this.#sample, SAMPLE_EVERY);
    else this.#stop();
  }

  hostDisconnected(): void {
    this.#stop();
    clearTimeout(this.#frame); // what was due renders when the element is back (hostConnected)
  }

  hostConnected(): void {
    this.flush();
  }

  /** Bytes sent of the files on their way and done here. */
  #sent() {
    let sent = 0;
    for (const i of this.queue.items) if (i.attempts && i.state !== 'failed' && i.state !== 'canceled') sent += i.state === 'done' ? i.total : i.loaded;
    return sent;
  }

  #sample = () => {
    if (this.#rate) {
      const sent = this.#sent();
      if (sent !== this.#rate.sent) this.#movedAt = performance.now();
      this.#rate = nextRate(this.#rate, sent, performance.now());
    }
    this.#soon(); // a stalled upload sends no events: time left must still go, and countdowns move
  };

  #stop() {
    clearInterval(this.#tick);
    this.#tick = undefined;
  }
}
