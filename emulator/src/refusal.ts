import { ImageKitError } from './http.js';

/**
 * An ImageKitError whose body carries more than `{ message, help }`: the media API's refusals
 * add `reason` (e.g. `SOURCE_FILE_MISSING`), bulk refusals `missingFileIds`, and so on. The
 * router sends `details` beside the message.
 */
export class Refusal extends ImageKitError {
  constructor(
    status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(status, message, headers);
  }
}

/** A refusal with ImageKit's `reason` code. */
export function refuse(status: number, reason: string, message: string): Refusal {
  return new Refusal(status, message, { reason });
}
