import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './index.js';
import { DEFAULTS } from './options.js';

const HELP = `Usage: ik-emulator [options]

A local ImageKit emulator: the upload API, the media API, and the files it stores.

Options:
  --port <n>            port to listen on; 0 picks a free one (default ${DEFAULTS.port})
  --host <host>         interface to listen on (default ${DEFAULTS.host})
  --public-key <key>    public key uploads must carry (default ${DEFAULTS.publicKey})
  --private-key <key>   private key for signatures and Basic auth (default ${DEFAULTS.privateKey})
  --data-dir <dir>      where files and records are kept across restarts (default ./.ik-emulator-data)
  --url-endpoint <url>  base of every returned file url (default http://HOST:PORT/media)
  --max-file-size <n>   largest file in bytes (default ${DEFAULTS.maxFileSize}, 25 MB)
  --rate-limit <n>      most uploads per minute before 429 (default: no limit)
  --webhook-secret <s>  signs every webhook, x-ik-signature and webhook-signature (default ${DEFAULTS.webhookSecret})
  --allow-private-urls  fetch file URLs on loopback and private networks too (refused by default,
                        as ImageKit cannot reach them)
  --max-concurrent-uploads <n>
                        most uploads received at once; one more gets 429 (default ${DEFAULTS.maxConcurrentUploads})
  --stall-timeout <ms>  an upload or JSON body that sends nothing for this long gets 408
                        (default ${DEFAULTS.idleTimeoutMs})
  --control-origin <o>  a page origin allowed to use /__emulator/* (repeatable; default: none,
                        only the emulator's own origin and clients without an Origin)
  -h, --help            show this help
`;

function fail(message: string): never {
  process.stderr.write(`ik-emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) fail(`--${name} must be an integer of at least ${min}, got '${value}'`);
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'public-key': { type: 'string' },
      'private-key': { type: 'string' },
      'data-dir': { type: 'string' },
      'url-endpoint': { type: 'string' },
      'max-file-size': { type: 'string' },
      'rate-limit': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'allow-private-urls': { type: 'boolean' },
      'max-concurrent-uploads': { type: 'string' },
      'stall-timeout': { type: 'string' },
      'control-origin': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
} catch (error) {
  fail((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (values['url-endpoint'] !== undefined && !/^https?:\/\/[^/]/.test(values['url-endpoint'])) {
  fail(`--url-endpoint must be an http(s) URL, got '${values['url-endpoint']}'`);
}

const options: EmulatorOptions = {
  port: integer('port', values.port, 0) ?? DEFAULTS.port,
  host: values.host ?? DEFAULTS.host,
  dataDir: values['data-dir'] ?? './.ik-emulator-data',
};
if (values['public-key'] !== undefined) options.publicKey = values['public-key'];
if (values['private-key'] !== undefined) options.privateKey = values['private-key'];
if (values['url-endpoint'] !== undefined) options.urlEndpoint = values['url-endpoint'];
if (values['webhook-secret'] !== undefined) {
  if (values['webhook-secret'] === '') fail('--webhook-secret must not be empty');
  options.webhookSecret = values['webhook-secret'];
}
const maxFileSize = integer('max-file-size', values['max-file-size'], 1);
if (maxFileSize !== undefined) options.maxFileSize = maxFileSize;
const rateLimit = integer('rate-limit', values['rate-limit'], 1);
if (rateLimit !== undefined) options.rateLimit = rateLimit;
if (values['allow-private-urls']) options.allowPrivateUrls = true;
const maxConcurrent = integer('max-concurrent-uploads', values['max-concurrent-uploads'], 1);
if (maxConcurrent !== undefined) options.maxConcurrentUploads = maxConcurrent;
const stall = integer('stall-timeout', values['stall-timeout'], 1);
if (stall !== undefined) options.idleTimeoutMs = stall;
for (const origin of values['control-origin'] ?? []) {
  if (!/^https?:\/\/[^/]+$/.test(origin)) fail(`--control-origin must be an origin like http://localhost:8000, got '${origin}'`);
}
if (values['control-origin']) options.controlOrigins = values['control-origin'];

let emulator;
try {
  emulator = await startEmulator(options);
} catch (error) {
  process.stderr.write(`ik-emulator: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
const running = emulator;
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`ik-emulator: error while stopping: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// The ready line comes last: whoever waits for it may signal at once, and the handlers must be
// there by then (a SIGTERM between the two once killed the process instead of closing it).
process.stdout.write(`ik-emulator listening on ${emulator.url}\n`);
