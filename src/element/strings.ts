import { REJECTION_MESSAGES } from '../core/messages.js';

/**
 * Every word the element shows or announces, in English. `{name}`-style placeholders are filled in;
 * the rejection messages are keyed by their code.
 */
export const en = {
  drop: 'Drop files here or',
  dropOne: 'Drop a file here or',
  choose: 'choose files',
  chooseOne: 'choose a file',
  accepted: 'Accepted: {types}',
  maxSize: 'up to {size} each',
  maxFiles: 'at most {n} files',
  maxFilesOne: 'one file only',
  separator: ', ',
  list: 'Uploads',
  total: 'Total progress',
  summary: '{done} of {total} uploaded',
  speed: '{speed}/s',
  timeLeft: '{time} left',
  waiting: 'Waiting…',
  offline: 'Waiting for the network…',
  retrying: 'Retrying soon ({error})',
  preparing: 'Preparing…',
  authorizing: 'Connecting…',
  uploading: 'Uploading… {percent}%',
  done: 'Uploaded',
  canceled: 'Canceled',
  notUploaded: 'Not uploaded: {message}',
  required: 'Upload a file.',
  minFiles: 'Upload at least {n} files.',
  busy: 'Wait for the uploads to finish.',
  more: 'Show {n} more',
  cancel: 'Cancel {name}',
  retry: 'Retry {name}',
  remove: 'Remove {name}',
  progress: 'Upload of {name}',
  added: '{n} files added.',
  addedOne: '{name} added.',
  uploaded: '{name} uploaded.',
  uploadFailed: '{name} failed: {error}',
  ...REJECTION_MESSAGES,
};

export type IkStrings = typeof en;
