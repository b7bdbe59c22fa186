import { inspectFile } from './inspect.js';
import { checkResizeOptions, fileNameForType, hasResizeOptions } from './options.js';
import { ResizeRunner, abortReason, type ResizeMode } from './runner.js';
import type { PassThroughReason, ResizeOptions, ResizeResult } from './types.js';

export type { PassThroughReason, ResizeOptions, ResizeResult } from './types.js';
export type { ResizeMode } from './runner.js';
export { checkResizeOptions, fileNameForType } from './options.js';

/**
 * Shrinks, re-encodes and orients images in the browser before upload.
 *
 * The rules, in order:
 * - SVGs, animated GIF/PNG/WebP/AVIF, non-images and files the browser cannot decode (HEIC in most
 *   browsers) are returned untouched, as the very same File, with `resized: false` and a `reason`.
 * - EXIF orientation is applied, then the image is fitted inside `width` × `height`; never enlarged.
 * - Output type: `type` when the browser can encode it; else the input's type when a canvas can write
 *   it (JPEG, PNG, WebP); else PNG when the image has transparent pixels, JPEG when it has none.
 * - Transparency is kept by PNG and WebP; an image made JPEG is flattened onto white, not black.
 * - An image larger than the box is always sent resized, even when the result has more bytes: the
 *   box is the caller's rule. Only when nothing but a new type or quality was asked for (the image
 *   already fits) is a result that is not smaller dropped, and the original returned (`not-smaller`).
 * - The new File keeps the original's base name, with the extension of the new type.
 * - Nothing here throws for a file's content: a failure returns the original with `reason: 'failed'`.
 *   Bad options throw a RangeError; an abort rejects with the signal's reason.
 */
export class ImageResizer {
  private readonly runner: ResizeRunner;

  constructor(options: { mode?: ResizeMode; idleTimeoutMs?: number } = {}) {
    this.runner = new ResizeRunner(options.mode, options.idleTimeoutMs);
  }

  async resize(file: File, options: ResizeOptions, signal?: AbortSignal): Promise<ResizeResult> {
    checkResizeOptions(options);
    const originalSize = file.size;
    const unchanged = (reason: PassThroughReason, extra: Partial<ResizeResult> = {}): ResizeResult => ({
      file,
      resized: false,
      reason,
      originalSize,
      ...extra,
    });
    if (signal?.aborted) throw abortReason(signal);
    if (!hasResizeOptions(options)) return unchanged('no-options');

    const kind = await inspectFile(file);
    if (signal?.aborted) throw abortReason(signal);
    if (kind.kind !== 'raster') return unchanged(kind.kind);

    let outcome;
    try {
      outcome = await this.runner.run(
        {
          blob: file,
          inputType: kind.type,
          maxWidth: options.width,
          maxHeight: options.height,
          quality: options.quality,
          type: options.type?.toLowerCase(),
        },
        signal,
      );
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      return unchanged('failed', { message: error instanceof Error ? error.message : String(error) });
    }
    const { result, processedIn } = outcome;
    switch (result.status) {
      case 'unsupported':
        return unchanged('failed', { message: 'This browser cannot resize images.' });
      case 'undecodable':
        return unchanged('undecodable', { message: result.message, processedIn });
      case 'unchanged': {
        const size = { width: result.width, height: result.height };
        return unchanged('within-limits', { ...size, originalWidth: size.width, originalHeight: size.height, processedIn });
      }
      case 'encoded': {
        const original = { originalWidth: result.originalWidth, originalHeight: result.originalHeight };
        const shrunk = result.width !== result.originalWidth || result.height !== result.originalHeight;
        if (!shrunk && result.blob.size >= originalSize) {
          return unchanged('not-smaller', {
            ...original,
            width: result.originalWidth,
            height: result.originalHeight,
            processedIn,
          });
        }
        const resized = new File([result.blob], fileNameForType(file.name, result.type), {
          type: result.type,
          lastModified: file.lastModified,
        });
        return {
          file: resized,
          resized: true,
          originalSize,
          width: result.width,
          height: result.height,
          ...original,
          processedIn,
        };
      }
    }
  }

  /** Ends the worker now (it also ends by itself after a while without work). */
  dispose(): void {
    this.runner.dispose();
  }
}

let shared: ImageResizer | undefined;

/** `ImageResizer.resize` on one resizer shared by the page, so all images go through one worker. */
export function resizeImage(file: File, options: ResizeOptions, signal?: AbortSignal): Promise<ResizeResult> {
  shared ??= new ImageResizer();
  return shared.resize(file, options, signal);
}
