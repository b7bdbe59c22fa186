import type { Route } from '../router.js';
import { requirePrivateKey } from '../auth.js';
import { copyFile, moveFile, renameFile } from '../library.js';
import { optionalBoolean } from '../library.js';
import { createPurge } from '../purge.js';
import { fileUrl } from '../file-object.js';
import { json, jsonObject, noContent } from './api.js';

/**
 * `POST /v1/files/copy`, `POST /v1/files/move` (204, empty) and `PUT /v1/files/rename`
 * (200: `{}`, or `{ purgeRequestId }` with `purgeCache`), Basic auth.
 */
export const filesRoute: Route = async (req, res, ctx) => {
  const { pathname } = ctx.url;
  const op =
    pathname === '/v1/files/copy' && req.method === 'POST'
      ? 'copy'
      : pathname === '/v1/files/move' && req.method === 'POST'
        ? 'move'
        : pathname === '/v1/files/rename' && req.method === 'PUT'
          ? 'rename'
          : undefined;
  if (!op) return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const body = await jsonObject(req);
  if (op === 'copy') {
    await copyFile(ctx.store, body);
    return noContent(res);
  }
  if (op === 'move') {
    await moveFile(ctx.store, body);
    return noContent(res);
  }
  const purgeCache = optionalBoolean(body, 'purgeCache');
  const { before } = await renameFile(ctx.store, body);
  if (!purgeCache) return json(res, 200, {});
  // ImageKit purges the old URL with a wildcard (its versions and query transformations too).
  const purge = await createPurge(ctx.store, `${fileUrl(ctx.options.urlEndpoint, before.filePath)}*`);
  return json(res, 200, { purgeRequestId: purge.id });
};
