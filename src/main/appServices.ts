// Composition root of the main-process services, in plain Node so the whole set runs in tests and in the
// e2e bridge. src/main/electron only adds the window and the transport.
import type { PrinterConfig } from '../shared/config';
import type { IpcHandlers } from '../shared/ipc';
import { ok } from '../shared/result';
import { createConfigService, type ConfigService } from './services/configService';
import { createLogService, type LogService, type LogServiceOptions } from './services/logService';
import { createPrintService, type PrintService } from './services/printService';
import { defaultSinkFor, type ReceiptSink } from './services/receiptSink';
import { createScanHub, type ScanHub } from './services/scanHub';

export interface AppServicesOptions {
  configDir: string;
  logDir: string;
  /** Picks the printer driver for the configured printer; the hardware adapters plug in here. */
  sinkFor?: (printer: PrinterConfig) => ReceiptSink;
  log?: Omit<LogServiceOptions, 'dir'>;
}

export interface AppServices {
  config: ConfigService;
  log: LogService;
  print: PrintService;
  sink: ReceiptSink;
  scans: ScanHub;
  /** One handler per IPC channel, for bindIpc. */
  handlers: IpcHandlers;
}

export async function createAppServices(opts: AppServicesOptions): Promise<AppServices> {
  const log = createLogService({ dir: opts.logDir, ...opts.log });
  const config = createConfigService({ dir: opts.configDir });
  const loaded = await config.load();
  if (loaded.ok) log.info('config loaded', { file: config.filePath });
  else
    log.error('config file refused, running on fallback', {
      code: loaded.code,
      problem: loaded.message,
      source: config.status().source,
    });

  const sink = (opts.sinkFor ?? defaultSinkFor)(config.current().printer);
  const print = createPrintService({ sink, log });
  const scans = createScanHub((e) => log.error('scan listener failed', { error: String(e) }));

  const handlers: IpcHandlers = {
    // A refused file already fell back to the last good config; the till keeps selling and the log says why.
    getConfig: () => ok(config.current()),
    printReceipt: (job) => print.print(job),
    openDrawer: () => print.openDrawer(),
    printerStatus: () => print.status(),
    log: (entry) => {
      log.write({ ...entry, src: 'renderer' });
      return ok();
    },
  };
  return { config, log, print, sink, scans, handlers };
}
