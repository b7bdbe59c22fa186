import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { BeforeUpload, Prepare } from '../core/stages.js';
import { UPLOAD_PARAM_NAMES, type Authenticator, type Extension, type ResponseField, type UploadApi, type UploadMode, type UploadParams, type UploadTransformation } from '../core/types.js';
import type { ResizeOptions } from '../core/resize/types.js';
import type { IkStrings } from './strings.js';
import type { RestoreLimits } from './restore.js';
import { byteSize, jsonAttribute, optionalBoolean, optionalInteger, optionalNumber, optionalString } from './converters.js';

/**
 * Every reactive property of `<ik-uploader>`, each with its attribute spelled out. The queue reads
 * them by these same names (see UploadQueueOptions), so nothing is renamed on the way.
 */
export class UploaderProperties extends LitElement {
  /** Your ImageKit public key. */
  @property({ attribute: 'public-key' }) publicKey = '';
  /** A URL the element GETs for `{ token, expire, signature }` (v2: POSTs `{ uploadPayload, expire, publicKey }` for `{ token }`), once per upload attempt. */
  @property({ attribute: 'auth-endpoint' }) authEndpoint?: string;
  /** Returns `{ token, expire, signature }` (v2: called with the `uploadPayload`, returns `{ token }`); used instead of `auth-endpoint` when set. */
  @property({ attribute: false }) authenticator?: Authenticator;
  /** `v1` (default) or `v2`: ImageKit's upload API V2, whose JWT token signs every upload parameter. */
  @property({ attribute: 'upload-api' }) uploadApi: UploadApi = 'v1';
  /** Where files are POSTed; default: ImageKit's endpoint of the upload API in use. */
  @property({ attribute: 'upload-endpoint', converter: optionalString }) uploadEndpoint?: string;
  /** When files upload: `auto` (as they are added), `manual` (on `startUpload()` or the Upload button), `submit` (with their form). */
  @property({ attribute: 'upload' }) upload: UploadMode = 'auto';
  /** Largest file accepted, in bytes (the attribute also takes "5MB", "500KB"). */
  @property({ attribute: 'max-file-size', converter: byteSize }) maxFileSize?: number;
  /** Accepted types, as on `<input type=file>`. */
  @property({ attribute: 'accept', converter: optionalString }) accept?: string;
  /** Allow more than one file at a time. */
  @property({ attribute: 'multiple', type: Boolean, reflect: true }) multiple = false;
  /** Most files in the list. */
  @property({ attribute: 'max-files', converter: optionalInteger }) maxFiles?: number;
  /** Most bytes in the list, all files together (the attribute also takes "50MB"). */
  @property({ attribute: 'max-total-size', converter: byteSize }) maxTotalSize?: number;
  /** A file already listed (same name, size, modification time and folder path; a link: the same URL) may be added again. */
  @property({ attribute: 'allow-duplicates', type: Boolean }) allowDuplicates = false;
  /** The ways offered to add files, space-separated: `device` (pick, drop, paste), `url` (a field for links), `camera`. */
  @property({ attribute: 'sources' }) sources = 'device';
  /** Keeps the files not yet uploaded across a reload (in IndexedDB); the value names the list when a page has several. */
  @property({ attribute: 'restore' }) restore?: string | null;
  /** What `restore` keeps: `{ maxFileSize, maxTotalSize }` in bytes (default 50 MB and 500 MB) and `maxAge` in ms (default 24 hours); read as files are kept, so not reactive. */
  declare restoreLimits?: RestoreLimits;
  /** Most uploads in flight at once. */
  @property({ attribute: 'concurrency', converter: optionalInteger }) concurrency?: number;
  /** Retries after a network error, 5xx or stall (default 3). */
  @property({ attribute: 'retries', converter: optionalInteger }) retries?: number;
  /** First retry's delay in ms; it doubles each time, with jitter (default 1000). */
  @property({ attribute: 'retry-delay', converter: optionalInteger }) retryDelay?: number;
  /** An upload with no progress for this many ms is retried (default 30000). */
  @property({ attribute: 'stall-timeout', converter: optionalInteger }) stallTimeout?: number;
  /** How long to wait for the auth endpoint or authenticator, in ms (default 10000). */
  @property({ attribute: 'auth-timeout', converter: optionalInteger }) authTimeout?: number;
  /** Per-file upload parameters (and `resize` options), or `false` to skip the file. */
  @property({ attribute: false }) beforeUpload?: BeforeUpload;
  /** Turns each file into what is sent, once before its first attempt (after resizing). */
  @property({ attribute: false }) prepare?: Prepare;
  /** Shrink images to at most this many pixels wide before upload (never enlarged; EXIF orientation applied). */
  @property({ attribute: 'resize-width', converter: optionalNumber }) resizeWidth?: number;
  /** Shrink images to at most this many pixels high before upload. */
  @property({ attribute: 'resize-height', converter: optionalNumber }) resizeHeight?: number;
  /** Encoder quality from 0 to 1 for resized JPEG and WebP images. */
  @property({ attribute: 'resize-quality', converter: optionalNumber }) resizeQuality?: number;
  /** Type of resized images, e.g. `image/webp`; by default each image keeps its own. */
  @property({ attribute: 'resize-type', converter: optionalString }) resizeType?: string;
  /** Smallest image width accepted, in pixels (checked in the browser before upload). */
  @property({ attribute: 'min-image-width', converter: optionalInteger }) minImageWidth?: number;
  /** Smallest image height accepted, in pixels. */
  @property({ attribute: 'min-image-height', converter: optionalInteger }) minImageHeight?: number;
  /** Largest image width accepted, in pixels. */
  @property({ attribute: 'max-image-width', converter: optionalInteger }) maxImageWidth?: number;
  /** Largest image height accepted, in pixels. */
  @property({ attribute: 'max-image-height', converter: optionalInteger }) maxImageHeight?: number;
  /** The image editor's crop keeps this aspect, width / height: `16/9`, `1`, `4:3`; free when unset. */
  @property({ attribute: 'crop-aspect', converter: optionalString }) cropAspect?: string;
  /** `page` takes files dropped anywhere on the page. */
  @property({ attribute: 'drop-target', converter: optionalString }) dropTarget?: 'page';
  /** `page` takes files pasted anywhere on the page. */
  @property({ attribute: 'paste-target', converter: optionalString }) pasteTarget?: 'page';
  /** Files from a dropped folder go to `folder` + their path inside it, so the tree arrives as it was. */
  @property({ attribute: 'keep-folders', type: Boolean }) keepFolders = false;
  /** Passed to the file input: `user` or `environment` opens a phone's camera. */
  @property({ attribute: 'capture', converter: optionalString }) capture?: string;
  /** `light`, `dark` or `auto`; unset follows the page's `color-scheme`. */
  @property({ attribute: 'theme', reflect: true }) theme?: 'light' | 'dark' | 'auto';
  /** A one-line drop zone, for a single-image field in a form. */
  @property({ attribute: 'compact', type: Boolean, reflect: true }) compact = false;
  /** `list` (the default): a row per file; `grid`: tiles with large previews. */
  @property({ attribute: 'view', reflect: true }) view?: 'list' | 'grid';
  /**
   * The language of the element's words, numbers and sizes (24 built in besides `en`, each loaded on
   * demand); default: the nearest `lang` attribute. A right-to-left one (`ar`, `he`, `fa`) lays the
   * element out right to left unless a `dir` on or around it says otherwise.
   */
  @property({ attribute: 'locale', converter: optionalString }) locale?: string;
  /** Replaces any of the element's words: a partial dictionary (see `IkUploader.locales.en` for the keys; a counted message may be `{ one, other, ... }`). */
  @property({ attribute: false }) strings?: Partial<IkStrings>;
  /** Set while files are dragged over the drop zone. */
  @property({ attribute: 'dragging', type: Boolean, reflect: true }) dragging = false;
  /** The form field's name; without it the element adds nothing to the form's data. */
  @property({ attribute: 'name' }) name?: string;
  /** What each uploaded file adds to the form: `url`, `fileId`, `filePath` or `json`. */
  @property({ attribute: 'form-value' }) formValue: 'url' | 'fileId' | 'filePath' | 'json' = 'url';
  /** At least one uploaded file is needed to submit the form. */
  @property({ attribute: 'required', type: Boolean }) required = false;
  /** Fewest uploaded files the form may be submitted with. */
  @property({ attribute: 'min-files', converter: optionalInteger }) minFiles?: number;
  /** The `value` attribute: files uploaded earlier, listed as done: one URL, or a JSON array of URLs or ImageKit file objects. Changing it sets `value`. */
  @property({ attribute: 'value', reflect: true }) defaultValue?: string;

  /** ImageKit's `fileName`; defaults to each file's own name. */
  @property({ attribute: 'file-name', converter: optionalString }) fileName?: string;
  /** ImageKit adds a `_` + 9-character suffix to the name (its default: true). */
  @property({ attribute: 'use-unique-file-name', converter: optionalBoolean }) useUniqueFileName?: boolean;
  /** Tags: an array, or comma-separated in the attribute. */
  @property({ attribute: 'tags', converter: optionalString }) tags?: string[] | string;
  /** Where files go, e.g. `/products/shirts`; created when missing. */
  @property({ attribute: 'folder', converter: optionalString }) folder?: string;
  /** Mark files private (signed URLs only). */
  @property({ attribute: 'is-private-file', converter: optionalBoolean }) isPrivateFile?: boolean;
  /** Upload as draft when false (enterprise plans). */
  @property({ attribute: 'is-published', converter: optionalBoolean }) isPublished?: boolean;
  /** The area of interest, `x,y,width,height`. */
  @property({ attribute: 'custom-coordinates', converter: optionalString }) customCoordinates?: string;
  /** Extra fields in the response: an array, or comma-separated in the attribute. */
  @property({ attribute: 'response-fields', converter: optionalString }) responseFields?: ResponseField[] | string;
  /** Extensions to run, e.g. `[{"name":"remove-bg"}]`; JSON in the attribute. */
  @property({ attribute: 'extensions', converter: jsonAttribute }) extensions?: Extension[];
  /** Where ImageKit reports the final status of extensions. */
  @property({ attribute: 'webhook-url', converter: optionalString }) webhookUrl?: string;
  /** With unique names off, replace a file at the same path (ImageKit's default: true). */
  @property({ attribute: 'overwrite-file', converter: optionalBoolean }) overwriteFile?: boolean;
  /** On overwrite, drop the old file's AITags (ImageKit's default: true). */
  @property({ attribute: 'overwrite-ai-tags', converter: optionalBoolean }) overwriteAITags?: boolean;
  /** On overwrite without `tags`, drop the old tags (ImageKit's default: true). */
  @property({ attribute: 'overwrite-tags', converter: optionalBoolean }) overwriteTags?: boolean;
  /** On overwrite without `customMetadata`, drop the old values (ImageKit's default: true). */
  @property({ attribute: 'overwrite-custom-metadata', converter: optionalBoolean }) overwriteCustomMetadata?: boolean;
  /** Values for fields defined in your ImageKit account; a JSON object in the attribute. */
  @property({ attribute: 'custom-metadata', converter: jsonAttribute }) customMetadata?: Record<string, unknown>;
  /** Pre and post transformations: `{ pre?, post? }`, JSON in the attribute. */
  @property({ attribute: 'transformation', converter: jsonAttribute }) transformation?: UploadTransformation;
  /** Server-side checks ImageKit runs before accepting a file, e.g. `"file.size" < "1mb"`. */
  @property({ attribute: 'checks', converter: optionalString }) checks?: string;
  /** Text describing the file's contents. */
  @property({ attribute: 'description', converter: optionalString }) description?: string;

  /** The upload parameters set on the element, only those that are set. */
  get uploadParams(): UploadParams {
    const params: Record<string, unknown> = {};
    for (const name of UPLOAD_PARAM_NAMES) {
      const value = this[name];
      if (value !== undefined && value !== null) params[name] = value;
    }
    return params as UploadParams;
  }

  /** The resize options set on the element, only those that are set. */
  get resizeOptions(): ResizeOptions {
    const { resizeWidth: width, resizeHeight: height, resizeQuality: quality, resizeType: type } = this;
    return Object.fromEntries(Object.entries({ width, height, quality, type }).filter(([, v]) => v !== undefined));
  }
}
