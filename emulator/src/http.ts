import type { IncomingMessage, ServerResponse } from 'node:http';

/** The `help` text ImageKit puts in every error body. */
export const HELP = 'For support kindly contact us at support@imagekit.io .';

/**
 * An error that becomes an ImageKit error response: `status` and `{ message, help }`.
 * Throw it from any route; the router answers with it.
 */
export class ImageKitError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * A refusal answered before the request's body has been read (too large, too many uploads, a
 * bad signature before the file). The router answers it, then reads and throws away what the
 * client still sends (`discardRest`), so the client hears the answer instead of a reset.
 */
export class EarlyRefusal extends ImageKitError {}

/** After an early answer: at most this much of the rest of a body is read (and thrown away). */
const DISCARD_BYTES = 1024 * 1024 * 1024;
/** ... and for at most this long in all. */
const DISCARD_MS = 5 * 60_000;

/**
 * Reads and throws away the rest of a request whose answer has been sent, so a client still
 * sending does not get a reset before it reads the answer (what an unread socket closed under it
 * causes). Memory stays flat. Past DISCARD_BYTES or DISCARD_MS, or silent for `idleMs`, the
 * connection is cut.
 */
export function discardRest(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  if (req.complete || req.destroyed) return;
  // Once the answer is out, Node gives the socket its keep-alive timeout (5 s) while the body is
  // still arriving: a client that a busy machine starves for that long was reset before it read the
  // answer. The rest of the body gets the stall timeout instead, as the body did before it.
  res.once('finish', () => req.socket?.setTimeout(idleMs));
  let seen = 0;
  const cut = () => req.destroy();
  const total = setTimeout(cut, DISCARD_MS);
  let idle = setTimeout(cut, idleMs);
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    clearTimeout(idle);
    if (seen > DISCARD_BYTES) return cut();
    idle = setTimeout(cut, idleMs);
  });
  req.once('close', () => {
    clearTimeout(total);
    clearTimeout(idle);
  });
  req.resume();
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string | number> = {},
): void {
  sendJson(res, status, { message, help: HELP }, headers);
}

/** How deep a JSON value may nest (objects and arrays) before it is refused with 400. */
export const MAX_JSON_DEPTH = 32;

export class JsonTooDeep extends Error {
  constructor(readonly limit: number) {
    super(`It is nested more than ${limit} levels deep.`);
  }
}

/**
 * JSON.parse, then a check (iterative, so no input can overflow the stack) that nothing nests
 * deeper than `maxDepth`: later code (cloning, stringifying, validating) recurses. Throws
 * SyntaxError for bad JSON and JsonTooDeep for deep nesting.
 */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const value: unknown = JSON.parse(text);
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > maxDepth) throw new JsonTooDeep(maxDepth);
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return value;
}

/** The declared `Content-Length`, or undefined when there is none (chunked) or it is not a number. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  return header !== undefined && /^\d{1,16}$/.test(header) ? Number(header) : undefined;
}

export const BODY_TOO_LARGE = 'Your request body is too large.';

const stallTimeouts = new WeakMap<IncomingMessage, number>();

/** The emulator's stall timeout (`idleTimeoutMs`) for this request's body; the router sets it. */
export function setStallTimeout(req: IncomingMessage, ms: number): void {
  stallTimeouts.set(req, ms);
}
export const BODY_STALLED = 'Your request timed out: no data arrived for too long.';

/**
 * Reads a JSON request body of at most `limit` bytes. A declared `Content-Length` over the limit
 * is refused with 413 before anything is read (the rest is then thrown away unread); a body that sends nothing for `idleMs` (the emulator's `idleTimeoutMs`) gets 408. Throws ImageKitError 400 for
 * a body that is not JSON or nests deeper than MAX_JSON_DEPTH. An empty body reads as `{}`.
 */
export async function readJsonBody(req: IncomingMessage, limit = 1024 * 1024, idleMs = stallTimeouts.get(req) ?? 30_000): Promise<unknown> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) throw new EarlyRefusal(413, BODY_TOO_LARGE);
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((done, fail) => {
    let timer = setTimeout(() => stop(new ImageKitError(408, BODY_STALLED, { Connection: 'close' })), idleMs);
    const stop = (error?: ImageKitError) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onEnd).off('close', onClose);
      if (error) {
        req.pause();
        fail(error);
      } else {
        done();
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(new EarlyRefusal(413, BODY_TOO_LARGE));
      chunks.push(chunk);
      clearTimeout(timer);
      timer = setTimeout(() => stop(new ImageKitError(408, BODY_STALLED, { Connection: 'close' })), idleMs);
    };
    const onEnd = () => stop();
    const onClose = () => (req.complete ? stop() : stop(new ImageKitError(400, 'Your request body was cut off.')));
    req.on('data', onData).on('end', onEnd).on('error', onEnd).on('close', onClose);
  });
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof JsonTooDeep) throw new ImageKitError(400, `Your request body is not accepted. ${error.message}`);
    throw new ImageKitError(400, 'Your request body is not valid JSON.');
  }
}

/** The user name of an `Authorization: Basic` header (ImageKit's private key), or undefined. */
export function basicAuthUser(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]*)\s*$/i.exec(header);
  if (!match) return '';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}
