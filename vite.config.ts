import { defineConfig, transformWithEsbuild, type Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's css`...` templates, which the JS minifier leaves as written, and
 * the indentation in html`...` templates. `${...}` in CSS is kept through placeholders.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'minify-lit-css',
    apply: 'build',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
      // In html`...` a line break and its indentation before a tag, a binding or the closing
      // backtick render as one space anyway. Only there: other strings keep their line breaks.
      code = code.replace(/\bhtml`[^`]*`/g, (t) => t.replace(/\n\s*(?=[<$@`])/g, ' '));
      let out = '';
      let last = 0;
      for (const m of code.matchAll(/\bcss`([^`]*)`/g)) {
        const exprs: string[] = [];
        const text = m[1]!.replace(/\$\{[^}]*\}/g, (e) => `--ik-expr-${exprs.push(e) - 1}`);
        const { code: min } = await transformWithEsbuild(text, 'lit.css', { loader: 'css', minify: true });
        out += code.slice(last, m.index) + 'css`' + min.trim().replace(/--ik-expr-(\d+)/g, (_, i) => exprs[Number(i)]!) + '`';
        last = m.index! + m[0].length;
      }
      return { code: out + code.slice(last), map: null };
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // The minifier keeps its /* @__PURE__ */ notes, which only a later bundler could use.
        chunk.code = chunk.code.replace(/\/\* @__PURE__ \*\/ ?/g, '');
      }
    },
  };
}

// `vite build` writes the one-file CDN build; the demo itself runs through demo/server.ts.
export default defineConfig({
  plugins: [minifyLitCss()],
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
    rolldownOptions: { output: { minify: true, chunkFileNames: 'chunks/[name].js' } },
  },
});
