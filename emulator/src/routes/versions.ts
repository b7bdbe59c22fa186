import type { Route } from '../router.js';
import { requirePrivateKey } from '../auth.js';
import { toVersionDetails } from '../file-object.js';
import { checkId, deleteVersion, fileOrThrow, restoreVersion, versionOrThrow } from '../library.js';
import { currentVersion } from '../store.js';
import { json, noContent } from './api.js';

const PATH = /^\/v1\/files\/([^/]+)\/versions(?:\/([^/]+)(\/restore)?)?\/?$/;

/**
 * File versions, Basic auth: `GET /v1/files/{fileId}/versions` (current one first, then the
 * others newest first), `GET` and `DELETE /v1/files/{fileId}/versions/{versionId}`, and
 * `PUT .../restore`. Each version is a `FileDetails` (`type: 'file-version'` but the current one).
 */
export const versionsRoute: Route = async (req, res, ctx) => {
  const match = PATH.exec(ctx.url.pathname);
  if (!match) return false;
  const [, rawFileId, rawVersionId, restore] = match;
  const method = req.method ?? 'GET';
  const allowed = restore ? ['PUT'] : rawVersionId ? ['GET', 'DELETE'] : ['GET'];
  if (!allowed.includes(method)) return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const { store, options } = ctx;
  const fileId = checkId(rawFileId!, 'fileId');

  if (!rawVersionId) {
    const record = fileOrThrow(store, fileId);
    const current = currentVersion(record);
    const others = record.versions.slice(0, -1).reverse();
    return json(res, 200, [current, ...others].map((v) => toVersionDetails(record, v, options.urlEndpoint)));
  }
  const versionId = checkId(rawVersionId, 'versionId');
  if (restore) {
    const restored = await restoreVersion(store, fileId, versionId);
    return json(res, 200, toVersionDetails(restored, currentVersion(restored), options.urlEndpoint));
  }
  if (method === 'DELETE') {
    await deleteVersion(store, fileId, versionId);
    return noContent(res);
  }
  const record = fileOrThrow(store, fileId, 'The requested file version does not exist.');
  return json(res, 200, toVersionDetails(record, versionOrThrow(record, versionId), options.urlEndpoint));
};
