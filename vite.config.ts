import { defineConfig } from 'vite';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

// `vite build` writes the one-file CDN build; the demo itself runs through demo/server.ts.
export default defineConfig({
  // URLs the build writes (the resize worker's) are relative to the file that loads them, as on a CDN.
  base: './',
  // Lit's own minifier for the markup and CSS inside html`...` and css`...`, which the JS minifier leaves as written.
  plugins: [{ ...minifyHTML({ include: ['src/**/*.ts'], failOnError: true }), apply: 'build' }],
  build: {
    outDir: 'dist',
    emptyOutDir: false, // tsc has already written the ES modules and .d.ts files there
    target: 'es2022',
    lib: {
      entry: 'src/ik-uploader.ts',
      formats: ['es'],
      fileName: () => 'ik-uploader.min.js',
    },
    minify: true,
    // What loads on demand (locales other than English, the resizer, rarer features) sits beside the CDN file.
    rolldownOptions: { output: { minify: true, comments: false, chunkFileNames: 'chunks/[name].js' } },
  },
  // The resizer's module worker, a chunk of its own beside the others.
  worker: { format: 'es', rolldownOptions: { output: { entryFileNames: 'chunks/[name].js' } } },
});
