import type { Route } from '../router.js';
import { HELP, ImageKitError, readJsonBody, sendJson } from '../http.js';
import { requirePrivateKey } from '../auth.js';
import { toFileDetails, toVersionDetails } from '../file-object.js';
import { listFiles } from '../media-list.js';
import { isRefusal, planFileUpdate } from '../media-update.js';
import { customMetadataFieldsOf } from '../custom-metadata-fields-store.js';

const FILE_NOT_FOUND = 'The requested file does not exist.';
const FILE_ID = /^[0-9a-f]{24}$/i;

function fileIdFrom(raw: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    id = raw;
  }
  if (!FILE_ID.test(id)) throw new ImageKitError(400, 'Your request contains invalid fileId parameter.');
  return id;
}

/**
 * The media API, with Basic auth (private key as user name):
 * `GET /v1/files` (list and search), `GET|PATCH /v1/files/{fileId}/details`, `DELETE /v1/files/{fileId}`.
 */
export const mediaRoute: Route = async (req, res, ctx) => {
  const { pathname } = ctx.url;
  const match = /^\/v1\/files(?:\/([^/]+)(\/details)?)?\/?$/.exec(pathname);
  if (!match) return false;
  const [, rawId, details] = match;
  const method = req.method ?? 'GET';

  const allowed = !rawId ? ['GET'] : details ? ['GET', 'PATCH'] : ['DELETE'];
  // Other verbs fall through to the router's 404, as the many media API paths not emulated do.
  if (!allowed.includes(method)) return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const { store, options } = ctx;

  if (!rawId) {
    const assets = listFiles(store.list(), store.folders(), ctx.url.searchParams);
    sendJson(
      res,
      200,
      assets.map((a) => {
        if (a.type === 'folder') return a;
        if (a.type === 'file-version') return toVersionDetails(a.record, a.version, options.urlEndpoint);
        return toFileDetails(a, options.urlEndpoint);
      }),
    );
    return true;
  }

  const fileId = fileIdFrom(rawId);
  if (method === 'DELETE') {
    if (!(await store.delete(fileId))) throw new ImageKitError(404, FILE_NOT_FOUND);
    res.writeHead(204).end();
    return true;
  }

  const record = store.get(fileId);
  if (!record) throw new ImageKitError(404, FILE_NOT_FOUND);
  if (method === 'GET') {
    sendJson(res, 200, toFileDetails(record, options.urlEndpoint));
    return true;
  }

  const body = await readJsonBody(req);
  const fields = await customMetadataFieldsOf(store).activeFields();
  const plan = planFileUpdate(record, body, fields);
  if (isRefusal(plan)) {
    sendJson(res, plan.status, { message: plan.message, help: HELP, ...(plan.errors && { errors: plan.errors }) });
    return true;
  }
  // Re-check against the stored record at write time: another PATCH may have landed meanwhile.
  const updated = await store.update(fileId, (draft) => {
    const fresh = planFileUpdate(draft, body, fields);
    if (isRefusal(fresh)) throw new ImageKitError(fresh.status, fresh.message);
    fresh.edit(draft);
  });
  if (!updated) throw new ImageKitError(404, FILE_NOT_FOUND);
  const response = toFileDetails(updated, options.urlEndpoint);
  // No AI runs offline: a requested extension is reported as failed, never as success.
  if (plan.extensions.length > 0) {
    response.extensionStatus = Object.fromEntries(plan.extensions.map((name) => [name, 'failed']));
  }
  sendJson(res, 200, response);
  return true;
};
