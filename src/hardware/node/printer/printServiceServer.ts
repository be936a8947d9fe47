// The print service for browser tills (Android handhelds, a till in plain Chromium): a small HTTP endpoint that
// takes a ReceiptDoc job and prints it on an ESC/POS printer through the same persisted queue as the Electron
// till. Mounted under /print on the till's own origin by `npm run start:web` (PRINTER_HOST=...), or run on its own
// port next to the printer, with CORS for the tills' origins.
//   POST {prefix}/jobs    PrintJob          -> Result<PrintOutcome>
//   GET  {prefix}/status                    -> Result<PrinterStatus>
//   POST {prefix}/drawer                    -> Result<void>
//   GET  {prefix}/jobs                      -> Result<jobs>  (the printer panel)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { PrinterConfig } from '../../../shared/config';
import { PrintJobSchema } from '../../../shared/platform';
import { describeZodError, err, ok, type Result } from '../../../shared/result';
import type { PrinterDriver } from '../../core/escpos/driver';
import { escposDriverFor, type EscPosDriverOptions } from './drivers';
import { createPrintQueue, fileQueueStore, type PrintQueue, type QueueLog } from './printQueue';

const MAX_BODY = 2 * 1024 * 1024;

export type PrintServiceHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface PrintServiceHandlerOptions {
  queue: PrintQueue;
  /** Path prefix, '/print' by default. */
  prefix?: string;
  /** Origins allowed to call from another origin (standalone service); none by default. */
  allowOrigins?: readonly string[];
  log?: QueueLog;
}

class BodyError extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new BodyError(`body larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError('body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: Result<unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function createPrintServiceHandler(opts: PrintServiceHandlerOptions): PrintServiceHandler {
  const prefix = (opts.prefix ?? '/print').replace(/\/$/, '');
  const allowed = new Set(opts.allowOrigins ?? []);
  const { queue, log } = opts;
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return false;
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-methods', 'GET, POST');
      res.setHeader('access-control-allow-headers', 'content-type');
    }
    const route = `${req.method ?? 'GET'} ${path.slice(prefix.length) || '/'}`;
    try {
      switch (route) {
        case 'OPTIONS /jobs':
        case 'OPTIONS /status':
        case 'OPTIONS /drawer':
          res.writeHead(204).end();
          return true;
        case 'GET /status':
          send(res, 200, await queue.status());
          return true;
        case 'GET /jobs':
          send(res, 200, ok(await queue.jobs()));
          return true;
        case 'POST /drawer':
          send(res, 200, await queue.openDrawer());
          return true;
        case 'POST /jobs': {
          const parsed = PrintJobSchema.safeParse(await readJson(req));
          if (!parsed.success) {
            const problem = describeZodError(parsed.error);
            log?.warn('print job refused', { problem });
            send(res, 400, err('E_INVALID_JOB', problem));
            return true;
          }
          send(res, 200, await queue.print(parsed.data));
          return true;
        }
        default:
          send(res, 404, err('E_NOT_FOUND', `no ${route} here`));
          return true;
      }
    } catch (e) {
      if (e instanceof BodyError) {
        send(res, 400, err('E_INVALID_JOB', e.message));
        return true;
      }
      log?.error('print service failed', { route, error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) send(res, 500, err('E_PRINT_SERVICE', 'print service failed'));
      else res.end();
      return true;
    }
  };
}

export interface PrintServiceConfig extends EscPosDriverOptions {
  printer: PrinterConfig;
  /** Where the queue survives a restart. */
  queueFile: string;
  log?: QueueLog;
  retryMs?: number;
  prefix?: string;
  allowOrigins?: readonly string[];
  /** A driver of the caller's own instead of the configured ESC/POS printer (tests). */
  driver?: PrinterDriver;
}

export interface PrintService {
  queue: PrintQueue;
  handler: PrintServiceHandler;
  close(): Promise<void>;
}

export function openPrintService(cfg: PrintServiceConfig): PrintService {
  const driver = cfg.driver ?? escposDriverFor(cfg.printer, cfg);
  if (!driver)
    throw new Error(`the print service needs a tcp, serial or usb printer, not '${cfg.printer.kind}'`);
  const queue = createPrintQueue({
    driver,
    store: fileQueueStore(cfg.queueFile),
    ...(cfg.log ? { log: cfg.log } : {}),
    ...(cfg.retryMs ? { retryMs: cfg.retryMs } : {}),
  });
  const handler = createPrintServiceHandler({
    queue,
    ...(cfg.prefix ? { prefix: cfg.prefix } : {}),
    ...(cfg.allowOrigins ? { allowOrigins: cfg.allowOrigins } : {}),
    ...(cfg.log ? { log: cfg.log } : {}),
  });
  return { queue, handler, close: () => queue.close() };
}

/** The service on its own port (next to the printer, for tills on other origins). */
export async function startPrintServiceServer(
  cfg: PrintServiceConfig & { host?: string; port?: number },
): Promise<PrintService & { url: string }> {
  const service = openPrintService(cfg);
  const server = createServer((req, res) => {
    void service.handler(req, res).then((handled) => {
      if (!handled) send(res, 404, err('E_NOT_FOUND', 'not found'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port ?? 0, cfg.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
  return {
    ...service,
    url: `http://${cfg.host ?? '127.0.0.1'}:${port}${(cfg.prefix ?? '/print').replace(/\/$/, '')}`,
    close: async () => {
      await service.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
