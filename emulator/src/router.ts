import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ResolvedEmulatorOptions } from './options.js';
import type { FileStore } from './store.js';
import type { FaultInjector } from './faults.js';
import type { TokenLedger } from './auth.js';
import type { RateLimiter } from './rate-limit.js';
import type { WebhookSender } from './webhooks.js';
import type { Background } from './background.js';
import { discardRest, EarlyRefusal, HELP, ImageKitError, sendError, sendJson, setStallTimeout } from './http.js';
import { Refusal } from './refusal.js';

/** Counters for `GET /__emulator/stats`. */
export interface EmulatorStats {
  uploadsReceived: number;
  uploadsStored: number;
  uploadsFailed: number;
  faultsApplied: number;
  /** Uploads being received right now (capped by maxConcurrentUploads). */
  uploadsInFlight: number;
}

/** What every route gets besides the request and response. Shared by all requests. */
export interface EmulatorContext {
  readonly options: ResolvedEmulatorOptions;
  readonly store: FileStore;
  readonly tokens: TokenLedger;
  readonly faults: FaultInjector;
  readonly rateLimiter: RateLimiter;
  readonly stats: EmulatorStats;
  /** Signs and posts webhooks (`--webhook-secret`). */
  readonly webhooks: WebhookSender;
  /** Work after a response: extensions, post-transformations. */
  readonly background: Background;
}

/** Per request: the parsed URL and the id sent back as `x-ik-requestId` / `x-request-id`. */
export interface RequestContext extends EmulatorContext {
  readonly url: URL;
  readonly requestId: string;
}

/**
 * A route answers the requests it recognises and returns true, or returns false to let the next
 * route try. It may throw ImageKitError (answered as `{ message, help }` with its status); any
 * other error is a 500. Routes are tried in the order of `ROUTES` in routes/index.ts.
 */
/** Where the emulator's own control endpoints live (routes/control.ts serves them; CORS here treats them apart). */
export const CONTROL_PREFIX = '/__emulator/';

export type Route = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => boolean | Promise<boolean>;

export const EXPOSED_HEADERS = [
  'x-ik-requestId',
  'x-request-id',
  'X-RateLimit-Limit',
  'X-RateLimit-Reset',
  'X-RateLimit-Interval',
  'x-ik-emulator-warning',
  'Content-Length',
  'Content-Type',
].join(', ');

/**
 * CORS for pages on any origin: the emulator holds nothing a credential-less page should not see.
 * Its control endpoints (`/__emulator/*`) are the exception: only the origins in `controlOrigins`
 * get CORS there (routes/control.ts refuses the others).
 */
function setCors(req: IncomingMessage, res: ServerResponse, options: ResolvedEmulatorOptions): boolean {
  if ((req.url ?? '').startsWith(CONTROL_PREFIX)) {
    const origin = req.headers.origin;
    if (origin === undefined || !options.controlOrigins.includes(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  } else {
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader(
      'Access-Control-Allow-Headers',
      req.headers['access-control-request-headers'] || 'Authorization, Content-Type',
    );
    res.setHeader('Access-Control-Max-Age', '600');
  }
  return true;
}

/** Builds the Node request handler that runs `routes` with the shared context. */
export function createHandler(routes: readonly Route[], shared: EmulatorContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setStallTimeout(req, shared.options.idleTimeoutMs);
    const requestId = randomUUID();
    res.setHeader('x-ik-requestId', requestId);
    res.setHeader('x-request-id', requestId);
    const corsAllowed = setCors(req, res, shared.options);
    if (req.method === 'OPTIONS') {
      // A preflight to a control endpoint from a page not allowed gets no CORS: the browser stops there.
      res.writeHead(corsAllowed ? 204 : 403).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.invalid');
    } catch {
      sendError(res, 400, 'Your request URL is not valid.');
      return;
    }
    // Object.assign, not `{ ...shared, url }`: V8 (Node 20) defines properties that follow a
    // spread in a literal on a slow path, ~6 us each request.
    const ctx: RequestContext = Object.assign({}, shared, { url, requestId });
    try {
      for (const route of routes) {
        if (await route(req, res, ctx)) return;
      }
      throw new ImageKitError(404, 'The requested resource does not exist.');
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      if (error instanceof Refusal) {
        sendJson(res, error.status, { ...error.details, message: error.message, help: HELP }, error.headers);
      } else if (error instanceof ImageKitError) {
        sendError(res, error.status, error.message, error.headers);
        // Answered before the body was read: read the rest away, so the client hears it (http.ts).
        if (error instanceof EarlyRefusal) discardRest(req, res, shared.options.idleTimeoutMs);
      } else {
        console.error(`[ik-emulator] ${req.method} ${url.pathname} failed (${requestId}):`, error);
        sendError(res, 500, 'Internal server error.');
      }
    }
  };
}
