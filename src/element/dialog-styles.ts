import type { Lit } from './lit-kit.js';

// The look shared by the details dialog and the image editor (both load on demand). Colours are
// the element's own --ik-* pairs, inherited through the shadow roots, so both themes hold.
export const dialogStyles = (css: Lit['css']) => css`
  :host {
    display: contents;
  }
  * {
    box-sizing: border-box;
  }
  dialog {
    width: min(94vw, 36rem);
    max-height: 94vh;
    padding: 0;
    border: 1px solid var(--ik-border);
    border-radius: var(--ik-radius);
    background: var(--ik-bg);
    color: var(--ik-fg);
    font: inherit;
    box-shadow: 0 16px 48px rgb(0 0 0 / 0.35);
    overflow: auto;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  header {
    padding: 1.125rem 1.25rem 0;
  }
  h2 {
    margin: 0;
    font-size: 1.125rem;
    line-height: 1.3;
  }
  .file {
    margin: 0.25rem 0 0;
    color: var(--ik-muted);
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  .body {
    display: grid;
    gap: 1rem;
    padding: 1rem 1.25rem;
  }
  footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    padding: 0 1.25rem 1.25rem;
  }
  button {
    min-height: 2.5rem;
    padding: 0.5rem 1rem;
    border: 1px solid var(--ik-zone-border);
    border-radius: 8px;
    background: var(--ik-surface);
    color: var(--ik-fg);
    font: inherit;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--ik-accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .primary {
    border-color: var(--ik-accent);
    background: var(--ik-accent);
    color: light-dark(#fff, #0d1117);
    font-weight: 600;
  }
  :focus-visible {
    outline: 3px solid var(--ik-accent);
    outline-offset: 2px;
  }
  .hint {
    margin: 0;
    color: var(--ik-muted);
    font-size: 0.875em;
    font-weight: 400;
  }
  .error {
    margin: 0;
    color: var(--ik-error);
    font-size: 0.875em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
    }
  }
`;
