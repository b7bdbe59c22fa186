import { html } from 'lit';

// 24×24 stroked icons: upload, a file, × (cancel, remove), retry, more.
export const UPLOAD = 'M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M4 15v4h16v-4';
export const FILE = 'M14 3H6v18h12V7zm0 0v4h4';
export const X = 'M6 6l12 12M18 6L6 18';
export const RETRY = 'M4 12a8 8 0 1 0 2.5-5.8M4 4v5h5';
/** Three dots (round caps on zero-length lines): a row's menu. */
export const MORE = 'M5 12h.01M12 12h.01M19 12h.01';

export const icon = (d: string) =>
  html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}></path></svg>`;
