// The host page's origin for the browser benchmarks: the bundles, the page scripts, and /auth
// (signed as a host app would sign, with src/server/auth.ts).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createAuthHandler } from '../../src/server/auth.js';

const benchDir = resolve(import.meta.dirname, '..');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.jpg': 'image/jpeg' };

export interface PageServer {
  url: string;
  /** How many times /auth signed. */
  authCalls(): number;
  close(): Promise<void>;
}

/** `pages` maps a path such as `/ours.html` to the HTML served there, or to bytes (typed by the path's extension). */
export async function startPageServer(privateKey: string, pages: Record<string, string | Buffer>): Promise<PageServer> {
  const auth = createAuthHandler({ privateKey, expireSeconds: 600 });
  let calls = 0;
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/auth') {
      calls++;
      return void auth(req, res);
    }
    const page = pages[path];
    if (typeof page === 'string') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    if (page) return void res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(page);
    // Static files: bench/pages/* and the bundles weight.ts wrote to bench/results/bundles/*.
    const file = path.startsWith('/bundles/') ? resolve(benchDir, 'results', '.' + path)
      : path.startsWith('/pages/') ? resolve(benchDir, '.' + path) : undefined;
    if (!file || !file.startsWith(benchDir + sep)) return void res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authCalls: () => calls,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
