import { html, nothing } from 'lit';
import type { Totals } from '../controllers/queue-view.js';
import type { LocalizeController } from '../controllers/localize.js';

/** "3 of 10 uploaded · 1.2 MB/s · 4 sec left", and the overall bar; nothing until a file is sent. */
export function summary(totals: Totals, { t, fmt }: LocalizeController) {
  if (!totals.files) return nothing;
  const { files, done, bytes, sent, active, rate } = totals;
  const parts = [t('summary', { done, total: files })];
  if (active && rate > 0) parts.push(fmt.bytes(rate, true), t('timeLeft', { time: fmt.duration((bytes - sent) / rate) }));
  return html`<div part="summary" class="summary">
    <span part="summary-text">${parts.join(' · ')}</span>
    ${bar(bytes ? Math.round((sent / bytes) * 100) : 0, t('total'))}
  </div>`;
}

export function bar(pct: number, label: string) {
  return html`<div part="progress" class="progress" role="progressbar" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct}>
    <div part="progress-bar" class="bar" style="transform:scaleX(${pct / 100})"></div>
  </div>`;
}
