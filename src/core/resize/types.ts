export interface ResizeOptions {
  /** Largest width in pixels, after EXIF orientation; the image is never enlarged. */
  width?: number;
  /** Largest height in pixels, after EXIF orientation; the image is never enlarged. */
  height?: number;
  /** Encoder quality from 0 to 1 for lossy types; the browser's default when unset. */
  quality?: number;
  /** Output type, e.g. `image/webp`; defaults to the input's type when a canvas can write it. */
  type?: string;
}

/** Why a file was sent as it came. */
export type PassThroughReason =
  | 'no-options' // nothing asked of the resizer
  | 'not-an-image'
  | 'svg' // vector: rasterising it would only lose quality
  | 'animated' // a canvas keeps one frame only
  | 'undecodable' // e.g. HEIC in most browsers, or a damaged file
  | 'within-limits' // already fits, and no type or quality was asked for
  | 'not-smaller' // only a new type or quality was asked for, and the result came out as large as the original or larger
  | 'failed'; // the browser failed while processing; `message` says how

export interface ResizeResult {
  /** What to upload: a new File, or the original itself when `resized` is false. */
  file: File;
  resized: boolean;
  reason?: PassThroughReason;
  /** The browser's words when `reason` is `undecodable` or `failed`. */
  message?: string;
  originalSize: number;
  /** Dimensions of `file` as displayed (EXIF orientation applied), when it could be decoded. */
  width?: number;
  height?: number;
  /** Dimensions of the original as displayed, when it could be decoded. */
  originalWidth?: number;
  originalHeight?: number;
  /** Where the pixels were processed, when they were. */
  processedIn?: 'worker' | 'main-thread';
}

/** One image's work, as sent to the worker (or run on the main thread). */
export interface ResizeJob {
  blob: Blob;
  /** The type read from the file's bytes, else its declared type. */
  inputType: string;
  maxWidth?: number;
  maxHeight?: number;
  quality?: number;
  type?: string;
  canvas: 'offscreen' | 'element';
}

export type ResizeJobResult =
  | { status: 'unsupported' }
  | { status: 'undecodable'; message: string }
  | { status: 'unchanged'; width: number; height: number }
  | {
      status: 'encoded';
      blob: Blob;
      type: string;
      width: number;
      height: number;
      originalWidth: number;
      originalHeight: number;
    };
