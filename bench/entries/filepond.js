// FilePond's core with its stylesheet, no plugins.
import { create } from 'filepond';
import 'filepond/dist/filepond.css';

export function createUploader(target, endpoint) {
  return create(target, { allowMultiple: true, server: endpoint });
}
