// For end-to-end tests that print: the printer emulator, the print service (the same one start:web mounts under
// /print) and the built till, served on one origin with a /config.json that points the till at the service.
//   const stack = await servePrintingTill();            // or servePrintingTill({ handler: crm.routing, config })
//   const till = await launchTill(profile, `${stack.url}/?db=x`);
//   ... sell ...; const [receipt] = await stack.emulator.waitForReceipts(1);
//   stack.emulator.condition = { paperOut: true };      // the error paths
// Other features (pickup slip, Z report) reuse it; printServiceFor() mounts the service in a server of your own.
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPrintService, type PrintService } from '../../src/hardware/node/printer/printServiceServer';
import type { PrinterConfig } from '../../src/shared/config';
import { startWebServer, type RunningWebServer } from '../../scripts/webServer';
import { startPrinterEmulator, type EmulatorCondition, type PrinterEmulator } from './printerEmulator';

const DIST = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface MountedPrintService {
  emulator: PrinterEmulator;
  service: PrintService;
  /** The till's printer config: TCP to the emulator, through the service under `/print` on the same origin. */
  printer: PrinterConfig;
  /** Answers /print/...; false for anything else. */
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  close(): Promise<void>;
}

export async function printServiceFor(
  opts: { paperWidth?: 58 | 80; condition?: EmulatorCondition; retryMs?: number } = {},
): Promise<MountedPrintService> {
  const emulator = await startPrinterEmulator(opts.condition);
  const dir = await mkdtemp(join(tmpdir(), 'print-e2e-'));
  const printer: PrinterConfig = {
    kind: 'tcp',
    host: emulator.host,
    port: emulator.port,
    paperWidth: opts.paperWidth ?? 80,
    serviceUrl: '/print',
  };
  const service = openPrintService({
    printer,
    queueFile: join(dir, 'print-queue.json'),
    retryMs: opts.retryMs ?? 300,
    statusTimeoutMs: 1000,
  });
  return {
    emulator,
    service,
    printer,
    handler: service.handler,
    close: async () => {
      await service.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface PrintingTill extends MountedPrintService {
  url: string;
  web: RunningWebServer;
}

/**
 * The built till (dist/renderer) with the print service under /print and a /config.json for store S001 /
 * terminal T03 on the emulator's printer. `config` adds or overrides config fields; `handler` answers first
 * (a CRM under /api, say).
 */
export async function servePrintingTill(
  opts: {
    paperWidth?: 58 | 80;
    condition?: EmulatorCondition;
    config?: Record<string, unknown>;
    handler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;
  } = {},
): Promise<PrintingTill> {
  const printing = await printServiceFor(opts);
  const config = {
    storeId: 'S001',
    storeName: '天河店',
    terminalId: 'T03',
    printer: printing.printer,
    ...opts.config,
  };
  const web = await startWebServer({
    root: DIST,
    host: '127.0.0.1',
    port: 0,
    handler: async (req, res) => {
      if (await printing.handler(req, res)) return true;
      if (opts.handler && (await opts.handler(req, res))) return true;
      if ((req.url ?? '').split('?')[0] === '/config.json') {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(JSON.stringify(config));
        return true;
      }
      return false;
    },
  });
  return {
    ...printing,
    url: web.url,
    web,
    close: async () => {
      await web.close();
      await printing.close();
    },
  };
}
