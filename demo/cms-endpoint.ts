// The CMS demo's "save article" endpoint: reads the posted form (urlencoded or multipart) with busboy
// and answers a page listing exactly what arrived, so the demo shows what a real backend would get.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Busboy, type BusboyHeaders } from '@fastify/busboy';

export const CMS_ENDPOINT = '/api/demo/articles';

function readForm(req: IncomingMessage): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    const fields: [string, string][] = [];
    const parser = new Busboy({ headers: req.headers as BusboyHeaders, limits: { fields: 200, fieldSize: 64 * 1024 } });
    parser.on('field', (name: string, value: string) => fields.push([name, value]));
    // A file part would mean the form sent bytes to this server: list it by name, keep no bytes.
    parser.on('file', (name: string, stream: NodeJS.ReadableStream, filename: string) => {
      fields.push([name, `(a file: ${filename})`]);
      stream.resume();
    });
    parser.on('finish', () => resolve(fields));
    parser.on('error', reject);
    req.pipe(parser);
  });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(fields: [string, string][]): string {
  const rows = fields
    .map(([name, value]) => {
      const preview = /^https?:\/\//.test(value) ? `<img src="${esc(value)}" alt="" width="64" height="64" />` : '';
      return `<tr><th scope="row">${esc(name)}</th><td>${esc(value)}</td><td>${preview}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>What the server received</title>
<link rel="stylesheet" href="/demo/demo.css" /></head>
<body><header><h1>What the server received</h1><p><a href="/demo/cms/">Back to the editor</a></p></header>
<main><table class="received"><thead><tr><th scope="col">field</th><th scope="col">value</th><th scope="col"></th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>As JSON</h2>
<pre id="received">${esc(JSON.stringify(fields, null, 2))}</pre></main></body></html>`;
}

/** Connect-style middleware for Vite's dev server. */
export async function cmsEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('POST the article form here.');
    return;
  }
  try {
    const fields = await readForm(req);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(fields));
  } catch (err) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`Could not read the form: ${(err as Error).message}`);
  }
}
