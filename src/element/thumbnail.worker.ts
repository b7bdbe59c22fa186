// Decodes thumbnails for Thumbnails (thumbnails.ts) off the page's thread, for the images that carry
// no embedded preview (thumbnail-preview.ts). On the page, createImageBitmap decodes and scales a
// 12 MP JPEG inside the page's own tasks (130 to 380 ms each on the bench machine); here it costs
// the page nothing.
import { decodedThumbnail } from './thumbnail-decode.js';

// A worker's global scope; typed by hand, as the DOM and WebWorker libs cannot both be loaded.
const scope = self as unknown as {
  onmessage: (event: MessageEvent<{ id: number; file: Blob; width: number }>) => void;
  postMessage(data: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = async (event) => {
  const { id, file, width } = event.data;
  try {
    const bitmap = await decodedThumbnail(file, width);
    scope.postMessage({ id, bitmap }, [bitmap]);
  } catch {
    scope.postMessage({ id }); // not decodable here (HEIC, a broken file)
  }
};
scope.postMessage({ ready: true });
