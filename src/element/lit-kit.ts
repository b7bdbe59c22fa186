import type * as lit from 'lit';

/**
 * The parts of Lit an on-demand chunk builds its elements from, handed over by the element: a
 * chunk that imported Lit itself would split Lit out of the CDN file into a chunk of its own.
 */
export type Lit = Pick<typeof lit, 'LitElement' | 'html' | 'css' | 'nothing'>;
