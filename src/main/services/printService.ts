// Prints receipts once. A job id that was printed (or is printing) answers duplicate: a retried request, a
// double click or a second window must never put two receipts in the customer's hand; a reprint is a new job
// of kind 'reprint'. A job that failed may be tried again with the same id, since nothing reached the paper.
// One job prints at a time, in arrival order. A printer problem comes back as a result and never throws.
import type { PrintJob, PrintOutcome, PrinterStatus } from '../../shared/platform';
import { err, ok, type Result } from '../../shared/result';
import { PrinterError, type ReceiptSink } from './receiptSink';
import type { LogService } from './logService';

export interface PrintService {
  print(job: PrintJob): Promise<Result<PrintOutcome>>;
  openDrawer(): Promise<Result<void>>;
  status(): Promise<Result<PrinterStatus>>;
}

export interface PrintServiceOptions {
  sink: ReceiptSink;
  log?: Pick<LogService, 'info' | 'warn' | 'error'>;
  /** How many job ids are remembered for the duplicate check. */
  rememberJobs?: number;
  /** Some printers never answer a status query; after this the printer counts as offline. */
  statusTimeoutMs?: number;
}

function failure(e: unknown): Result<never> {
  if (e instanceof PrinterError) return err(e.code, e.message);
  return err('E_PRINT_FAILED', e instanceof Error ? e.message : String(e));
}

export function createPrintService(opts: PrintServiceOptions): PrintService {
  const { sink, log } = opts;
  const remember = opts.rememberJobs ?? 5000;
  const statusTimeoutMs = opts.statusTimeoutMs ?? 3000;
  const jobs = new Map<string, 'printing' | 'printed'>();
  let queue: Promise<unknown> = Promise.resolve();

  // The printer does one thing at a time; a failed task does not stop the ones behind it.
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function markPrinted(jobId: string): void {
    jobs.set(jobId, 'printed');
    while (jobs.size > remember) {
      const oldest = jobs.keys().next().value;
      if (oldest === undefined) break;
      jobs.delete(oldest);
    }
  }

  return {
    async print(job) {
      if (jobs.has(job.jobId)) {
        log?.warn('print job repeated, not printed again', { jobId: job.jobId, kind: job.kind });
        return ok({ printed: false, duplicate: true });
      }
      jobs.set(job.jobId, 'printing');
      try {
        await serially(() =>
          sink.print(job.doc, { jobId: job.jobId, kind: job.kind, openDrawer: job.openDrawer ?? false }),
        );
      } catch (e) {
        jobs.delete(job.jobId);
        log?.error('print failed', { jobId: job.jobId, error: e instanceof Error ? e.message : String(e) });
        return failure(e);
      }
      markPrinted(job.jobId);
      log?.info(job.kind === 'reprint' ? 'receipt reprinted' : 'printed', {
        jobId: job.jobId,
        kind: job.kind,
      });
      return ok({ printed: true, duplicate: false });
    },

    async openDrawer() {
      try {
        await serially(() => sink.openDrawer());
        log?.info('drawer opened');
        return ok();
      } catch (e) {
        log?.warn('drawer did not open', { error: e instanceof Error ? e.message : String(e) });
        return failure(e);
      }
    },

    async status() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<PrinterStatus>((resolve) => {
        timer = setTimeout(
          () => resolve({ state: 'offline', detail: 'no answer to status query' }),
          statusTimeoutMs,
        );
      });
      try {
        return ok(await Promise.race([sink.status(), timeout]));
      } catch (e) {
        return ok({ state: 'error', detail: e instanceof Error ? e.message : String(e) });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
