import { REJECTION_MESSAGES } from '../core/messages.js';
import type { editStrings } from './edit-strings.js';
import type { panelStrings } from './panel-strings.js';
import type { sourceStrings } from './source-strings.js';
import type { restoreStrings } from './restore-strings.js';
import type { Message } from './intl.js';

/**
 * Every word the element shows or announces, in English. `{name}`-style placeholders are filled in:
 * numbers are written as the language writes them, and every other value (a file name, a server's
 * words) is bidi-isolated. A message that counts `{n}` may be given as its plural forms by
 * `Intl.PluralRules` category (`{ one, few, many, other, ... }`; `other` is required). Sizes,
 * percentages and durations arrive formatted (see `Formats` in intl.ts). The rejection messages are
 * keyed by their code (a row's shorter reasons, and a failure's few words, are in panel-strings.ts;
 * the full technical detail goes to the events and the console, not on screen). A key added here
 * is added to every file in locales/ in the same commit.
 */
export const en = {
  drop: 'Drop files here or',
  dropOne: 'Drop a file here or',
  choose: 'choose files',
  chooseOne: 'choose a file',
  accepted: 'Accepted: {types}',
  // The words for `type/*` in an accept list, e.g. "images or .pdf".
  images: 'images',
  videos: 'videos',
  audio: 'audio files',
  unknownType: 'an unknown type',
  maxSize: 'up to {size} each',
  maxFiles: { one: 'at most {n} file', other: 'at most {n} files' },
  maxTotal: 'up to {size} in all',
  maxFilesOne: 'one file only',
  separator: ', ',
  list: 'Uploads',
  total: 'Total progress',
  summary: '{done} of {total} uploaded',
  timeLeft: '{time} left',
  waiting: 'Waiting…',
  offline: 'Waiting for the network…',
  ready: 'Ready to upload',
  preparing: 'Preparing…',
  authorizing: 'Connecting…',
  uploading: 'Uploading… {percent}',
  done: 'Uploaded',
  canceled: 'Canceled',
  required: 'Upload a file.',
  minFiles: { one: 'Upload at least {n} file.', other: 'Upload at least {n} files.' },
  busy: 'Wait for the uploads to finish.',
  more: 'Show {n} more',
  cancel: 'Cancel {name}',
  retry: 'Retry {name}',
  remove: 'Remove {name}',
  progress: 'Upload of {name}',
  added: { one: '{n} file added.', other: '{n} files added.' },
  addedOne: '{name} added.',
  uploaded: '{name} uploaded.',
  uploadFailed: '{name} was not uploaded. {error}.',
  // A row's menu button; the menu's and the dialogs' own words are in edit-strings.ts, loaded with them.
  actions: 'More actions for {name}',
  addMore: 'Add more files',
  replace: 'Replace',
  dropHere: 'Drop to upload',
  // A link's row while ImageKit fetches it; the link field's and the camera's own words are in
  // source-strings.ts, the restore notice's in restore-strings.ts, each loaded with its part.
  fetching: 'Fetching…',
  ...REJECTION_MESSAGES,
} satisfies Record<string, Message>;

/** Every word, the on-demand parts' (edit-strings.ts, panel-strings.ts, source-strings.ts, restore-strings.ts) included: what a locale file must hold. */
export type IkStrings = Record<keyof typeof en | keyof typeof editStrings | keyof typeof panelStrings | keyof typeof sourceStrings | keyof typeof restoreStrings, Message>;
