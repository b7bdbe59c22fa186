/**
 * The words of the list's header, a failed upload's few words (picked in panel.ts by `outcome`),
 * a retry's countdown, the rows' tooltips and why a file was refused, in English. They load with
 * the panel's on-demand part, with the first file listed (the CDN file has a size budget); every
 * locale file has them too, since `IkStrings` includes them.
 */
export const panelStrings = {
  readySummary: '{n} ready to upload',
  failedCount: '{n} failed',
  canceledCount: '{n} canceled',
  bytesOf: '{sent} of {total}',
  startUpload: { one: 'Upload {n} file', other: 'Upload {n} files' },
  cancelAll: 'Cancel all',
  retryAll: 'Retry all',
  clearDone: 'Clear finished',
  tipCancel: 'Cancel upload',
  tipRetry: 'Try again',
  tipRemove: 'Remove from list',
  retryIn: '{error}. Retrying in {time} (attempt {attempt} of {attempts})',
  retryWait: '{error}. Retrying in {time}',
  errNetwork: "Couldn't reach the server",
  errTimeout: 'The connection stalled',
  errServer: 'The server had a problem',
  errBusy: 'The server is busy',
  errAuth: "Couldn't get permission to upload",
  errDenied: 'Not allowed to upload here',
  errTooLarge: 'Too large for this account',
  errExists: 'A file with this name already exists',
  errRefused: 'The server refused this file',
  errFetch: "Couldn't fetch this link",
  // A refused file's row: why, in a few words (its name is beside them).
  'why-file-type': 'Only {accept} can be added here',
  'why-file-too-large': 'Too large: {size}, the limit is {limit}',
  'why-too-many-files': 'Over the file limit ({limit})',
  'why-image-too-narrow': 'Too narrow: {width} px, at least {limit} px',
  'why-image-too-short': 'Too short: {height} px, at least {limit} px',
  'why-image-too-wide': 'Too wide: {width} px, at most {limit} px',
  'why-image-too-tall': 'Too tall: {height} px, at most {limit} px',
  'why-skipped': 'Skipped',
  'why-duplicate': 'Already listed',
  'why-total-too-large': 'Over the total size limit ({limit})',
  'why-invalid-url': 'Not an http or https link',
};
