import type { IncomingMessage, ServerResponse } from 'node:http';
import { ImageKitError, readJsonBody, sendJson } from '../http.js';

/** A JSON request body that must be an object (400 otherwise, as PATCH details answers). */
export async function jsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ImageKitError(400, 'Your request body should be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** A path segment, percent-decoded (left as it is when it does not decode; ids are checked after). */
export function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function noContent(res: ServerResponse): true {
  res.writeHead(204).end();
  return true;
}

export function json(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}
