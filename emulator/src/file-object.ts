import { currentVersion, type FileRecord, type FileVersion } from './store.js';
import type { CustomMetadataField } from './custom-metadata.js';

/** ImageKit's named transformation for media-library thumbnails. */
export const THUMBNAIL_PREFIX = '/tr:n-ik_ml_thumbnail';

/** `url` of a file: URL endpoint + filePath. */
export function fileUrl(urlEndpoint: string, filePath: string): string {
  return urlEndpoint + filePath;
}

/** `thumbnailUrl` / `thumbnail` of an image: URL endpoint + `/tr:n-ik_ml_thumbnail` + filePath. */
export function thumbnailUrl(urlEndpoint: string, filePath: string): string {
  return urlEndpoint + THUMBNAIL_PREFIX + filePath;
}

/**
 * The file object of seed 002 (media API `FileDetails`): what GET /v1/files and
 * GET /v1/files/{id}/details return for a record's current version.
 */
export function toFileDetails(record: FileRecord, urlEndpoint: string): Record<string, unknown> {
  return toVersionDetails(record, currentVersion(record), urlEndpoint);
}

/** The query parameter ImageKit's URLs of a non-current version carry. */
export const VERSION_PARAM = 'ik-obj-version';

/**
 * One version of a file as `FileDetails`: the current one as `type: 'file'`, any other as
 * `type: 'file-version'` with the metadata it had when it stopped being current and a URL
 * that serves its own bytes (`?ik-obj-version=<versionId>`, as ImageKit's do).
 */
export function toVersionDetails(record: FileRecord, version: FileVersion, urlEndpoint: string): Record<string, unknown> {
  const isCurrent = version === currentVersion(record) || version.id === currentVersion(record).id;
  const meta = (!isCurrent && version.metadata) || record;
  const query = isCurrent ? '' : `?${VERSION_PARAM}=${version.id}`;
  const details: Record<string, unknown> = {
    type: isCurrent ? 'file' : 'file-version',
    name: record.name,
    createdAt: isCurrent ? record.createdAt : version.createdAt,
    updatedAt: isCurrent ? record.updatedAt : (version.updatedAt ?? version.createdAt),
    fileId: record.fileId,
    tags: meta.tags,
    AITags: meta.AITags,
    versionInfo: { id: version.id, name: version.name },
    // The spec's schema: always an object ({} when the bytes carry none).
    embeddedMetadata: version.embeddedMetadata ?? {},
    customCoordinates: meta.customCoordinates,
    customMetadata: meta.customMetadata,
    isPrivateFile: meta.isPrivateFile,
    isPublished: meta.isPublished,
    url: fileUrl(urlEndpoint, record.filePath) + query,
    fileType: version.fileType,
    filePath: record.filePath,
    size: version.size,
    hasAlpha: version.hasAlpha,
    mime: version.mime,
  };
  if (version.fileType === 'image') details.thumbnail = thumbnailUrl(urlEndpoint, record.filePath) + query;
  if (version.width !== undefined) details.width = version.width;
  if (version.height !== undefined) details.height = version.height;
  if (meta.description !== undefined) details.description = meta.description;
  return details;
}

/** The fields `responseFields` can ask the upload API for. */
export const OPTIONAL_UPLOAD_FIELDS = [
  'tags',
  'customCoordinates',
  'isPrivateFile',
  'isPublished',
  'embeddedMetadata',
  'customMetadata',
  'metadata',
  'selectedFieldsSchema',
] as const;
export type OptionalUploadField = (typeof OPTIONAL_UPLOAD_FIELDS)[number];

/**
 * The upload API's response (seed 004, schema `Upload`): always the identity, url and media
 * fields; the optional ones only when listed in `responseFields`.
 */
export function toUploadResponse(
  record: FileRecord,
  urlEndpoint: string,
  responseFields: ReadonlySet<OptionalUploadField> = new Set(),
  /** The live custom metadata fields, for `selectedFieldsSchema` (left out when not given). */
  fields?: readonly CustomMetadataField[],
): Record<string, unknown> {
  const version = currentVersion(record);
  const isImage = version.fileType === 'image';
  const body: Record<string, unknown> = {
    fileId: record.fileId,
    name: record.name,
    size: version.size,
    versionInfo: { id: version.id, name: version.name },
    filePath: record.filePath,
    url: fileUrl(urlEndpoint, record.filePath),
    fileType: version.fileType,
  };
  if (version.height !== undefined) body.height = version.height;
  if (version.width !== undefined) body.width = version.width;
  if (isImage) body.thumbnailUrl = thumbnailUrl(urlEndpoint, record.filePath);
  body.AITags = record.AITags;
  if (record.description !== undefined) body.description = record.description;
  if (responseFields.has('tags')) body.tags = record.tags;
  if (responseFields.has('customCoordinates')) body.customCoordinates = record.customCoordinates;
  if (responseFields.has('isPrivateFile')) body.isPrivateFile = record.isPrivateFile;
  if (responseFields.has('isPublished')) body.isPublished = record.isPublished;
  if (responseFields.has('customMetadata')) body.customMetadata = record.customMetadata;
  if (responseFields.has('embeddedMetadata')) body.embeddedMetadata = version.embeddedMetadata ?? {};
  if (responseFields.has('metadata')) {
    const metadata: Record<string, unknown> = { size: version.size, hasTransparency: version.hasAlpha };
    if (version.height !== undefined) metadata.height = version.height;
    if (version.width !== undefined) metadata.width = version.width;
    const format = version.mime.split('/')[1];
    if (isImage && format) metadata.format = format === 'jpeg' ? 'jpg' : format.replace(/\+xml$/, '');
    body.metadata = metadata;
  }
  if (responseFields.has('selectedFieldsSchema') && fields) body.selectedFieldsSchema = selectedFieldsSchema(fields);
  if (record.extensionStatus) body.extensionStatus = record.extensionStatus;
  return body;
}

/** How many select options `selectedFieldsSchema` lists before it says they are truncated (the spec). */
const MAX_SELECT_OPTIONS = 100;

/**
 * `selectedFieldsSchema` (spec `SelectedFieldsSchema`): the schema of each custom metadata field
 * that applies to the file, by name. Without path policies (the emulator has none) every live
 * field applies, and none is read-only.
 */
export function selectedFieldsSchema(fields: readonly CustomMetadataField[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const field of fields) {
    const { selectOptions, ...rest } = field.schema as unknown as Record<string, unknown> & { selectOptions?: unknown[] };
    const entry: Record<string, unknown> = { ...rest, readOnly: false };
    if (Array.isArray(selectOptions)) {
      entry.selectOptions = selectOptions.slice(0, MAX_SELECT_OPTIONS);
      entry.selectOptionsTruncated = selectOptions.length > MAX_SELECT_OPTIONS;
    }
    out[field.name] = entry;
  }
  return out;
}
