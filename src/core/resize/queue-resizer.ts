import type { UploadParams } from '../types.js';
import { resizeImage } from './index.js';
import { inspectFile } from './inspect.js';
import { fitInside, hasResizeOptions } from './options.js';
import type { ResizeOptions, ResizeResult } from './types.js';

/** Upload parameters for one file, plus `resize` to override the resize options for it (`false`: send it as is). */
export type ResizingFileParams = UploadParams & { resize?: ResizeOptions | false };

/** A `beforeUpload` hook whose answer may also carry `resize`. */
export type ResizingBeforeUpload = (
  file: File,
) => ResizingFileParams | false | void | Promise<ResizingFileParams | false | void>;

type PlainBeforeUpload = (file: File) => UploadParams | false | void | Promise<UploadParams | false | void>;
type Prepare = (file: File, signal: AbortSignal) => Blob | Promise<Blob>;

/**
 * Connects the resizer to an `UploadQueue` through its `beforeUpload` and `prepare` hooks, so the
 * queue itself knows nothing of images: `beforeUpload` may answer `{ resize }` for one file, and
 * `prepare` shrinks each file with those options merged over the defaults before it is sent.
 */
export class QueueResizer {
  readonly #perFile = new WeakMap<File, ResizeOptions | false>();
  readonly #results = new WeakMap<File, ResizeResult>();

  constructor(
    /** The defaults, read when needed (an element's attributes, say). */
    readonly defaults: () => ResizeOptions,
    readonly resize: (file: File, options: ResizeOptions, signal?: AbortSignal) => Promise<ResizeResult> = resizeImage,
  ) {}

  /** Whether a file is resized unless its own `beforeUpload` answer says otherwise. */
  mayShrink(file: File): boolean {
    return hasResizeOptions(this.defaults()) && /^image\/(?!svg)/i.test(file.type);
  }

  /**
   * The size an image measured at `size` (as shown) will be stored at under the default options,
   * for dimension limits checked before upload. Animated images, SVGs and non-images keep theirs;
   * so does an image whose re-encoding would not be smaller, which cannot be known in advance.
   */
  async storedSize(file: File, size: { width: number; height: number }): Promise<{ width: number; height: number }> {
    const options = this.defaults();
    if (!this.mayShrink(file) || (await inspectFile(file)).kind !== 'raster') return size;
    return fitInside(size.width, size.height, options);
  }

  /** What the resizer did with a file (as it was added), once it ran. */
  result(file: File): ResizeResult | undefined {
    return this.#results.get(file);
  }

  /** `hook` for the queue, with `resize` taken out of its answer and kept for `prepare`. */
  beforeUpload(hook?: ResizingBeforeUpload): PlainBeforeUpload | undefined {
    if (!hook) return undefined;
    return async (file) => {
      const answer = await hook(file);
      if (!answer || !('resize' in answer)) return answer;
      const { resize, ...params } = answer;
      if (resize !== undefined) this.#perFile.set(file, resize);
      return params;
    };
  }

  /** The queue's `prepare`: resizes the file, then hands the result to `next` when there is one. */
  prepare(next?: Prepare): Prepare {
    return async (file, signal) => {
      const own = this.#perFile.get(file);
      this.#perFile.delete(file);
      const options = own === false ? {} : { ...this.defaults(), ...own };
      let sent: File = file;
      if (hasResizeOptions(options)) {
        const result = await this.resize(file, options, signal);
        this.#results.set(file, result);
        sent = result.file;
      }
      return next ? next(sent, signal) : sent;
    };
  }
}
