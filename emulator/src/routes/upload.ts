import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestContext, Route } from '../router.js';
import { declaredLength, EarlyRefusal, ImageKitError, sendJson } from '../http.js';
import { authenticateUpload, requirePrivateKey } from '../auth.js';
import { drain, parseUploadForm } from '../multipart.js';
import { FILE_MISSING, FILE_TOO_LARGE, resolveFileBytes } from '../file-source.js';
import { parseUploadParams, type UploadParams } from '../upload-params.js';
import { sanitizeFileName, withUniqueSuffix } from '../names.js';
import { inspectBytes } from '../inspect.js';
import { checkTransformationFits } from '../transformation.js';
import { afterUpload, extensionsNow, prepareTransformations, type Prepared } from '../upload-effects.js';
import { applyResults, pendingStatus, type ExtensionResult } from '../extensions-run.js';
import { toUploadResponse } from '../file-object.js';
import { StoreError, type FileMetadata, type FileRecord, type FileStore, type MediaInfo, type SpentToken } from '../store.js';
import { customMetadataFieldsOf } from '../custom-metadata-fields-store.js';
import { expandSavedExtensionsField } from '../saved-extensions.js';
import { validateCustomMetadata } from '../custom-metadata.js';
import type { Fault } from '../faults.js';
import { checkFactsFor, enforceChecks, parseChecks, type Checks } from '../checks.js';
import type { CustomMetadataFieldType } from '../custom-metadata.js';

export const UPLOAD_PATH = '/api/v1/files/upload';

const MAX_FIELDS = 100;
const MAX_FIELD_BYTES = 256 * 1024;

/** The largest text (base64) `file` field: 4/3 of the bytes, plus room for line breaks and a data-URI prefix. */
const textBytesFor = (maxFileSize: number) => Math.ceil(((maxFileSize * 4) / 3) * 1.05) + 1024;

/**
 * Checks who may upload, from the request and its form fields (every field but `file`), before
 * anything is stored; throws ImageKitError with ImageKit's status and message.
 */
export type UploadAuthenticator = (req: IncomingMessage, fields: ReadonlyMap<string, string>, ctx: RequestContext) => Promise<void>;

/**
 * Checks what it can of who may upload when the file part begins, from the fields sent before
 * it, so that an upload refused then has none of its file stored: `done` when that settled it
 * (the full check is then skipped), `later` when the full check must still run on every field.
 * Throws ImageKitError to refuse.
 */
export type EarlyAuthenticator = (req: IncomingMessage, fieldsSoFar: ReadonlyMap<string, string>, ctx: RequestContext) => Promise<'done' | 'later'>;

const hasBasicAuth = (req: IncomingMessage) => /^Basic\s/i.test(req.headers.authorization ?? '');
const V1_AUTH_FIELDS = ['publicKey', 'signature', 'token', 'expire'] as const;

const v1Fields = (fields: ReadonlyMap<string, string>) => ({
  publicKey: fields.get('publicKey'),
  signature: fields.get('signature'),
  token: fields.get('token'),
  expire: fields.get('expire'),
});

/** `POST /api/v1/files/upload`: ImageKit's upload API v1 (seed 004). */
export const uploadRoute: Route = createUploadRoute(
  UPLOAD_PATH,
  async (req, fields, ctx) => {
    await authenticateUpload(req, v1Fields(fields), ctx.options, ctx.tokens);
  },
  async (req, fields, ctx) => {
    // All four signature fields before the file: the whole check (the token is spent once, here).
    if (V1_AUTH_FIELDS.every((name) => fields.has(name))) {
      await authenticateUpload(req, v1Fields(fields), ctx.options, ctx.tokens);
      return 'done';
    }
    // Basic auth alone so far: a wrong key is refused now; signature fields may still follow.
    if (hasBasicAuth(req) && !V1_AUTH_FIELDS.some((name) => fields.has(name))) requirePrivateKey(req, ctx.options.privateKey);
    return 'later';
  },
);

/**
 * An upload route at `path`: the pipeline every upload API version shares (faults, rate limit,
 * form, parameters, checks, bytes, store), with the version's own authentication.
 */
export function createUploadRoute(path: string, authenticate: UploadAuthenticator, early?: EarlyAuthenticator): Route {
  return (req, res, ctx) => handleUpload(path, authenticate, early, req, res, ctx);
}

/** Room for every field but `file` in a body whose declared size is checked before it is read. */
const FIELDS_ALLOWANCE = 4 * 1024 * 1024;

async function handleUpload(
  path: string,
  authenticate: UploadAuthenticator,
  early: EarlyAuthenticator | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
): Promise<boolean> {
  if (ctx.url.pathname !== path) return false;
  if (req.method !== 'POST') {
    await drain(req);
    throw new ImageKitError(405, 'Use POST to upload.', { Allow: 'POST, OPTIONS' });
  }
  ctx.stats.uploadsReceived++;
  // Refusals before a byte of the body is read, answered at once (the rest is then thrown away unread).
  const { maxConcurrentUploads } = ctx.options;
  if (ctx.stats.uploadsInFlight >= maxConcurrentUploads) {
    ctx.stats.uploadsFailed++;
    throw new EarlyRefusal(429, `Too many uploads at once: the emulator takes ${maxConcurrentUploads} at a time (maxConcurrentUploads). Retry after the time in X-RateLimit-Reset.`, {
      'X-RateLimit-Limit': String(maxConcurrentUploads),
      'X-RateLimit-Reset': '1000',
      'X-RateLimit-Interval': '1000',
    });
  }
  const declared = declaredLength(req);
  if (declared !== undefined && declared > Math.max(ctx.options.maxFileSize, textBytesFor(ctx.options.maxFileSize)) + FIELDS_ALLOWANCE) {
    ctx.stats.uploadsFailed++;
    throw new EarlyRefusal(413, FILE_TOO_LARGE);
  }
  ctx.stats.uploadsInFlight++;
  try {
    return await handleCounted(authenticate, early, req, res, ctx);
  } finally {
    ctx.stats.uploadsInFlight--;
  }
}

async function handleCounted(
  authenticate: UploadAuthenticator,
  early: EarlyAuthenticator | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
): Promise<boolean> {
  const fault = ctx.faults.take();
  if (fault) {
    ctx.stats.faultsApplied++;
    if (fault.delayMs) await sleep(fault.delayMs);
    if (await applyFault(fault, req, res)) return true;
  }
  try {
    ctx.rateLimiter.hit();
  } catch (error) {
    await drain(req);
    throw error;
  }

  // Where the upload writes bytes: fresh paths in blobs/, one of which its record takes; the
  // others, and all of them if it fails, are removed at the end.
  const drafts: string[] = [];
  const draft = () => {
    const path = ctx.store.draftBlob();
    drafts.push(path);
    return path;
  };
  try {
    const record = await receive(req, ctx, draft, authenticate, early);
    await ctx.tokens.durable(req); // the token it spent is on disk: its record line carried it
    const { warnings } = record.prepared;
    if (warnings.length > 0) {
      console.warn(`[ik-emulator] upload ${ctx.requestId} (${record.stored.filePath}): ${warnings.join('; ')}`);
      res.setHeader('x-ik-emulator-warning', headerText(warnings.join('; ')));
    }
    if (fault?.mode === 'lose-response') {
      req.socket.destroy(); // stored, but the client never hears so
    } else {
      const fields = record.params.responseFields.has('selectedFieldsSchema') ? await customMetadataFieldsOf(ctx.store).activeFields() : undefined;
      sendJson(res, 200, toUploadResponse(record.stored, ctx.options.urlEndpoint, record.params.responseFields, fields));
    }
    afterUpload(ctx, ctx.requestId, record.stored, record.params, record.prepared);
    return true;
  } catch (error) {
    ctx.stats.uploadsFailed++;
    await ctx.tokens.durable(req).catch(() => undefined); // a token spent by a failed upload stays spent, too
    throw error;
  } finally {
    await ctx.store.dropDrafts(drafts);
  }
}

/** Reads, authenticates, validates and stores one upload. */
async function receive(
  req: IncomingMessage,
  ctx: RequestContext,
  draft: () => string,
  authenticate: UploadAuthenticator,
  early: EarlyAuthenticator | undefined,
): Promise<{ stored: FileRecord; params: UploadParams; prepared: Prepared }> {
  const { maxFileSize } = ctx.options;
  let authenticated = false;
  const form = await parseUploadForm(req, draft, {
    binaryBytes: maxFileSize,
    textBytes: textBytesFor(maxFileSize),
    fieldBytes: MAX_FIELD_BYTES,
    fields: MAX_FIELDS,
    idleMs: ctx.options.idleTimeoutMs,
    ...(early && {
      beforeFile: async (fieldsSoFar: ReadonlyMap<string, string>) => {
        authenticated = (await early(req, fieldsSoFar, ctx)) === 'done';
      },
    }),
  });
  const { fields } = form;
  if (!authenticated) await authenticate(req, fields, ctx);
  if (!form.file) throw new ImageKitError(400, FILE_MISSING);
  // After auth, which checks the fields as sent: a saved extension becomes its config.
  await expandSavedExtensionsField(ctx.store, fields);
  const params = parseUploadParams(fields);
  const checksText = fields.get('checks');
  const checks = checksText?.trim() ? parseChecks(checksText) : undefined;
  const bytes = await resolveFileBytes(form.file, draft, maxFileSize, ctx.options.allowPrivateUrls);
  const original = await inspectBytes(bytes.path, bytes.size, params.fileName, bytes.path === form.file.path ? form.file.head : undefined);
  checkTransformationFits(params.transformation, original);
  const prepared = await prepareTransformations(params, original, bytes.path, draft);
  const { media, bytesPath } = prepared;
  // After the pre-transformation: checks judge the file as it would be stored.
  if (checks) enforceChecks(checks, checkFactsFor(params, media, await customMetadataTypes(ctx.store, checks)));
  const extensions = await extensionsNow(params, prepared);
  // The record's line carries the token the upload spent: one durable write saves both.
  const stored = await commit(ctx, params, media, bytesPath, extensions, ctx.tokens.toCarry(req));
  ctx.tokens.carried(req);
  ctx.stats.uploadsStored++;
  return { stored, params, prepared };
}

/** The defined custom metadata fields' types, read only when the checks name one. */
async function customMetadataTypes(store: FileStore, checks: Checks): Promise<Map<string, CustomMetadataFieldType>> {
  if (checks.customMetadataFields.length === 0) return new Map();
  const fields = await customMetadataFieldsOf(store).activeFields();
  return new Map(fields.map((f) => [f.name, f.schema.type]));
}

/** Stores the bytes under the requested path, as a new file or a new version of the file there. */
async function commit(
  ctx: RequestContext,
  params: UploadParams,
  media: MediaInfo,
  bytesPath: string,
  extensions: ExtensionResult[] | undefined,
  spent: SpentToken | undefined,
): Promise<FileRecord> {
  const baseName = sanitizeFileName(params.fileName);
  if (!params.useUniqueFileName) return commitAt(ctx.store, params, baseName, media, bytesPath, extensions, spent);
  // A fresh suffix is taken by another file about once in 64^9 tries; then simply draw again.
  for (;;) {
    try {
      return await commitAt(ctx.store, params, withUniqueSuffix(baseName), media, bytesPath, extensions, spent, true);
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'path-taken')) throw error;
    }
  }
}

async function commitAt(
  store: FileStore,
  params: UploadParams,
  name: string,
  media: MediaInfo,
  bytesPath: string,
  extensions: ExtensionResult[] | undefined,
  spent: SpentToken | undefined,
  mustBeNew = false,
): Promise<FileRecord> {
  const filePath = params.folder + name;
  return store.withPathLock(filePath, async () => {
    const existing = store.getByPath(filePath);
    if (existing && mustBeNew) throw new StoreError('path-taken', `a file already exists at ${filePath}`);
    if (existing && !params.overwriteFile) {
      throw new ImageKitError(
        400,
        'A file with the same name already exists at the exact location. We could not overwrite it because both overwriteFile and useUniqueFileName are set to false.',
      );
    }
    const metadata = metadataFor(params, existing, await customMetadataFor(store, params, existing), extensions);
    if (!existing) return store.create({ name, filePath, ...metadata }, media, bytesPath, spent);
    try {
      return await store.addVersion(existing.fileId, metadata, media, bytesPath, spent);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'too-many-versions') {
        throw new ImageKitError(400, 'The file could not be uploaded because it already has the maximum of 100 versions.');
      }
      throw error;
    }
  });
}

/**
 * `customMetadata` checked against the fields defined through the custom metadata fields API.
 * Sent values replace the old ones; without any, seed 004's overwriteCustomMetadata decides
 * whether the old ones stay. Required fields left empty take their default value.
 */
async function customMetadataFor(store: FileStore, params: UploadParams, existing: FileRecord | undefined) {
  const fields = await customMetadataFieldsOf(store).activeFields();
  const result =
    params.customMetadata !== undefined
      ? validateCustomMetadata(fields, params.customMetadata)
      : validateCustomMetadata(fields, {}, existing && !params.overwriteCustomMetadata ? existing.customMetadata : {});
  if (!result.ok) throw new ImageKitError(result.status, result.message);
  return result.value;
}

/** The metadata a new file or version gets: the request's values, and seed 004's overwrite rules. */
function metadataFor(
  params: UploadParams,
  existing: FileRecord | undefined,
  customMetadata: Record<string, unknown>,
  extensions: ExtensionResult[] | undefined,
): FileMetadata {
  const metadata: FileMetadata = {
    tags: params.tags ?? (existing && !params.overwriteTags ? existing.tags : null),
    AITags: existing && !params.overwriteAITags ? existing.AITags : null,
    customCoordinates: params.customCoordinates,
    customMetadata,
    isPrivateFile: params.isPrivateFile,
    isPublished: params.isPublished,
  };
  if (params.description !== undefined) metadata.description = params.description;
  // Set even when undefined, so a new version does not keep the last upload's statuses.
  metadata.extensionStatus = extensions ? undefined : pendingStatus(params.extensions);
  if (extensions) applyResults(metadata, extensions);
  return metadata;
}

/** Applies an injected fault. Returns true when it answered (or cut) the request itself. */
async function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  switch (fault.mode) {
    case 'status':
      await drain(req);
      if (typeof fault.body === 'string') res.writeHead(fault.status, fault.headers).end(fault.body);
      else sendJson(res, fault.status, fault.body, fault.headers);
      return true;
    case 'drop-before-response':
      // Wait until the body is on its way, so the client sees the connection die mid-upload.
      await new Promise<void>((done) => {
        req.once('data', () => done());
        req.once('end', () => done());
        req.once('close', () => done());
      });
      req.socket.destroy();
      return true;
    case 'stall':
      req.pause(); // read nothing more and never answer; close() or the client ends it
      return true;
    default:
      return false; // 'delay' and 'lose-response' go on with the upload
  }
}

/** A header value from free text: printable ASCII only, at most 2000 characters. */
function headerText(text: string): string {
  const ascii = text.replace(/×/g, 'x').replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > 2000 ? `${ascii.slice(0, 1997)}...` : ascii;
}
