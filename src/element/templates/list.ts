import { html, nothing } from 'lit';
import type { UploadItem } from '../../core/queue.js';
import { CANCEL, icon, REMOVE, RETRY, UPLOAD } from './icons.js';
import { menuButton, movable } from './menu.js';
import type { Action, View } from './view.js';

/**
 * The list (`view="grid"`: tiles, from the same markup). Rejections and failures come first: they
 * need the reader, and later uploads must not bury them below the fold.
 */
export function list(v: View) {
  const bad = (i: UploadItem) => i.state === 'rejected' || i.state === 'failed';
  const all = [...v.items.filter(bad), ...v.items.filter((i) => !bad(i))];
  if (!all.length) return nothing;
  const more = all.length - v.shown;
  return html`<ul part="list" aria-label=${v.t('list')} @scroll=${v.scrolled} @dragstart=${v.drag} @dragover=${v.drag} @dragleave=${v.drag} @drop=${v.drag} @dragend=${v.drag}>
    ${all.slice(0, v.shown).map((i) => row(v, i))}
    ${more > 0 ? html`<li class="more"><button type="button" part="button more-button" @click=${v.more}>${v.t('more', { n: more })}</button></li>` : nothing}
  </ul>`;
}

/**
 * One file: its preview (a thumbnail, or its kind's icon) with a badge once it is done, failed or
 * refused; its name; its size and state; its buttons; and a bar only while it uploads.
 */
function row(v: View, item: UploadItem) {
  const { state, file, id } = item;
  const name = v.name(item);
  const running = state === 'queued' || state === 'preparing' || state === 'authorizing' || state === 'uploading';
  const pct = item.total ? Math.round((item.loaded / item.total) * 100) : 0;
  const r = item.response;
  const preset = r && !item.attempts;
  const k = v.panel?.kind(file);
  // Never sent from here (set through `value`, or restored): the stored file's own thumbnail, when it is a web URL.
  const stored = preset && r.fileType != 'non-image' && (r.thumbnailUrl ?? r.url);
  const thumb = typeof stored == 'string' && /^https?:/i.test(stored) ? html`<img src=${stored} alt="" />`
    : !preset && state !== 'rejected' && file.type.startsWith('image/') ? html`<canvas aria-hidden="true"></canvas>` : k ? icon(v.panel!.KINDS[k]) : nothing;
  return html`<li part="file" data-state=${state} data-id=${id} data-kind=${k ?? nothing}
    draggable=${v.movable > 1 && movable(item) ? 'true' : nothing}>
    <span part="thumbnail" class="thumb">${thumb}</span>
    <span class="info">
      <span part="file-name" class="name"><bdi>${name}</bdi></span>
      <span class="meta"><span part="file-size" class="size" dir="auto">${size(v, item)}</span><span part="status" class="status"
        data-code=${item.rejection?.code ?? nothing}>${status(v, item, pct)}</span></span>
      ${running ? bar(item.url ? undefined : pct, v.t('progress', { name })) : nothing}
    </span>
    <span part="actions" class="actions">
      ${menuButton(v, item)}
      ${v.compact && !v.multiple && !running ? html`<button type="button" part="button replace-button" class="text-button"
        ?disabled=${v.disabled} @click=${() => v.act('replace', id)}>${v.t('replace')}</button>` : nothing}
      ${running ? button(v, 'cancel', item, CANCEL, 'tipCancel') : nothing}
      ${v.panel?.retryable(item) ? button(v, 'retry', item, RETRY, 'tipRetry') : nothing}
      ${running ? nothing : button(v, 'remove', item, REMOVE, 'tipRemove')}
    </span>
  </li>`;
}

function status(v: View, item: UploadItem, pct: number): string {
  const { t } = v;
  // A failed or refused row's few words come with the panel's part, loaded with the first file listed.
  switch (item.state) {
    case 'waiting':
      return t('ready');
    case 'queued':
      // A retry's countdown (the view ticks while one waits) is worded by the panel's part, with the failure.
      return v.paused ? t('offline') : item.retryAt && item.error ? v.panel?.why(v, item) ?? '' : t('waiting');
    case 'preparing':
      return t('preparing');
    case 'authorizing':
      return t('authorizing');
    case 'uploading':
      return item.url ? t('fetching') : t('uploading', { percent: v.l.fmt.percent(pct) });
    case 'done':
      return t('done');
    case 'canceled':
      return t('canceled');
    case 'failed':
    case 'rejected':
      return v.panel?.why(v, item) ?? '';
  }
}

/** An icon button, named for its file, with a visible tooltip saying what it does. */
function button(v: View, action: Action, item: UploadItem, path: string, tip: 'tipCancel' | 'tipRetry' | 'tipRemove') {
  return html`<button type="button" part="button ${action}-button" data-action=${action} data-tip=${v.panel ? v.t(tip) : nothing}
    aria-label=${v.t(action as 'cancel', { name: v.name(item) })} ?disabled=${v.disabled} @click=${() => v.act(action, item.id)}>${icon(path)}</button>`;
}

/** A resized file shows both sizes: "4.7 MB → 612 KB"; a stored file of unknown size, none; a link, its host (never its user:password@). */
function size(v: View, item: UploadItem): string {
  const bytes = (n: number) => v.l.fmt.bytes(n);
  if (item.url) return /\/\/(?:[^@/]*@)?([^/?#]+)/.exec(item.url)?.[1] ?? '';
  return item.resized?.resized ? `${bytes(item.file.size)} → ${bytes(item.resized.file.size)}`
    : item.response && !item.attempts && item.response.size == null ? '' : bytes(item.response?.size ?? item.file.size);
}

/** A progress bar; with no `pct` it is indeterminate (no aria-valuenow: a link, which ImageKit fetches). */
export function bar(pct: number | undefined, label: string) {
  return html`<div part="progress" class="progress" role="progressbar" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct ?? nothing}>
    <div part="progress-bar" class="bar" style=${pct === undefined ? nothing : `transform:scaleX(${pct / 100})`}></div>
  </div>`;
}

/** What the on-demand header gets from the entry, so its chunk imports nothing (and no second Lit). */
export const kit = { html, icon, bar, CANCEL, REMOVE, RETRY, UPLOAD };
export type Kit = typeof kit;
