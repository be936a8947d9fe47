// The browser flavour of the hardware bridge: plain Chromium (tests, demo) and Android handhelds. Receipts are
// kept for the on-screen preview; wedge and camera scans are handled in the renderer, so onScan only carries
// scans injected by tests or a future print/scan service.
import type {
  BusyReport,
  ConfigFileStatus,
  ConfigSaveOutcome,
  Platform,
  PrintJob,
  PrintOutcome,
  PrinterStatus,
  ScanEvent,
  UpdateStatus,
} from '../../shared/platform';
import { err, ok, type Result } from '../../shared/result';
import {
  configIssues,
  DEFAULT_TERMINAL_CONFIG,
  parseTerminalConfig,
  TerminalConfigSchema,
  type TerminalConfig,
} from '../../shared/config';
import type { CustomerDisplayView } from '../../shared/customerDisplay';
import type { HidDeviceId } from '../../shared/config';
import type { ScannerStatus } from '../../shared/platform';
import { WebPrinting } from './webPrinting';

export const CONFIG_READ_ONLY = 'E_CONFIG_READ_ONLY';

export interface WebPlatformOptions {
  /** Where an optional terminal config is served; defaults are used when it is absent. */
  configUrl?: string;
  fetch?: typeof fetch;
}

export class WebPlatform implements Platform {
  readonly kind = 'web' as const;
  /** Receipts: through the configured print service, else kept for the preview (see webPrinting.ts). */
  readonly printing: WebPrinting;
  private readonly listeners = new Set<(e: ScanEvent) => void>();
  private readonly configUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: WebPlatformOptions = {}) {
    this.configUrl = opts.configUrl ?? '/config.json';
    this.fetchImpl = opts.fetch ?? ((...args) => globalThis.fetch(...args));
    this.printing = new WebPrinting({ fetch: this.fetchImpl });
  }

  /** Printed jobs by id, newest last: the preview and the duplicate check. */
  get printed(): Map<string, PrintJob> {
    return this.printing.printed;
  }

  async getConfig(): Promise<Result<TerminalConfig>> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.configUrl, { cache: 'no-store' });
    } catch {
      return ok(DEFAULT_TERMINAL_CONFIG);
    }
    // No config served: a demo till with the default store and terminal.
    if (res.status === 404 || !(res.headers.get('content-type') ?? '').includes('json')) {
      return ok(DEFAULT_TERMINAL_CONFIG);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return parseTerminalConfig('not json');
    }
    const parsed = parseTerminalConfig(body);
    if (parsed.ok) this.printing.configure(parsed.value.printer);
    return parsed;
  }

  /** The browser cannot write the served /config.json: the screen still validates and says where it lives. */
  async saveConfig(input: Record<string, unknown>): Promise<Result<ConfigSaveOutcome>> {
    const parsed = TerminalConfigSchema.safeParse(input);
    if (!parsed.success) return ok({ saved: false, issues: configIssues(parsed.error) });
    return err(CONFIG_READ_ONLY, `${this.configUrl} is served by the store server: change it there`);
  }

  async configStatus(): Promise<Result<ConfigFileStatus>> {
    return ok({ source: 'server', filePath: this.configUrl, writable: false });
  }

  // No installer in a browser: a reload picks up the new build.
  async reportBusy(_busy: BusyReport): Promise<Result<void>> {
    return ok(undefined);
  }

  async updateStatus(): Promise<Result<UpdateStatus>> {
    return ok({ state: 'disabled', busy: false });
  }

  async installUpdate(): Promise<Result<void>> {
    return err('E_NO_UPDATE', 'updates come with the web server');
  }

  /** The customer window gets views over BroadcastChannel; a browser has no pole display. */
  async showCustomerView(_view: CustomerDisplayView): Promise<Result<void>> {
    return ok(undefined);
  }

  onScan(listener: (e: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers a scan as if hardware had read it (tests, camera module). */
  emitScan(e: ScanEvent): void {
    for (const l of this.listeners) l(e);
  }

  printReceipt(job: PrintJob): Promise<Result<PrintOutcome>> {
    return this.printing.print(job);
  }

  openDrawer(): Promise<Result<void>> {
    return this.printing.openDrawer();
  }

  printerStatus(): Promise<Result<PrinterStatus>> {
    return this.printing.status();
  }

  log(entry: {
    level: 'debug' | 'info' | 'warn' | 'error';
    msg: string;
    data?: Record<string, unknown>;
  }): void {
    const line = JSON.stringify({ ...entry, at: new Date().toISOString() });
    if (entry.level === 'error') console.error(line);
    else if (entry.level === 'warn') console.warn(line);
    else if (entry.level === 'info') console.info(line);
    else console.debug(line);
  }

  // A browser cannot open HID devices: scanners there are read as keyboards (the wedge) or by camera.
  async scannerStatus(): Promise<Result<ScannerStatus>> {
    return ok({ support: 'web', state: 'none', devices: [] });
  }

  async listScanners(): Promise<Result<ScannerStatus>> {
    return this.scannerStatus();
  }

  async chooseScanners(_ids: HidDeviceId[]): Promise<Result<ScannerStatus>> {
    return err('E_HID_UNSUPPORTED', 'HID scanners need the desktop app');
  }
}
