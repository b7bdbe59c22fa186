import type { FileParams } from '../../core/stages.js';
import type { ResizeOptions } from '../../core/resize/types.js';
import type { UploadParams } from '../../core/types.js';
import type { Translate } from '../controllers/localize.js';
import { dialogStyles } from '../dialog-styles.js';
import type { Lit } from '../lit-kit.js';
import { CORNERS, fitAspect, inside, move, resize, snap, turn, turnedSize, unturn, type Corner, type Rect, type Rotation, type Size } from './geometry.js';
import { editOf, editParams, whole, type Edit, type EditParams } from './params.js';
import { drawPreview, type Preview } from './preview.js';

export interface EditorRequest {
  file: File;
  t: Translate;
  /** The file's own parameters so far: the editor starts from the edit they hold. */
  own: FileParams;
  /** The element's parameters: the edit's steps go before their `pre`, their `post` is kept. */
  base: UploadParams;
  /** The element's resize box: the stored part is fitted to it. */
  box: ResizeOptions;
  /** Width / height the crop keeps (`crop-aspect`); free when unset. */
  aspect?: number;
  lit: Lit;
  preview: Promise<Preview>;
}

export interface ImageEditor extends HTMLElement {
  request: EditorRequest;
  /** The parameters on Save; nothing on Cancel or Escape. */
  readonly result: Promise<EditParams | undefined>;
}

let made: (new () => ImageEditor) | undefined;

type Area = 'crop' | 'focus';

interface Drag {
  pointer: number;
  x: number;
  y: number;
  /** Image pixels per CSS pixel. */
  k: number;
  area: Area;
  corner?: Corner;
  /** A new area drawn from the point pressed: it exists once the pointer has moved. */
  fresh: boolean;
  from: { crop: Rect; focus?: Rect };
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
const ROTATE_LEFT = 'M4 12a8 8 0 1 0 2.5-5.8M4 4v5h5';
const ROTATE_RIGHT = 'M20 12a8 8 0 1 1-2.5-5.8M20 4v5h-5';

/**
 * The image editor: crop (free, or to `crop-aspect`), quarter turns and an area of interest, by
 * pointer and by keyboard, on a downscaled preview. It records ImageKit parameters and never
 * re-encodes the file. `result` resolves with them on Save, and with nothing on Cancel or Escape.
 */
export function defineEditor(lit: Lit): new () => ImageEditor {
  if (made) return made;
  const { LitElement, html, css, nothing } = lit;
  class Editor extends LitElement implements ImageEditor {
    static override styles = [dialogStyles(css), css`
      dialog {
        width: min(96vw, 60rem);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      fieldset {
        display: flex;
        margin: 0;
        padding: 0;
        border: 1px solid var(--ik-zone-border);
        border-radius: 8px;
        overflow: hidden;
      }
      fieldset label {
        display: flex;
        align-items: center;
        min-height: 2.5rem;
        padding: 0 0.875rem;
        cursor: pointer;
      }
      fieldset label + label {
        border-inline-start: 1px solid var(--ik-zone-border);
      }
      fieldset input {
        position: absolute;
        opacity: 0;
      }
      fieldset label:has(:checked) {
        background: var(--ik-accent);
        color: light-dark(#fff, #0d1117);
        font-weight: 600;
      }
      fieldset label:has(:focus-visible) {
        outline: 3px solid var(--ik-accent);
        outline-offset: -3px;
        box-shadow: inset 0 0 0 5px var(--ik-bg);
      }
      .spacer {
        flex: 1;
      }
      .icon {
        display: grid;
        place-items: center;
        width: 2.5rem;
        padding: 0;
      }
      .icon svg {
        width: 1.25rem;
        height: 1.25rem;
      }
      .stage {
        display: flex;
        justify-content: center;
        padding: 0.75rem;
        border-radius: 8px;
        background: light-dark(#e8ebef, #010409);
      }
      .frame {
        position: relative;
        min-width: 0;
        line-height: 0;
        overflow: hidden;
        touch-action: none;
        user-select: none;
        -webkit-user-select: none;
        cursor: crosshair;
      }
      canvas {
        display: block;
        max-width: 100%;
        max-height: min(50vh, 34rem);
      }
      .box {
        position: absolute;
      }
      .crop {
        outline: 2px solid #fff;
        box-shadow: 0 0 0 1px rgb(0 0 0 / 0.5), 0 0 0 100vmax rgb(0 0 0 / 0.55);
      }
      .focus {
        border: 2px dashed #fff;
        background: rgb(255 255 255 / 0.14);
        box-shadow: 0 0 0 1px rgb(0 0 0 / 0.6), inset 0 0 0 1px rgb(0 0 0 / 0.6);
      }
      [data-mode='crop'] .focus,
      [data-mode='focus'] .crop {
        opacity: 0.7;
        pointer-events: none;
      }
      .move {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        min-height: 0;
        padding: 0;
        border: 0;
        border-radius: 0;
        background: none;
        cursor: move;
      }
      .move:focus-visible {
        outline: 3px solid var(--ik-accent);
        outline-offset: -3px;
        box-shadow: inset 0 0 0 5px #fff;
      }
      .handle {
        position: absolute;
        width: 2rem;
        height: 2rem;
        min-height: 0;
        padding: 0;
        border: 0;
        background: none;
      }
      .handle::before {
        content: '';
        position: absolute;
        inset: 0;
        width: 1.125rem;
        height: 1.125rem;
        border: 4px solid #fff;
        filter: drop-shadow(0 0 1px rgb(0 0 0 / 0.9));
      }
      .handle:focus-visible {
        outline: none;
      }
      .handle:focus-visible::before {
        border-color: var(--ik-accent);
        filter: drop-shadow(0 0 0 #fff) drop-shadow(0 0 2px #fff);
      }
      .nw {
        top: 0;
        left: 0;
        cursor: nwse-resize;
      }
      .nw::before {
        border-right: 0;
        border-bottom: 0;
      }
      .ne {
        top: 0;
        right: 0;
        cursor: nesw-resize;
      }
      .ne::before {
        inset: 0 0 auto auto;
        border-left: 0;
        border-bottom: 0;
      }
      .se {
        right: 0;
        bottom: 0;
        cursor: nwse-resize;
      }
      .se::before {
        inset: auto 0 0 auto;
        border-left: 0;
        border-top: 0;
      }
      .sw {
        bottom: 0;
        left: 0;
        cursor: nesw-resize;
      }
      .sw::before {
        inset: auto auto 0 0;
        border-right: 0;
        border-top: 0;
      }
      .focus .handle::before {
        width: 0.75rem;
        height: 0.75rem;
        border-width: 3px;
      }
      .readout {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      .notes {
        display: grid;
        gap: 0.25rem;
      }
    `];

    static override properties = { preview: { state: true }, failed: { state: true }, edit: { state: true }, mode: { state: true }, said: { state: true } };
    request!: EditorRequest;
    readonly result: Promise<EditParams | undefined>;
    #resolve!: (params: EditParams | undefined) => void;
    private preview?: Preview;
    private failed = false;
    private edit?: Edit;
    private mode: Area = 'crop';
    /** What the readout says: set on a key, a release, a turn or a reset, so a drag is not read out on every move. */
    private said = '';
    #drag?: Drag;
    #drawn?: Rotation;

    constructor() {
      super();
      this.result = new Promise((resolve) => (this.#resolve = resolve));
    }

    override connectedCallback(): void {
      super.connectedCallback();
      this.request.preview.then(
        (preview) => {
          this.preview = preview;
          const edit = editOf(this.request.own, preview.size);
          const aspect = this.request.aspect;
          if (aspect) {
            // A crop kept from before, or none: either way it must be at the aspect asked for.
            const view = this.#rects(edit);
            if (Math.abs(view.crop.w / view.crop.h - aspect) > 0.01) {
              edit.crop = unturn(fitAspect(view.crop, aspect), preview.size, edit.rotation);
              if (edit.focus) edit.focus = inside(edit.focus, edit.crop);
            }
          }
          this.edit = edit;
          this.#say();
        },
        () => (this.failed = true),
      );
    }

    protected override firstUpdated(): void {
      this.renderRoot.querySelector('dialog')!.showModal();
    }

    protected override updated(): void {
      if (!this.preview || !this.edit || this.#drawn === this.edit.rotation || !this.isConnected) return;
      const first = this.#drawn === undefined;
      this.#drawn = this.edit.rotation;
      drawPreview(this.renderRoot.querySelector('canvas')!, this.preview, this.edit.rotation);
      // Shown at last: focus goes from the footer (all there was to focus) to the tools.
      if (first && (this.renderRoot as ShadowRoot).activeElement?.closest('footer')) this.renderRoot.querySelector<HTMLElement>('input:checked')?.focus();
    }

    /** The picked image's size, upright. */
    get #size(): Size {
      return this.preview!.size;
    }

    /** The areas as they lie in the image turned as shown. */
    #rects(edit = this.edit!): { view: Size; crop: Rect; focus?: Rect } {
      const size = this.#size;
      return {
        view: turnedSize(size, edit.rotation),
        crop: turn(edit.crop, size, edit.rotation),
        focus: edit.focus && turn(edit.focus, size, edit.rotation),
      };
    }

    /** Sets the areas from how they lie in the image as shown. */
    #set(crop: Rect, focus: Rect | undefined, rotation = this.edit!.rotation) {
      const size = this.#size;
      this.edit = { rotation, crop: unturn(crop, size, rotation), focus: focus && unturn(inside(focus, crop), size, rotation) };
    }

    /** Moves (no corner) or resizes an area by (dx, dy) image pixels, from where it was at `from`. */
    #change(area: Area, corner: Corner | undefined, dx: number, dy: number, from: Drag['from']) {
      const { view } = this.#rects();
      const min = Math.max(1, Math.min(view.w, view.h) * 0.02);
      if (area === 'crop') {
        const bounds = { x: 0, y: 0, ...view };
        const crop = corner ? resize(from.crop, corner, dx, dy, bounds, min, this.request.aspect) : move(from.crop, dx, dy, bounds);
        this.#set(crop, from.focus);
      } else {
        const focus = corner ? resize(from.focus!, corner, dx, dy, from.crop, Math.min(min, from.crop.w, from.crop.h)) : move(from.focus!, dx, dy, from.crop);
        this.#set(from.crop, focus);
      }
    }

    #key(e: KeyboardEvent, area: Area, corner?: Corner) {
      const arrow = ARROWS[e.key];
      if (!arrow) return;
      e.preventDefault();
      const { view, crop, focus } = this.#rects();
      const step = e.shiftKey ? 0.1 : 0.01;
      this.#change(area, corner, arrow[0] * step * view.w, arrow[1] * step * view.h, { crop, focus });
      this.#say();
    }

    #down = (e: PointerEvent) => {
      if (e.button !== 0 || !this.edit) return;
      const frame = e.currentTarget as HTMLElement;
      const target = e.target as HTMLElement;
      const box = frame.getBoundingClientRect();
      const { view, crop, focus } = this.#rects();
      const k = view.w / box.width;
      const area = this.mode;
      const own = target.dataset.area === area;
      let from = { crop, focus };
      let corner = own ? (target.dataset.corner as Corner | undefined) : undefined;
      if (!own) {
        // Pressed elsewhere on the image: a new area is drawn from there, inside its bounds.
        const bounds = area === 'crop' ? { x: 0, y: 0, ...view } : crop;
        const x = Math.min(Math.max((e.clientX - box.left) * k, bounds.x), bounds.x + bounds.w);
        const y = Math.min(Math.max((e.clientY - box.top) * k, bounds.y), bounds.y + bounds.h);
        const point = { x, y, w: 0, h: 0 };
        from = area === 'crop' ? { crop: point, focus } : { crop, focus: point };
        corner = 'se';
      }
      this.#drag = { pointer: e.pointerId, x: e.clientX, y: e.clientY, k, area, corner, fresh: !own, from };
      frame.setPointerCapture(e.pointerId);
      e.preventDefault();
      (own ? target : frame.querySelector<HTMLElement>(`.${area} .move`))?.focus({ preventScroll: true });
    };

    #moved = (e: PointerEvent) => {
      const d = this.#drag;
      if (!d || e.pointerId !== d.pointer) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (d.fresh) {
        if (Math.hypot(dx, dy) < 4) return; // a click is not a new area
        d.corner = `${dy < 0 ? 'n' : 's'}${dx < 0 ? 'w' : 'e'}` as Corner;
        d.fresh = false;
      }
      this.#change(d.area, d.corner, dx * d.k, dy * d.k, d.from);
    };

    #up = (e: PointerEvent) => {
      if (this.#drag?.pointer !== e.pointerId) return;
      this.#drag = undefined;
      this.#say();
    };

    #rotate(by: 90 | 270) {
      const rotation = ((this.edit!.rotation + by) % 360) as Rotation;
      const size = this.#size;
      const view = turnedSize(size, rotation);
      let crop = turn(this.edit!.crop, size, rotation);
      const aspect = this.request.aspect;
      // The crop turns with the image; at a fixed aspect it is fitted again, around the same centre.
      if (aspect) crop = fitAspect({ x: 0, y: 0, ...view }, aspect, crop.x + crop.w / 2, crop.y + crop.h / 2);
      this.#set(crop, this.edit!.focus && turn(this.edit!.focus, size, rotation), rotation);
      this.#say();
    }

    #reset = () => {
      const size = this.#size;
      const aspect = this.request.aspect;
      this.edit = { rotation: 0, crop: aspect ? fitAspect(whole(size), aspect) : whole(size) };
      this.mode = 'crop';
      this.#say();
    };

    #mode(mode: Area) {
      this.mode = mode;
      const { crop, focus } = this.#rects();
      // The first time: an area in the middle of the crop, half its size, to move and resize.
      if (mode === 'focus' && !focus) this.#set(crop, { x: crop.x + crop.w / 4, y: crop.y + crop.h / 4, w: crop.w / 2, h: crop.h / 2 });
      this.#say();
    }

    #removeFocus = () => {
      this.edit = { ...this.edit!, focus: undefined };
      this.mode = 'crop';
      this.#say();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input[value=crop]')?.focus());
    };

    #say() {
      const t = this.request.t;
      const { crop, rotation, focus } = this.edit!;
      const stored = turnedSize(snap(crop, this.#size), rotation);
      const parts = [t('cropSize', { width: stored.w, height: stored.h })];
      if (rotation) parts.push(t('rotated', { degrees: rotation }));
      if (focus) {
        const f = turnedSize(snap(focus, this.#size), rotation);
        parts.push(t('focusSize', { width: f.w, height: f.h }));
      }
      this.said = parts.join(' · ');
    }

    #close(params?: EditParams) {
      this.#resolve(params);
      const dialog = this.renderRoot.querySelector('dialog')!;
      if (dialog.open) dialog.close();
    }

    #save = () => {
      const { base, box } = this.request;
      this.#close(editParams(this.edit!, this.#size, base, box));
    };

    #cancel = (e?: Event) => {
      e?.preventDefault(); // Escape: closed here, so the answer is given once
      this.#close();
    };

    #area(area: Area, r: Rect, view: Size) {
      const t = this.request.t;
      const active = this.mode === area;
      const label = t(area === 'crop' ? 'cropArea' : 'focusArea');
      const style = `left:${(r.x / view.w) * 100}%;top:${(r.y / view.h) * 100}%;width:${(r.w / view.w) * 100}%;height:${(r.h / view.h) * 100}%`;
      return html`<div class="box ${area}" style=${style} role=${active ? 'group' : nothing} aria-label=${active ? label : nothing}>
        ${active ? html`<button type="button" class="move" data-area=${area} aria-label=${label} aria-describedby="keys"
            @keydown=${(e: KeyboardEvent) => this.#key(e, area)}></button>
          ${CORNERS.map((c) => html`<button type="button" class="handle ${c}" data-area=${area} data-corner=${c} aria-label=${t(c)}
            aria-describedby="keys" @keydown=${(e: KeyboardEvent) => this.#key(e, area, c)}></button>`)}` : nothing}
      </div>`;
    }

    override render() {
      const { t, file } = this.request;
      const edit = this.edit;
      const r = edit && this.#rects(edit);
      const icon = (d: string) => html`<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}></path></svg>`;
      return html`<dialog aria-labelledby="title" aria-describedby="name" @cancel=${this.#cancel}>
        <header>
          <h2 id="title">${t('editImage')}</h2>
          <p class="file" id="name">${file.name}</p>
        </header>
        <div class="body">
          ${this.failed ? html`<p class="error" role="alert">${t('cannotShow')}</p>` : nothing}
          ${r ? html`
            <div class="tools">
              <fieldset>
                <legend class="visually-hidden">${t('editImage')}</legend>
                ${(['crop', 'focus'] as const).map((m) => html`<label><input type="radio" name="mode" value=${m} .checked=${this.mode === m}
                  @change=${() => this.#mode(m)} />${t(m === 'crop' ? 'crop' : 'focusArea')}</label>`)}
              </fieldset>
              <button type="button" class="icon" aria-label=${t('rotateLeft')} title=${t('rotateLeft')} @click=${() => this.#rotate(270)}>${icon(ROTATE_LEFT)}</button>
              <button type="button" class="icon" aria-label=${t('rotateRight')} title=${t('rotateRight')} @click=${() => this.#rotate(90)}>${icon(ROTATE_RIGHT)}</button>
              <span class="spacer"></span>
              ${this.mode === 'focus' ? html`<button type="button" @click=${this.#removeFocus}>${t('removeFocus')}</button>` : nothing}
              <button type="button" @click=${this.#reset}>${t('editReset')}</button>
            </div>
            <div class="stage">
              <div class="frame" data-mode=${this.mode} @pointerdown=${this.#down} @pointermove=${this.#moved} @pointerup=${this.#up} @pointercancel=${this.#up}>
                <canvas aria-hidden="true"></canvas>
                ${this.#area('crop', r.crop, r.view)}
                ${r.focus ? this.#area('focus', r.focus, r.view) : nothing}
              </div>
            </div>
            <div class="notes">
              <p class="readout" role="status">${this.said}</p>
              <p class="hint" id="keys">${this.mode === 'focus' ? `${t('focusHint')} ` : ''}${t('keysHint')}</p>
            </div>` : nothing}
        </div>
        <footer>
          <button type="button" @click=${() => this.#cancel()}>${t('editCancel')}</button>
          <button type="button" class="primary" ?disabled=${!edit} @click=${this.#save}>${t('editSave')}</button>
        </footer>
      </dialog>`;
    }
  }

  if (!customElements.get('ik-uploader-editor')) customElements.define('ik-uploader-editor', Editor);
  return (made = customElements.get('ik-uploader-editor') as new () => ImageEditor);
}
