// The CMS demo's "existing article": its cover and one gallery image are real files in ImageKit (or
// the emulator), uploaded once by this server as a CMS would have stored them, and served as the
// article's saved fields so the editor can pre-fill its image fields through `value`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { getAuthenticationParameters } from '../../src/server/auth.js';
import type { ImageKitFile } from '../../src/core/types.js';

export const EXISTING_ARTICLE_PATH = '/api/demo/articles/existing';

export interface ImageKitAccount {
  publicKey: string;
  privateKey: string;
  uploadEndpoint: string;
}

/** Uploads one image with a server-side signature; a fixed path, so each start replaces the last. */
async function upload(account: ImageKitAccount, name: string, color: { r: number; g: number; b: number }): Promise<ImageKitFile> {
  const png = await sharp({ create: { width: 320, height: 180, channels: 3, background: color } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), name);
  form.append('fileName', name);
  form.append('folder', '/articles/existing');
  form.append('useUniqueFileName', 'false');
  form.append('publicKey', account.publicKey);
  for (const [k, v] of Object.entries(getAuthenticationParameters(account.privateKey))) form.append(k, String(v));
  const res = await fetch(account.uploadEndpoint, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`uploading ${name}: ${res.status} ${await res.text()}`);
  return (await res.json()) as ImageKitFile;
}

/** GET: `{ title, body, cover: [file], gallery: [file] }`, the images uploaded on the first request. */
export function existingArticle(account: ImageKitAccount) {
  let images: Promise<ImageKitFile[]> | undefined;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      images ??= Promise.all([upload(account, 'harbour-cover.png', { r: 30, g: 90, b: 160 }), upload(account, 'harbour-boats.png', { r: 200, g: 120, b: 40 })]);
      const [cover, boats] = await images;
      const article = { title: 'A morning at the harbour', body: 'Boats, gulls and a cover photo.', cover: [cover], gallery: [boats] };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(article));
    } catch (err) {
      images = undefined; // try again on the next request
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`Could not store the article's images: ${(err as Error).message}`);
    }
  };
}
