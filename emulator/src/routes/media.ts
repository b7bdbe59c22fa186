import type { Route } from '../router.js';
import { HELP, ImageKitError, readJsonBody, sendJson } from '../http.js';
import { requirePrivateKey } from '../auth.js';
import { toFileDetails, toVersionDetails } from '../file-object.js';
import { listFiles } from '../media-list.js';
import { isRefusal, planFileUpdate } from '../media-update.js';
import { customMetadataFieldsOf } from '../custom-metadata-fields-store.js';
import { expandSavedExtensions } from '../saved-extensions.js';
import { applyResults, pendingStatus, runExtensions, statusOf } from '../extensions-run.js';
import { extensionsLater } from '../upload-effects.js';
import { currentVersion } from '../store.js';

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
  if (body && typeof body === 'object' && Array.isArray((body as { extensions?: unknown }).extensions)) {
    const withExtensions = body as { extensions: unknown[] };
    withExtensions.extensions = await expandSavedExtensions(store, withExtensions.extensions);
  }
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
  // Extensions (simulated, extensions-run.ts): with a webhookUrl they run after the answer, which
  // says pending, and each ends in a webhook; without one they run now.
  const webhookUrl = typeof (body as { webhookUrl?: unknown }).webhookUrl === 'string' ? (body as { webhookUrl: string }).webhookUrl : undefined;
  let final = updated;
  let extensionStatus: Record<string, string> | undefined;
  if (plan.extensions.length > 0 && webhookUrl) {
    extensionStatus = pendingStatus(plan.extensions);
    ctx.background.run(`extensions of ${fileId}`, () => extensionsLater(ctx, updated, plan.extensions, webhookUrl));
  } else if (plan.extensions.length > 0) {
    const version = currentVersion(updated);
    const results = await runExtensions(plan.extensions, store.bytesPath(version), version);
    final = (await store.update(fileId, (draft) => applyResults(draft, results))) ?? updated;
    extensionStatus = statusOf(results);
  }
  const response = toFileDetails(final, options.urlEndpoint);
  if (extensionStatus) response.extensionStatus = extensionStatus;
  sendJson(res, 200, response);
  return true;
};
