import { writeFile } from 'node:fs/promises';
import { transformImage, type TransformResult } from './transform/apply.js';

export { MAX_PIXELS } from './transform/apply.js';

export interface PreTransformOutcome {
  /** True when the transformed image was written to `outPath` (something was applied). */
  applied: boolean;
  /** One line per parameter not applied (or not as asked), e.g. `e-sharpen-10: not simulated by ik-emulator`. */
  warnings: string[];
  result: TransformResult;
}

/** `param: reason` lines for a warning header and the log. */
export function warningLines(result: Pick<TransformResult, 'warnings'>): string[] {
  return result.warnings.map((w) => `${w.param}: ${w.reason}`);
}

/**
 * Applies a pre-transformation to the image at `path` (transform/apply.ts), writing the result to
 * `outPath`. Whatever it cannot apply is reported in `warnings`, never dropped silently; when
 * nothing applies, nothing is written and the original is stored.
 */
export async function applyPreTransformation(pre: string, path: string, outPath: string): Promise<PreTransformOutcome> {
  const result = await transformImage(path, pre);
  if (result.bytes) await writeFile(outPath, result.bytes, { mode: 0o600 });
  return { applied: result.bytes !== undefined, warnings: warningLines(result), result };
}
