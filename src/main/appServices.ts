// Composition root of the main-process services, in plain Node so the whole set runs in tests and in the
// e2e bridge. src/main/electron only adds the window and the transport.
import type { PrinterConfig } from '../shared/config';
import type { IpcHandlers } from '../shared/ipc';
import { ok } from '../shared/result';
import { createConfigService, type ConfigService } from './services/configService';
import { createLogService, type LogService, type LogServiceOptions } from './services/logService';
import { createPrintService, type PrintService } from './services/printService';
import { sinkFor as printerSinkFor, type ReceiptSink } from './services/receiptSink';
import { fileQueueStore } from '../hardware/node/printer/printQueue';
import { join } from 'node:path';
import { createScanHub, type ScanHub } from './services/scanHub';
import { createShellServices, type ShellServicesOptions } from './services/shellServices';
import type { PoleDisplay } from './services/displayService';
import type { UpdateService } from './services/updateService';
import { createScannerService, type ScannerService } from './services/scannerService';
import type { HidBackend } from '../hardware/core/hid/device';
import { createNodeHidBackend } from '../hardware/node/hid/nodeHidBackend';

export interface AppServicesOptions {
  configDir: string;
  logDir: string;
  /** Picks the printer driver for the configured printer; the hardware adapters plug in here. */
  sinkFor?: (printer: PrinterConfig) => ReceiptSink;
  log?: Omit<LogServiceOptions, 'dir'>;
  /** The persisted print queue; print-queue.json next to the config by default. */
  printQueueFile?: string;
  /** Shell: electron-updater's autoUpdater (packaged app only), timers and the pole display port. */
  shell?: Omit<ShellServicesOptions, 'config' | 'log'>;
  /** HID scanners: node-hid by default; tests hand in the fake device. */
  hid?: { backend?: HidBackend; pollMs?: number; firstRetryMs?: number };
}

export interface AppServices {
  config: ConfigService;
  log: LogService;
  print: PrintService;
  sink: ReceiptSink;
  scans: ScanHub;
  updates: UpdateService;
  poleDisplay: PoleDisplay;
  scanners: ScannerService;
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

  const sink = (opts.sinkFor ?? printerSinkFor)(config.current().printer);
  // Receipts waiting for a fixed printer survive a restart (decision 0032).
  const print = createPrintService({
    sink,
    log,
    store: fileQueueStore(opts.printQueueFile ?? join(opts.configDir, 'print-queue.json')),
  });
  const scans = createScanHub((e) => log.error('scan listener failed', { error: String(e) }));
  const shell = createShellServices({ config, log, ...opts.shell });
  const scanners = createScannerService({
    backend: opts.hid?.backend ?? createNodeHidBackend(),
    config,
    hub: scans,
    log,
    ...(opts.hid?.pollMs ? { pollMs: opts.hid.pollMs } : {}),
    ...(opts.hid?.firstRetryMs ? { firstRetryMs: opts.hid.firstRetryMs } : {}),
  });
  await scanners.start();

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
    ...shell.handlers,
    ...scanners.handlers,
  };
  return {
    config,
    log,
    print,
    sink,
    scans,
    updates: shell.updates,
    poleDisplay: shell.poleDisplay,
    scanners,
    handlers,
  };
}
