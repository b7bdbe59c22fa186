import { HELP, ImageKitError } from './http.js';

/**
 * How a faulty upload behaves:
 * - `status`: answer `status` and `body` without storing anything (a string body is sent as it
 *   is, as `contentType`, default text/html: a proxy's error page; anything else as JSON);
 * - `drop-before-response`: store nothing and destroy the socket once the body starts arriving;
 * - `lose-response`: store the file as usual, then destroy the socket instead of answering;
 * - `stall`: stop reading the request body and never answer (until the client gives up).
 * `delayMs` waits before any of these; with no status and no mode, the upload then goes on normally.
 */
export type FaultMode = 'status' | 'drop-before-response' | 'lose-response' | 'stall';

export interface Fault {
  mode: FaultMode | 'delay';
  status: number;
  body: unknown;
  headers: Record<string, string>;
  delayMs: number;
}

interface QueuedFault extends Fault {
  remaining: number;
}

const MODES: readonly FaultMode[] = ['status', 'drop-before-response', 'lose-response', 'stall'];

const DEFAULT_MESSAGES: Record<number, string> = {
  429: 'Too many requests. Slow down.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable.',
  504: 'Gateway timeout.',
};

/**
 * The test-only fault queue behind `POST /__emulator/faults`: each entry applies to the next
 * `count` upload requests, in the order the entries were added.
 */
export class FaultInjector {
  #queue: QueuedFault[] = [];

  /** Validates a control request body and queues it. Throws ImageKitError 400 on bad input. */
  add(input: unknown): Fault & { count: number } {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ImageKitError(400, 'A fault must be a JSON object.');
    }
    const spec = input as Record<string, unknown>;
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 10_000) {
      throw new ImageKitError(400, 'count must be an integer from 1 to 10000.');
    }
    if (spec.mode !== undefined && !MODES.includes(spec.mode as FaultMode)) {
      throw new ImageKitError(400, `mode must be one of ${MODES.join(', ')}.`);
    }
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || (spec.status as number) < 200 || (spec.status as number) > 599)) {
      throw new ImageKitError(400, 'status must be an HTTP status from 200 to 599.');
    }
    for (const key of ['delayMs', 'resetMs'] as const) {
      const value = spec[key];
      if (value !== undefined && (typeof value !== 'number' || !(value >= 0) || value > 600_000)) {
        throw new ImageKitError(400, `${key} must be a number of milliseconds from 0 to 600000.`);
      }
    }
    // A delay alone means a slow but otherwise normal upload.
    const mode: Fault['mode'] =
      (spec.mode as FaultMode | undefined) ?? (spec.status === undefined && spec.delayMs !== undefined ? 'delay' : 'status');
    if (spec.contentType !== undefined && (typeof spec.contentType !== 'string' || typeof spec.body !== 'string')) {
      throw new ImageKitError(400, 'contentType must be a string, and goes with a string body.');
    }
    const status = (spec.status as number | undefined) ?? 500;
    const headers: Record<string, string> = {};
    if (status === 429) {
      // ImageKit gives the wait in milliseconds.
      const reset = Math.round((spec.resetMs as number | undefined) ?? 1000);
      headers['X-RateLimit-Limit'] = '1';
      headers['X-RateLimit-Reset'] = String(reset);
      headers['X-RateLimit-Interval'] = String(Math.max(reset, 1000));
    }
    const body = spec.body ?? { message: DEFAULT_MESSAGES[status] ?? `Injected fault ${status}.`, help: HELP };
    if (typeof body === 'string') headers['Content-Type'] = (spec.contentType as string | undefined) ?? 'text/html; charset=utf-8';
    const fault: QueuedFault = {
      mode,
      status,
      body,
      headers,
      delayMs: (spec.delayMs as number | undefined) ?? 0,
      remaining: count as number,
    };
    this.#queue.push(fault);
    const { remaining, ...rest } = fault;
    return { ...rest, count: remaining };
  }

  /** The fault for the upload request arriving now, if any; consumes one use. */
  take(): Fault | undefined {
    const head = this.#queue[0];
    if (!head) return undefined;
    head.remaining--;
    if (head.remaining === 0) this.#queue.shift();
    const { remaining: _remaining, ...fault } = head;
    return fault;
  }

  clear(): void {
    this.#queue = [];
  }

  /** How many upload requests the queued faults will still affect. */
  get pending(): number {
    return this.#queue.reduce((sum, f) => sum + f.remaining, 0);
  }
}
