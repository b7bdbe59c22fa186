import type { Route } from '../router.js';
import { ImageKitError } from '../http.js';
import { requirePrivateKey } from '../auth.js';
import { checkPurgeUrl, createPurge, purgeStatus } from '../purge.js';
import { json, jsonObject, segment } from './api.js';

/** `POST /v1/files/purge` (201 `{ requestId }`) and `GET /v1/files/purge/{requestId}`, Basic auth. */
export const purgeRoute: Route = async (req, res, ctx) => {
  const { pathname } = ctx.url;
  if (pathname === '/v1/files/purge' || pathname === '/v1/files/purge/') {
    if (req.method !== 'POST') return false;
    requirePrivateKey(req, ctx.options.privateKey);
    const body = await jsonObject(req);
    const request = await createPurge(ctx.store, checkPurgeUrl(body.url, ctx.options.urlEndpoint));
    return json(res, 201, { requestId: request.id });
  }
  const match = /^\/v1\/files\/purge\/([^/]+)\/?$/.exec(pathname);
  if (!match || req.method !== 'GET') return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const request = await purgeStatus(ctx.store, segment(match[1]!));
  if (!request) throw new ImageKitError(400, 'No request found for this requestId.');
  return json(res, 200, { status: request.status });
};
