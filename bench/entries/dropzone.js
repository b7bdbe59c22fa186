// Dropzone with its default theme.
import Dropzone from 'dropzone';
import 'dropzone/dist/dropzone.css';

export function createUploader(target, url) {
  return new Dropzone(target, { url });
}
