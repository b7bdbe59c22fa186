/**
 * A message: text with `{name}`-style placeholders, or its plural forms by `Intl.PluralRules`
 * category, picked by the number `{n}` (`other` when a category is missing).
 */
export type Plural = { other: string } & { [form in Exclude<Intl.LDMLPluralRule, 'other'>]?: string };
export type Message = string | Plural;

// First Strong Isolate … Pop Directional Isolate: an interpolated name keeps its own direction, and
// the quotes and full stop around it stay where the sentence puts them.
const FSI = '\u2068';
const PDI = '\u2069';
// Languages written right to left (Intl.Locale's text info is not in every browser yet).
const RTL = /^(ar|ckb|dv|fa|he|iw|ks|ps|sd|ug|ur|yi)\b/;
/** Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko ... and their presentation forms). */
const RTL_TEXT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'];

/** Numbers, sizes, durations, lists and messages in one language, its Intl formatters made once. */
export class Formats {
  readonly dir: 'ltr' | 'rtl';
  readonly #plural: Intl.PluralRules;
  readonly #made = new Map<string, Intl.NumberFormat>();

  constructor(readonly locale: string) {
    this.dir = RTL.test(locale) ? 'rtl' : 'ltr';
    this.#plural = new Intl.PluralRules(locale);
  }

  #format(value: number, unit = '', digits = 0, long = false): string {
    const key = unit + digits + long;
    let f = this.#made.get(key);
    if (!f) {
      const options: Intl.NumberFormatOptions = unit === 'percent' ? { style: 'percent' }
        : unit ? { style: 'unit', unit, unitDisplay: long ? 'long' : 'short', maximumFractionDigits: digits } : {};
      this.#made.set(key, (f = new Intl.NumberFormat(this.locale, options)));
    }
    return f.format(value);
  }

  number(n: number): string {
    return this.#format(n);
  }

  /** `pct` of 100, as the language writes a percentage: "45%", "45 %", "%45", "٤٥٪". */
  percent(pct: number): string {
    return this.#format(pct / 100, 'percent');
  }

  /** Bytes for people, 1 KB = 1024 bytes, one decimal under 100: "5 bytes", "1,3 MB"; `perSecond` for a speed. */
  bytes(bytes: number, perSecond = false): string {
    const per = perSecond ? '-per-second' : '';
    if (bytes < 1024) return this.#format(Math.round(bytes), 'byte' + per, 0, !perSecond);
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) (value /= 1024), unit++;
    return this.#format(value, UNITS[unit] + per, value < 100 ? 1 : 0);
  }

  /** A span of time, short: "45 s", "12 min", "1.5 h". */
  duration(seconds: number): string {
    const s = Math.max(0, Math.ceil(seconds));
    return s < 90 ? this.#format(s, 'second') : s < 5400 ? this.#format(Math.round(s / 60), 'minute') : this.#format(s / 3600, 'hour', 1);
  }

  /** "a, b or c" in the language. */
  or(items: string[]): string {
    return new Intl.ListFormat(this.locale, { type: 'disjunction' }).format(items);
  }

  /**
   * Fills a message: the plural form for `{n}`, numbers written as the language writes them, and
   * every other value (a file name, a server's words) bidi-isolated where directions mix. An unknown key is left as written.
   */
  message(message: Message, vars: Record<string, unknown> = {}): string {
    const text = typeof message === 'string' ? message : message[this.#plural.select(Number(vars.n))] ?? message.other;
    return text.replace(/\{(\w+)\}/g, (m, key: string) => {
      if (!(key in vars)) return m;
      const value = vars[key];
      if (typeof value === 'number') return this.number(value);
      // Isolated only where two directions meet: left-to-right words with a left-to-right name need
      // none, and accessible names stay as plain as their text ("Remove photo.png").
      const text = String(value);
      return this.dir === 'rtl' || RTL_TEXT.test(text) ? FSI + text + PDI : text;
    });
  }
}
