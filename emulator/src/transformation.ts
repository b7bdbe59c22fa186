import { ImageKitError } from './http.js';
import type { MediaInfo } from './store.js';

/** A validated `transformation` upload parameter (seed 004). */
export interface UploadTransformation {
  pre?: string;
  post?: Array<{ type: 'transformation' | 'gif-to-video' | 'thumbnail' | 'abs'; value?: string; protocol?: 'hls' | 'dash' }>;
}

export const TRANSFORMATION_INVALID = 'The file could not be uploaded because the transformation field is invalid.';
export const TRANSFORMATION_WRONG_TYPE =
  'The file could not be uploaded because transformations are supported only for image and video files.';
export const TRANSFORMATION_INCOMPATIBLE =
  'The file could not be uploaded because the detected file type & post-transformation are incompatible.';

const POST_TYPES = new Set(['transformation', 'gif-to-video', 'thumbnail', 'abs']);
/** A chain of `key-value` steps joined by `,` or `:`, as in `w-300,h-200:rt-90`. */
export const TRANSFORMATION_STRING = /^[A-Za-z][A-Za-z0-9]*(-[^,:\s]*)?([,:][A-Za-z][A-Za-z0-9]*(-[^,:\s]*)?)*$/;

const invalid = () => new ImageKitError(400, TRANSFORMATION_INVALID);

/**
 * Checks `transformation` as the spec and the official JS SDK do: a JSON object with `pre`
 * (a transformation string) and/or `post` (an array of `{ type, value?, protocol? }`; `value`
 * required for `transformation` and `abs`, `protocol` hls/dash for `abs`). The bytes are checked
 * later (`checkTransformationFits`), once their type is known.
 */
export function parseTransformation(raw: string | undefined): UploadTransformation | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid();
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid();
  const { pre, post } = value as Record<string, unknown>;
  if (pre === undefined && post === undefined) throw invalid();
  const result: UploadTransformation = {};
  if (pre !== undefined) {
    if (typeof pre !== 'string' || !TRANSFORMATION_STRING.test(pre)) throw invalid();
    result.pre = pre;
  }
  if (post !== undefined) {
    if (!Array.isArray(post)) throw invalid();
    result.post = post.map((step: unknown) => {
      if (!step || typeof step !== 'object' || Array.isArray(step)) throw invalid();
      const { type, value: v, protocol } = step as Record<string, unknown>;
      if (typeof type !== 'string' || !POST_TYPES.has(type)) throw invalid();
      if (v !== undefined && (typeof v !== 'string' || !TRANSFORMATION_STRING.test(v))) throw invalid();
      if ((type === 'transformation' || type === 'abs') && v === undefined) throw invalid();
      if (type === 'abs' ? protocol !== 'hls' && protocol !== 'dash' : protocol !== undefined) throw invalid();
      return { type, ...(v !== undefined && { value: v }), ...(protocol !== undefined && { protocol }) } as NonNullable<UploadTransformation['post']>[number];
    });
  }
  return result;
}

/**
 * Refuses a transformation the stored bytes cannot take: only images and videos take any;
 * `gif-to-video` needs a GIF, and `thumbnail` and `abs` need a video.
 */
export function checkTransformationFits(transformation: UploadTransformation | undefined, media: MediaInfo): void {
  if (!transformation) return;
  const isVideo = media.mime.startsWith('video/');
  if (media.fileType !== 'image' && !isVideo) throw new ImageKitError(400, TRANSFORMATION_WRONG_TYPE);
  for (const step of transformation.post ?? []) {
    const fits =
      step.type === 'transformation' ||
      (step.type === 'gif-to-video' && media.mime === 'image/gif') ||
      ((step.type === 'thumbnail' || step.type === 'abs') && isVideo);
    if (!fits) throw new ImageKitError(400, TRANSFORMATION_INCOMPATIBLE);
  }
}
