import { UploadError } from './errors.js';
import { paramProblem, type CheckContext } from './param-checks.js';
import { InvalidJson, RESPONSE_FIELDS } from './params.js';
import { UPLOAD_PARAM_NAMES, type UploadParams } from './types.js';

/** What the parameter checks compare against. */
export const CHECK_CONTEXT: CheckContext = { names: UPLOAD_PARAM_NAMES, responseFields: RESPONSE_FIELDS, InvalidJson };

/**
 * Checks every set parameter with ImageKit's documented rules (seed 004) and the official JS SDK's
 * checks, so a bad value is refused with a message naming it before any request is made.
 * Throws an `UploadError` with code `invalid-parameter`.
 */
export function validateParams(params: UploadParams): void {
  const problem = paramProblem(params, CHECK_CONTEXT);
  if (problem) throw new UploadError('invalid-parameter', problem);
}
