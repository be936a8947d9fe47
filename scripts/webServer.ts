// Serves the built renderer (dist/renderer) for the browser flavour of the till: start:web, the e2e suite and the
// benchmarks all use this one server, so what is tested is what runs. SPA fallback to index.html.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contentTypeOf } from '../src/shared/contentTypes';

export interface WebServerOptions {
  root: string;
  host?: string;
  port?: number;
  /** Handles a request first (e.g. the CRM under /api/v1); return true when it answered. */
  handler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;
}

export interface RunningWebServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

async function fileIfExists(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? path : null;
  } catch {
    return null;
  }
}

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const root = resolve(opts.root);
  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (opts.handler && (await opts.handler(req, res))) return;
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405).end();
          return;
        }
        const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const candidate = normalize(join(root, pathname));
        if (candidate !== root && !candidate.startsWith(root + sep)) {
          res.writeHead(403).end();
          return;
        }
        const file =
          (await fileIfExists(candidate)) ??
          (extname(pathname) === '' ? await fileIfExists(join(root, 'index.html')) : null);
        if (!file) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        const body = await readFile(file);
        const hashed = /\/assets\//.test(file);
        res.writeHead(200, {
          'content-type': contentTypeOf(extname(file)),
          'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    server,
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
