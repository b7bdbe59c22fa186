import type { Route } from '../router.js';
import { requirePrivateKey } from '../auth.js';
import { readJsonBody } from '../http.js';
import { savedExtensionsOf } from '../saved-extensions.js';
import { json, noContent, segment } from './api.js';

/**
 * Saved extensions, Basic auth: `GET`/`POST /v1/saved-extensions`,
 * `GET`/`PATCH`/`DELETE /v1/saved-extensions/{id}`.
 */
export const savedExtensionsRoute: Route = async (req, res, ctx) => {
  const match = /^\/v1\/saved-extensions(?:\/([^/]+))?\/?$/.exec(ctx.url.pathname);
  if (!match) return false;
  const id = match[1] === undefined ? undefined : segment(match[1]);
  const method = req.method ?? 'GET';
  const allowed = id === undefined ? ['GET', 'POST'] : ['GET', 'PATCH', 'DELETE'];
  if (!allowed.includes(method)) return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const saved = savedExtensionsOf(ctx.store);
  if (id === undefined) {
    if (method === 'GET') return json(res, 200, await saved.list());
    return json(res, 201, await saved.create(await readJsonBody(req)));
  }
  if (method === 'GET') return json(res, 200, await saved.get(id));
  if (method === 'PATCH') return json(res, 200, await saved.update(id, await readJsonBody(req)));
  await saved.delete(id);
  return noContent(res);
};
