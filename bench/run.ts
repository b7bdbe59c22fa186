// `npm run bench [-- section ...]`: every figure against a baseline measured in the same run,
// printed as a table and written to bench/results/latest.json. Sections: weight, emulator,
// upload, many-files, photos, resize (default: all). Not a test: nothing here fails on a missed target.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { launchChromium } from '../test/e2e/util.js';
import { weight } from './weight.js';
import { emulator } from './emulator.js';
import { upload } from './upload.js';
import { manyFiles } from './many-files.js';
import { resize } from './resize.js';
import { photosBench } from './photos.js';
import { formatMarkdown, formatTable, type Row } from './lib/report.js';
import { ensureCompetitors } from './lib/competitors.js';

const ALL = ['weight', 'emulator', 'upload', 'many-files', 'photos', 'resize'] as const;
type Section = (typeof ALL)[number];
const BROWSER: readonly Section[] = ['upload', 'many-files', 'photos', 'resize'];

const asked = process.argv.slice(2);
for (const s of asked) if (!ALL.includes(s as Section)) throw new Error(`unknown section '${s}'; known: ${ALL.join(', ')}`);
const sections = ALL.filter((s) => !asked.length || asked.includes(s));

const log = (s: string) => process.stderr.write(`  ${s}\n`);
// Other work on the machine skews timings: record the load average every 5 s.
const loads: number[] = [loadavg()[0]!];
const sampler = setInterval(() => loads.push(loadavg()[0]!), 5000);
const started = new Date();
// What was measured: the working tree, so say which commit and whether src/ differed from it.
const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: resolve(import.meta.dirname, '..'), encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};
const source = { commit: git('rev-parse', '--short', 'HEAD'), srcChanged: !!git('status', '--porcelain', '--', 'src', 'vite.config.ts') };

const rows: Row[] = [];
const data: Record<string, unknown> = {};
// The browser pages load the bundles weight builds, so it runs before any browser section.
if (sections.includes('weight') || sections.some((s) => BROWSER.includes(s))) {
  ensureCompetitors(log);
  log('weight: bundling each uploader…');
  const r = await weight(log);
  if (sections.includes('weight')) rows.push(...r.rows);
  data.weight = r.data;
}
const failures: string[] = [];
/** A section that fails is reported in the table and the others still run. */
async function section(name: string, fn: () => Promise<{ rows: Row[]; data: unknown }>) {
  log(`${name}…`);
  try {
    const r = await fn();
    rows.push(...r.rows);
    data[name] = r.data;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    failures.push(`${name}: ${message}`);
    log(`${name} FAILED: ${message}`);
    rows.push({ section: name, figure: 'FAILED', ours: message.slice(0, 80), baseline: '—', ratio: NaN, target: '—', met: false });
  }
}
if (sections.includes('emulator')) await section('emulator', () => emulator(log));
let chromium: string | undefined;
if (sections.some((s) => BROWSER.includes(s))) {
  const browser = await launchChromium();
  chromium = browser.version();
  try {
    for (const [name, fn] of [['upload', upload], ['many-files', manyFiles], ['photos', photosBench], ['resize', resize]] as const) {
      if (sections.includes(name)) await section(name, () => fn(browser, log));
    }
  } finally {
    await browser.close();
  }
}
clearInterval(sampler);
loads.push(loadavg()[0]!);

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  chromium,
  loadAverage1m: { min: Math.min(...loads), max: Math.max(...loads), mean: loads.reduce((a, b) => a + b, 0) / loads.length },
};
const seconds = (Date.now() - started.getTime()) / 1000;
console.log(formatTable(rows));
console.log(
  `\n${started.toISOString()}, ${Math.round(seconds)} s; ${machine.cpus} CPUs, ${machine.memoryGB} GB, Node ${machine.node}` +
    `${chromium ? `, Chromium ${chromium}` : ''}; 1-min load average ${machine.loadAverage1m.min.toFixed(1)}–${machine.loadAverage1m.max.toFixed(1)} (mean ${machine.loadAverage1m.mean.toFixed(1)})`,
);
const out = resolve(import.meta.dirname, 'results/latest.json');
mkdirSync(resolve(out, '..'), { recursive: true });
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'));
writeFileSync(out, JSON.stringify({ date: started.toISOString(), seconds, version: pkg.version, source, machine, sections, failures, rows, data }, null, 2) + '\n');
const summary = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round(seconds)} s, commit ${source.commit}` +
  `${source.srcChanged ? ' with uncommitted changes in src/' : ''}; ${machine.cpus} CPUs (${machine.cpuModel}), ` +
  `${machine.memoryGB} GB, Node ${machine.node}${chromium ? `, Chromium ${chromium}` : ''}; 1-min load average ` +
  `${machine.loadAverage1m.min.toFixed(1)}–${machine.loadAverage1m.max.toFixed(1)} (mean ${machine.loadAverage1m.mean.toFixed(1)}).`;
writeFileSync(resolve(out, '../latest.md'), `${summary}\n\n${formatMarkdown(rows)}\n`);
console.log(`written: ${out} and latest.md`);
if (failures.length) process.exitCode = 1;
