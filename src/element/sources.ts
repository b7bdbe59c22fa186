import type { ReactiveControllerHost } from 'lit';
import type { UploadItem } from '../core/queue.js';
import type { Kit } from './controllers/ways-in.js';
import type { Translate } from './controllers/localize.js';
import type { Camera } from './camera.js';
import { adopt, css, icon } from './part-style.js';
import { sourceStrings } from './source-strings.js';

// 24×24 stroked icons: a chain link, a camera.
const LINK = 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1';
const CAMERA = 'M4 8h3l2-3h6l2 3h3v11H4zM12 16.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7';

const styles = css`
  .ways {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--ik-gap) / 2);
    margin-top: calc(var(--ik-gap) * 0.75);
  }
  .links {
    display: flex;
    flex: 1 1 18rem;
    min-width: 0;
    border: 1px solid var(--ik-zone-border);
    border-radius: var(--ik-radius);
    background: var(--ik-bg);
  }
  .links:focus-within {
    outline: 3px solid var(--ik-accent);
    outline-offset: 2px;
  }
  .links .glyph {
    display: flex;
    align-items: center;
    padding-inline-start: 0.75rem;
    color: var(--ik-muted);
  }
  .links .glyph svg,
  .camera-button svg {
    width: 1.25rem;
    height: 1.25rem;
  }
  .links input {
    flex: 1;
    min-width: 0;
    padding: 0.625rem 0.5rem;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    outline: none;
  }
  .links input::placeholder {
    color: var(--ik-muted);
    opacity: 1;
  }
  .links button,
  .camera-button {
    padding: 0.5rem 1rem;
    border-radius: var(--ik-radius);
    font-weight: 600;
  }
  .links button {
    margin: 0.25rem;
    background: var(--ik-accent);
    color: var(--ik-bg);
    border-radius: calc(var(--ik-radius) - 4px);
  }
  .camera-button {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    border: 1px solid var(--ik-zone-border);
    background: var(--ik-surface);
    color: var(--ik-accent);
  }
  .camera-button:hover {
    border-color: var(--ik-accent);
  }
  button:disabled,
  input:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
`;

/** What the link field and the camera need of the element. */
export interface SourcesHost extends ReactiveControllerHost, HTMLElement {
  sources: string;
  readonly items: readonly UploadItem[];
  addFiles(files: File[]): void;
  addUrls(urls: Iterable<string>): Promise<void>;
}

/** Whether `sources` names `source`. */
export const offers = (host: { sources: string }, source: string): boolean => host.sources.split(/\s+/).includes(source);

/** A scheme, but not a port: "example.com:8080/a.jpg" has none. */
const SCHEME = /^[a-z][a-z\d+.-]*:(?!\d)/i;

/**
 * The link field and the camera button, loaded only when `sources` names `url` or `camera`; the
 * camera view itself loads when it is opened.
 */
export class Sources {
  #camera?: Camera;
  #opening = false;

  constructor(
    private readonly host: SourcesHost,
    private readonly t: Translate,
    private readonly kit: Kit,
  ) {
    adopt(host.shadowRoot!, styles);
    kit.words(sourceStrings);
  }

  /** The camera view is open, in the drop zone's place. */
  get open(): boolean {
    return !!this.#camera;
  }

  /** Opens the camera view in the drop zone's place. */
  async openCamera(): Promise<void> {
    if (this.#camera || this.#opening) return;
    this.#opening = true;
    const { Camera } = await import('./camera.js');
    this.#opening = false;
    if (!this.host.isConnected) return;
    this.#camera = new Camera(this.host, this.t, this.kit, () => this.#closed());
    this.host.requestUpdate();
  }

  disconnected(): void {
    this.#camera?.close(); // its tracks stop with the element
  }

  render(disabled: boolean) {
    if (this.#camera) return this.#camera.render();
    const { t } = this;
    const { html, nothing } = this.kit.lit;
    const url = offers(this.host, 'url');
    const camera = offers(this.host, 'camera');
    return html`<div class="ways">
      ${url
        ? html`<form class="links" part="link-form" novalidate @submit=${this.#submit}>
            <span class="glyph">${icon(this.kit.lit, LINK)}</span>
            <input type="text" inputmode="url" autocapitalize="off" part="link-input" aria-label=${t('links')} placeholder=${t('linkHint')} autocomplete="off" spellcheck="false" ?disabled=${disabled} @paste=${paste} />
            <button part="link-button" ?disabled=${disabled}>${t('addLinks')}</button>
          </form>`
        : nothing}
      ${camera
        ? html`<button type="button" class="camera-button" part="camera-button" ?disabled=${disabled} @click=${() => this.openCamera()}>${icon(this.kit.lit, CAMERA)}${t('camera')}</button>`
        : nothing}
    </div>`;
  }

  #closed() {
    this.#camera = undefined;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.shadowRoot!.querySelector<HTMLElement>('[part~="camera-button"]')?.focus());
  }

  /** Adds every link in the field; the ones refused stay in it, to be put right (their rows say why). */
  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector('input')!;
    // A link typed without a scheme ("example.com/a.jpg") is meant as https.
    const links = input.value.split(/\s+/).filter(Boolean).map((l) => (SCHEME.test(l) ? l : `https://${l}`));
    if (!links.length) return;
    const before = new Set(this.host.items.map((i) => i.id));
    await this.host.addUrls(links);
    const refused = this.host.items.filter((i) => !before.has(i.id) && i.state === 'rejected');
    input.value = refused.map((i) => i.url).join(' ');
  };
}

/** A pasted list keeps its line breaks as spaces (an input drops them, running the links together). */
function paste(event: ClipboardEvent) {
  const text = event.clipboardData?.getData('text');
  if (!text || !/\s/.test(text.trim())) return;
  event.preventDefault();
  const input = event.target as HTMLInputElement;
  input.setRangeText(text.trim().replace(/\s+/g, ' '), input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
}
