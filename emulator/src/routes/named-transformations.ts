import type { Route } from '../router.js';
import { requirePrivateKey } from '../auth.js';
import { readJsonBody } from '../http.js';
import { namedTransformationsOf } from '../named-transformations.js';
import { json, noContent, segment } from './api.js';

/**
 * Named transformations, Basic auth: `GET`/`POST /v1/named-transformations`,
 * `GET`/`PATCH`/`DELETE /v1/named-transformations/{id}`.
 */
export const namedTransformationsRoute: Route = async (req, res, ctx) => {
  const match = /^\/v1\/named-transformations(?:\/([^/]+))?\/?$/.exec(ctx.url.pathname);
  if (!match) return false;
  const id = match[1] === undefined ? undefined : segment(match[1]);
  const method = req.method ?? 'GET';
  const allowed = id === undefined ? ['GET', 'POST'] : ['GET', 'PATCH', 'DELETE'];
  if (!allowed.includes(method)) return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const named = namedTransformationsOf(ctx.store);
  if (id === undefined) {
    if (method === 'GET') return json(res, 200, await named.list());
    return json(res, 201, await named.create(await readJsonBody(req)));
  }
  if (method === 'GET') return json(res, 200, await named.get(id));
  if (method === 'PATCH') return json(res, 200, await named.update(id, await readJsonBody(req)));
  await named.delete(id);
  return noContent(res);
};
