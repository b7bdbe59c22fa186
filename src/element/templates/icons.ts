import { html } from 'lit';

// 24×24 stroked icons. Cancel (a stop ring) and Remove (a bin) look different on purpose.
export const UPLOAD = 'M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M4 15v4h16v-4';
export const PLUS = 'M12 5v14M5 12h14';
export const CANCEL = 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 9l6 6m0-6l-6 6';
export const REMOVE = 'M4 7h16M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3';
export const RETRY = 'M4 12a8 8 0 1 0 2.5-5.8M4 4v5h5';
/** Three dots (round caps on zero-length lines): a row's menu. */
export const MORE = 'M5 12h.01M12 12h.01M19 12h.01';

export const icon = (d: string) =>
  html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}></path></svg>`;
