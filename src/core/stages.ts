import type { Authorization } from './auth.js';
import type { UploadRequest, UploadResult } from './client.js';
import { DEFAULT_UPLOAD_ENDPOINT, DEFAULT_UPLOAD_ENDPOINT_V2 } from './endpoints.js';
import { UploadError } from './errors.js';
import { InvalidJson, keptFolder, mergeParams, RESPONSE_FIELDS, serializeParams } from './params.js';
import type { ResizeOptions, ResizeResult } from './resize/types.js';
import { restrictions, rejection, type FileRules, type Rejection } from './restrictions.js';
import { UPLOAD_PARAM_NAMES, type AuthParams, type Authenticator, type UploadApi, type UploadParams, type UploadPayload } from './types.js';

/** Upload parameters for one file, plus `resize` to change the resize options for it (`false`: send it as is). */
export type FileParams = UploadParams & { resize?: ResizeOptions | false };

/** Per-file parameters, or `false` to skip the file; runs once, as the file's first attempt starts. */
export type BeforeUpload = (file: File) => FileParams | false | void | Promise<FileParams | false | void>;

/** Turns a file into what is sent (after resizing), once before its first attempt. */
export type Prepare = (file: File, signal: AbortSignal) => Blob | Promise<Blob>;

/** What the stages read, each by the name of the element property that sets it. */
export interface StageOptions extends FileRules {
  publicKey?: string;
  /** `v2`: each attempt's JWT token signs every parameter, and exactly what it signs is sent. */
  uploadApi?: UploadApi;
  /** Default: ImageKit's endpoint of the upload API in use. */
  uploadEndpoint?: string;
  /** v1: GET for `{ token, expire, signature }`; v2: POST `{ uploadPayload, expire, publicKey }` for `{ token }`; once per attempt. */
  authEndpoint?: string;
  /** Used instead of `authEndpoint` when set; called once per attempt. */
  authenticator?: Authenticator;
  /** How long auth may take, in ms. */
  authTimeout?: number;
  /** No progress for this many ms aborts the attempt as stalled. */
  stallTimeout?: number;
  /** Parameters for every file; a file's own and then `beforeUpload`'s answer are merged over them. */
  uploadParams?: UploadParams;
  beforeUpload?: BeforeUpload;
  prepare?: Prepare;
  /** Images are shrunk to fit these before upload (loaded on demand). */
  resizeOptions?: ResizeOptions;
  /** A file from a dropped folder goes to `folder` + its path inside the drop. */
  keepFolders?: boolean;
  /** Replaceable for tests and custom transports; defaults to the XHR client. */
  transport?: (request: UploadRequest) => Promise<UploadResult>;
  /** Replaceable v1 auth; defaults to `authenticator` or `authEndpoint`. */
  auth?: (signal: AbortSignal) => Promise<AuthParams>;
}

/** One file's context through its stages: what each stage learns of it stays with it. */
export interface FileContext {
  readonly file: File;
  /** Where the file sat in a dropped folder ("photos/2024/a.png"); '' for a loose file. */
  readonly path: string;
  /** A link ImageKit fetches itself (sent as the upload's `file`); `file` is then an empty stand-in named after it. */
  readonly url?: string;
  /** Parameters for this file alone (set by a UI before upload), over the element's; `beforeUpload` has the last word. */
  own?: FileParams;
  /** The parameters it is sent with, once prepared. */
  params?: UploadParams;
  /** Its own resize options, from `beforeUpload`. */
  resize?: ResizeOptions | false;
  /** What the resizer did, once it ran. */
  resized?: ResizeResult;
  /** What is sent, once prepared. */
  sent?: File;
}

/** A percent-encoded URL segment as text; with a stray "%", as written. */
export const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const resizeFor = (ctx: FileContext, opts: StageOptions): ResizeOptions => {
  const own = ctx.resize ?? ctx.own?.resize;
  // No copy when the file has none of its own: add() asks this of every file listed.
  return own === false ? {} : own ? { ...opts.resizeOptions, ...own } : opts.resizeOptions ?? {};
};

// As resize/options.ts's hasResizeOptions, inline: importing that module would pull it out of its chunk into the CDN file.
const mayResize = (file: File, o: ResizeOptions) => (o.width ?? o.height ?? o.quality ?? o.type) !== undefined && /^image\/(?!svg)/i.test(file.type);

/** Whether the file will change before it is sent (resized, or by `prepare`): then its size is checked on what is sent. */
export const changesBeforeSend = (ctx: FileContext, opts: StageOptions): boolean =>
  Boolean(opts.prepare) || mayResize(ctx.file, resizeFor(ctx, opts));

/** The size an image measured at `size` will be stored at, for the dimension limits. */
export async function storedSize(ctx: FileContext, opts: StageOptions, size: { width: number; height: number }) {
  const options = resizeFor(ctx, opts);
  if (!mayResize(ctx.file, options)) return size;
  const [{ inspectFile }, { fitInside }] = await Promise.all([import('./resize/inspect.js'), import('./resize/options.js')]);
  // Animated images and SVGs are sent as they are.
  return (await inspectFile(ctx.file)).kind === 'raster' ? fitInside(size.width, size.height, options) : size;
}

/**
 * Stage `preparing`: `beforeUpload`, the parameters and their checks, resizing, `prepare`, and the
 * size of what will be sent. Runs until it has succeeded once; returns why the file is refused, if it is.
 */
export async function prepare(ctx: FileContext, opts: StageOptions, signal: AbortSignal): Promise<Rejection | null> {
  if (!ctx.params) {
    const answer = await beforeUpload(ctx, opts);
    if (answer === false) return rejection(ctx.file, 'skipped');
    const { resize, ...own } = answer ?? {};
    const { resize: _, ...set } = ctx.own ?? {};
    const params = mergeParams(mergeParams(opts.uploadParams ?? {}, set), own);
    if (opts.keepFolders && ctx.path) params.folder = keptFolder(ctx.path, params.folder);
    const link = ctx.url && (await restrictions.link(ctx, opts));
    if (typeof link == 'object') return link;
    if (link) params.checks = params.checks ? `(${params.checks}) AND ${link}` : link;
    // Loaded on demand: with no parameters there is nothing to check (and the CDN file has a size budget).
    const problem = Object.keys(params).length
      ? (await import('./param-checks.js')).paramProblem(params, { names: UPLOAD_PARAM_NAMES, responseFields: RESPONSE_FIELDS, InvalidJson })
      : undefined;
    if (problem) throw new UploadError('invalid-parameter', problem);
    aborted(signal);
    if (resize !== undefined) ctx.resize = resize;
    ctx.params = params;
  }
  if (!ctx.sent) {
    let sent = ctx.file;
    let resized: ResizeResult | undefined;
    try {
      const options = resizeFor(ctx, opts);
      if (mayResize(sent, options)) {
        resized = await (await import('./resize/index.js')).resizeImage(sent, options, signal);
        sent = resized.file;
      }
      if (opts.prepare && !ctx.url) sent = asFile(await opts.prepare(sent, signal), ctx.file.name);
    } catch (err) {
      aborted(signal);
      if (err instanceof UploadError) throw err;
      throw new UploadError('file-rejected', `"${ctx.file.name}" could not be prepared for upload: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    // The file's own coordinates are in the picked image's pixels: scaled to the resized one (loaded on demand).
    const own = ctx.own;
    const scale = resized?.resized && (own?.customCoordinates || own?.transformation?.pre) && (await import('./coordinates.js')).scaledToSent;
    aborted(signal); // a canceled attempt's late result must not become the next attempt's file
    ctx.resized = resized;
    const tooLarge = restrictions.sent(ctx.file, sent, opts);
    if (tooLarge) return tooLarge;
    if (scale) ctx.params = scale(ctx.params!, own!, resized!);
    ctx.sent = sent;
  }
  return null;
}

async function beforeUpload(ctx: FileContext, opts: StageOptions): Promise<FileParams | false | void> {
  let answer: FileParams | false | void;
  try {
    answer = await opts.beforeUpload?.(ctx.file);
  } catch (err) {
    throw new UploadError('invalid-parameter', `beforeUpload failed for "${ctx.file.name}": ${err instanceof Error ? err.message : String(err)}`);
  }
  if (answer !== undefined && answer !== false && (typeof answer !== 'object' || answer === null || Array.isArray(answer))) {
    throw new UploadError('invalid-parameter', `beforeUpload must return upload parameters, false or nothing; it returned ${typeof answer}.`);
  }
  return answer;
}

function asFile(prepared: unknown, name: string): File {
  if (!(prepared instanceof Blob)) throw new TypeError(`prepare returned ${typeof prepared}, not a File`);
  return prepared instanceof File ? prepared : new File([prepared], name, { type: prepared.type });
}

/** Stage `authorizing`: fresh, single-use auth for one attempt (for v2, a token signing this file's parameters). */
export async function authorize(ctx: FileContext, opts: StageOptions, signal: AbortSignal): Promise<Authorization> {
  if (!opts.publicKey) {
    throw new UploadError('auth-failed', 'No public key: set the public-key attribute (your ImageKit public key) before uploading.');
  }
  if (opts.auth && opts.uploadApi !== 'v2') return { api: 'v1', params: await opts.auth(signal) };
  const { authorizeAttempt } = await load(() => import('./auth.js'), 'auth client');
  if (opts.uploadApi === 'v2') return authorizeAttempt('v2', source(opts, signal), payloadOf(ctx), opts.publicKey);
  return authorizeAttempt('v1', source(opts, signal));
}

/**
 * A part of the engine loaded with the first upload (the CDN file has a size budget). A chunk that
 * cannot be fetched (offline, say) fails the attempt as a lost connection, which is retried.
 */
async function load<T>(chunk: () => Promise<T>, what: string): Promise<T> {
  try {
    return await chunk();
  } catch (cause) {
    throw new UploadError('network', `The uploader's ${what} could not be loaded: ${cause}`, { retryable: true, cause });
  }
}

const source = (opts: StageOptions, signal: AbortSignal) => ({ authenticator: opts.authenticator, authEndpoint: opts.authEndpoint, timeoutMs: opts.authTimeout, signal });

/** The parameters a v2 token is asked to sign: every one set for the file, as the strings the form carries. */
function payloadOf(ctx: FileContext): UploadPayload {
  const { fileName = ctx.sent!.name, ...params } = ctx.params!;
  return Object.fromEntries(serializeParams({ ...params, fileName })) as UploadPayload;
}

/** Stage `uploading`: the multipart POST, with progress. */
export async function upload(ctx: FileContext, auth: Authorization, opts: StageOptions, signal: AbortSignal, onProgress: (loaded: number, total: number) => void): Promise<UploadResult> {
  const sent = ctx.sent!;
  const { fileName = sent.name, ...params } = ctx.params!;
  if (!fileName) throw new UploadError('invalid-parameter', 'fileName: the file has no name; set fileName for it in beforeUpload.');
  return (opts.transport ?? (await xhr()))({
    file: sent,
    url: ctx.url,
    fileName,
    params,
    publicKey: opts.publicKey!,
    auth,
    endpoint: opts.uploadEndpoint || (opts.uploadApi === 'v2' ? DEFAULT_UPLOAD_ENDPOINT_V2 : DEFAULT_UPLOAD_ENDPOINT),
    stallTimeout: opts.stallTimeout,
    signal,
    onProgress,
  });
}

/**
 * The XHR client, loaded with the first upload (the CDN file has a size budget), with what it needs
 * of the engine handed over. A chunk that cannot be fetched (offline, say) fails the attempt as a
 * lost connection, which is retried.
 */
async function xhr() {
  const client = await load(() => import('./xhr.js'), 'XHR client');
  client.provide({ UploadError, serializeParams });
  return client.uploadFile;
}

/** The tokens one queue has sent: ImageKit takes each once, so one that comes back is refused before it is sent. */
export class TokenLedger {
  readonly #used = new Set<string>();

  take(token: string): void {
    if (this.#used.has(token)) {
      throw new UploadError(
        'auth-failed',
        'The auth source returned a token it had returned before, but ImageKit accepts each token once. ' +
          'It must sign fresh parameters for every request; check that its answer is not cached.',
      );
    }
    this.#used.add(token);
    if (this.#used.size > 10_000) this.#used.delete(this.#used.values().next().value!);
  }
}

function aborted(signal: AbortSignal) {
  if (signal.aborted) throw new UploadError('canceled', 'The upload was canceled.');
}
