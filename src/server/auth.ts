import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_EXPIRE_SECONDS, expireIn } from './expiry.js';

export { DEFAULT_EXPIRE_SECONDS };

/** What the browser needs to sign one upload: `{ token, expire, signature }`. */
export interface AuthenticationParameters {
  token: string;
  expire: number;
  signature: string;
}

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

export interface AuthHandlerOptions {
  /** Your ImageKit private key. Keep it on the server: it must never reach browser code. */
  privateKey: string;
  /** Seconds until the parameters expire; ImageKit refuses more than 3600. */
  expireSeconds?: number;
  /**
   * Decides whether this request may upload (your app's own login check). Return false to
   * answer 401. Runs before anything is signed.
   */
  authorize?: (req: IncomingMessage) => boolean | Promise<boolean>;
  /** Origins allowed to call the endpoint from another origin; same-origin pages need none. */
  allowOrigins?: string[] | '*';
}

/**
 * A Node `http` handler for the element's `auth-endpoint`: answers each GET with fresh
 * `{ token, expire, signature }` as JSON, never cached, since each token is single-use.
 * It is Express/Connect middleware as it is: `app.get('/api/imagekit-auth', createAuthHandler(...))`;
 * an error thrown by `authorize` goes to `next(err)` when there is a `next`.
 */
export function createAuthHandler(options: AuthHandlerOptions) {
  const { privateKey, authorize, allowOrigins, expireSeconds } = options;
  if (!privateKey) throw new TypeError('createAuthHandler: privateKey is required');

  return async (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> => {
    const origin = req.headers.origin;
    if (origin && allowOrigins && (allowOrigins === '*' || allowOrigins.includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', allowOrigins === '*' ? '*' : origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET');
      res.writeHead(204).end();
      return;
    }
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { message: 'Use GET.' });
    try {
      if (authorize && !(await authorize(req))) return send(401, { message: 'Not signed in.' });
    } catch (err) {
      if (next) return next(err);
      return send(500, { message: 'Could not check who is asking to upload.' });
    }
    send(200, getAuthenticationParameters(privateKey, undefined, expireIn(expireSeconds)));
  };
}
