// The resizer and the tests' photo maker, bundled for the resize benchmark page (not a competitor).
import { ImageResizer } from '../../src/core/resize/index.js';
import { canvasBlob, quadrantCanvas, withExifOrientation } from '../../test/browser/resize-fixtures.js';

/** A 4000×3000 phone-like JPEG with EXIF orientation 6, as the resize tests make it. */
export async function makePhoto(): Promise<File> {
  const jpeg = await canvasBlob(quadrantCanvas(4000, 3000), 'image/jpeg', 0.9);
  return new File([await withExifOrientation(jpeg, 6)], 'photo.jpg', { type: 'image/jpeg' });
}

export { ImageResizer };
