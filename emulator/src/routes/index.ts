import type { Route } from '../router.js';
import { controlRoute } from './control.js';
import { uploadRoute } from './upload.js';
import { uploadV2Route } from './upload-v2.js';
import { serveRoute } from './serve.js';
import { mediaRoute } from './media.js';
import { customMetadataFieldsRoute } from './custom-metadata-fields.js';

/**
 * Every route, tried in this order. API routes (media API, custom metadata fields) go before
 * `serveRoute`, which answers GET/HEAD under the URL endpoint's path.
 */
export const ROUTES: readonly Route[] = [controlRoute, uploadRoute, uploadV2Route, mediaRoute, customMetadataFieldsRoute, serveRoute];
