import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import type { Rejection } from '../../core/restrictions.js';
import { Formats } from '../intl.js';
import { LOCALES } from '../locales/index.js';
import { en, type IkStrings } from '../strings.js';

export type Translate = (key: keyof IkStrings, vars?: Record<string, unknown>) => string;

interface Host extends ReactiveControllerHost, HTMLElement {
  locale?: string;
  strings?: Partial<IkStrings>;
}

/** One set of formatters per language, shared by every element. */
const formats = new Map<string, Formats>();

/** The nearest element matching `selector`, from `el` out, across shadow roots. */
function closest(el: Element, selector: string): Element | null {
  let found: Element | null = null;
  for (let at: Node | undefined = el; at && !(found = (at as Element).closest(selector)); at = ((at as Element).getRootNode() as ShadowRoot).host);
  return found;
}

/**
 * The element's words: the language is worked out once per update (`locale`, else the nearest
 * `lang`), its dictionary merged once when it or `strings` changes, and a built-in translation
 * loaded on demand, through a Task that drops a load overtaken by another language. Numbers,
 * sizes and plurals follow the language; so does the direction, unless a `dir` is set on the
 * element or around it.
 */
export class LocalizeController implements ReactiveController {
  /** The language of the words in use, e.g. `de`, `pt-pt`. */
  lang = 'en';
  /** `rtl` or `ltr` from the language; undefined when a `dir` attribute on or around the element decides. */
  dir?: 'ltr' | 'rtl';
  /** Numbers, sizes and durations in the page's locale for that language (e.g. `de-AT`). */
  fmt: Formats = new Formats('en');
  #words = en as IkStrings;
  #from: unknown[] = [];
  readonly #host: Host;
  readonly #locales: Record<string, Partial<IkStrings>>;
  readonly #load: Task<readonly [string], void>;

  /** `locales`: dictionaries by language code, shared by every element (`IkUploader.locales`). */
  constructor(host: Host, locales: Record<string, Partial<IkStrings>>) {
    this.#host = host;
    this.#locales = locales;
    host.addController(this);
    this.#load = new Task(host, {
      args: () => [this.lang] as const,
      task: async ([code]) => {
        const load = LOCALES[code];
        if (load && !locales[code]) locales[code] = (await load()).default;
      },
    });
  }

  hostUpdate(): void {
    const host = this.#host;
    const wanted = (host.locale ?? closest(host, '[lang]')?.getAttribute('lang') ?? '').toLowerCase();
    // The longest known prefix: zh-hant-tw → zh-hant, de-at → de; a language with no dictionary speaks English.
    const tags = wanted.split('-');
    let lang = 'en';
    for (let i = tags.length; i > 0; i--) {
      const code = tags.slice(0, i).join('-');
      if (code in this.#locales || code in LOCALES) {
        lang = code;
        break;
      }
    }
    this.lang = lang;
    let locale = wanted.startsWith(lang) ? wanted : lang;
    try {
      Intl.getCanonicalLocales(locale);
    } catch {
      locale = lang; // not a language tag (de_AT): the dictionary's own
    }
    this.fmt = formats.get(locale) ?? formats.set(locale, new Formats(locale)).get(locale)!;
    this.dir = closest(host, '[dir]') ? undefined : this.fmt.dir;
    const from = [this.#locales[lang], host.strings];
    if (from.some((x, i) => x !== this.#from[i])) {
      this.#from = from;
      this.#words = { ...en, ...from[0], ...from[1] } as IkStrings;
    }
  }

  /** Resolves once the dictionary of the language in use is loaded (at once for English). */
  get loaded(): Promise<unknown> {
    return this.#load.taskComplete;
  }

  /** A word the dictionary lacks is English: an on-demand part adds its own to `en` as it loads. */
  readonly t: Translate = (key, vars) => this.fmt.message(this.#words[key] ?? (en as IkStrings)[key], vars);

  /** An `accept` list for people: "images, videos or .pdf". */
  accepted(accept: string): string {
    const kinds: Record<string, keyof IkStrings> = { image: 'images', video: 'videos', audio: 'audio' };
    return this.fmt.or(accept.split(',').map((t) => t.trim()).filter(Boolean).map((t) => {
      const kind = t.endsWith('/*') && kinds[t.slice(0, -2).toLowerCase()];
      return kind ? this.t(kind) : `\u2068${t}\u2069`; // ".pdf" stays ".pdf" in a right-to-left list
    }));
  }

  /** A rejection in the element's language, its sizes and types worded here. */
  readonly rejection = (r: Rejection): string => {
    const { vars } = r;
    const more = r.code === 'file-type' ? { type: vars.type || this.t('unknownType'), accept: this.accepted(String(vars.accept)) }
      : r.code === 'file-too-large' || r.code === 'total-too-large' ? { size: this.fmt.bytes(+vars.size!), limit: this.fmt.bytes(+vars.limit!) } : {};
    return this.t(r.code, { ...vars, ...more });
  };
}
