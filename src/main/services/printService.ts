// Prints receipts once, through the persisted print queue (src/hardware/node/printer/printQueue.ts, decision 0032).
// A job id that was printed (or is waiting or printing) answers duplicate: a retried request, a double click or a
// second window must never put two receipts in the customer's hand; a reprint is a new job of kind 'reprint',
// marked on paper. A printer that is offline, open or out of paper keeps the job waiting until it is fixed; the
// answer says so, and the sale is never held up. A job that failed for good may be tried again with the same id.
import {
  createPrintQueue,
  type PrintQueue,
  type PrintQueueStore,
  type QueuedJob,
} from '../../hardware/node/printer/printQueue';
import type { ReceiptSink } from './receiptSink';
import type { LogService } from './logService';

export type PrintService = PrintQueue;
export type { QueuedJob };

export interface PrintServiceOptions {
  sink: ReceiptSink;
  log?: Pick<LogService, 'info' | 'warn' | 'error'>;
  /** Where waiting jobs and printed ids survive a restart; in memory when absent. */
  store?: PrintQueueStore;
  /** How often a waiting job is tried again. */
  retryMs?: number;
  /** How many job ids are remembered for the duplicate check. */
  rememberJobs?: number;
  /** Some printers never answer a status query; after this the printer counts as offline. */
  statusTimeoutMs?: number;
}

export function createPrintService(opts: PrintServiceOptions): PrintService {
  return createPrintQueue({
    driver: opts.sink,
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.retryMs ? { retryMs: opts.retryMs } : {}),
    ...(opts.rememberJobs ? { rememberJobs: opts.rememberJobs } : {}),
    ...(opts.statusTimeoutMs ? { statusTimeoutMs: opts.statusTimeoutMs } : {}),
  });
}
