/** ImageKit's file object, as the upload API returns it (seed 004) and the media API describes it (seed 002). */
export interface ImageKitFile {
  fileId: string;
  name: string;
  filePath: string;
  url: string;
  size: number;
  fileType: 'image' | 'non-image' | (string & {});
  versionInfo: { id: string; name: string };
  AITags: Array<{ name: string; confidence: number; source: string }> | null;
  thumbnailUrl?: string;
  height?: number;
  width?: number;
  bitRate?: number;
  duration?: number;
  audioCodec?: string;
  videoCodec?: string;
  tags?: string[] | null;
  isPrivateFile?: boolean;
  isPublished?: boolean;
  customCoordinates?: string | null;
  customMetadata?: Record<string, unknown>;
  embeddedMetadata?: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
  extensionStatus?: Record<string, 'success' | 'pending' | 'failed'>;
  description?: string;
  /** Media API fields (seed 002); the upload response does not carry them. */
  type?: 'file' | 'file-version' | 'folder';
  mime?: string;
  hasAlpha?: boolean;
  createdAt?: string;
  updatedAt?: string;
  [key: string]: unknown;
}

/** What an auth endpoint or authenticator gives for one upload attempt. */
export interface AuthParams {
  token: string;
  expire: number;
  signature: string;
}

/** Upload API V2: the parameters a token signs, each as the string the form carries (all but `file` and `token`). */
export type UploadPayload = { fileName: string } & Record<string, string>;

/** What an auth source gives for one V2 upload attempt: a JWT whose payload is the parameters to send. */
export interface UploadToken {
  token: string;
}

/**
 * Returns fresh auth for one attempt: `{ token, expire, signature }` for upload API v1; for v2 it
 * is called with the attempt's `uploadPayload` and returns `{ token }`.
 */
export type Authenticator = (uploadPayload?: UploadPayload) => AuthParams | UploadToken | Promise<AuthParams | UploadToken>;

/** ImageKit's upload API: `v1` signs token and expire; `v2`'s JWT token signs every parameter. */
export type UploadApi = 'v1' | 'v2';

export type ResponseField =
  | 'tags'
  | 'customCoordinates'
  | 'isPrivateFile'
  | 'embeddedMetadata'
  | 'isPublished'
  | 'customMetadata'
  | 'metadata'
  | 'selectedFieldsSchema';

export type Extension = { name: string; [key: string]: unknown };

export interface PostTransformation {
  type: 'transformation' | 'gif-to-video' | 'thumbnail' | 'abs';
  value?: string;
  protocol?: 'hls' | 'dash';
}

export interface UploadTransformation {
  pre?: string;
  post?: PostTransformation[];
}

/** Every parameter of ImageKit's upload API (seed 004, plus `checks` and `description`), as camelCase. */
export interface UploadParams {
  fileName?: string;
  useUniqueFileName?: boolean;
  /** An array, or a comma-separated string as the API takes it. */
  tags?: string[] | string;
  folder?: string;
  isPrivateFile?: boolean;
  isPublished?: boolean;
  /** `x,y,width,height` */
  customCoordinates?: string;
  /** An array, or a comma-separated string as the API takes it. */
  responseFields?: ResponseField[] | string;
  extensions?: Extension[];
  webhookUrl?: string;
  overwriteFile?: boolean;
  overwriteAITags?: boolean;
  overwriteTags?: boolean;
  overwriteCustomMetadata?: boolean;
  customMetadata?: Record<string, unknown>;
  transformation?: UploadTransformation;
  checks?: string;
  description?: string;
}

/** The names of every upload parameter, in the order they are sent. */
export const UPLOAD_PARAM_NAMES = [
  'fileName',
  'useUniqueFileName',
  'tags',
  'folder',
  'isPrivateFile',
  'isPublished',
  'customCoordinates',
  'responseFields',
  'extensions',
  'webhookUrl',
  'overwriteFile',
  'overwriteAITags',
  'overwriteTags',
  'overwriteCustomMetadata',
  'customMetadata',
  'transformation',
  'checks',
  'description',
] as const satisfies ReadonlyArray<keyof UploadParams>;

/** Stable error codes: a UI can switch on them, the message is for people. */
export type UploadErrorCode =
  | 'auth-failed'
  | 'network'
  | 'rate-limited'
  | 'server'
  | 'invalid-request'
  | 'invalid-parameter'
  | 'file-exists'
  | 'timeout'
  | 'canceled'
  | 'invalid-response'
  | 'file-rejected';

/** Why a file was refused before upload. */
export type RejectionCode =
  | 'file-too-large'
  | 'file-type'
  | 'too-many-files'
  | 'image-too-narrow'
  | 'image-too-short'
  | 'image-too-wide'
  | 'image-too-tall'
  | 'duplicate'
  | 'total-too-large'
  | 'invalid-url'
  | 'skipped';

/**
 * Where a file is: `waiting` (listed, held until `start()`), `queued` (due to start), then the
 * stages `preparing` (hook, checks, resize) → `authorizing` → `uploading`, and one of the ends.
 * `rejected` files failed a check before any byte was sent.
 */
export type UploadState = 'waiting' | 'queued' | 'preparing' | 'authorizing' | 'uploading' | 'done' | 'failed' | 'canceled' | 'rejected';

/** `auto`: each file starts as it is added; `manual`: files wait for `start()`; `submit`: for their form's submit. */
export type UploadMode = 'auto' | 'manual' | 'submit';

export interface UploadErrorDetail {
  code: UploadErrorCode;
  message: string;
  status?: number;
  help?: string;
  requestId?: string;
}
