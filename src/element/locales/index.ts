import type { IkStrings } from '../strings.js';

type Load = () => Promise<{ default: Partial<IkStrings> }>;
const he: Load = () => import('./he.js');
const zhTW: Load = () => import('./zh-TW.js');

/**
 * The built-in translations by lower-case language tag, each a chunk of its own loaded only when
 * asked for (none is in the CDN file). A tag finds its longest known prefix: `de-AT` → `de`,
 * `pt-BR` → `pt` (Brazilian), `pt-PT` → European, `zh`/`zh-CN` → Simplified, `zh-TW`, `zh-HK`,
 * `zh-Hant` → Traditional.
 */
export const LOCALES: Record<string, Load> = {
  ar: () => import('./ar.js'),
  cs: () => import('./cs.js'),
  de: () => import('./de.js'),
  es: () => import('./es.js'),
  fa: () => import('./fa.js'),
  fr: () => import('./fr.js'),
  he,
  iw: he,
  hi: () => import('./hi.js'),
  id: () => import('./id.js'),
  it: () => import('./it.js'),
  ja: () => import('./ja.js'),
  ko: () => import('./ko.js'),
  nl: () => import('./nl.js'),
  pl: () => import('./pl.js'),
  pt: () => import('./pt.js'),
  'pt-pt': () => import('./pt-PT.js'),
  ru: () => import('./ru.js'),
  sv: () => import('./sv.js'),
  th: () => import('./th.js'),
  tr: () => import('./tr.js'),
  uk: () => import('./uk.js'),
  vi: () => import('./vi.js'),
  zh: () => import('./zh.js'),
  'zh-tw': zhTW,
  'zh-hk': zhTW,
  'zh-mo': zhTW,
  'zh-hant': zhTW,
};
