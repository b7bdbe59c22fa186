import type { Route } from '../router.js';
import { readJsonBody, sendJson } from '../http.js';

/**
 * Test-only control endpoints, unauthenticated by design (the emulator is a local tool):
 * - `POST /__emulator/faults` queues a fault for the next `count` uploads (see faults.ts);
 * - `DELETE /__emulator/faults` clears the queue;
 * - `GET /__emulator/stats` reports upload counters and pending faults.
 */
export const controlRoute: Route = async (req, res, ctx) => {
  const { pathname } = ctx.url;
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
