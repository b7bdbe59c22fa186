import { defineConfig } from 'vite';

// `vite build` writes the one-file CDN build; the demo itself runs through demo/server.ts.
export default defineConfig({
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
    rolldownOptions: { output: { minify: true } },
  },
});
