import type { IncomingMessage, ServerResponse } from 'node:http';
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import sharp from 'sharp';

type Next = () => Promise<unknown>;
type Ctx = { req: IncomingMessage; res: ServerResponse; respond?: boolean; path: string; query: Record<string, unknown> };

/** What reached a capture endpoint in one upload: every form field as sent, and the file part. */
export interface CapturedUpload {
  fields: Record<string, string>;
  fieldOrder: string[];
  file?: { fieldName: string; fileName: string; mimeType: string; size: number };
}

/** The slice of the emulator's store the tests read: what is stored, and where. */
export interface LibraryView {
  list(): Array<{ fileId: string; name: string; filePath: string; versions: Array<{ size: number }> }>;
}

/**
 * Test-only routes on the test page's own origin:
 * - `POST /capture/upload` stands in for the upload endpoint and records exactly which fields
 *   arrived (`GET /capture/last`, `GET /capture/count`), answering like ImageKit would;
 * - `GET /library?folder=/x/` lists what the emulator has stored under a folder, so a test can
 *   prove a file landed exactly once (read server-side: the private key stays out of the page);
 * - `POST /library/fields` defines a custom metadata field through the emulator's media API;
 * - `/__emulator/*` forwards to the emulator's control endpoints, which refuse other origins' pages.
 * - `GET /source/<any name>` is a link's source, for uploads by URL (the emulator fetches it, as
 *   ImageKit would): `size` bytes from `seed` (the same every time), or with `type=image/png` a
 *   PNG; `status` answers that instead, `delay` waits first (ms).
 */
export function testRoutesMiddleware(library: LibraryView, emulator?: { url: string; privateKey: string }) {
  const captured: CapturedUpload[] = [];
  return async (ctx: Ctx, next: Next) => {
    const { req, res, path } = ctx;
    const json = (status: number, body: unknown) => {
      ctx.respond = false;
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (path === '/capture/upload' && req.method === 'POST') {
      const upload = await capture(req);
      captured.push(upload);
      return json(200, {
        fileId: `captured${captured.length}`,
        name: upload.fields.fileName,
        size: upload.file?.size ?? 0,
        filePath: `/${upload.fields.fileName}`,
        url: `http://capture.invalid/${upload.fields.fileName}`,
        fileType: 'non-image',
        versionInfo: { id: `captured${captured.length}`, name: 'Version 1' },
        AITags: null,
      });
    }
    if (path.startsWith('/__emulator/') && emulator) {
      // The emulator's control endpoints answer no other origin's page: forwarded from here, on the server.
      const body = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
      });
      const answer = await fetch(`${emulator.url}${req.url}`, {
        method: req.method,
        headers: { 'Content-Type': req.headers['content-type'] ?? 'application/json' },
        ...(body.length > 0 && { body: new Uint8Array(body) }),
      });
      return json(answer.status, await answer.json());
    }
    if (path.startsWith('/source/')) {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      await new Promise((r) => setTimeout(r, Number(q.get('delay') ?? 0)));
      const status = Number(q.get('status') ?? 200);
      ctx.respond = false;
      if (status !== 200) return void res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`source answers ${status}`);
      const type = q.get('type') ?? 'application/octet-stream';
      const body = type === 'image/png'
        ? await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer()
        : seeded(Number(q.get('size') ?? 1024), Number(q.get('seed') ?? 1));
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      return void res.end(body);
    }
    if (path === '/capture/last') return json(200, captured[captured.length - 1] ?? null);
    if (path === '/capture/count') return json(200, { count: captured.length });
    if (path === '/library/fields' && req.method === 'POST' && emulator) {
      // Defines a custom metadata field through the media API, signed here with the private key.
      const body = await new Promise<string>((resolve) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c));
        req.on('end', () => resolve(text));
      });
      const answer = await fetch(`${emulator.url}/v1/customMetadataFields`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from(emulator.privateKey + ':').toString('base64') },
        body,
      });
      return json(answer.status, await answer.json());
    }
    if (path === '/library') {
      const folder = String(new URL(req.url ?? '/', 'http://x').searchParams.get('folder') ?? '/');
      const files = library
        .list()
        .filter((r) => r.filePath.startsWith(folder))
        .map((r) => ({ fileId: r.fileId, name: r.name, filePath: r.filePath, versions: r.versions.length, size: r.versions.at(-1)?.size }));
      return json(200, files);
    }
    return next();
  };
}

/** `size` bytes that depend only on `seed` (xorshift32), so a test can ask for the same source twice. */
function seeded(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed | 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function capture(req: IncomingMessage): Promise<CapturedUpload> {
  return new Promise((resolve, reject) => {
    const result: CapturedUpload = { fields: {}, fieldOrder: [] };
    const bb = new Busboy({ headers: req.headers as BusboyHeaders });
    bb.on('field', (name, value) => {
      result.fields[name] = value;
      result.fieldOrder.push(name);
    });
    bb.on('file', (fieldName, stream, fileName, _encoding, mimeType) => {
      let size = 0;
      result.fieldOrder.push(fieldName);
      stream.on('data', (chunk: Buffer) => (size += chunk.length));
      stream.on('end', () => (result.file = { fieldName, fileName, mimeType, size }));
    });
    bb.on('finish', () => resolve(result));
    bb.on('error', reject);
    req.pipe(bb);
  });
}
