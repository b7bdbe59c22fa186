import { fitInside } from './options.js';
import type { ResizeJob, ResizeJobResult } from './types.js';

/** Decode, orient, shrink and encode one image. Runs unchanged in the worker (resize.worker.ts) and on the main thread. */
export function resizeRuntime() {
  /** Types a canvas is expected to encode; anything else is tried, then checked. */
  const ENCODABLE = ['image/jpeg', 'image/png', 'image/webp'];
  /** Output types that carry an alpha channel; the others are flattened onto white. */
  const WITH_ALPHA = ['image/png', 'image/webp', 'image/avif', 'image/gif'];

  type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;
  type AnyContext = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

  function makeCanvas(kind: ResizeJob['canvas'], width: number, height: number): AnyCanvas {
    const canvas = kind === 'offscreen' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }

  function encode(canvas: AnyCanvas, type: string, quality: number | undefined): Promise<Blob> {
    if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
    return new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(`the canvas could not encode ${type}`))), type, quality),
    );
  }

  function draw(ctx: AnyContext, image: ImageBitmap, width: number, height: number, type: string) {
    ctx.clearRect(0, 0, width, height);
    if (!WITH_ALPHA.includes(type)) {
      // JPEG has no alpha: without this, transparent pixels would come out black.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, 0, 0, width, height);
  }

  function hasTransparency(ctx: AnyContext, width: number, height: number): boolean {
    const data = ctx.getImageData(0, 0, width, height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return true;
    return false;
  }

  async function run(job: ResizeJob): Promise<ResizeJobResult> {
    if (typeof createImageBitmap !== 'function' || (job.canvas === 'offscreen' && typeof OffscreenCanvas === 'undefined')) {
      return { status: 'unsupported' };
    }
    let source: ImageBitmap;
    try {
      // 'from-image' applies the EXIF orientation, so width/height below are as the photo is seen.
      source = await createImageBitmap(job.blob, { imageOrientation: 'from-image' });
    } catch (error) {
      return { status: 'undecodable', message: error instanceof Error ? error.message : String(error) };
    }
    let image = source;
    let canvas: AnyCanvas | undefined;
    try {
      const originalWidth = source.width;
      const originalHeight = source.height;
      const { width, height } = fitInside(originalWidth, originalHeight, { width: job.maxWidth, height: job.maxHeight });
      const sameType = !job.type || job.type === job.inputType;
      if (width === originalWidth && height === originalHeight && sameType && job.quality === undefined) {
        return { status: 'unchanged', width, height };
      }
      if (width !== originalWidth || height !== originalHeight) {
        image = await createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
        source.close(); // the full-size pixels are the big allocation: let them go at once
      }
      canvas = makeCanvas(job.canvas, width, height);
      const ctx = canvas.getContext('2d', { willReadFrequently: false }) as AnyContext | null;
      if (!ctx) throw new Error('no 2D canvas context');

      // The requested type, else the input's own type when a canvas can write it, else a safe one.
      const tried: string[] = [];
      const attempts: (string | undefined)[] = [job.type, ENCODABLE.includes(job.inputType) ? job.inputType : undefined];
      for (const type of attempts) {
        if (!type || tried.includes(type)) continue;
        tried.push(type);
        draw(ctx, image, width, height, type);
        const blob = await encode(canvas, type, job.quality);
        // A canvas asked for a type it cannot write silently answers with PNG: check what came back.
        if (blob.type === type) return { status: 'encoded', blob, type, width, height, originalWidth, originalHeight };
      }
      draw(ctx, image, width, height, 'image/png');
      const fallback = hasTransparency(ctx, width, height) ? 'image/png' : 'image/jpeg';
      if (fallback === 'image/jpeg') draw(ctx, image, width, height, fallback);
      const blob = await encode(canvas, fallback, job.quality);
      return { status: 'encoded', blob, type: blob.type || fallback, width, height, originalWidth, originalHeight };
    } finally {
      if (image !== source) image.close();
      source.close();
      if (canvas) {
        // Drops the backing store now rather than at the next garbage collection.
        canvas.width = 0;
        canvas.height = 0;
      }
    }
  }

  return { run };
}
