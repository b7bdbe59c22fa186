import { html, nothing } from 'lit';
import type { UploadItem } from '../../core/queue.js';
import { icon, MORE } from './icons.js';
import type { View } from './view.js';

/** A file whose parameters can still change: listed, not yet started. */
export const editable = (i: UploadItem) => !i.params && (i.state === 'waiting' || (i.state === 'queued' && !i.attempts));

/** Files that can be put in another order, as shown: all but rejected and failed ones. */
export const movable = (i: UploadItem) => i.state !== 'rejected' && i.state !== 'failed';

/** A row's menu button (the menu itself loads with rows.ts); nothing when the row has nothing to offer. */
export function menuButton(v: View, item: UploadItem) {
  const move = v.movable > 1 && movable(item);
  if (!move && !editable(item)) return nothing;
  return html`<button type="button" part="button menu-button" class="menu-button" aria-haspopup="menu" aria-expanded="false"
    aria-label=${v.t('actions', { name: v.name(item) })} @click=${(e: Event) => v.menu(item.id, e.currentTarget as HTMLElement)}>${icon(MORE)}</button>`;
}
