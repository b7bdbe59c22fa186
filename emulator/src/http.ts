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

/**
 * Reads a JSON request body of at most `limit` bytes. Throws ImageKitError 400 for a body that
 * is too large or not JSON; an empty body reads as `{}`.
 */
export async function readJsonBody(req: IncomingMessage, limit = 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ImageKitError(413, 'Your request body is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
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
