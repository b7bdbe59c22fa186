import type { ReactiveElement } from 'lit';
import { en } from '../strings.js';

interface Part {
  /** CSS text for the shadow root. */
  styles?: string;
  /** English words the part brings (a locale's dictionary has them already). */
  words?: object;
}

/**
 * Parts of the element that load on demand (the CDN file has a size budget: they come from chunks/
 * beside it, and import nothing the entry holds): each is fetched once; its `styles` join the shadow
 * root and its `words` the English dictionary, and the element renders again with it. `get` answers
 * undefined until then (a render asks, and renders again once it is in); `load` waits for it.
 */
export class Parts {
  readonly #loaded = new Map<string, unknown>();
  readonly #loading = new Map<string, Promise<unknown>>();

  constructor(private readonly host: ReactiveElement) {}

  /** Resolves once every part asked for so far is in (and the element has rendered with it). */
  get settled(): Promise<unknown> {
    return Promise.all(this.#loading.values());
  }

  get<T extends Part>(name: string, load: () => Promise<T>): T | undefined {
    void this.load(name, load);
    return this.#loaded.get(name) as T | undefined;
  }

  load<T extends Part>(name: string, load: () => Promise<T>): Promise<T> {
    let loading = this.#loading.get(name) as Promise<T> | undefined;
    if (!loading) {
      this.#loading.set(name, (loading = load().then((part) => {
        if (part.styles) {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(part.styles);
          const root = this.host.shadowRoot!;
          root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        }
        Object.assign(en, part.words);
        this.#loaded.set(name, part);
        this.host.requestUpdate();
        return part;
      })));
    }
    return loading;
  }
}
