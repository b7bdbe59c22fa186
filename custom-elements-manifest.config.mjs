// `cem analyze` reads the element's doc comments (@fires, @csspart, @cssprop, @slot) and its Lit
// properties, with the attribute names they spell out, into custom-elements.json.
export default {
  globs: ['src/element/**/*.ts', 'src/ik-uploader.ts'],
  exclude: ['**/*.test.ts'],
  outdir: 'dist',
  litelement: true,
};
