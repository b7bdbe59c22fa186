/** One line of the results table: a figure of ours against a baseline from the same run. */
export interface Row {
  section: string;
  figure: string;
  /** Our value, as shown. */
  ours: string;
  /** What it is compared with, as shown. */
  baseline: string;
  /** ours / baseline (or as defined by the row); NaN when there is no baseline. */
  ratio: number;
  /** Shown instead of the ratio, when it is only a bound (e.g. "< 0.13×"). */
  ratioText?: string;
  target: string;
  /** undefined when the row has no target. */
  met?: boolean;
  /** Raw numbers behind the row, for latest.json. */
  data?: unknown;
}

export function formatTable(rows: readonly Row[]): string {
  const head = ['figure', 'ours', 'baseline', 'ratio', 'target', 'met?'];
  const body = rows.map((r) => [
    `${r.section}: ${r.figure}`,
    r.ours,
    r.baseline,
    r.ratioText ?? (Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : '—'),
    r.target,
    r.met === undefined ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The same table in Markdown, for BENCHMARKS.md. */
export function formatMarkdown(rows: readonly Row[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| figure | ours | baseline | ratio | target | met? |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    const ratio = r.ratioText ?? (Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : '—');
    const met = r.met === undefined ? '—' : r.met ? 'yes' : '**no**';
    lines.push(`| ${[`${r.section}: ${r.figure}`, r.ours, r.baseline, ratio, r.target, met].map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}
