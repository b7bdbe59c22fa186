/**
 * The words of the restore notice (`restore`), in English. They load with it (the CDN file has a
 * size budget); every locale file has them too, since `IkStrings` includes them.
 */
export const restoreStrings = {
  restored: { one: '{n} file from your last visit is back; nothing uploads until you start it.', other: '{n} files from your last visit are back; nothing uploads until you start it.' },
  restoreUpload: 'Upload now',
  restoreDiscard: 'Discard',
  notKept: 'Too large to keep, add again: {names}.',
  storageFull: 'Storage is full: these files will not survive a reload.',
};
