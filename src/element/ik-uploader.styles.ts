import { css } from 'lit';

export const styles = css`
  :host {
    --ik-accent: #1f6feb;
    --ik-border: #8c959f;
    --ik-error: #b42318;
    --ik-success: #1a7f37;
    --ik-radius: 8px;
    display: block;
    font: inherit;
    color: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .zone {
    box-sizing: border-box;
    width: 100%;
    min-height: 6rem;
    padding: 1rem;
    border: 2px dashed var(--ik-border);
    border-radius: var(--ik-radius);
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .zone:focus-visible {
    outline: 3px solid var(--ik-accent);
    outline-offset: 2px;
  }
  :host([dragging]) .zone {
    border-color: var(--ik-accent);
    border-style: solid;
    background: color-mix(in srgb, var(--ik-accent) 10%, transparent);
  }
  .choose {
    color: var(--ik-accent);
    text-decoration: underline;
  }
  .hint {
    margin: 0.25rem 0 0;
    font-size: 0.875em;
    opacity: 0.8;
  }
  ul {
    list-style: none;
    margin: 0.5rem 0 0;
    padding: 0;
  }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto auto;
    gap: 0.25rem 0.75rem;
    align-items: center;
    padding: 0.5rem 0;
    border-top: 1px solid color-mix(in srgb, var(--ik-border) 40%, transparent);
  }
  .name {
    overflow-wrap: anywhere;
  }
  .size {
    font-variant-numeric: tabular-nums;
    opacity: 0.8;
  }
  .progress {
    grid-column: 1 / -1;
    height: 6px;
    border-radius: 3px;
    background: color-mix(in srgb, var(--ik-border) 30%, transparent);
    overflow: hidden;
  }
  .bar {
    height: 100%;
    background: var(--ik-accent);
    transition: width 0.2s;
  }
  [data-state='done'] .bar {
    background: var(--ik-success);
  }
  [data-state='failed'] .bar {
    background: var(--ik-error);
  }
  .status {
    grid-column: 1 / -1;
    font-size: 0.875em;
  }
  [data-state='failed'] .status,
  [data-state='rejected'] .status {
    color: var(--ik-error);
  }
  [data-state='done'] .status {
    color: var(--ik-success);
  }
  .actions button {
    font: inherit;
    font-size: 0.875em;
    margin-left: 0.25rem;
  }
`;
