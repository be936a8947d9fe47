// The demo's one origin (what `npm run start:web` serves, and what crm/attacks/opennet.test.ts checks): the built
// till (dist/renderer), /config.json without any enrollment code, the CRM's /api and /demo pages in demo mode,
// and the print service under /print when a printer is configured.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { TerminalConfig } from '../src/shared/config';
import { startWebServer, type RunningWebServer } from './webServer';

export interface DemoWebOptions {
  root: string;
  port?: number;
  host?: string;
  /** The CRM app, opened in demo mode (openCrm({ demo: true })). */
  crm: FastifyInstance;
  /** What /config.json says; never an enrollment code (the till asks the demo CRM for one). */
  terminalConfig: Partial<TerminalConfig>;
  print?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

/** The terminal config a demo till gets: its store and mode, the CRM on the same origin, nothing secret. */
export function demoTerminalConfig(opts: { pda?: boolean; printer?: TerminalConfig['printer'] } = {}) {
  return {
    ...(opts.printer ? { printer: opts.printer } : {}),
    storeId: 'S001',
    storeName: '天河店',
    // A placeholder: on its first start the till takes the terminal id the demo CRM's enrollment gives it.
    terminalId: 'W000',
    crmUrl: '',
    ...(opts.pda ? { mode: 'pda' as const } : {}),
  };
}

export function startDemoWeb(opts: DemoWebOptions): Promise<RunningWebServer> {
  const { enrollmentCode: _never, ...config } = opts.terminalConfig;
  const body = JSON.stringify(config);
  return startWebServer({
    root: opts.root,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host ? { host: opts.host } : {}),
    handler: (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (opts.print && (path === '/print' || path.startsWith('/print/'))) return opts.print(req, res);
      // The CRM's demo pages (member sign-in and QR, my pickups, the online mall's product page) on the same origin.
      if (path.startsWith('/api/') || path.startsWith('/demo/')) {
        opts.crm.routing(req, res);
        return true;
      }
      if (path === '/config.json') {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { allow: 'GET, HEAD' }).end();
          return true;
        }
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        return true;
      }
      return false;
    },
  });
}
