import { IkUploader } from './element/ik-uploader.js';
import type { IkUploaderEventMap } from './element/events.js';

export { IkUploader };

// Guarded: a page may load the bundle and the module both.
if (!customElements.get('ik-uploader')) customElements.define('ik-uploader', IkUploader);

declare global {
  interface HTMLElementTagNameMap {
    'ik-uploader': IkUploader;
  }
  // Typed `addEventListener('ik-upload-success', ...)` on any element or document.
  interface HTMLElementEventMap extends IkUploaderEventMap {}
}
