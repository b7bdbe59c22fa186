import { css } from 'lit';

// Colours come in light/dark pairs; `color-scheme` (the page's, or the theme attribute's) picks one.
// Every pair passes WCAG AA against its own background: text 4.5:1, borders and bars 3:1.
export const styles = css`
  :host {
    --ik-fg: light-dark(#1f2328, #e6edf3);
    --ik-muted: light-dark(#57606a, #9da7b3);
    --ik-bg: light-dark(#fff, #161b22);
    --ik-surface: light-dark(#f6f8fa, #0d1117);
    --ik-border: light-dark(#d0d7de, #30363d);
    --ik-zone-border: light-dark(#6e7781, #7d8590);
    --ik-accent: light-dark(#0550ae, #4493f8);
    --ik-error: light-dark(#cf222e, #ff7b72);
    --ik-success: light-dark(#1a7f37, #3fb950);
    --ik-radius: 12px;
    --ik-gap: 0.75rem;
    --ik-font: inherit;
    --ik-thumb-size: 2.5rem;
    --ik-list-max-height: 24rem;
    display: block;
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
  .zone {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: calc(var(--ik-gap) / 2);
    width: 100%;
    min-height: 8rem;
    padding: calc(var(--ik-gap) * 1.5);
    border: 2px dashed var(--ik-zone-border);
    border-radius: var(--ik-radius);
    background: var(--ik-surface);
    text-align: center;
  }
  .zone:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .zone:hover,
  :host([dragging]) .zone {
    border-color: var(--ik-accent);
  }
  :host([dragging]) .zone {
    border-style: solid;
    background: color-mix(in srgb, var(--ik-accent) 8%, var(--ik-surface));
  }
  .icon {
    display: flex;
    color: var(--ik-accent);
  }
  .icon svg {
    width: 2rem;
    height: 2rem;
  }
  .choose {
    color: var(--ik-accent);
    font-weight: 600;
    text-decoration: underline;
  }
  .hint {
    color: var(--ik-muted);
    font-size: 0.875em;
  }
  :host([compact]) .zone {
    flex-direction: row;
    min-height: 3.25rem;
    padding: calc(var(--ik-gap) * 0.75) var(--ik-gap);
  }
  :host([compact]) .icon svg {
    width: 1.5rem;
    height: 1.5rem;
  }
  .summary,
  ul {
    margin: calc(var(--ik-gap) * 0.75) 0 0;
    border: 1px solid var(--ik-border);
    border-radius: var(--ik-radius);
    background: var(--ik-bg);
  }
  .summary {
    display: grid;
    gap: 0.375rem;
    padding: calc(var(--ik-gap) * 0.75) var(--ik-gap);
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
  }
  :host([compact]) .summary {
    display: none;
  }
  ul {
    list-style: none;
    padding: 0;
    max-height: var(--ik-list-max-height);
    overflow: auto;
  }
  li {
    display: grid;
    grid-template-columns: var(--ik-thumb-size) minmax(0, 1fr) auto auto;
    gap: 0.25rem var(--ik-gap);
    align-items: center;
    padding: calc(var(--ik-gap) * 0.75) var(--ik-gap);
    /* Rows off screen are neither laid out nor painted: 1,000 files stay cheap. */
    content-visibility: auto;
    contain-intrinsic-size: auto 4.5rem;
  }
  li + li {
    border-top: 1px solid var(--ik-border);
  }
  .thumb {
    grid-row: span 3;
    align-self: start;
    display: grid;
    place-items: center;
    width: var(--ik-thumb-size);
    height: var(--ik-thumb-size);
    border-radius: calc(var(--ik-radius) / 2);
    background: var(--ik-surface);
    color: var(--ik-muted);
    overflow: hidden;
  }
  canvas,
  img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 500;
  }
  .size {
    color: var(--ik-muted);
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
  }
  .actions {
    display: flex;
    gap: 0.25rem;
  }
  .actions button:hover {
    color: var(--ik-fg);
  }
  .actions button {
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    color: var(--ik-muted);
  }
  .actions svg {
    width: 1.125rem;
    height: 1.125rem;
  }
  .menu-button path {
    stroke-width: 3.5;
  }
  .more {
    grid-column: 1 / -1;
    padding: 0.5rem;
    color: var(--ik-accent);
  }
  .progress {
    grid-column: 2 / -1;
    height: 6px;
    border-radius: 3px;
    background: var(--ik-border);
    overflow: hidden;
  }
  .summary .progress {
    grid-column: auto;
  }
  .bar {
    height: 100%;
    background: var(--ik-accent);
    /* scaleX, not width: the compositor animates it without layout or paint on every tick */
    transform-origin: left;
    transition: transform 0.2s;
  }
  .bar:dir(rtl) {
    transform-origin: right;
  }
  [data-state='done'] .bar {
    background: var(--ik-success);
  }
  .status {
    grid-column: 2 / -1;
    color: var(--ik-muted);
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  [data-state='failed'] .status,
  [data-state='rejected'] .status {
    color: var(--ik-error);
  }
  [data-state='done'] .status {
    color: var(--ik-success);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
    }
  }
`;
