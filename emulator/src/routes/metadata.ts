import type { Route } from '../router.js';
import { ImageKitError } from '../http.js';
import { requirePrivateKey } from '../auth.js';
import { checkId, fileOrThrow } from '../library.js';
import { readMetadata } from '../metadata.js';
import { VERSION_PARAM } from '../file-object.js';
import { currentVersion } from '../store.js';
import { urlEndpointsOf } from '../account.js';
import { json } from './api.js';

const NOT_FOUND = 'The requested file does not exist or is inaccessible at this time.';

/**
 * `GET /v1/files/{fileId}/metadata` and `GET /v1/metadata?url=` (a URL of one of the
 * account's URL endpoints; nothing else is fetched), Basic auth. Answers the spec's
 * `Metadata`, read from the stored bytes (metadata.ts).
 */
export const metadataRoute: Route = async (req, res, ctx) => {
  if (req.method !== 'GET') return false;
  const { pathname } = ctx.url;
  const byId = /^\/v1\/files\/([^/]+)\/metadata\/?$/.exec(pathname);
  if (!byId && pathname !== '/v1/metadata' && pathname !== '/v1/metadata/') return false;
  requirePrivateKey(req, ctx.options.privateKey);
  const { store } = ctx;
  if (byId) {
    const record = fileOrThrow(store, checkId(byId[1]!, 'fileId'), NOT_FOUND);
    const version = currentVersion(record);
    return json(res, 200, await readMetadata(store.bytesPath(version), version));
  }

  const raw = ctx.url.searchParams.get('url');
  if (!raw) throw new ImageKitError(400, 'Your request is missing url parameter.'); // inferred wording
  const foreign = () => new ImageKitError(400, 'The url should be accessible using your ImageKit.io account.');
  if (!URL.canParse(raw)) throw foreign();
  const url = new URL(raw);
  const endpoint = new URL(ctx.options.urlEndpoint);
  const base = endpoint.pathname.replace(/\/$/, '');
  if (url.origin !== endpoint.origin || !url.pathname.startsWith(`${base}/`)) throw foreign();
  let rest = url.pathname.slice(base.length);
  const prefix = rest.split('/')[1];
  if (prefix && (await urlEndpointsOf(store).prefixes()).includes(prefix)) rest = rest.slice(prefix.length + 1);
  if (rest.startsWith('/tr:') || rest.startsWith('/tr,') || url.searchParams.has('tr')) {
    // Transformed bytes are made on the fly and never stored: the emulator reads stored files only.
    throw new ImageKitError(400, 'The emulator reads the metadata of stored files only: remove the transformation from the url.');
  }
  let filePath: string;
  try {
    filePath = decodeURIComponent(rest);
  } catch {
    throw new ImageKitError(404, NOT_FOUND);
  }
  const record = store.getByPath(filePath);
  if (!record) throw new ImageKitError(404, NOT_FOUND);
  const versionId = url.searchParams.get(VERSION_PARAM);
  const version = versionId ? record.versions.find((v) => v.id === versionId) : currentVersion(record);
  if (!version) throw new ImageKitError(404, NOT_FOUND);
  return json(res, 200, await readMetadata(store.bytesPath(version), version));
};
