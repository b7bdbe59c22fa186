import type { Route } from '../router.js';
import { ImageKitError } from '../http.js';
import { requirePrivateKey } from '../auth.js';
import { createFolder, deleteFolder, optionalBoolean, planCopyOrMove, planRename } from '../library.js';
import { jobStatus, runFolderJob } from '../jobs.js';
import { createPurge } from '../purge.js';
import { json, jsonObject, noContent, segment } from './api.js';

/**
 * Folders, Basic auth: `POST /v1/folder` (201 `{}`), `DELETE /v1/folder` (204), and the bulk
 * jobs `POST /v1/bulkJobs/copyFolder` and `moveFolder` (200 `{ jobId }`), `renameFolder`
 * (202 `{ jobId }`) and `GET /v1/bulkJobs/{jobId}`. A job is done before its jobId is sent
 * (see jobs.ts), so its status is always `Completed`.
 */
export const foldersRoute: Route = async (req, res, ctx) => {
  const { pathname } = ctx.url;
  const method = req.method ?? 'GET';
  const { store } = ctx;
  if (pathname === '/v1/folder' || pathname === '/v1/folder/') {
    if (method !== 'POST' && method !== 'DELETE') return false;
    requirePrivateKey(req, ctx.options.privateKey);
    const body = await jsonObject(req);
    if (method === 'POST') {
      await createFolder(store, body);
      return json(res, 201, {});
    }
    await deleteFolder(store, body);
    return noContent(res);
  }
  const job = /^\/v1\/bulkJobs\/([^/]+)\/?$/.exec(pathname);
  if (!job) return false;
  const name = job[1]!;
  if (method === 'POST' && ['copyFolder', 'moveFolder', 'renameFolder'].includes(name)) {
    requirePrivateKey(req, ctx.options.privateKey);
    const body = await jsonObject(req);
    if (name === 'renameFolder') {
      const purgeCache = optionalBoolean(body, 'purgeCache');
      const plan = planRename(store, body);
      const url = `${ctx.options.urlEndpoint}${plan.source}/*`;
      const done = await runFolderJob(store, plan, purgeCache ? { purgeRequestId: async () => (await createPurge(store, url)).id } : {});
      return json(res, 202, { jobId: done.jobId });
    }
    const plan = planCopyOrMove(store, name === 'copyFolder' ? 'COPY_FOLDER' : 'MOVE_FOLDER', body);
    const done = await runFolderJob(store, plan);
    return json(res, 200, { jobId: done.jobId });
  }
  if (method !== 'GET') return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const status = await jobStatus(store, segment(name));
  if (!status) throw new ImageKitError(404, 'The requested job does not exist.');
  return json(res, 200, status);
};
