/**
 * What the element needs for links, loaded with the first one (the CDN file has a size budget):
 * `linkFile`, and the indeterminate bar of a link's row (its bytes move between ImageKit and its
 * host, out of sight): a full bar that pulses (still, with reduced motion).
 */
export { linkFile } from '../core/links.js';

export const styles = `.progress:not([aria-valuenow]) .bar{animation:ik-pulse 1.6s infinite}@keyframes ik-pulse{50%{opacity:.3}}`;
