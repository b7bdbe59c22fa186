import { html, nothing } from 'lit';
import type { UploadItem } from '../../core/queue.js';
import { bar } from './summary.js';
import { FILE, icon, RETRY, X } from './icons.js';
import { menuButton, movable } from './menu.js';
import type { Action, View } from './view.js';

/** The list: rejections first (they need the reader, and later uploads must not bury them), then the rest. */
export function list(v: View) {
  const all = [...v.items.filter((i) => i.state === 'rejected'), ...v.items.filter((i) => i.state !== 'rejected')];
  if (!all.length) return nothing;
  const more = all.length - v.shown;
  return html`<ul part="list" aria-label=${v.t('list')} @scroll=${v.scrolled} @dragstart=${v.drag} @dragover=${v.drag} @dragleave=${v.drag} @drop=${v.drag} @dragend=${v.drag}>
    ${all.slice(0, v.shown).map((i) => row(v, i))}
    ${more > 0 ? html`<li><button type="button" part="button more-button" class="more" @click=${v.more}>${v.t('more', { n: more })}</button></li>` : nothing}
  </ul>`;
}

function row(v: View, item: UploadItem) {
  const { state, file } = item;
  const name = v.name(item);
  const running = state === 'queued' || state === 'preparing' || state === 'authorizing' || state === 'uploading';
  // A finished upload shows a full bar: the last progress event can fall short of the total.
  const pct = state === 'done' ? 100 : item.total ? Math.round((item.loaded / item.total) * 100) : 0;
  const r = item.response;
  // Never sent from here (set through `value`, or restored): the stored file's own thumbnail, when it is a web URL.
  const stored = r && !item.attempts && r.fileType != 'non-image' && (r.thumbnailUrl ?? r.url);
  const thumb = typeof stored == 'string' && /^https?:/i.test(stored) ? html`<img src=${stored} alt="" />`
    : !(r && !item.attempts) && state !== 'rejected' && file.type.startsWith('image/') ? html`<canvas aria-hidden="true"></canvas>` : icon(FILE);
  return html`<li part="file" data-state=${state} data-id=${item.id} draggable=${v.movable > 1 && movable(item) ? 'true' : nothing}>
    <span part="thumbnail" class="thumb">${thumb}</span>
    <span part="file-name" class="name"><bdi>${name}</bdi></span>
    <span part="file-size" class="size" dir="auto">${v.size(item)}</span>
    <span part="actions" class="actions">
      ${menuButton(v, item)}
      ${running ? button(v, 'cancel', name, item.id, X) : nothing}
      ${state === 'failed' || state === 'canceled' ? button(v, 'retry', name, item.id, RETRY) : nothing}
      ${running ? nothing : button(v, 'remove', name, item.id, X)}
    </span>
    ${running || state === 'done' ? bar(pct, v.t('progress', { name })) : nothing}
    <span part="status" class="status" data-code=${item.rejection?.code ?? nothing}>${status(v, item, pct)}</span>
  </li>`;
}

function status(v: View, item: UploadItem, pct: number): string {
  switch (item.state) {
    case 'waiting':
      return v.t('waiting');
    case 'queued':
      if (v.paused) return v.t('offline');
      return item.retryAt ? v.t('retrying', { error: item.error?.message }) : v.t('waiting');
    case 'preparing':
      return v.t('preparing');
    case 'authorizing':
      return v.t('authorizing');
    case 'uploading':
      return v.t('uploading', { percent: v.l.fmt.percent(pct) });
    case 'done':
      return v.t('done');
    case 'failed':
      return item.error!.message; // a failed file always has its error: the server's words, or the queue's
    case 'canceled':
      return v.t('canceled');
    case 'rejected':
      return v.t('notUploaded', { message: v.l.rejection(item.rejection!) });
  }
}

function button(v: View, action: Action, name: string, id: string, path: string) {
  return html`<button type="button" part="button ${action}-button" data-action=${action} aria-label=${v.t(action, { name })}
    @click=${() => v.act(action, id)}>${icon(path)}</button>`;
}
