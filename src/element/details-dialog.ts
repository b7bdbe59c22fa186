import type { FileParams } from '../core/stages.js';
import type { ResizeOptions } from '../core/resize/types.js';
import type { UploadParams } from '../core/types.js';
import type { Translate } from './controllers/localize.js';
import { dialogStyles } from './dialog-styles.js';
import type { ImageEditor } from './editor/index.js';
import { editOf, type EditParams } from './editor/params.js';
import { drawPreview, type Preview } from './editor/preview.js';
import type { Lit } from './lit-kit.js';

export interface DetailsRequest {
  file: File;
  t: Translate;
  /** The file's own parameters so far. */
  own: FileParams;
  /** The element's parameters: what the file gets where it has none of its own. */
  base: UploadParams;
  box: ResizeOptions;
  aspect?: number;
  lit: Lit;
  /** For an image the browser can show: its preview, and the way to its editor. */
  preview?: Promise<Preview>;
}

/** ImageKit's limit on all of a file's tags together (seed 004). */
const MAX_TAG_CHARS = 500;

const tagList = (tags: UploadParams['tags']) => (tags === undefined ? [] : typeof tags === 'string' ? tags.split(',') : tags).map((t) => t.trim()).filter(Boolean);

export interface DetailsDialog extends HTMLElement {
  request: DetailsRequest;
  /** The file's own parameters on Save (those left as the element has them `undefined`); nothing on Cancel. */
  readonly result: Promise<FileParams | undefined>;
}

let made: (new () => DetailsDialog) | undefined;

/**
 * The details of one file before it is uploaded: its name (ImageKit's `fileName`), alt text
 * (`description`) and tags, and for an image the way to the image editor. A modal `<dialog>`:
 * focus moves into it and comes back, Escape cancels. `result` resolves with the file's own
 * parameters on Save (those left as the element has them are `undefined`), with nothing on Cancel.
 */
export function defineDetails(lit: Lit): new () => DetailsDialog {
  if (made) return made;
  const { LitElement, html, css, nothing } = lit;
  class Details extends LitElement implements DetailsDialog {
    static override styles = [dialogStyles(css), css`
      form {
        display: contents;
      }
      .body {
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
        align-items: start;
      }
      .fields {
        display: grid;
        gap: 1rem;
      }
      .preview {
        display: grid;
        gap: 0.5rem;
        justify-items: center;
      }
      .preview canvas {
        display: block;
        max-width: 100%;
        max-height: 14rem;
        border-radius: 8px;
        background: var(--ik-surface);
      }
      label {
        display: grid;
        gap: 0.375rem;
        font-weight: 600;
      }
      input,
      textarea {
        width: 100%;
        padding: 0.5rem 0.625rem;
        border: 1px solid var(--ik-zone-border);
        border-radius: 8px;
        background: var(--ik-surface);
        color: var(--ik-fg);
        font: inherit;
        font-weight: 400;
      }
      textarea {
        min-height: 5rem;
        resize: vertical;
      }
      [aria-invalid='true'] {
        border-color: var(--ik-error);
      }
    `];

    static override properties = { problem: { state: true }, image: { state: true }, editor: { state: true }, preview: { state: true } };
    request!: DetailsRequest;
    readonly result: Promise<FileParams | undefined>;
    #resolve!: (params: FileParams | undefined) => void;
    private problem?: { field: 'name' | 'tags'; text: string };
    /** What the image editor saved, kept until this dialog is saved (or dropped with it). */
    private image?: EditParams;
    private editor?: ImageEditor;
    private preview?: Preview;

    constructor() {
      super();
      this.result = new Promise((resolve) => (this.#resolve = resolve));
    }

    override connectedCallback(): void {
      super.connectedCallback();
      this.request.preview?.then((p) => (this.preview = p), () => undefined);
    }

    protected override firstUpdated(): void {
      this.renderRoot.querySelector('dialog')!.showModal();
      // The name is what is most often fixed: focused, selected up to its extension, as a file manager does.
      const name = this.renderRoot.querySelector<HTMLInputElement>('#name')!;
      name.focus();
      const dot = name.value.lastIndexOf('.');
      name.setSelectionRange(0, dot > 0 ? dot : name.value.length);
    }

    protected override updated(): void {
      const canvas = this.renderRoot.querySelector('canvas');
      if (!canvas || !this.preview || !this.isConnected) return;
      const { crop, rotation } = editOf(this.#own(), this.preview.size);
      const key = JSON.stringify([crop, rotation]);
      if (canvas.dataset.drawn === key) return;
      canvas.dataset.drawn = key;
      drawPreview(canvas, this.preview, rotation, crop);
    }

    /** The file's own parameters with the editor's unsaved edit over them. */
    #own(): FileParams {
      return { ...this.request.own, ...this.image };
    }

    #editImage = async () => {
      const editor = new ((await import('./editor/index.js')).defineEditor(lit))();
      const { file, t, base, box, aspect, preview } = this.request;
      editor.request = { file, t, lit, own: this.#own(), base, box, aspect, preview: preview! };
      this.editor = editor;
      const edit = await editor.result;
      this.editor = undefined;
      if (edit) this.image = edit;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.edit-image')?.focus();
    };

    #save = (e: Event) => {
      e.preventDefault();
      const { file, t, base, own } = this.request;
      const form = e.target as HTMLFormElement;
      const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
      const name = value('name');
      const tags = tagList(value('tags'));
      const problem = !name ? { field: 'name' as const, text: t('nameMissing') }
        : tags.some((tag) => tag.includes('%')) || tags.join('').length > MAX_TAG_CHARS ? { field: 'tags' as const, text: t('tagsBad', { max: MAX_TAG_CHARS }) } : undefined;
      this.problem = problem;
      if (problem) return void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${problem.field}`)?.focus());
      // Only what differs from what the file would get anyway becomes its own.
      const description = value('description');
      const params: FileParams = {
        ...own,
        fileName: name === (base.fileName ?? file.name) ? undefined : name,
        description: description === (base.description ?? '') ? undefined : description,
        tags: tags.join() === tagList(base.tags).join() ? undefined : tags,
        ...this.image,
      };
      this.#close(params);
    };

    #cancel = (e?: Event) => {
      e?.preventDefault(); // Escape: closed here, so the answer is given once
      this.#close();
    };

    #close(params?: FileParams) {
      this.#resolve(params);
      const dialog = this.renderRoot.querySelector('dialog')!;
      if (dialog.open) dialog.close();
    }

    override render() {
      const { file, t, own, base } = this.request;
      const image = !!this.request.preview;
      const problem = this.problem;
      const invalid = (field: 'name' | 'tags') => (problem?.field === field ? 'true' : 'false');
      const tags = tagList(own.tags ?? base.tags).join(', ');
      return html`<dialog aria-labelledby="title" aria-describedby="file" @cancel=${this.#cancel}>
          <form novalidate @submit=${this.#save}>
            <header>
              <h2 id="title">${t('editDetails')}</h2>
              <p class="file" id="file">${file.name}</p>
            </header>
            <div class="body">
              ${image ? html`<div class="preview">
                  ${this.preview ? html`<canvas aria-hidden="true"></canvas>` : nothing}
                  <button type="button" class="edit-image" @click=${this.#editImage}>${t('editImage')}</button>
                </div>` : nothing}
              <div class="fields">
                <label>${t('nameLabel')}
                  <input id="name" name="name" autofocus autocomplete="off" spellcheck="false" .value=${own.fileName ?? base.fileName ?? file.name}
                    aria-invalid=${invalid('name')} aria-describedby=${problem?.field === 'name' ? 'problem' : nothing} /></label>
                ${problem?.field === 'name' ? html`<p class="error" id="problem">${problem.text}</p>` : nothing}
                <label>${t(image ? 'altText' : 'descriptionLabel')}
                  <textarea id="description" name="description" aria-describedby=${image ? 'alt-hint' : nothing}
                    .value=${own.description ?? base.description ?? ''}></textarea></label>
                ${image ? html`<p class="hint" id="alt-hint">${t('altHint')}</p>` : nothing}
                <label>${t('tagsLabel')}
                  <input id="tags" name="tags" autocomplete="off" .value=${tags} aria-invalid=${invalid('tags')}
                    aria-describedby=${problem?.field === 'tags' ? 'problem tags-hint' : 'tags-hint'} /></label>
                ${problem?.field === 'tags' ? html`<p class="error" id="problem">${problem.text}</p>` : nothing}
                <p class="hint" id="tags-hint">${t('tagsHint')}</p>
              </div>
            </div>
            <footer>
              <button type="button" @click=${() => this.#cancel()}>${t('editCancel')}</button>
              <button type="submit" class="primary">${t('editSave')}</button>
            </footer>
          </form>
        </dialog>
        ${this.editor ?? nothing}`;
    }
  }

  if (!customElements.get('ik-uploader-details')) customElements.define('ik-uploader-details', Details);
  return (made = customElements.get('ik-uploader-details') as new () => DetailsDialog);
}
