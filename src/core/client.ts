import { DEFAULT_UPLOAD_ENDPOINT } from './endpoints.js';
import { UploadError } from './errors.js';
import { serializeParams } from './params.js';
import { provide, uploadFile as send, type UploadRequest, type UploadResult } from './xhr.js';

// The XHR client lives in xhr.ts, which imports nothing at run time (the CDN file loads it on demand).
provide({ UploadError, serializeParams });

export { DEFAULT_UPLOAD_ENDPOINT, DEFAULT_UPLOAD_ENDPOINT_V2 } from './endpoints.js';
export { buildUploadForm, DEFAULT_STALL_TIMEOUT_MS, type UploadRequest, type UploadResult } from './xhr.js';

/** Sends one upload over XHR (fetch cannot report upload progress) and maps every failure to an `UploadError`. */
export function uploadFile(request: UploadRequest): Promise<UploadResult> {
  return send({ ...request, endpoint: request.endpoint || DEFAULT_UPLOAD_ENDPOINT });
}
