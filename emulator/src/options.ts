/** What `startEmulator()` and the `ik-emulator` command accept. */
export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. Default 3100. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** The public key uploads must carry. Default 'ik-emulator-public-key'. */
  publicKey?: string;
  /** The private key that signs uploads and authenticates Basic auth. Default 'ik-emulator-private-key'. */
  privateKey?: string;
  /** Where files and their records live, kept across restarts. Required for the function; the CLI defaults to ./.ik-emulator-data. */
  dataDir: string;
  /** Base of every returned `url`. Default `<base URL>/media`, so file paths never collide with the API's paths. */
  urlEndpoint?: string;
  /** Largest accepted file in bytes. Default 25 MB (ImageKit's free plan). */
  maxFileSize?: number;
  /** Most upload requests per `rateLimitIntervalMs`; beyond it 429. Default: no limit. */
  rateLimit?: number;
  /** The rate limit's window in milliseconds. Default 60 000. */
  rateLimitIntervalMs?: number;
  /** A slow client that sends nothing for this long gets its request timed out. Default 30 000 ms. */
  idleTimeoutMs?: number;
  /** Signs every webhook (`x-ik-signature`, and the Standard Webhooks headers). Default 'ik-emulator-webhook-secret'. */
  webhookSecret?: string;
  /** Waits before each webhook retry, in milliseconds. Default [1000, 5000] (three attempts). */
  webhookRetryDelaysMs?: number[];
  /**
   * `file` URLs on loopback, private, link-local and other non-public addresses are refused, as
   * ImageKit could never reach them; true fetches them (a test's loopback server). Default false.
   */
  allowPrivateUrls?: boolean;
  /** Most uploads received at once; one more gets 429 at once. Default 32. */
  maxConcurrentUploads?: number;
  /** Origins (`http://localhost:8000`) besides its own whose pages may use `/__emulator/*`. Default none. */
  controlOrigins?: string[];
}

export const DEFAULTS = {
  port: 3100,
  host: '127.0.0.1',
  publicKey: 'ik-emulator-public-key',
  privateKey: 'ik-emulator-private-key',
  maxFileSize: 25 * 1024 * 1024,
  rateLimitIntervalMs: 60_000,
  idleTimeoutMs: 30_000,
  webhookSecret: 'ik-emulator-webhook-secret',
  maxConcurrentUploads: 32,
  urlEndpointPath: '/media',
} as const;

/** Options after defaults, with the base URL known (the port is only known once listening). */
export interface ResolvedEmulatorOptions {
  host: string;
  port: number;
  publicKey: string;
  privateKey: string;
  dataDir: string;
  /** Without a trailing slash. */
  urlEndpoint: string;
  maxFileSize: number;
  rateLimit: number | undefined;
  rateLimitIntervalMs: number;
  idleTimeoutMs: number;
  webhookSecret: string;
  allowPrivateUrls: boolean;
  maxConcurrentUploads: number;
  controlOrigins: string[];
}
