import type { Route } from '../router.js';
import { controlRoute } from './control.js';
import { uploadRoute } from './upload.js';
import { uploadV2Route } from './upload-v2.js';
import { serveRoute } from './serve.js';
import { mediaRoute } from './media.js';
import { customMetadataFieldsRoute } from './custom-metadata-fields.js';
import { filesRoute } from './files.js';
import { versionsRoute } from './versions.js';
import { bulkRoute } from './bulk.js';
import { foldersRoute } from './folders.js';
import { metadataRoute } from './metadata.js';
import { purgeRoute } from './purge.js';
import { savedExtensionsRoute } from './saved-extensions.js';
import { namedTransformationsRoute } from './named-transformations.js';
import { accountRoute } from './account.js';
import { withDelivery } from './delivery.js';

/**
 * Every route, tried in this order. The media API's fixed paths (`/v1/files/copy`, ...) go
 * before `mediaRoute`, whose `/v1/files/{fileId}` would take them for ids; every API route goes
 * before the file server, which answers GET/HEAD under the URL endpoint's path.
 */
export const ROUTES: readonly Route[] = [
  controlRoute,
  uploadRoute,
  uploadV2Route,
  filesRoute,
  bulkRoute,
  purgeRoute,
  versionsRoute,
  metadataRoute,
  mediaRoute,
  customMetadataFieldsRoute,
  foldersRoute,
  savedExtensionsRoute,
  namedTransformationsRoute,
  accountRoute,
  withDelivery(serveRoute),
];
