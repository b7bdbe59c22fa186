// Uppy as the issue names it: core + Dashboard + XHR upload, with the CSS the Dashboard needs.
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import XHRUpload from '@uppy/xhr-upload';
import '@uppy/core/css/style.css';
import '@uppy/dashboard/css/style.css';

/** An inline Dashboard in `target` that uploads to `endpoint`; nothing starts on its own. */
export function createUploader(target, endpoint) {
  return new Uppy({ autoProceed: false }).use(Dashboard, { inline: true, target }).use(XHRUpload, { endpoint });
}
