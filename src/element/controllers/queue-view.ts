import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FILE_EVENTS } from '../../core/events.js';
import type { UploadItem, UploadQueue } from '../../core/queue.js';
import { nextRate, type Rate } from '../speed.js';
import type { LocalizeController } from './localize.js';

/** Progress alone renders at most this often: XHR reports far more often, and the bar's transition smooths the steps. */
const PROGRESS_FRAME = 100;
/** Speed is sampled this often while files move (and a stalled upload still ticks the time left). */
const SAMPLE_EVERY = 500;

/** Overall numbers, for the summary line and bar. */
export interface Totals {
  /** Files counted: sent from here (not listed through `value`), neither failed nor canceled nor rejected. */
  files: number;
  done: number;
  bytes: number;
  sent: number;
  active: boolean;
  /** Bytes per second, smoothed; 0 while unknown. */
  rate: number;
}

/**
 * What the element shows of its queue, and when: it re-fires the queue's events as `ik-*` events,
 * renders at once on a change of state and at most every 100 ms on progress alone, samples the
 * speed while files move, and collects the words a screen reader is told.
 */
export class QueueView implements ReactiveController {
  /** The latest outcome, for the live region; progress itself is not announced. */
  announcement = '';
  #words: string[] = [];
  #frame?: ReturnType<typeof setTimeout>;
  #tick?: ReturnType<typeof setInterval>;
  #rate?: Rate;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly queue: UploadQueue,
    l: LocalizeController,
  ) {
    const { t } = l;
    host.addController(this);
    for (const type of FILE_EVENTS) {
      queue.addEventListener(type, (e) => host.dispatchEvent(new CustomEvent(`ik-${type}`, { detail: e.detail, bubbles: true, composed: true })));
    }
    queue.addEventListener('change', (e) => {
      if (!e.detail.progressOnly) return host.requestUpdate();
      this.#frame ??= setTimeout(() => ((this.#frame = undefined), host.requestUpdate()), PROGRESS_FRAME);
    });
    queue.addEventListener('file-rejected', (e) => this.say(l.rejection(queue.get(e.detail.id)!.rejection!)));
    queue.addEventListener('upload-success', (e) => this.say(t('uploaded', { name: e.detail.file.name })));
    queue.addEventListener('upload-error', (e) => this.say(t('uploadFailed', { name: e.detail.file.name, error: e.detail.error.message })));
  }

  /** Words for the live region, told with the next render. */
  say(words: string, first = false): void {
    first ? this.#words.unshift(words) : this.#words.push(words);
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    if (this.#words.length) this.announcement = this.#words.splice(0).join(' ');
    const active = this.queue.counts.uploading + this.queue.counts.authorizing + this.queue.counts.preparing > 0;
    if (active && this.host.isConnected) {
      // The first sample is the moment files start moving: the first rate is the bytes sent since.
      this.#rate ??= { at: performance.now(), sent: this.totals().sent, rate: 0 };
      this.#tick ??= setInterval(this.#sample, SAMPLE_EVERY);
    } else this.#stop();
  }

  hostDisconnected(): void {
    this.#stop();
    clearTimeout(this.#frame);
    this.#frame = undefined;
  }

  /** The overall numbers, from the files that count (see `Totals.files`). */
  totals(items: readonly UploadItem[] = this.queue.items): Totals {
    let files = 0, done = 0, bytes = 0, sent = 0, active = false;
    for (const i of items) {
      if (i.state === 'failed' || i.state === 'canceled' || i.state === 'rejected' || (i.state === 'done' && !i.attempts)) continue;
      files++;
      bytes += i.total;
      if (i.state === 'done') done++, (sent += i.total);
      else (sent += i.loaded), (active = true);
    }
    return { files, done, bytes, sent, active, rate: active ? this.#rate?.rate ?? 0 : 0 };
  }

  #sample = () => {
    this.#rate = nextRate(this.#rate, this.totals().sent, performance.now());
    this.host.requestUpdate(); // a stalled upload sends no events: time left must still move
  };

  #stop() {
    clearInterval(this.#tick);
    this.#tick = undefined;
    this.#rate = undefined;
  }
}
