// Baseline for the emulator benchmark: the least an upload server can do. Node http + busboy,
// the file part streamed to disk, a JSON answer. No auth, no checks, no metadata, no records.
// Run: node bench/bare-server.mjs <dir>; prints "bare server listening on http://127.0.0.1:PORT".
import { createServer } from 'node:http';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Busboy } from '@fastify/busboy';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bare-server.mjs <dir>');

const server = createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(404).end();
  const fields = {};
  let written;
  const parser = new Busboy({ headers: req.headers });
  parser.on('field', (name, value) => (fields[name] = value));
  parser.on('file', (_name, stream, fileName) => {
    const fileId = randomUUID();
    const out = createWriteStream(join(dir, fileId));
    let size = 0;
    stream.on('data', (chunk) => (size += chunk.length));
    written = new Promise((resolve, reject) => {
      out.on('finish', () => resolve({ fileId, name: fields.fileName ?? fileName, size }));
      out.on('error', reject);
    });
    stream.pipe(out);
  });
  parser.on('finish', async () => {
    try {
      const file = await written;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(file));
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
    }
  });
  parser.on('error', () => res.writeHead(400).end());
  req.pipe(parser);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare server listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
