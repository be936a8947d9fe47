// Printing from a browser till. With a print service configured (printer.serviceUrl), jobs go to it over HTTP and
// it prints them on the store's ESC/POS printer through its persisted queue; a job the service could not be
// reached for waits here (in localStorage, so a reload keeps it) and is sent on the next status check. Without one,
// receipts are kept for the on-screen preview and the cashier can print it with the browser's print dialog.
import type { PrinterConfig } from '../../shared/config';
import {
  PrintJobSchema,
  PrintOutcomeSchema,
  PrinterStatusSchema,
  type PendingPrintJob,
  type PrintJob,
  type PrintOutcome,
  type PrinterStatus,
} from '../../shared/platform';
import { err, ok, resultSchema, type Result } from '../../shared/result';
import { z } from 'zod';

const OUTBOX_KEY = 'pos.printOutbox';
const JOB_TIMEOUT_MS = 30_000;
const STATUS_TIMEOUT_MS = 8_000;
const OutcomeResult = resultSchema(PrintOutcomeSchema);
const StatusResult = resultSchema(PrinterStatusSchema);
const VoidResult = resultSchema(z.undefined().optional());

class Unreachable extends Error {}

export interface WebPrintingOptions {
  fetch: typeof fetch;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export class WebPrinting {
  /** Jobs kept for the preview (no print service), by id: the duplicate check. */
  readonly printed = new Map<string, PrintJob>();
  private serviceUrl: string | null = null;
  private outbox: PrintJob[] = [];
  private flushing: Promise<void> | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(opts: WebPrintingOptions) {
    this.fetchImpl = opts.fetch;
    this.storage = opts.storage === undefined ? safeLocalStorage() : opts.storage;
    this.outbox = this.loadOutbox();
  }

  configure(printer: PrinterConfig): void {
    this.serviceUrl = printer.serviceUrl ? printer.serviceUrl.replace(/\/$/, '') : null;
  }

  get viaService(): boolean {
    return this.serviceUrl !== null;
  }

  async print(job: PrintJob): Promise<Result<PrintOutcome>> {
    if (!this.serviceUrl) {
      // A job id prints once: a retried request must not print a second receipt.
      if (this.printed.has(job.jobId)) return ok({ printed: false, duplicate: true });
      this.printed.set(job.jobId, job);
      return ok({ printed: true, duplicate: false });
    }
    if (this.outbox.some((j) => j.jobId === job.jobId))
      return ok({ printed: false, duplicate: true, queued: true });
    try {
      return await this.send(job);
    } catch (e) {
      if (!(e instanceof Unreachable)) throw e;
      this.outbox.push(job);
      this.saveOutbox();
      return ok({ printed: false, duplicate: false, queued: true, problem: 'offline' });
    }
  }

  async openDrawer(): Promise<Result<void>> {
    if (!this.serviceUrl) return ok(undefined);
    try {
      const body = await this.call('/drawer', { method: 'POST' }, STATUS_TIMEOUT_MS);
      const r = VoidResult.safeParse(body);
      if (!r.success) return err('E_PRINT_SERVICE', 'print service answered something unexpected');
      return r.data.ok ? ok(undefined) : err(r.data.code, r.data.message);
    } catch (e) {
      return err('E_PRINTER_OFFLINE', e instanceof Error ? e.message : String(e));
    }
  }

  async status(): Promise<Result<PrinterStatus>> {
    if (!this.serviceUrl) return ok({ state: 'ready', detail: 'preview' });
    await this.flush();
    const local: PendingPrintJob[] = this.outbox.map((j) => ({ jobId: j.jobId, kind: j.kind, queuedAt: '' }));
    try {
      const r = StatusResult.safeParse(await this.call('/status', { method: 'GET' }, STATUS_TIMEOUT_MS));
      if (!r.success) return ok({ state: 'error', detail: 'print service answered something unexpected' });
      if (!r.data.ok) return r.data;
      const pending = [...local, ...(r.data.value.pending ?? [])];
      return ok({ ...r.data.value, ...(pending.length ? { pending } : {}) });
    } catch (e) {
      return ok({
        state: 'offline',
        detail: `print service unreachable: ${e instanceof Error ? e.message : String(e)}`,
        ...(local.length ? { pending: local } : {}),
      });
    }
  }

  private async send(job: PrintJob): Promise<Result<PrintOutcome>> {
    const body = await this.call(
      '/jobs',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job) },
      JOB_TIMEOUT_MS,
    );
    const r = OutcomeResult.safeParse(body);
    if (!r.success) return err('E_PRINT_SERVICE', 'print service answered something unexpected');
    return r.data;
  }

  /** Sends what waited here while the service was unreachable, oldest first; stops at the first failure. */
  private flush(): Promise<void> {
    if (!this.flushing)
      this.flushing = (async () => {
        while (this.outbox.length) {
          const job = this.outbox[0]!;
          try {
            await this.send(job);
          } catch (e) {
            if (e instanceof Unreachable) return;
            throw e;
          }
          this.outbox.shift();
          this.saveOutbox();
        }
      })().finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  /** JSON from the service; a network failure, a timeout or a 5xx (proxy, restart) is Unreachable. */
  private async call(path: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.serviceUrl}${path}`, {
        ...init,
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new Unreachable(e instanceof Error ? e.message : String(e));
    }
    if (res.status >= 500 || res.status === 404)
      throw new Unreachable(`print service answered ${res.status}`);
    try {
      return await res.json();
    } catch {
      throw new Unreachable('print service answered no JSON');
    }
  }

  private loadOutbox(): PrintJob[] {
    try {
      const raw = this.storage?.getItem(OUTBOX_KEY);
      if (!raw) return [];
      const parsed = z.array(PrintJobSchema).safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  private saveOutbox(): void {
    try {
      this.storage?.setItem(OUTBOX_KEY, JSON.stringify(this.outbox));
    } catch {
      // Storage full or blocked: the jobs still wait in memory until the tab closes.
    }
  }
}

function safeLocalStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
