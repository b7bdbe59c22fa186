import type { Lit } from './lit-kit.js';

/**
 * CSS and icons for the parts that load on demand (link field, camera, restore notice), with no
 * Lit of their own: a chunk that imported Lit would make the bundler split Lit out of the CDN
 * file into a chunk of its own. `css` is a plain tag, so Lit's minifier still reads them as CSS.
 */
export const css = (strings: TemplateStringsArray): CSSStyleSheet => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(strings.join(''));
  return sheet;
};

/** Adds `sheet` to the element's shadow root, once. */
export function adopt(root: ShadowRoot, sheet: CSSStyleSheet): void {
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** A 24×24 stroked icon, drawn with the element's Lit. */
export const icon = (lit: Lit, d: string) =>
  lit.html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}></path></svg>`;
