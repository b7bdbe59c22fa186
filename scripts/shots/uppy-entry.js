// Uppy's Dashboard for the side-by-side screenshots: core + Dashboard + XHR upload (+ Webcam and
// URL for the "more ways in" shots), with their own CSS, bundled by scripts/shots/uppy.ts from the
// competitors bench/package.json pins. Each file is signed by the same /auth endpoint the element
// uses (a preprocessor fetches fresh ImageKit parameters per file, as a host app would wire it).
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import XHRUpload from '@uppy/xhr-upload';
import Webcam from '@uppy/webcam';
import Url from '@uppy/url';
import ar_SA from '@uppy/locales/lib/ar_SA.js';
import '@uppy/core/css/style.css';
import '@uppy/dashboard/css/style.css';
import '@uppy/webcam/css/style.css';
import '@uppy/url/css/style.css';

/**
 * An inline Dashboard in `target`, uploading to ImageKit's (the emulator's) upload API.
 * `options`: { endpoint, publicKey, authEndpoint, height, locale ('ar'), restrictions, sources ('url camera'), autoProceed }.
 */
function make(target, options) {
  const { endpoint, publicKey, authEndpoint, height = 550, locale, restrictions, sources = '', autoProceed = true } = options;
  const uppy = new Uppy({ autoProceed, restrictions, ...(locale === 'ar' && { locale: ar_SA }) });
  uppy.use(Dashboard, { inline: true, target, theme: 'auto', height, width: '100%' });
  if (sources.includes('camera')) uppy.use(Webcam, { modes: ['picture'] });
  // Uppy imports links only through a Companion server; none is running, so the field is shown, not used.
  if (sources.includes('url')) uppy.use(Url, { companionUrl: 'http://127.0.0.1:9/companion' });
  uppy.use(XHRUpload, {
    endpoint,
    fieldName: 'file',
    allowedMetaFields: ['publicKey', 'signature', 'expire', 'token', 'fileName'],
  });
  uppy.addPreProcessor(async (ids) => {
    await Promise.all(ids.map(async (id) => {
      const auth = await (await fetch(authEndpoint, { cache: 'no-store', headers: { Accept: 'application/json' } })).json();
      uppy.setFileMeta(id, { publicKey, signature: auth.signature, expire: String(auth.expire), token: auth.token, fileName: uppy.getFile(id).name });
    }));
  });
  return uppy;
}

window.shotsUppy = { make };
