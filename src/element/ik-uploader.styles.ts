import { css } from 'lit';

// Colours come in light/dark pairs; `color-scheme` (the page's, or the theme attribute's) picks one.
// Every pair passes WCAG AA against its own background (tinted rows included): text 4.5:1, bars 3:1.
// Layout uses logical properties only, so right to left needs no rules of its own.
export const styles = css`
  :host {
    --ik-fg: light-dark(#1f2328, #e6edf3);
    --ik-muted: light-dark(#59636e, #9da7b3);
    --ik-bg: light-dark(#fff, #161b22);
    --ik-surface: light-dark(#f6f8fa, #0d1117);
    --ik-border: light-dark(#d1d9e0, #30363d);
    --ik-zone-border: light-dark(#818b98, #656c76);
    --ik-accent: light-dark(#0969da, #4493f8);
    --ik-on-accent: light-dark(#fff, #0d1117);
    --ik-error: light-dark(#cf222e, #ff7b72);
    --ik-warning: light-dark(#8a5a00, #d29922);
    --ik-success: light-dark(#1a7f37, #3fb950);
    --ik-radius: 12px;
    --ik-gap: 0.75rem;
    --ik-font: inherit;
    --ik-thumb-size: 3.5rem;
    --ik-tile-size: 8.5rem;
    --ik-list-max-height: 26rem;
    display: block;
    position: relative;
    font: var(--ik-font);
    color: var(--ik-fg);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  * {
    box-sizing: border-box;
  }
  .root {
    display: contents;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 3px solid var(--ik-accent);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  svg {
    flex: none;
  }

  /* The drop zone: large while empty, a slim "Add more" bar once files are listed. */
  .sources {
    display: flex;
    gap: calc(var(--ik-gap) / 2);
  }
  .zone {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: calc(var(--ik-gap) * 0.75);
    min-height: 9.5rem;
    padding: calc(var(--ik-gap) * 2);
    border: 2px dashed var(--ik-zone-border);
    border-radius: var(--ik-radius);
    background: var(--ik-surface);
    text-align: center;
  }
  .zone:not(:disabled):hover,
  :host([dragging]) .zone {
    border-color: var(--ik-accent);
    background: color-mix(in srgb, var(--ik-accent) 5%, var(--ik-surface));
  }
  .icon {
    display: grid;
    place-items: center;
    width: 3rem;
    height: 3rem;
    border-radius: 50%;
    background: color-mix(in srgb, var(--ik-accent) 13%, var(--ik-bg));
    color: var(--ik-accent);
  }
  .icon svg {
    width: 1.5rem;
    height: 1.5rem;
  }
  .text {
    display: flex;
    flex-direction: column;
    align-items: inherit;
    gap: 0.25rem;
  }
  .label {
    font-weight: 500;
  }
  .choose {
    color: var(--ik-accent);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .hint {
    color: var(--ik-muted);
    font-size: 0.8125em;
  }
  .zone[data-slim],
  :host([compact]) .zone {
    flex-direction: row;
    justify-content: flex-start;
    min-height: 0;
    padding: calc(var(--ik-gap) * 0.625) var(--ik-gap);
    text-align: start;
  }
  .zone[data-slim] .icon,
  :host([compact]) .icon {
    width: 2.25rem;
    height: 2.25rem;
  }
  .zone[data-slim] .icon svg,
  :host([compact]) .icon svg {
    width: 1.25rem;
    height: 1.25rem;
  }
  :host([compact]) .text {
    align-items: flex-start;
    gap: 0.125rem;
  }

  /* The panel: the header over the list. */
  .panel {
    margin-top: calc(var(--ik-gap) * 0.75);
    border: 1px solid var(--ik-border);
    border-radius: var(--ik-radius);
    background: var(--ik-bg);
    overflow: hidden;
  }

  /* The list, a row per file. */
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: var(--ik-list-max-height);
    overflow: auto;
  }
  li {
    display: grid;
    grid-template-columns: var(--ik-thumb-size) minmax(0, 1fr) auto;
    gap: var(--ik-gap);
    align-items: center;
    padding: calc(var(--ik-gap) * 0.625) var(--ik-gap);
    background: var(--row, none);
    /* Rows off screen are neither laid out nor painted: 10,000 files stay cheap. */
    content-visibility: auto;
    contain-intrinsic-size: auto 4.75rem;
  }
  li + li {
    border-top: 1px solid var(--ik-border);
  }
  .thumb {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--ik-thumb-size);
    height: var(--ik-thumb-size);
    border-radius: calc(var(--ik-radius) * 0.6);
    background: color-mix(in srgb, currentColor 12%, var(--ik-bg));
    color: var(--ik-muted);
  }
  .thumb > svg {
    width: 45%;
    height: 45%;
  }
  canvas,
  img {
    width: 100%;
    height: 100%;
    object-fit: cover;
    border-radius: inherit;
  }
  .info {
    display: grid;
    gap: 0.125rem;
    min-width: 0;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 500;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.5rem;
    color: var(--ik-muted);
    font-size: 0.8125em;
    font-variant-numeric: tabular-nums;
  }
  .status {
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: 0.125rem;
  }
  .actions button:not(.text-button) {
    position: relative;
    display: grid;
    place-items: center;
    width: 2.25rem;
    height: 2.25rem;
    border-radius: 50%;
    color: var(--ik-muted);
  }
  .actions svg {
    width: 1.25rem;
    height: 1.25rem;
  }
  .menu-button path {
    stroke-width: 3.5;
  }
  .progress {
    height: 4px;
    margin-top: 0.25rem;
    border-radius: 2px;
    background: var(--ik-border);
    overflow: hidden;
  }
  .bar {
    height: 100%;
    border-radius: inherit;
    background: var(--ik-accent);
    /* scaleX, not width: no layout on each step. No transition: one would draw 60 frames a second
       for the whole upload (the compositor's work, on the same cores as the upload), for a bar
       that moves 4 times a second. */
    transform-origin: left;
  }
  .bar:dir(rtl) {
    transform-origin: right;
  }

  :host([compact]) li {
    padding: calc(var(--ik-gap) * 0.5) calc(var(--ik-gap) * 0.75);
    --ik-thumb-size: 2.75rem;
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
