import type { UploadError } from '../../core/errors.js';
import type { UploadItem } from '../../core/queue.js';
import type { IkStrings } from '../strings.js';
import type { Kit } from './list.js';
import type { Action, View } from './view.js';

/**
 * The panel's on-demand part, loaded with the first file listed (the CDN file has a size budget):
 * the header (status line, overall bar, Retry all, Cancel all, Clear finished, "Upload 3 files"),
 * the kinds of file and their icons, what a failed or refused row says and whether it offers Retry,
 * their words, and the rows' finish (badges, tints, tooltips). It imports nothing at run time but
 * its words and the number warm-up (numbers.ts): Lit and the entry's helpers come as `k`.
 */
export { panelStrings as words } from '../panel-strings.js';
export { warmNumbers } from '../numbers.js';

const css = String.raw;

const DOC = 'M14 3H6v18h12V7zm0 0v4h4';
/** One icon per kind of file (see `kind`); a row shows its kind's icon once this chunk is in. */
export const KINDS = {
  image: 'M4 5h16v14H4zm0 11l5-5 4 4 2-2 5 5M15 9h.01',
  video: 'M3 6h12v12H3zm12 5l6-4v10l-6-4',
  audio: 'M9 18V5l10-2v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zm10-2a3 3 0 1 1-6 0 3 3 0 0 1 6 0z',
  pdf: DOC + 'M8 17h8v-5H8z',
  archive: DOC + 'M11 3v2m0 3v2m0 3v2m-1 2h2v3h-2z',
  text: DOC + 'M9 12h6m-6 4h6',
  other: DOC,
};

export type Kind = keyof typeof KINDS;

/** What kind of file this is, by its type, else its extension: for its icon. */
export function kind(file: File): Kind {
  const t = file.type + ' ' + /\.\w+$/.exec(file.name.toLowerCase());
  return /image\/|\.(avif|gif|jpe?g|png|svg|webp|heic|tiff?)/.test(t) ? 'image'
    : /video\/|\.(mp4|mov|webm|mkv|avi)/.test(t) ? 'video'
    : /audio\/|\.(mp3|wav|ogg|m4a|flac)/.test(t) ? 'audio'
    : /pdf/.test(t) ? 'pdf'
    : /zip|tar|rar|7z|compress|\.(gz|tgz|bz2|xz)/.test(t) ? 'archive'
    : /text\/|json|xml|csv|rtf|word|document|sheet|presentation|\.(md|txt|docx?|odt)/.test(t) ? 'text'
    : 'other';
}

/** What a person is told about a failed attempt, by its code and status. */
const WORDS: Partial<Record<string, keyof IkStrings>> = {
  network: 'errNetwork',
  timeout: 'errTimeout',
  server: 'errServer',
  'invalid-response': 'errServer',
  'rate-limited': 'errBusy',
  'auth-failed': 'errAuth',
  'file-exists': 'errExists',
  canceled: 'canceled',
};

/**
 * The one place that decides, from an error, the few words a row shows (the full message stays in
 * `ik-upload-error`'s detail and the console) and whether Retry is offered: only where another try
 * can help, so not for a file the account refuses as too large, nor for a 401 or 403.
 */
export function outcome(error: UploadError): { key: keyof IkStrings; retry: boolean } {
  const { status, message, code } = error;
  if (status === 401 || status === 403 || /limit exceeded|quota/i.test(message)) return { key: 'errDenied', retry: false };
  if (/size exceeds/i.test(message)) return { key: 'errTooLarge', retry: false };
  // A link ImageKit could not download (its own words stay in the event); its host may come back, so Retry stays.
  if (/could not be downloaded/i.test(message)) return { key: 'errFetch', retry: true };
  return { key: WORDS[code] ?? 'errRefused', retry: code === 'canceled' || error.retryable };
}

/** Whether a failed or canceled file gets a Retry button (and joins Retry all). */
export const retryable = (i: UploadItem): boolean =>
  (i.state === 'failed' || i.state === 'canceled') && (!i.error || outcome(i.error).retry);

/** Done here, canceled or rejected: what Clear finished removes (files listed through `value` stay). */
const finished = (i: UploadItem) => (i.state === 'done' && i.attempts > 0) || i.state === 'canceled' || i.state === 'rejected';

/** What a failed, refused or retrying row says: a few words, and while a retry waits, its countdown and attempt. */
export function why(v: View, item: UploadItem): string {
  const { t, fmt } = v.l;
  const r = item.rejection;
  if (r) {
    const x = r.vars;
    const vars = r.code === 'file-type' ? { ...x, accept: v.l.accepted(String(x.accept)) }
      : r.code === 'file-too-large' || r.code === 'total-too-large' ? { ...x, size: fmt.bytes(+x.size!), limit: fmt.bytes(+x.limit!) } : x;
    return t(`why-${r.code}`, vars);
  }
  const e = item.error!;
  const error = t(outcome(e).key);
  if (item.state !== 'queued') return error;
  const time = fmt.duration(Math.max(1, (item.retryAt! - Date.now()) / 1000));
  return e.code === 'rate-limited' ? t('retryWait', { error, time })
    : t('retryIn', { error, time, attempt: Math.min(item.attempts + 1, v.attempts), attempts: v.attempts });
}

/** The header's numbers: files sent from here (not listed through `value`) and not rejected; failed and canceled ones count. */
function totals(v: View) {
  const n = { files: 0, done: 0, failed: 0, canceled: 0, waiting: 0, retryable: 0, finished: 0, bytes: 0, sent: 0, active: false };
  for (const i of v.items) {
    const { state } = i;
    if (finished(i)) n.finished++;
    if (state === 'rejected' || (state === 'done' && !i.attempts)) continue;
    n.files++;
    n.bytes += i.total;
    if (state === 'done') n.done++, (n.sent += i.total);
    else if (state === 'failed' || state === 'canceled') {
      n[state]++;
      if (retryable(i)) n.retryable++;
    } else {
      n.sent += i.loaded;
      if (state === 'waiting') n.waiting++;
      else n.active = true;
    }
  }
  return n;
}

/**
 * The list's header: the status line ("3 of 5 uploaded · 1 failed · 4.2 MB of 9.8 MB · 12 s left"),
 * the overall bar while files move, and the buttons for the whole list. A single-file field has no
 * header, unless it must offer its Upload button.
 */
export function summary(v: View, k: Kit) {
  const { html, icon } = k;
  const { t, fmt } = v.l;
  const n = totals(v);
  const start = v.upload === 'manual' && n.waiting > 0;
  if (!(start || (v.multiple && !v.compact && (n.files || n.finished)))) return '';
  const parts = [];
  if (n.files && n.waiting === n.files) parts.push(t('readySummary', { n: n.waiting }), fmt.bytes(n.bytes));
  else if (n.files) {
    parts.push(t('summary', { done: n.done, total: n.files }));
    if (n.failed) parts.push(html`<span class="bad">${t('failedCount', { n: n.failed })}</span>`);
    if (n.canceled) parts.push(t('canceledCount', { n: n.canceled }));
    if (n.waiting) parts.push(t('readySummary', { n: n.waiting }));
    if (n.active) parts.push(t('bytesOf', { sent: fmt.bytes(n.sent), total: fmt.bytes(n.bytes) }));
    if (n.active && v.rate > 0) parts.push(t('timeLeft', { time: fmt.duration((n.bytes - n.sent) / v.rate) }));
  }
  const bulk = (action: Action, key: keyof IkStrings, path: string) =>
    html`<button type="button" part="button ${action}-button" class=${action === 'start' ? 'primary' : 'text-button'} ?disabled=${v.disabled}
      @click=${() => run(v, action)}>${icon(path)}${t(key, { n: n.waiting })}</button>`;
  return html`<div part="summary" class="summary">
    <span part="summary-text" class="line">${parts.map((p, i) => html`${i ? ' · ' : ''}<span>${p}</span>`)}</span>
    <span class="bulk">
      ${n.retryable ? bulk('retry-all', 'retryAll', k.RETRY) : ''}
      ${n.active || n.waiting ? bulk('cancel-all', 'cancelAll', k.CANCEL) : ''}
      ${n.finished && !v.named ? bulk('clear', 'clearDone', k.REMOVE) : ''}
      ${start ? bulk('start', 'startUpload', k.UPLOAD) : ''}
    </span>
    ${n.active ? k.bar(n.bytes ? Math.round((n.sent / n.bytes) * 100) : 0, t('total')) : ''}
  </div>`;
}

/** A header button's work on the whole list; then the element moves focus on if the button went away. */
function run(v: View, action: Action) {
  if (v.disabled) return;
  const q = v.queue;
  if (action === 'start') void q.start();
  else if (action === 'cancel-all') q.cancelAll();
  else for (const i of q.items.filter(action === 'clear' ? finished : retryable)) action === 'clear' ? q.remove(i.id) : q.retry(i.id);
  v.act(action);
}

export const styles = css`
  /* The drop zone, once files are listed: a slim "Add more" bar. */
  .zone[data-slim] {
    border-width: 1.5px;
  }
  .zone[data-slim] .text {
    flex: 1;
    flex-flow: row wrap;
    align-items: baseline;
    column-gap: var(--ik-gap);
  }
  .zone[data-slim] .label {
    color: var(--ik-accent);
    font-weight: 600;
  }
  .zone[data-slim] .hint {
    margin-inline-start: auto;
  }
  /* "Show 150 more", past the first page of rows. */
  li.more {
    display: block;
    padding: 0;
  }
  .more button {
    width: 100%;
    padding: 0.625rem;
    color: var(--ik-accent);
    font-weight: 500;
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem var(--ik-gap);
    padding: calc(var(--ik-gap) * 0.625) var(--ik-gap);
    border-bottom: 1px solid var(--ik-border);
    background: var(--ik-surface);
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
  }
  .line {
    flex: 1 1 14rem;
    font-weight: 500;
  }
  .line > span {
    white-space: nowrap;
  }
  .bad {
    color: var(--ik-error);
    font-weight: 600;
  }
  .bulk {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .primary {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.375rem 0.875rem;
    border-radius: calc(var(--ik-radius) / 2);
    background: var(--ik-accent);
    color: var(--ik-on-accent);
    font-weight: 600;
    white-space: nowrap;
  }
  .primary svg {
    width: 1rem;
    height: 1rem;
  }
  .summary .progress {
    flex-basis: 100%;
  }
  /* The rows' finish, loaded with the header: kinds' colours, badges, tinted problems, tooltips. */
  [data-kind='video'] .thumb {
    color: light-dark(#8250df, #ab7df8);
  }
  [data-kind='audio'] .thumb {
    color: light-dark(#bf3989, #db61a2);
  }
  [data-kind='pdf'] .thumb {
    color: light-dark(#cf222e, #ff7b72);
  }
  [data-kind='archive'] .thumb {
    color: light-dark(#9a6700, #d29922);
  }
  [data-kind='text'] .thumb {
    color: light-dark(#0969da, #4493f8);
  }
  [data-kind='image'] .thumb {
    color: light-dark(#1a7f37, #3fb950);
  }
  /* A done, failed or refused file's badge on its preview: a disc, and its glyph masked out of it. */
  [data-state='done'] {
    --badge: var(--ik-success);
    --glyph: url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='black' stroke-width='3.5' stroke-linecap='round'><path d='M5 12.5l4.5 4.5L19 7'/></svg>");
  }
  [data-state='failed'] {
    --badge: var(--ik-error);
    --glyph: url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='black' stroke-width='3.5' stroke-linecap='round'><path d='M12 6v7m0 5v.01'/></svg>");
  }
  [data-state='rejected'] {
    --badge: var(--ik-warning);
    --glyph: url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='black' stroke-width='3.5' stroke-linecap='round'><path d='M7 12h10'/></svg>");
  }
  :is([data-state='done'], [data-state='failed'], [data-state='rejected']) .thumb::before,
  :is([data-state='done'], [data-state='failed'], [data-state='rejected']) .thumb::after {
    content: '';
    position: absolute;
    inset-inline-end: -0.3rem;
    bottom: -0.3rem;
    width: 1.375rem;
    height: 1.375rem;
    border-radius: 50%;
  }
  .thumb::after {
    background: var(--badge);
    border: 2px solid var(--row, var(--ik-bg));
  }
  .thumb::before {
    z-index: 1;
    background: var(--ik-on-accent);
    mask: var(--glyph) center / 0.75rem no-repeat;
  }
  [data-state='failed'] {
    --row: color-mix(in srgb, var(--ik-error) 7%, var(--ik-bg));
  }
  [data-state='rejected'] {
    --row: color-mix(in srgb, var(--ik-warning) 9%, var(--ik-bg));
  }
  [data-state='canceled'] .thumb {
    opacity: 0.5;
  }
  .actions button:not(.text-button, :disabled):hover {
    color: var(--ik-fg);
    background: color-mix(in srgb, var(--ik-fg) 8%, transparent);
  }
  /* Visible tooltips, on hover and on keyboard focus, beside the button (inside the list, never clipped at its edges). */
  [data-tip]:hover::after,
  [data-tip]:focus-visible::after {
    content: attr(data-tip);
    position: absolute;
    inset-inline-end: calc(100% + 0.375rem);
    top: 50%;
    translate: 0 -50%;
    z-index: 3;
    padding: 0.25rem 0.5rem;
    border-radius: 0.375rem;
    background: var(--ik-fg);
    color: var(--ik-bg);
    font-size: 0.75rem;
    font-weight: 500;
    white-space: nowrap;
    pointer-events: none;
  }
  .text-button {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.375rem 0.625rem;
    border-radius: calc(var(--ik-radius) / 2);
    color: var(--ik-accent);
    font-weight: 500;
    white-space: nowrap;
  }
  .text-button svg {
    width: 1rem;
    height: 1rem;
  }
  .size:not(:empty)::after {
    content: '·' / '';
    margin-inline-start: 0.5rem;
  }
  [data-state='done'] .status {
    color: var(--ik-success);
  }
  [data-state='failed'] .status {
    color: var(--ik-error);
  }
  [data-state='rejected'] .status {
    color: var(--ik-warning);
  }
  .text-button:not(:disabled):hover {
    background: color-mix(in srgb, var(--ik-accent) 10%, transparent);
  }
`;
