import type { Route } from '../router.js';
import { requirePrivateKey } from '../auth.js';
import { bulkDelete, bulkTags } from '../bulk.js';
import { json, jsonObject } from './api.js';

/**
 * Bulk file APIs, Basic auth: `POST /v1/files/batch/deleteByFileIds`, `/v1/files/addTags`,
 * `/v1/files/removeTags`, `/v1/files/removeAITags`.
 */
export const bulkRoute: Route = async (req, res, ctx) => {
  if (req.method !== 'POST') return false;
  const { pathname } = ctx.url;
  const edit =
    pathname === '/v1/files/addTags' ? 'addTags' : pathname === '/v1/files/removeTags' ? 'removeTags' : pathname === '/v1/files/removeAITags' ? 'removeAITags' : undefined;
  if (!edit && pathname !== '/v1/files/batch/deleteByFileIds') return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const body = await jsonObject(req);
  const answer = edit ? await bulkTags(ctx.store, edit, body) : await bulkDelete(ctx.store, body);
  return json(res, answer.status, answer.body);
};
