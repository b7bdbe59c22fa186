import { ImageKitError } from './http.js';
import { newId } from './ids.js';
import type { FileStore } from './store.js';

/** A purge request, kept in `docs/purge-requests/`. */
export interface PurgeRequest {
  id: string;
  url: string;
  status: 'Pending' | 'Completed';
  createdAt: string;
}

const PURGES = 'purge-requests';

/**
 * Purges have nothing to clear: the emulator keeps no cache and serves every file with
 * `Cache-Control: no-cache`. A purge request is checked (a URL of this account, as ImageKit
 * requires), recorded and `Completed` at once.
 */
export async function createPurge(store: FileStore, url: string): Promise<PurgeRequest> {
  const id = newId();
  const request: PurgeRequest = { id, url, status: 'Completed', createdAt: new Date().toISOString() };
  await store.collection<PurgeRequest>(PURGES).put(request);
  return request;
}

/** `POST /v1/files/purge`'s `url`: an http(s) URL under the URL endpoint (a trailing `*` allowed). */
export function checkPurgeUrl(value: unknown, urlEndpoint: string): string {
  if (value === undefined || value === null || value === '') {
    throw new ImageKitError(400, 'Your request is missing url parameter.'); // inferred wording
  }
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:\/\//i.test(value)) {
    throw new ImageKitError(400, 'The URL is not valid for cache purging.');
  }
  const base = urlEndpoint.replace(/\/+$/, '');
  if (value !== base && !value.startsWith(`${base}/`) && value !== `${base}*`) {
    throw new ImageKitError(400, 'The URL is not valid for cache purging.');
  }
  return value;
}

export async function purgeStatus(store: FileStore, requestId: string): Promise<PurgeRequest | undefined> {
  if (!/^[0-9a-f]{24}$/i.test(requestId)) return undefined;
  return store.collection<PurgeRequest>(PURGES).get(requestId);
}
