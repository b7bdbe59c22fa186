import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import { format } from '../../core/messages.js';
import { LOCALES } from '../locales/index.js';
import { en, type IkStrings } from '../strings.js';

export type Translate = (key: keyof IkStrings, vars?: Record<string, unknown>) => string;

interface Host extends ReactiveControllerHost, HTMLElement {
  locale?: string;
  strings?: Partial<IkStrings>;
}

/**
 * The element's words: the language is worked out once per update (`locale`, else the nearest
 * `lang`), its dictionary merged once when it or `strings` changes, and a built-in translation
 * loaded on demand, through a Task that drops a load overtaken by another language.
 */
export class LocalizeController implements ReactiveController {
  /** The language in use, e.g. `de`. */
  lang = 'en';
  #words: IkStrings = en;
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
    const wanted = (this.#host.locale ?? this.#host.closest('[lang]')?.getAttribute('lang') ?? 'en').toLowerCase();
    const base = wanted.split('-')[0]!;
    this.lang = wanted in this.#locales || wanted in LOCALES ? wanted : base;
    const from = [this.#locales[this.lang], this.#host.strings];
    if (from.some((x, i) => x !== this.#from[i])) {
      this.#from = from;
      this.#words = { ...en, ...from[0], ...from[1] } as IkStrings;
    }
  }

  /** Resolves once the dictionary of the language in use is loaded (at once for English). */
  get loaded(): Promise<unknown> {
    return this.#load.taskComplete;
  }

  readonly t: Translate = (key, vars) => format(this.#words[key], vars);
}
