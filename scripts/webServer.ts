// Serves the built renderer (dist/renderer) for the browser flavour of the till: start:web, the e2e suite and the
// benchmarks all use this one server, so what is tested is what runs. SPA fallback to index.html. Every answer
// carries the security headers (issue 16): the till's CSP with connect-src limited to this origin and the CRM.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { COMMON_SECURITY_HEADERS, malformedUrlProblem, tillCsp } from '../crm/httpHardening';
import { PROBLEM_CONTENT_TYPE } from '../src/shared/crm';
import { contentTypeOf } from '../src/shared/contentTypes';

export interface WebServerOptions {
  root: string;
  host?: string;
  port?: number;
  /** Handles a request first (e.g. the CRM under /api/v1); return true when it answered. */
  handler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;
  /** CRM origins the till may call besides its own (connect-src); none when the CRM is on this origin. */
  crmOrigins?: string[];
  /** false: no CSP header, only the page's own meta policy (the shell e2e proves that policy holds alone). */
  cspHeader?: boolean;
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
  const csp = tillCsp(opts.crmOrigins ?? []);
  const server = createServer((req, res) => {
    void (async () => {
      try {
        // Set before anyone answers: the handler's answers (CRM, print service) carry them too.
        if (opts.cspHeader !== false) res.setHeader('Content-Security-Policy', csp);
        for (const [k, v] of Object.entries(COMMON_SECURITY_HEADERS)) res.setHeader(k, v);
        if (opts.handler && (await opts.handler(req, res))) return;
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { allow: 'GET, HEAD' }).end();
          return;
        }
        let pathname: string;
        try {
          pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        } catch {
          res.writeHead(400, { 'content-type': PROBLEM_CONTENT_TYPE });
          res.end(JSON.stringify(malformedUrlProblem()));
          return;
        }
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
      } catch {
        // Never the exception's text.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
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
