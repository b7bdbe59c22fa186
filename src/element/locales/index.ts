import type { IkStrings } from '../strings.js';

/** The built-in translations, loaded only when asked for (they are not in the CDN file). */
export const LOCALES: Record<string, () => Promise<{ default: Partial<IkStrings> }>> = {
  de: () => import('./de.js'),
  ar: () => import('./ar.js'),
};
