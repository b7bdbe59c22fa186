import { safeDecode } from '../core/stages.js';
import type { ImageKitFile } from '../core/types.js';

/**
 * What a server stored, as the element's `value` takes it, as file objects: an array (or JSON text
 * of one) of ImageKit file objects, of their JSON text (`form-value="json"`), or of URLs. A URL's
 * name is its last path segment; its size is unknown.
 */
export function storedFiles(value: unknown): ImageKitFile[] {
  if (typeof value === 'string') value = /^\s*\[/.test(value) ? JSON.parse(value) : value.trim() ? [value] : [];
  return (Array.isArray(value) ? value : value ? [value] : []).map((v) => {
    const f = typeof v === 'string' && /^\s*\{/.test(v) ? JSON.parse(v) : v;
    if (typeof f === 'string') {
      const name = new URL(f, document.baseURI).pathname.split('/').pop()!;
      return { url: f, name: safeDecode(name), fileType: /\.(avif|gif|jpe?g|png|svg|webp)$/i.test(name) ? 'image' : 'non-image' } as ImageKitFile;
    }
    if (!f?.url) throw new TypeError(`<ik-uploader> value: each entry needs a url (got ${JSON.stringify(f)})`);
    return f;
  });
}
