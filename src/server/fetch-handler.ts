import type { AuthenticationParameters } from './auth.js';
import { expireIn } from './expiry.js';

export interface FetchAuthHandlerOptions {
  /** Your ImageKit private key. Keep it on the server: it must never reach browser code. */
  privateKey: string;
  /** Seconds until the parameters expire; ImageKit refuses more than 3600. */
  expireSeconds?: number;
  /** Your app's own login check; false answers 401. */
  authorize?: (request: Request) => boolean | Promise<boolean>;
}

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

/**
 * A fetch-style `(Request) => Response` auth endpoint, for Hono, Next.js route handlers, Remix,
 * SvelteKit, Deno and Workers: `export const GET = createFetchAuthHandler({ privateKey })`.
 */
export function createFetchAuthHandler(options: FetchAuthHandlerOptions) {
  const { privateKey, authorize, expireSeconds } = options;
  if (!privateKey) throw new TypeError('createFetchAuthHandler: privateKey is required');
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    });
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET') return json(405, { message: 'Use GET.' });
    if (authorize && !(await authorize(request))) return json(401, { message: 'Not signed in.' });
    return json(200, await signUpload(privateKey, undefined, expireIn(expireSeconds)));
  };
}
