import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { CONTROL_PREFIX, type Route } from '../router.js';
import type { ResolvedEmulatorOptions } from '../options.js';
import { readJsonBody, sendJson } from '../http.js';

/**
 * Why a request to `/__emulator/*` is refused, or undefined when it may go on. These endpoints
 * change what uploads do, so a web page on another origin must not reach them: a request whose
 * `Origin` (or `Sec-Fetch-Site`) says it comes from another site is refused unless that origin
 * is in `controlOrigins`; so is one whose `Host` names neither an address nor the emulator's
 * own names (a DNS-rebinding page calls it by its own domain). Tools and tests outside a browser
 * send no `Origin` and pass.
 */
export function controlRefusal(req: IncomingMessage, options: ResolvedEmulatorOptions): string | undefined {
  const host = req.headers.host ?? '';
  let hostname = '';
  try {
    hostname = new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'its Host header is not valid';
  }
  const ownNames = new Set(['localhost', options.host, new URL(options.urlEndpoint || 'http://localhost').hostname]);
  if (!isIP(hostname) && !ownNames.has(hostname) && !hostname.endsWith('.localhost')) return `it was sent to ${hostname}, not to the emulator's own address`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (options.controlOrigins.includes(origin)) return undefined;
    if (origin === `http://${host}`) return undefined;
    return `it comes from the page origin ${origin}`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `it comes from a ${site} page`;
  return undefined;
}

/**
 * Test-only control endpoints, unauthenticated by design (the emulator is a local tool):
 * - `POST /__emulator/faults` queues a fault for the next `count` uploads (see faults.ts);
 * - `DELETE /__emulator/faults` clears the queue;
 * - `GET /__emulator/stats` reports upload counters and pending faults.
 */
export const controlRoute: Route = async (req, res, ctx) => {
  const { pathname } = ctx.url;
  if (!pathname.startsWith(CONTROL_PREFIX)) return false;
  const refused = controlRefusal(req, ctx.options);
  if (refused) {
    sendJson(res, 403, { message: `The emulator's control endpoints answer its own origin only, and ${refused}. Start it with controlOrigins (--control-origin) to allow a page.` });
    return true;
  }
  if (pathname === '/__emulator/faults') {
    if (req.method === 'POST') {
      const fault = ctx.faults.add(await readJsonBody(req, 64 * 1024));
      sendJson(res, 200, { queued: fault, pending: ctx.faults.pending });
      return true;
    }
    if (req.method === 'DELETE') {
      ctx.faults.clear();
      sendJson(res, 200, { pending: 0 });
      return true;
    }
    sendJson(res, 405, { message: 'Use POST or DELETE.' }, { Allow: 'POST, DELETE' });
    return true;
  }
  if (pathname === '/__emulator/stats' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendJson(res, 200, { ...ctx.stats, faultsPending: ctx.faults.pending, files: ctx.store.size, ...ctx.webhooks.stats, backgroundJobs: ctx.background.size });
    return true;
  }
  return false;
};
