import type { Route } from '../router.js';
import { requirePrivateKey } from '../auth.js';
import { readJsonBody } from '../http.js';
import { originsOf, urlEndpointsOf, usageRange } from '../account.js';
import { analyticsResponse, deliveryAnalyticsOf } from '../analytics.js';
import { json, noContent, segment } from './api.js';

/**
 * The account management API, Basic auth: `GET /v1/accounts/usage`,
 * `GET /v1/accounts/usage-analytics`, and origins and URL endpoints (`GET`/`POST` on the
 * collection, `GET`/`PUT`/`DELETE` on one).
 */
export const accountRoute: Route = async (req, res, ctx) => {
  const match = /^\/v1\/accounts\/(usage|usage-analytics|origins|url-endpoints)(?:\/([^/]+))?\/?$/.exec(ctx.url.pathname);
  if (!match) return false;
  const [, resource, rawId] = match;
  const id = rawId === undefined ? undefined : segment(rawId);
  const method = req.method ?? 'GET';
  const { store } = ctx;

  if (resource === 'usage' || resource === 'usage-analytics') {
    if (method !== 'GET' || id !== undefined) return false;
    requirePrivateKey(req, ctx.options.privateKey);
    const analytics = resource === 'usage-analytics';
    const { start, end } = usageRange(ctx.url.searchParams, analytics);
    const days = await deliveryAnalyticsOf(store).between(start, end);
    if (analytics) {
      return json(res, 200, analyticsResponse(days, ctx.url.searchParams.get('startDate')!, ctx.url.searchParams.get('endDate')!));
    }
    return json(res, 200, {
      bandwidthBytes: days.reduce((n, d) => n + d.bandwidthBytes, 0),
      // What the media library holds now, every version counted, as ImageKit counts it.
      mediaLibraryStorageBytes: store.storageBytes(),
      videoProcessingUnitsCount: 0,
      extensionUnitsCount: 0,
      originalCacheStorageBytes: 0,
    });
  }

  const allowed = id === undefined ? ['GET', 'POST'] : ['GET', 'PUT', 'DELETE'];
  if (!allowed.includes(method)) return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const api = resource === 'origins' ? originsOf(store) : urlEndpointsOf(store);
  if (id === undefined) {
    if (method === 'GET') return json(res, 200, await api.list());
    return json(res, 201, await api.create(await readJsonBody(req)));
  }
  if (method === 'GET') return json(res, 200, await api.get(id));
  if (method === 'PUT') return json(res, 200, await api.update(id, await readJsonBody(req)));
  await api.delete(id);
  return noContent(res);
};
