import { html, nothing } from 'lit';
import { icon, PLUS, UPLOAD } from './icons.js';
import type { View } from './view.js';

/**
 * The file input, hidden; the drop zone, a button that opens it (it takes drops, as the whole
 * element does; overlay.ts covers it while files are dragged over); and the live region.
 * Empty, the zone is large; once files are listed it is a slim "Add more" bar (compact: a single
 * file's row offers Replace instead). Other ways in (a URL field, the camera) go in `.sources`.
 */
export function zone(v: View) {
  const one = !v.multiple;
  const slim = v.items.length > 0;
  const hint = limits(v);
  return html`
    <input type="file" hidden tabindex="-1" ?multiple=${v.multiple} accept=${v.accept ?? nothing} capture=${v.capture ?? nothing} @change=${v.picked} @input=${stop} />
    ${(slim && one && v.compact) || !v.device ? nothing : html`<div class="sources">
      <button type="button" class="zone" part="drop-zone" ?data-slim=${slim} ?disabled=${v.disabled} @click=${v.pick}>
        <span part="icon" class="icon">${slim ? icon(PLUS) : html`<slot name="icon">${icon(UPLOAD)}</slot>`}</span>
        <span class="text">
          <span part="label" class="label">${slim ? v.t(one ? 'replace' : 'addMore')
            : html`<slot>${v.t(one ? 'dropOne' : 'drop')} <span class="choose">${v.t(one ? 'chooseOne' : 'choose')}</span></slot>`}</span>
          ${hint ? html`<span part="hint" class="hint">${hint}</span>` : nothing}
        </span>
      </button>
    </div>`}${v.sources}
    <p class="visually-hidden" role="status">${v.announcement}</p>`;
}

/** "Accepted: image/*, up to 5 MB each, at most 3 files". */
function limits(v: View): string {
  const parts: string[] = [];
  if (v.accept) parts.push(v.t('accepted', { types: v.l.accepted(v.accept) }));
  if (v.maxFileSize !== undefined) parts.push(v.t('maxSize', { size: v.l.fmt.bytes(v.maxFileSize) }));
  if (v.maxFiles !== undefined) parts.push(v.t(v.maxFiles === 1 ? 'maxFilesOne' : 'maxFiles', { n: v.maxFiles }));
  if (v.maxTotalSize !== undefined) parts.push(v.t('maxTotal', { size: v.l.fmt.bytes(v.maxTotalSize) }));
  return parts.join(v.t('separator'));
}

/** The file input's own `input` event is composed: it would escape as an input event with no change of value. */
const stop = (e: Event) => e.stopPropagation();
