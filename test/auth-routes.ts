import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import { createAuthHandler, getAuthenticationParameters } from '../src/server/auth.js';

type Next = () => Promise<unknown>;

/**
 * Auth endpoints served from the test page's own origin, as a host app would serve them:
 * `/auth` signs for real; the others are the broken endpoints users meet in the wild.
 */
export function testAuthMiddleware(privateKey: string) {
  const good = createAuthHandler({ privateKey, expireSeconds: 600 });
  // Upload API V2 with the host's rules: every file to /users/42, under 2 KB, tagged by the server.
  const locked = createAuthHandler({
    privateKey,
    policy: (_req, payload) => ({ ...payload, folder: '/users/42', checks: '"file.size" < "2kb"', tags: 'from-policy' }),
  });
  // Signed with another account's key: ImageKit refuses the token as invalid.
  const forged = createAuthHandler({ privateKey: 'not-the-private-key' });
  let calls = 0;
  return async (ctx: { req: IncomingMessage; res: ServerResponse; respond?: boolean; path: string }, next: Next) => {
    const path = ctx.path;
    if (!path.startsWith('/auth')) return next();
    ctx.respond = false; // we write the raw response ourselves
    const { res } = ctx;
    const json = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const now = Math.floor(Date.now() / 1000);
    switch (path) {
      case '/auth':
        calls++;
        return good(ctx.req, res);
      case '/auth/calls': // how many times /auth was asked: one per upload attempt
        return json(200, { calls });
      case '/auth/v2-locked':
        calls++;
        return locked(ctx.req, res);
      case '/auth/v2-forged':
        calls++;
        return forged(ctx.req, res);
      case '/auth/v2-expired': { // a token its own server already sees as expired
        const body = await new Promise<string>((r) => { let b = ''; ctx.req.on('data', (c) => (b += c)); ctx.req.on('end', () => r(b)); });
        const { uploadPayload, publicKey } = JSON.parse(body);
        const token = await new SignJWT(uploadPayload).setProtectedHeader({ alg: 'HS256', kid: publicKey }).setIssuedAt(now - 120).setExpirationTime(now - 60)
          .sign(new TextEncoder().encode(privateKey));
        return json(200, { token });
      }
      case '/auth/500':
        return json(500, { message: 'auth backend down' });
      case '/auth/401':
        return json(401, { message: 'Not signed in.' });
      case '/auth/not-json':
        return json(200, '<html>login page</html>', 'text/html');
      case '/auth/missing-fields':
        return json(200, { token: 'abc' });
      case '/auth/expired':
        return json(200, getAuthenticationParameters(privateKey, undefined, now - 60));
      case '/auth/wrong-key':
        return json(200, getAuthenticationParameters('not-the-key', undefined, now + 600));
      case '/auth/slow': // never answers in time: the element's auth timeout must fire
        await new Promise((r) => setTimeout(r, 30_000));
        return json(200, getAuthenticationParameters(privateKey, undefined, now + 600));
      case '/auth/cacheable': // fresh parameters, but marked cacheable, as a misconfigured server would
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=600' });
        res.end(JSON.stringify(getAuthenticationParameters(privateKey, undefined, now + 600)));
        return;
      case '/auth/reused': { // the same token every time, as a cached response would give
        return json(200, getAuthenticationParameters(privateKey, 'fixed-token-for-reuse', now + 600));
      }
      default:
        return json(404, { message: 'no such test auth route' });
    }
  };
}
