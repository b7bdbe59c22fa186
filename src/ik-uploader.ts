import { IkUploader } from './element/ik-uploader.js';

export { IkUploader };

// Guarded: a page may load the bundle and the module both.
if (!customElements.get('ik-uploader')) customElements.define('ik-uploader', IkUploader);

declare global {
  interface HTMLElementTagNameMap {
    'ik-uploader': IkUploader;
  }
}
