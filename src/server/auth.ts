import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_EXPIRE_SECONDS, expireIn } from './expiry.js';
import { BodyTooLarge, createCore, MAX_BODY_BYTES, type HandlerOptions } from './handler-core.js';
import type { AuthenticationParameters } from './types.js';
import { parseJsonBody as parse } from './upload-payload.js';

export { DEFAULT_EXPIRE_SECONDS };
export type { AuthenticationParameters } from './types.js';

/**
 * Signs one upload the way ImageKit's official SDKs do:
 * `signature = hex(HMAC-SHA1(privateKey, token + expire))`.
 * `token` defaults to a UUID v4 (single-use on ImageKit's side); `expire` to now + 30 minutes.
 */
export function getAuthenticationParameters(
  privateKey: string,
  token: string = randomUUID(),
  expire: number = expireIn(),
): AuthenticationParameters {
  if (!privateKey) throw new TypeError('getAuthenticationParameters: privateKey is required');
  const signature = createHmac('sha1', privateKey).update(token + String(expire)).digest('hex');
  return { token, expire, signature };
}

/** Options of `createAuthHandler` and `createExpressAuthHandler`; `Req` is your framework's request type. */
export type AuthHandlerOptions<Req extends IncomingMessage = IncomingMessage> = HandlerOptions<Req>;

/** Reads the JSON body, or takes the one a body parser (`express.json()`) already read. */
function readJson(req: IncomingMessage & { body?: unknown }): Promise<unknown> {
  if (req.body !== undefined && req.readableEnded) {
    const pre = req.body;
    return Promise.resolve(typeof pre === 'string' || pre instanceof Uint8Array ? parse(Buffer.from(pre).toString('utf8')) : pre);
  }
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) return;
      try {
        resolve(parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

function tooLarge() {
  return new BodyTooLarge(`The request body is over ${MAX_BODY_BYTES / 1024} KB; upload parameters fit in far less.`);
}

function nodeHandler<Req extends IncomingMessage>(options: AuthHandlerOptions<Req>, who: string) {
  const { privateKey } = options;
  const core = createCore(options, who, (expire) => getAuthenticationParameters(privateKey, undefined, expire));
  return async (req: Req, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> => {
    let answer;
    try {
      answer = await core({
        req,
        method: req.method ?? 'GET',
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(', ') : value;
        },
        readJson: () => readJson(req),
      });
    } catch (error) {
      if (next) return next(error);
      answer = { status: 500, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: { message: 'Could not sign the upload.' } };
      console.error(`[ik-uploader/server] ${who}:`, error);
    }
    if (answer.error !== undefined && next) return next(answer.error);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  };
}

/**
 * A Node `http` handler for the element's `auth-endpoint`. GET answers fresh v1
 * `{ token, expire, signature }`; POST `{ uploadPayload, expire, publicKey }` answers a v2
 * `{ token }` signing what `policy` decided. Never cached, since each token is single-use.
 * It is Express/Connect middleware as it is; with a `next`, errors thrown by `authorize` or
 * `policy` go to `next(err)`, without one they answer 500 JSON.
 */
export function createAuthHandler<Req extends IncomingMessage = IncomingMessage>(options: AuthHandlerOptions<Req>) {
  return nodeHandler(options, 'createAuthHandler');
}

/**
 * `createAuthHandler` for Express and Connect: name your request type for typed hooks,
 * `createExpressAuthHandler<express.Request>({ authorize: (req) => Boolean(req.user) })`.
 * Errors (and time limits, with `status` 503) go to your error middleware through `next`;
 * a body `express.json()` already parsed is used as it is.
 */
export function createExpressAuthHandler<Req extends IncomingMessage = IncomingMessage>(options: AuthHandlerOptions<Req>) {
  return nodeHandler(options, 'createExpressAuthHandler') as (req: Req, res: ServerResponse, next: (err?: unknown) => void) => Promise<void>;
}
