import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { DEFAULTS, type EmulatorOptions, type ResolvedEmulatorOptions } from './options.js';
import { FileStore } from './store.js';
import { TokenLedger } from './auth.js';
import { FaultInjector } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { createHandler, type EmulatorContext, type EmulatorStats } from './router.js';
import { ROUTES } from './routes/index.js';
import { WebhookSender } from './webhooks.js';
import { Background } from './background.js';

export type { EmulatorOptions } from './options.js';

export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:3100`: upload at `${url}/api/v1/files/upload`, media API at `${url}/v1/...`. */
  url: string;
  /** Base of every returned file `url`. */
  urlEndpoint: string;
  port: number;
  publicKey: string;
  /** Absolute path of the data folder. */
  dataDir: string;
  /** The media library; tests may inspect it. */
  store: FileStore;
  /** Stops listening, cuts open connections, and waits for pending writes. */
  close(): Promise<void>;
}

/** Starts an ImageKit emulator on loopback (by default) and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  if (!options?.dataDir) throw new TypeError('startEmulator: dataDir is required');
  const host = options.host ?? DEFAULTS.host;
  const maxFileSize = options.maxFileSize ?? DEFAULTS.maxFileSize;
  if (!Number.isSafeInteger(maxFileSize) || maxFileSize <= 0) throw new TypeError('startEmulator: maxFileSize must be a positive integer');
  if (options.rateLimit !== undefined && !(Number.isInteger(options.rateLimit) && options.rateLimit > 0)) {
    throw new TypeError('startEmulator: rateLimit must be a positive integer');
  }
  const dataDir = resolve(options.dataDir);
  const store = await FileStore.open(dataDir);
  const tokens = await TokenLedger.open(store);

  const resolved: ResolvedEmulatorOptions = {
    host,
    port: options.port ?? DEFAULTS.port,
    publicKey: options.publicKey ?? DEFAULTS.publicKey,
    privateKey: options.privateKey ?? DEFAULTS.privateKey,
    dataDir,
    urlEndpoint: '', // set once the port is known
    maxFileSize,
    rateLimit: options.rateLimit,
    rateLimitIntervalMs: options.rateLimitIntervalMs ?? DEFAULTS.rateLimitIntervalMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
    webhookSecret: options.webhookSecret ?? DEFAULTS.webhookSecret,
    allowPrivateUrls: options.allowPrivateUrls ?? false,
    maxConcurrentUploads: options.maxConcurrentUploads ?? DEFAULTS.maxConcurrentUploads,
    controlOrigins: (options.controlOrigins ?? []).map((o) => new URL(o).origin),
  };
  if (!Number.isSafeInteger(resolved.maxConcurrentUploads) || resolved.maxConcurrentUploads < 1) {
    throw new TypeError('startEmulator: maxConcurrentUploads must be a positive integer');
  }
  if (!resolved.webhookSecret) throw new TypeError('startEmulator: webhookSecret must not be empty');
  const stats: EmulatorStats = { uploadsReceived: 0, uploadsStored: 0, uploadsFailed: 0, faultsApplied: 0, uploadsInFlight: 0 };
  const shared: EmulatorContext = {
    options: resolved,
    store,
    tokens,
    faults: new FaultInjector(),
    rateLimiter: new RateLimiter(resolved.rateLimit, resolved.rateLimitIntervalMs),
    stats,
    webhooks: new WebhookSender({ secret: resolved.webhookSecret, ...(options.webhookRetryDelaysMs && { retryDelaysMs: options.webhookRetryDelaysMs }) }),
    background: new Background(),
  };

  // Uploads cut off silent clients themselves (idleTimeoutMs); this only bounds the worst case.
  const server = createServer({ headersTimeout: 20_000, requestTimeout: 15 * 60_000 }, createHandler(ROUTES, shared));
  try {
    await listen(server, resolved.port, host);
  } catch (error) {
    await store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  resolved.port = port;
  resolved.urlEndpoint = (options.urlEndpoint ?? url + DEFAULTS.urlEndpointPath).replace(/\/+$/, '');

  let closing: Promise<void> | undefined;
  return {
    url,
    urlEndpoint: resolved.urlEndpoint,
    port,
    publicKey: resolved.publicKey,
    dataDir,
    store,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeAllConnections();
        await closed;
        // Extensions and post-transformations finish (they write records); webhooks still in flight are given up.
        await shared.background.idle();
        await shared.webhooks.close();
        await store.close();
      })()),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
}
