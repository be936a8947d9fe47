// The browser flavour of the hardware bridge: plain Chromium (tests, demo) and Android handhelds. Receipts are
// kept for the on-screen preview; wedge and camera scans are handled in the renderer, so onScan only carries
// scans injected by tests or a future print/scan service.
import type { Platform, PrintJob, PrinterStatus, ScanEvent } from '../../shared/platform';
import { ok, type Result } from '../../shared/result';
import { DEFAULT_TERMINAL_CONFIG, parseTerminalConfig, type TerminalConfig } from '../../shared/config';

export interface WebPlatformOptions {
  /** Where an optional terminal config is served; defaults are used when it is absent. */
  configUrl?: string;
  fetch?: typeof fetch;
}

export class WebPlatform implements Platform {
  readonly kind = 'web' as const;
  /** Printed jobs by id, newest last: the preview and the duplicate check. */
  readonly printed = new Map<string, PrintJob>();
  private readonly listeners = new Set<(e: ScanEvent) => void>();
  private readonly configUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: WebPlatformOptions = {}) {
    this.configUrl = opts.configUrl ?? '/config.json';
    this.fetchImpl = opts.fetch ?? ((...args) => globalThis.fetch(...args));
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
    return parseTerminalConfig(body);
  }

  onScan(listener: (e: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers a scan as if hardware had read it (tests, camera module). */
  emitScan(e: ScanEvent): void {
    for (const l of this.listeners) l(e);
  }

  async printReceipt(job: PrintJob): Promise<Result<{ printed: boolean; duplicate: boolean }>> {
    // A job id prints once: a retried request must not print a second receipt.
    if (this.printed.has(job.jobId)) return ok({ printed: false, duplicate: true });
    this.printed.set(job.jobId, job);
    return ok({ printed: true, duplicate: false });
  }

  async openDrawer(): Promise<Result<void>> {
    return ok(undefined);
  }

  async printerStatus(): Promise<Result<PrinterStatus>> {
    return ok({ state: 'ready', detail: 'preview' });
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
}
