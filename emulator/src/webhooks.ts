import { createHmac, randomUUID } from 'node:crypto';

/**
 * Webhooks as ImageKit sends them: a JSON POST signed twice over the raw body, so either way of
 * checking works:
 * - `x-ik-signature: t=<ms>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, ImageKit's header (what
 *   its earlier SDKs' `verifyWebhookEvent` checks);
 * - `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256(
 *   secret, "<id>.<timestamp>.<body>")>`, the Standard Webhooks headers ImageKit now also sends
 *   and that `@imagekit/nodejs`'s `webhooks.unwrap()` checks (the secret's UTF-8 bytes are the key).
 * Delivery is in the background, with a few retries on a network error or a non-2xx answer.
 */

export interface WebhookStats {
  webhooksSent: number;
  webhooksFailed: number;
  webhooksPending: number;
}

export interface WebhookOptions {
  secret: string;
  /** Waits before the 2nd, 3rd, ... attempt. Default [1000, 5000]: three attempts in all. */
  retryDelaysMs?: readonly number[];
  /** How long one attempt may take. Default 10 000 ms. */
  timeoutMs?: number;
}

/** The signature headers for one delivery of `body`. */
export function signWebhook(body: string, secret: string, id: string, now = Date.now()): Record<string, string> {
  const ms = String(now);
  const seconds = String(Math.floor(now / 1000));
  const legacy = createHmac('sha256', secret).update(`${ms}.${body}`).digest('hex');
  const standard = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${seconds}.${body}`).digest('base64');
  return {
    'x-ik-signature': `t=${ms},v1=${legacy}`,
    'webhook-id': id,
    'webhook-timestamp': seconds,
    'webhook-signature': `v1,${standard}`,
  };
}

export class WebhookSender {
  readonly #secret: string;
  readonly #delays: readonly number[];
  readonly #timeoutMs: number;
  readonly #pending = new Set<Promise<void>>();
  readonly #closing = new AbortController();
  #sent = 0;
  #failed = 0;

  constructor(options: WebhookOptions) {
    this.#secret = options.secret;
    this.#delays = options.retryDelaysMs ?? [1000, 5000];
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /**
   * Posts `payload` to `url` in the background. The id is the event's own `id` when it has one
   * (ImageKit's typed events), else a fresh one; it stays the same across retries.
   */
  send(url: string, payload: object): void {
    const body = JSON.stringify(payload);
    const ownId = (payload as { id?: unknown }).id;
    const id = typeof ownId === 'string' ? ownId : `msg_${randomUUID()}`;
    const delivery = this.#deliver(url, body, id).finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
  }

  get stats(): WebhookStats {
    return { webhooksSent: this.#sent, webhooksFailed: this.#failed, webhooksPending: this.#pending.size };
  }

  /** Resolves once every delivery started so far has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }

  /** Gives up on every delivery still in flight or waiting for a retry. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.idle();
  }

  async #deliver(url: string, body: string, id: string): Promise<void> {
    const signal = this.#closing.signal;
    let why = '';
    for (let attempt = 0; attempt <= this.#delays.length && !signal.aborted; attempt++) {
      if (attempt > 0 && !(await wait(this.#delays[attempt - 1]!, signal))) break;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': 'ik-emulator', ...signWebhook(body, this.#secret, id) },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.#timeoutMs)]),
        });
        await response.body?.cancel();
        if (response.ok) {
          this.#sent++;
          return;
        }
        why = `HTTP ${response.status}`;
      } catch (error) {
        why = signal.aborted ? 'the emulator stopped' : (error as Error).message;
      }
    }
    this.#failed++;
    console.warn(`[ik-emulator] webhook ${id} to ${url} not delivered: ${why}`);
  }
}

function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((done) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      done(true);
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      done(false);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
