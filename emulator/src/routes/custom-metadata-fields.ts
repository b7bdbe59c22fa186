import type { ServerResponse } from 'node:http';
import type { Route } from '../router.js';
import { HELP, readJsonBody, sendJson } from '../http.js';
import { requirePrivateKey } from '../auth.js';
import { customMetadataFieldsOf } from '../custom-metadata-fields-store.js';
import type { CustomMetadataResult } from '../custom-metadata.js';

function answer<T>(res: ServerResponse, result: CustomMetadataResult<T>, okStatus: number): true {
  if (!result.ok) {
    sendJson(res, result.status, { message: result.message, help: HELP, ...(result.errors && { errors: result.errors }) });
  } else if (okStatus === 204) {
    res.writeHead(204).end();
  } else {
    sendJson(res, okStatus, result.value);
  }
  return true;
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // refused as an invalid id
  }
}

/**
 * The custom metadata fields API, with Basic auth: `POST` and `GET /v1/customMetadataFields`
 * (`includeDeleted=true` lists deleted fields too, marked `deleted: true`; `folderPath` is
 * accepted and changes nothing, as the emulator has no path policies), and
 * `PATCH` / `DELETE /v1/customMetadataFields/{id}`.
 */
export const customMetadataFieldsRoute: Route = async (req, res, ctx) => {
  const match = /^\/v1\/customMetadataFields(?:\/([^/]*))?\/?$/.exec(ctx.url.pathname);
  if (!match) return false;
  const id = match[1] || undefined;
  const method = req.method ?? 'GET';
  const byId = method === 'PATCH' || method === 'DELETE';
  if (!byId && !(id === undefined && (method === 'GET' || method === 'POST'))) return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const fields = customMetadataFieldsOf(ctx.store);
  if (byId && id === undefined) return answer(res, { ok: false, status: 400, message: 'Missing id parameter.' }, 200);

  switch (method) {
    case 'GET': {
      const includeDeleted = ctx.url.searchParams.get('includeDeleted') === 'true';
      sendJson(res, 200, await fields.list(includeDeleted));
      return true;
    }
    case 'POST':
      return answer(res, await fields.create(await readJsonBody(req)), 201);
    case 'PATCH':
      return answer(res, await fields.update(safeDecode(id!), await readJsonBody(req)), 200);
    default:
      return answer(res, await fields.delete(safeDecode(id!)), 204);
  }
};
