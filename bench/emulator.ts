// The emulator as a user runs it (the compiled CLI in its own process): its peak RSS while it
// receives one 300 MB upload, and uploads per second for 1,000 small files from 16 concurrent
// clients, each against a bare Node http + busboy server doing the least (bare-server.mjs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getAuthenticationParameters } from '../src/server/auth.js';
import { startProcess } from '../test/e2e/util.js';
import { alternate, median, mb } from './lib/stats.js';
import type { Row } from './lib/report.js';

const root = resolve(import.meta.dirname, '..');
const build = resolve(root, 'bench/results/server-build');
const MB = 1024 * 1024;
const BIG = 300 * MB;
const SMALL = 10 * 1024;
const SMALL_COUNT = 1000;
const CLIENTS = 16;
const publicKey = 'public_bench_emulator';
const privateKey = 'private-bench-emulator';

interface Server {
  kind: 'emulator' | 'bare';
  url: string;
  pid: number;
  stop(): Promise<unknown>;
  dir: string;
}

/** Compiles the emulator as its `npm run build` (and so `npm pack`) does, so the current source runs as shipped (no tsx). */
function compileServer() {
  execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'emulator/tsconfig.build.json',
    '--outDir', build, '--declaration', 'false'], { cwd: root, stdio: 'inherit' });
}

async function start(kind: Server['kind']): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), `ik-bench-${kind}-`));
  const args = kind === 'emulator'
    ? [join(build, 'cli.js'), '--port', '0', '--data-dir', dir, '--public-key', publicKey,
      '--private-key', privateKey, '--max-file-size', String(BIG + MB)]
    : [resolve(root, 'bench/bare-server.mjs'), dir];
  const p = await startProcess(process.execPath, args, { cwd: root, ready: /listening on http:\/\/\S+/ });
  const url = /listening on (http:\/\/\S+)/.exec(p.output())![1]!;
  return {
    kind, url, dir, pid: p.child.pid!,
    stop: async () => {
      await p.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kbOf = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kbOf('VmRSS'), hwm: kbOf('VmHWM') };
}

/** A multipart upload written as a stream: the file part is `size` bytes of `chunk` repeated. */
function postMultipart(url: string, fields: Record<string, string>, size: number, chunk: Buffer, agent?: Agent): Promise<number> {
  const boundary = '----ikbench' + randomBytes(8).toString('hex');
  let head = '';
  for (const [k, v] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fields.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(head) + size + Buffer.byteLength(tail);
  return new Promise((resolvePost, reject) => {
    const req = request(`${url}/api/v1/files/upload`, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': length },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolvePost(res.statusCode) : reject(new Error(`${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const piece = size - sent >= chunk.length ? chunk : chunk.subarray(0, size - sent);
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

const signed = (fileName: string) => ({ fileName, publicKey, ...stringify(getAuthenticationParameters(privateKey)) });
const stringify = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

/** A fresh server of `kind`; returns its RSS before, its peak (VmHWM) and the upload's duration. */
async function bigUpload(kind: Server['kind']) {
  const server = await start(kind);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const idle = memory(server.pid).rss;
    let sampledPeak = idle;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memory(server.pid).rss)), 20);
    const chunk = randomBytes(MB);
    const t0 = performance.now();
    await postMultipart(server.url, signed('big.bin'), BIG, chunk);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const { hwm } = memory(server.pid);
    return { idle, peak: Math.max(hwm, sampledPeak), seconds };
  } finally {
    await server.stop();
  }
}

/** CPU time (user + system, all threads) the process has used so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15 of stat)
}

/** 1,000 small uploads from 16 concurrent keep-alive clients: uploads per second, and the server's CPU per upload. */
async function manySmall(server: Server): Promise<{ perSecond: number; cpuMsPerUpload: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const chunk = randomBytes(SMALL);
  let next = 0;
  const cpu0 = cpuMs(server.pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < SMALL_COUNT) {
      const i = next++;
      await postMultipart(server.url, signed(`small-${i}.bin`), SMALL, chunk, agent);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMs(server.pid) - cpu0;
  agent.destroy();
  return { perSecond: SMALL_COUNT / seconds, cpuMsPerUpload: cpu / SMALL_COUNT };
}

export async function emulator(log: (s: string) => void): Promise<{ rows: Row[]; data: unknown }> {
  compileServer();
  const rss = await alternate(2, () => bigUpload('emulator'), () => bigUpload('bare'));
  log(`300 MB upload, peak RSS: emulator ${rss.a.map((r) => mb(r.peak)).join(', ')}; bare ${rss.b.map((r) => mb(r.peak)).join(', ')}`);

  const emu = await start('emulator');
  const bare = await start('bare');
  let rate;
  try {
    await manySmall(emu); // warm-up, not counted
    await manySmall(bare);
    rate = await alternate(5, () => manySmall(emu), () => manySmall(bare));
  } finally {
    await emu.stop();
    await bare.stop();
  }
  const perSecond = (xs: { perSecond: number }[]) => xs.map((x) => x.perSecond);
  const cpu = (xs: { cpuMsPerUpload: number }[]) => xs.map((x) => x.cpuMsPerUpload);
  log(`uploads/s: emulator ${perSecond(rate.a).map(Math.round).join(', ')}; bare ${perSecond(rate.b).map(Math.round).join(', ')}`);
  log(`server CPU per upload: emulator ${cpu(rate.a).map((x) => x.toFixed(2)).join(', ')} ms; bare ${cpu(rate.b).map((x) => x.toFixed(2)).join(', ')} ms`);
  const paired = median(rate.a.map((x, i) => x.perSecond / rate.b[i]!.perSecond));
  log(`uploads/s, emulator/bare round by round: median ${paired.toFixed(2)}`);

  const peak = Math.max(...rss.a.map((r) => r.peak));
  const barePeak = Math.max(...rss.b.map((r) => r.peak));
  const rows: Row[] = [
    {
      section: 'emulator',
      figure: '300 MB upload: peak RSS (worst run)',
      ours: mb(peak),
      baseline: `bare ${mb(barePeak)}`,
      ratio: peak / barePeak,
      target: '< 150 MB',
      met: peak < 150 * MB,
    },
    {
      section: 'emulator',
      figure: '300 MB upload: RSS growth over idle',
      ours: mb(median(rss.a.map((r) => r.peak - r.idle))),
      baseline: `bare ${mb(median(rss.b.map((r) => r.peak - r.idle)))}`,
      ratio: median(rss.a.map((r) => r.peak - r.idle)) / median(rss.b.map((r) => r.peak - r.idle)),
      target: '—',
    },
    {
      section: 'emulator',
      figure: `${SMALL_COUNT} × ${SMALL / 1024} KB, ${CLIENTS} clients: uploads/s`,
      ours: `${Math.round(median(perSecond(rate.a)))}/s`,
      baseline: `bare ${Math.round(median(perSecond(rate.b)))}/s`,
      ratio: median(perSecond(rate.a)) / median(perSecond(rate.b)),
      target: '≥ 0.5×',
      met: median(perSecond(rate.a)) / median(perSecond(rate.b)) >= 0.5,
    },
    {
      section: 'emulator',
      figure: `${SMALL_COUNT} × ${SMALL / 1024} KB, ${CLIENTS} clients: server CPU per upload`,
      ours: `${median(cpu(rate.a)).toFixed(2)} ms`,
      baseline: `bare ${median(cpu(rate.b)).toFixed(2)} ms`,
      // Inverted, so that it reads like the uploads/s ratio: bare's CPU over ours.
      ratio: median(cpu(rate.b)) / median(cpu(rate.a)),
      ratioText: `${(median(cpu(rate.b)) / median(cpu(rate.a))).toFixed(2)}× (bare ÷ ours)`,
      target: '—',
    },
  ];
  return {
    rows,
    data: {
      bigUpload: { bytes: BIG, emulator: rss.a, bare: rss.b },
      small: { count: SMALL_COUNT, bytes: SMALL, clients: CLIENTS, emulator: rate.a, bare: rate.b, pairedRatioMedian: paired },
    },
  };
}
