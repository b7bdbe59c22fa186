// exifr's mini build (JPEG, TIFF/EXIF and the preview, no dictionaries), which exifr ships
// without a declaration of its own: it has the API of the full build its index.d.ts describes.
declare module 'exifr/dist/mini.esm.mjs' {
  export { Exifr } from 'exifr';
}
