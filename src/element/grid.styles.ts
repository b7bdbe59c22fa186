// No import at run time: the styles are text, adopted by the element (see Parts).
const css = String.raw;

/** `view="grid"`: tiles with large previews, from the list's own markup (loaded on demand, with the first grid). */
export const styles = css`
  :host([view='grid']) ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--ik-tile-size), 1fr));
    gap: var(--ik-gap);
    padding: var(--ik-gap);
  }
  :host([view='grid']) li {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: stretch;
    gap: 0.5rem;
    padding: 0 0 0.625rem;
    border: 1px solid var(--ik-border);
    border-radius: calc(var(--ik-radius) * 0.75);
    contain-intrinsic-size: auto 13rem;
  }
  :host([view='grid']) .thumb {
    width: 100%;
    height: auto;
    aspect-ratio: 1;
    border-radius: calc(var(--ik-radius) * 0.75 - 1px) calc(var(--ik-radius) * 0.75 - 1px) 0 0;
  }
  :host([view='grid']) .thumb > svg {
    width: 2.75rem;
    height: 2.75rem;
  }
  :host([view='grid']) .thumb::before,
  :host([view='grid']) .thumb::after {
    inset-inline-end: 0.5rem;
    bottom: 0.5rem;
    width: 1.625rem;
    height: 1.625rem;
  }
  :host([view='grid']) .info {
    padding-inline: 0.625rem;
  }
  :host([view='grid']) .meta {
    flex-direction: column;
  }
  :host([view='grid']) .size::after {
    content: none;
  }
  :host([view='grid']) .actions {
    position: absolute;
    top: 0.375rem;
    inset-inline-end: 0.375rem;
  }
  :host([view='grid']) .actions button {
    background: color-mix(in srgb, var(--ik-bg) 90%, transparent);
    color: var(--ik-fg);
    box-shadow: 0 1px 3px #0004;
  }
  :host([view='grid']) .more {
    grid-column: 1 / -1;
    border: 0;
  }
`;
