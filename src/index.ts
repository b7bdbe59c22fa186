/**
 * ik-uploader: the `<ik-uploader>` element and the framework-free engine it is built on
 * (also on its own, with no Lit, as `ik-uploader/core`).
 * Importing this module does not define the tag; import `ik-uploader` (ik-uploader.js) for that.
 */
export { IkUploader } from './element/ik-uploader.js';
export type * from './element/events.js';
export * from './core/index.js';
