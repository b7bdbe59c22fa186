// `cem analyze` reads the element's doc comments (@fires, @csspart, @cssprop, @slot) and its Lit
// properties, with the attribute names they spell out, into custom-elements.json.
export default {
  globs: ['src/element/**/*.ts', 'src/ik-uploader.ts'],
  // The dialogs' elements are internal: made inside the element's shadow root, not for pages to use.
  exclude: ['**/*.test.ts', 'src/element/details-dialog.ts', 'src/element/editor/**'],
  outdir: 'dist',
  litelement: true,
};
