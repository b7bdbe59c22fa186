// Web APIs only (fetch, Web Crypto): nothing here may import node:*, so edge runtimes can load it.
import type { AuthenticationParameters } from './types.js';
import { expireIn } from './expiry.js';
import { BodyTooLarge, createCore, MAX_BODY_BYTES, type HandlerOptions } from './handler-core.js';
import { parseJsonBody } from './upload-payload.js';

/** Options of `createFetchAuthHandler`: the same as `createAuthHandler`'s, with the hooks given the `Request`. */
export type FetchAuthHandlerOptions = HandlerOptions<Request>;

const encoder = new TextEncoder();

/**
 * Signs like `getAuthenticationParameters`, with Web Crypto instead of `node:crypto`, so it runs
 * wherever `fetch` handlers do: Node, Deno, Bun, Cloudflare Workers, Vercel and Next.js edge.
 */
export async function signUpload(
  privateKey: string,
  token: string = crypto.randomUUID(),
  expire: number = expireIn(),
): Promise<AuthenticationParameters> {
  if (!privateKey) throw new TypeError('signUpload: privateKey is required');
  const key = await crypto.subtle.importKey('raw', encoder.encode(privateKey), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(token + String(expire))));
  const signature = Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
  return { token, expire, signature };
}

async function readJson(request: Request): Promise<unknown> {
  const tooLarge = () => new BodyTooLarge(`The request body is over ${MAX_BODY_BYTES / 1024} KB; upload parameters fit in far less.`);
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (encoder.encode(text).length > MAX_BODY_BYTES) throw tooLarge();
  return parseJsonBody(text);
}

/**
 * A fetch-style `(Request) => Response` auth endpoint, for Hono, Next.js route handlers, Remix,
 * SvelteKit, Deno and Workers: GET answers v1 `{ token, expire, signature }`, POST a v2 `{ token }`.
 * In a Next.js route: `export const POST = createFetchAuthHandler({ privateKey, policy })`
 * (and `export const GET = POST` for v1). Errors thrown by `authorize` or
 * `policy` answer 500 JSON, a time limit 503, never cached.
 */
export function createFetchAuthHandler(options: FetchAuthHandlerOptions) {
  const { privateKey } = options;
  const core = createCore(options, 'createFetchAuthHandler', (expire) => signUpload(privateKey, undefined, expire));
  return async (request: Request): Promise<Response> => {
    let answer;
    try {
      answer = await core({ req: request, method: request.method, header: (name) => request.headers.get(name), readJson: () => readJson(request) });
    } catch (error) {
      console.error('[ik-uploader/server] createFetchAuthHandler:', error);
      answer = { status: 500, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: { message: 'Could not sign the upload.' } };
    }
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  };
}
