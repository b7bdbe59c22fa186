import type { Kit } from './list.js';
import type { View } from './view.js';

// Loaded on demand, with the first drag over the element (the CDN file has a size budget); it
// imports nothing at run time: Lit and the helpers come as `k`. Until it is in, the zone's own
// border shows the drag.
const css = String.raw;

/** While files are dragged over: one clear "Drop to upload" target over the whole element. */
export const overlay = (v: View, { html, icon, UPLOAD }: Kit) =>
  html`<div part="drop-overlay" class="overlay" aria-hidden="true">${icon(UPLOAD)}<span>${v.t('dropHere')}</span></div>`;

export const styles = css`
  .overlay {
    position: absolute;
    inset: 0;
    z-index: 2;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    border: 2px dashed var(--ik-accent);
    border-radius: var(--ik-radius);
    background: color-mix(in srgb, var(--ik-accent) 12%, var(--ik-bg));
    font-size: 1.25em;
    font-weight: 600;
    pointer-events: none;
    animation: ik-in 0.15s ease-out;
  }
  .overlay svg {
    width: 3rem;
    height: 3rem;
    color: var(--ik-accent);
  }
  @keyframes ik-in {
    from {
      opacity: 0;
    }
  }

`;
