// The auth endpoint's decisions, shared by the Node, Express and fetch handlers; no Node-only imports.
import type { AuthenticationParameters } from './types.js';
import { checkExpireSeconds, expireIn } from './expiry.js';
import { BadTokenRequest, readTokenRequest, toUploadPayload, type UploadPayload, type UploadPayloadInput } from './upload-payload.js';
import { signUploadToken } from './upload-token.js';

/** Passed to `authorize` and `policy`: aborted when their time limit runs out. */
export interface HookContext {
  signal: AbortSignal;
}

export interface HandlerOptions<Req> {
  /** Your ImageKit private key. Keep it on the server: it must never reach browser code. */
  privateKey: string;
  /**
   * Your ImageKit public key: the `kid` of every v2 token. When set, a request naming another
   * key is refused (400); when not, the request's `publicKey` is used, as in ImageKit's guide.
   */
  publicKey?: string;
  /** Most seconds a signature or token stays valid: a whole number from 1 to 3600; default 1800. A v2 request may ask for less. */
  expireSeconds?: number;
  /** Your app's own login check; false answers 401. Runs before anything is read or signed. */
  authorize?: (req: Req, context: HookContext) => boolean | Promise<boolean>;
  /**
   * Decides what a v2 upload may be: gets the parameters the browser asked for and returns the
   * ones to sign (force `folder`, add `checks` such as `"file.size" < "5mb"`, fix `tags`), or
   * `false` to refuse (403). The element then uploads exactly what was signed.
   */
  policy?: (req: Req, uploadPayload: UploadPayload, context: HookContext) => UploadPayloadInput | false | Promise<UploadPayloadInput | false>;
  /** Milliseconds each of `authorize` and `policy` may take before the request answers 503; default 10 000. */
  timeoutMs?: number;
  /**
   * Whether GET hands out v1 `{ token, expire, signature }`. A v1 signature covers only token and
   * expire, so it would let a browser skip the policy: the default is true without a `policy`
   * and false with one.
   */
  v1?: boolean;
  /** Origins allowed to call the endpoint from another origin; same-origin pages need none. `'*'` never allows credentials. */
  allowOrigins?: string[] | '*';
  /** Told of every error `authorize` or `policy` threw or a time limit hit; default `console.error`. */
  onError?: (error: unknown, req: Req) => void;
}

/** What the adapter gives the core for one request. */
export interface CoreRequest<Req> {
  req: Req;
  method: string;
  header: (name: string) => string | null | undefined;
  /** The parsed JSON body; throws BadTokenRequest (400) or BodyTooLarge (413). */
  readJson: () => Promise<unknown>;
}

export interface CoreAnswer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Set when `authorize` or `policy` failed: an Express adapter hands it to `next`. */
  error?: unknown;
}

/** Thrown by body readers for a body over the limit. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

/** Thrown into `onError` (or Express's `next`) when a hook ran past `timeoutMs`; `status` 503 for Express's error handler. */
export class AuthHookTimeoutError extends Error {
  override name = 'AuthHookTimeoutError';
  readonly status = 503;
  readonly statusCode = 503;
}

/** Bodies the endpoint reads at most: a payload of upload parameters is a few KB. */
export const MAX_BODY_BYTES = 64 * 1024;

const DEFAULT_TIMEOUT_MS = 10_000;

async function withTimeLimit<T>(name: string, ms: number, run: (ctx: HookContext) => T | Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AuthHookTimeoutError(`${name} did not answer within ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => run({ signal: controller.signal })), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createCore<Req>(
  options: HandlerOptions<Req>,
  who: string,
  signV1: (expire: number) => AuthenticationParameters | Promise<AuthenticationParameters>,
) {
  const { privateKey, publicKey, authorize, policy, allowOrigins } = options;
  if (!privateKey) throw new TypeError(`${who}: privateKey is required`);
  const maxSeconds = checkExpireSeconds(options.expireSeconds, who);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`${who}: timeoutMs must be a positive number of milliseconds`);
  if (allowOrigins !== undefined && allowOrigins !== '*' && !(Array.isArray(allowOrigins) && allowOrigins.every((o) => typeof o === 'string'))) {
    throw new TypeError(`${who}: allowOrigins must be '*' or a list of origins like ['https://app.example.com']`);
  }
  const v1 = options.v1 ?? !policy;
  const methods = v1 ? 'GET, POST' : 'POST';
  const onError = options.onError ?? ((error: unknown) => console.error(`[ik-uploader/server] ${who}:`, error));

  const cors = (origin: string | null | undefined): Record<string, string> => {
    if (!origin || !allowOrigins) return {};
    if (allowOrigins === '*') return { 'Access-Control-Allow-Origin': '*' };
    if (!allowOrigins.includes(origin)) return { Vary: 'Origin' };
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
  };

  return async (request: CoreRequest<Req>): Promise<CoreAnswer> => {
    const headers = cors(request.header('origin'));
    const json = (status: number, body: unknown, extra: Record<string, string> = {}): CoreAnswer => ({
      status,
      headers: { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...extra },
      body,
    });
    const failed = (error: unknown, message: string): CoreAnswer => {
      const timedOut = error instanceof AuthHookTimeoutError;
      return { ...json(timedOut ? 503 : 500, { message: timedOut ? `${message} (it took too long).` : `${message}.` }), error };
    };

    if (request.method === 'OPTIONS') {
      const asked = request.header('access-control-request-headers');
      return {
        status: 204,
        headers: {
          ...headers,
          'Access-Control-Allow-Methods': methods,
          'Access-Control-Allow-Headers': asked || 'Content-Type',
          'Access-Control-Max-Age': '600',
        },
      };
    }
    const isV2 = request.method === 'POST';
    if (!isV2 && !(v1 && request.method === 'GET')) {
      const message = v1
        ? 'Use GET for upload API v1 parameters, or POST { uploadPayload, expire, publicKey } for a v2 token.'
        : 'This endpoint signs upload API V2 tokens only: POST { uploadPayload, expire, publicKey }.';
      return json(405, { message }, { Allow: methods });
    }

    if (authorize) {
      let allowed: boolean;
      try {
        allowed = await withTimeLimit('authorize()', timeoutMs, (ctx) => authorize(request.req, ctx));
      } catch (error) {
        onError(error, request.req);
        return failed(error, 'Could not check who is asking to upload');
      }
      if (!allowed) return json(401, { message: 'Not signed in.' });
    }

    if (!isV2) return json(200, await signV1(expireIn(maxSeconds)));

    let asked;
    try {
      asked = readTokenRequest(await request.readJson());
    } catch (error) {
      if (error instanceof BodyTooLarge) return json(413, { message: error.message });
      if (error instanceof BadTokenRequest) return json(400, { message: error.message });
      throw error;
    }
    if (publicKey && asked.publicKey && asked.publicKey !== publicKey) {
      return json(400, { message: 'publicKey is not the public key of the ImageKit account this endpoint signs for.' });
    }
    const kid = publicKey ?? asked.publicKey;
    if (!kid) return json(400, { message: 'publicKey is required: it is the token\'s kid.' });

    let payload: UploadPayload = asked.uploadPayload;
    if (policy) {
      try {
        const decided = await withTimeLimit('policy()', timeoutMs, (ctx) => policy(request.req, { ...asked.uploadPayload }, ctx));
        if (decided === false) return json(403, { message: 'This upload is not allowed.' });
        payload = toUploadPayload(decided);
      } catch (error) {
        onError(error, request.req);
        return failed(error, 'Could not decide what this upload may be');
      }
    }
    const expireSeconds = Math.min(asked.expire ?? maxSeconds, maxSeconds);
    return json(200, { token: await signUploadToken({ privateKey, publicKey: kid, uploadPayload: payload, expireSeconds }) });
  };
}
