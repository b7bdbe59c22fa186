import type { ResizeResult } from './resize/types.js';
import type { UploadParams } from './types.js';

/**
 * A file's own pixel coordinates, scaled from the image as picked to the image as sent once the
 * browser has resized it: the `x`, `y`, `w`, `h` (and `xc`, `yc`) of each `cm-extract` or
 * `cm-pad_extract` step of `transformation.pre`, and `customCoordinates` (in the stored image, so
 * its axes swap after an `rt-90` or `rt-270`). Only values that are still the file's own are
 * scaled: what `beforeUpload` answered is sent as it said. Loaded on demand by the prepare stage.
 */
export function scaledToSent(params: UploadParams, own: UploadParams, resized: ResizeResult): UploadParams {
  const { width = 0, height = 0, originalWidth = 0, originalHeight = 0 } = resized;
  if (!originalWidth || !originalHeight) return params;
  const sx = width / originalWidth;
  const sy = height / originalHeight;
  const out = { ...params };
  let turned = false;
  const pre = own.transformation?.pre;
  if (pre && params.transformation === own.transformation) {
    const steps = pre.split(':').map((step) => {
      const parts = step.split(',');
      const rt = parts.find((p) => p.startsWith('rt-'));
      const extract = parts.some((p) => /^cm-(pad_)?extract$/.test(p));
      const at: Record<string, number> = {};
      const scaled = parts.map((p) => {
        const m = extract ? /^(xc|yc|x|y|w|h)-(\d+)$/.exec(p) : null;
        if (!m) return p;
        const key = m[1]!;
        return `${key}-${(at[key] = Math.round(Number(m[2]) * (key[0] === 'x' || key === 'w' ? sx : sy)))}`;
      });
      if (rt && /^rt-(N?90|N?270|-90|-270)$/.test(rt)) turned = !turned;
      // Rounding must not take the area past the edge of the image as sent.
      for (const [pos, size, max] of [['x', 'w', width], ['y', 'h', height]] as const) {
        if (at[pos] !== undefined && at[size] !== undefined && at[pos]! + at[size]! > max) {
          const i = scaled.indexOf(`${size}-${at[size]}`);
          scaled[i] = `${size}-${Math.max(1, max - at[pos]!)}`;
        }
      }
      return scaled.join(',');
    });
    out.transformation = { ...params.transformation, pre: steps.join(':') };
  }
  const coords = own.customCoordinates;
  if (coords && params.customCoordinates === coords) {
    const [fx, fy] = turned ? [sy, sx] : [sx, sy];
    out.customCoordinates = coords.split(',').map((v, i) => Math.round(Number(v) * (i % 2 ? fy : fx))).join(',');
  }
  return out;
}
