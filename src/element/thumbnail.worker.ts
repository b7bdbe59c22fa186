// Makes thumbnails for Thumbnails (thumbnails.ts) off the page's thread: a camera photo's embedded
// preview when it has one, else the photo decoded at thumbnail width (thumbnail-image.ts). On the
// page, createImageBitmap decodes and scales a 12 MP JPEG inside the page's own tasks (130 to 380 ms
// each on the bench machine); here it costs the page nothing.
import { thumbnailImage } from './thumbnail-image.js';

// A worker's global scope; typed by hand, as the DOM and WebWorker libs cannot both be loaded.
const scope = self as unknown as {
  onmessage: (event: MessageEvent<{ id: number; file: Blob; width: number }>) => void;
  postMessage(data: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = async (event) => {
  const { id, file, width } = event.data;
  try {
    const { bitmap, source } = await thumbnailImage(file, width);
    scope.postMessage({ id, bitmap, source }, [bitmap]);
  } catch {
    scope.postMessage({ id }); // not decodable here (HEIC, a broken file)
  }
};
scope.postMessage({ ready: true });
