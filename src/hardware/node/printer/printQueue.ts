// The persisted print queue (docs/decisions/0032). Every job has an id and reaches paper at most once: a repeated
// id answers "duplicate"; a reprint is a new job, marked on paper. A printer that is offline, open or out of paper
// keeps the job waiting: it prints by itself, in order, once the printer is fixed, and a restart does not lose it.
// A job that was being sent when the process died is not sent again (it may have printed): it is listed as
// interrupted, and the cashier reprints it if the customer has no receipt.
import { rename, writeFile, readFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { PendingPrintJob, PrintJob, PrintOutcome, PrinterStatus } from '../../../shared/platform';
import { ReceiptDocSchema, type ReceiptDoc } from '../../../shared/receiptDoc';
import { err, ok, type Result } from '../../../shared/result';
import { PrinterError, stateForCode, type PrinterDriver } from '../../core/escpos/driver';
import { withReprintMark } from '../../core/escpos/reprint';

export type QueuedJobState = 'waiting' | 'printing' | 'printed' | 'interrupted' | 'failed';

const QueuedJobSchema = z.object({
  jobId: z.string().min(1).max(64),
  kind: z.enum(['receipt', 'reprint', 'slip']),
  openDrawer: z.boolean(),
  doc: ReceiptDocSchema.optional(),
  state: z.enum(['waiting', 'printing', 'printed', 'interrupted', 'failed']),
  queuedAt: z.string(),
  attempts: z.number().int().nonnegative(),
  problem: z.enum(['ready', 'offline', 'paperOut', 'coverOpen', 'error', 'none']).optional(),
  code: z.string().optional(),
  error: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type QueuedJob = z.output<typeof QueuedJobSchema>;

const QueueFileSchema = z.object({
  version: z.literal(1),
  jobs: z.array(QueuedJobSchema),
  printedIds: z.array(z.string()),
});
export type QueueFile = z.output<typeof QueueFileSchema>;

export interface PrintQueueStore {
  load(): Promise<QueueFile | null>;
  save(file: QueueFile): Promise<void>;
}

/** A JSON file replaced atomically (write, fsync, rename): a power cut leaves the old or the new queue, never half. */
export function fileQueueStore(path: string): PrintQueueStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      const parsed = QueueFileSchema.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new Error(`print queue file ${path} is not readable: ${parsed.error.message}`);
      return parsed.data;
    },
    async save(file) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp`;
      await writeFile(tmp, JSON.stringify(file));
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    },
  };
}

export function memoryQueueStore(
  initial: QueueFile | null = null,
): PrintQueueStore & { saved: QueueFile | null } {
  const store = {
    saved: initial,
    load: async () => (store.saved ? structuredClone(store.saved) : null),
    save: async (f: QueueFile) => {
      store.saved = structuredClone(f);
    },
  };
  return store;
}

export interface QueueLog {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface PrintQueueOptions {
  driver: PrinterDriver;
  store?: PrintQueueStore;
  log?: QueueLog;
  /** How often a waiting job is tried again. */
  retryMs?: number;
  /** Some printers never answer a status query; after this the printer counts as offline. */
  statusTimeoutMs?: number;
  /** A job the printer has not taken after this long counts as failed to reach it (offline). */
  printTimeoutMs?: number;
  /** How many printed job ids are remembered for the duplicate check. */
  rememberJobs?: number;
  /** Finished jobs kept for the printer panel. */
  keepFinished?: number;
  now?: () => Date;
}

export interface PrintQueue {
  print(job: PrintJob): Promise<Result<PrintOutcome>>;
  openDrawer(): Promise<Result<void>>;
  status(): Promise<Result<PrinterStatus>>;
  /** Every job the queue knows, oldest first, without documents. */
  jobs(): Promise<Omit<QueuedJob, 'doc'>[]>;
  /** Tries the waiting jobs now (after the cashier fixed the printer). */
  retry(): Promise<void>;
  /** Stops retrying and waits for the job on the wire. */
  close(): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => T | Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (e) {
        reject(e);
      }
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createPrintQueue(opts: PrintQueueOptions): PrintQueue {
  const { driver, log } = opts;
  const store = opts.store ?? memoryQueueStore();
  const retryMs = opts.retryMs ?? 2000;
  const statusTimeoutMs = opts.statusTimeoutMs ?? 3000;
  const printTimeoutMs = opts.printTimeoutMs ?? 20_000;
  const remember = opts.rememberJobs ?? 5000;
  const keepFinished = opts.keepFinished ?? 50;
  const now = opts.now ?? (() => new Date());

  let jobs: QueuedJob[] = [];
  let printed = new Set<string>();
  let lastStatus: PrinterStatus = { state: 'ready' };
  let draining: Promise<void> | null = null;
  /** The last drain stopped because the printer was not ready (rather than running out of jobs). */
  let stoppedOnProblem = false;
  let device: Promise<unknown> = Promise.resolve();
  let deviceBusy = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let saving: Promise<void> = Promise.resolve();

  const ready = (async () => {
    let file: QueueFile | null = null;
    try {
      file = await store.load();
    } catch (e) {
      // An unreadable queue must not stop the till: start empty, and say so loudly.
      log?.error('print queue unreadable, starting empty', { error: message(e) });
    }
    if (!file) return;
    jobs = file.jobs;
    printed = new Set(file.printedIds);
    for (const j of jobs)
      if (j.state === 'printing') {
        j.state = 'interrupted';
        j.finishedAt = now().toISOString();
        delete j.doc;
        printed.add(j.jobId);
        log?.warn('print job was being sent when the app stopped; not sent again', { jobId: j.jobId });
      }
    if (jobs.some((j) => j.state === 'waiting')) scheduleRetry(0);
  })();

  function persist(): Promise<void> {
    const finished = jobs.filter((j) => j.state !== 'waiting' && j.state !== 'printing');
    const drop = new Set(finished.slice(0, Math.max(0, finished.length - keepFinished)));
    jobs = jobs.filter((j) => !drop.has(j));
    const ids = [...printed];
    if (ids.length > remember) printed = new Set(ids.slice(ids.length - remember));
    const snapshot: QueueFile = { version: 1, jobs: structuredClone(jobs), printedIds: [...printed] };
    saving = saving
      .catch(() => undefined)
      .then(() => store.save(snapshot))
      .catch((e: unknown) => log?.error('print queue not saved', { error: message(e) }));
    return saving;
  }

  /** The printer does one thing at a time. */
  function onDevice<T>(task: () => Promise<T>): Promise<T> {
    deviceBusy++;
    const run = device.then(task, task).finally(() => deviceBusy--);
    device = run.catch(() => undefined);
    return run;
  }

  function scheduleRetry(ms = retryMs): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void drain();
    }, ms);
    timer.unref?.();
  }

  function drain(): Promise<void> {
    if (!draining)
      draining = runDrain().finally(() => {
        draining = null;
      });
    return draining;
  }

  async function runDrain(): Promise<void> {
    await ready;
    stoppedOnProblem = false;
    for (;;) {
      if (closed) return;
      const job = jobs.find((j) => j.state === 'waiting');
      if (!job) return;
      job.state = 'printing';
      job.attempts++;
      await persist();
      const doc = job.doc as ReceiptDoc;
      try {
        await onDevice(() =>
          withTimeout(
            driver.print(doc, { jobId: job.jobId, kind: job.kind, openDrawer: job.openDrawer }),
            printTimeoutMs,
            () => {
              throw new PrinterError(
                'E_PRINTER_OFFLINE',
                `printer did not take the job within ${printTimeoutMs} ms`,
              );
            },
          ),
        );
      } catch (e) {
        if (e instanceof PrinterError && e.code !== 'E_PRINTER_NONE') {
          job.state = 'waiting';
          job.problem = stateForCode(e.code);
          job.code = e.code;
          job.error = e.message;
          lastStatus = { state: job.problem, detail: e.message };
          await persist();
          log?.warn('printer not ready; job waits', { jobId: job.jobId, code: e.code, error: e.message });
          stoppedOnProblem = true;
          scheduleRetry();
          return;
        }
        // No printer at all, or a document no printer can print (a QR too long): waiting will not help.
        job.state = 'failed';
        job.code = e instanceof PrinterError ? e.code : 'E_PRINT_FAILED';
        job.error = message(e);
        job.finishedAt = now().toISOString();
        delete job.doc;
        await persist();
        log?.error('print job failed', { jobId: job.jobId, code: job.code, error: job.error });
        continue;
      }
      job.state = 'printed';
      job.finishedAt = now().toISOString();
      delete job.problem;
      delete job.doc;
      printed.add(job.jobId);
      lastStatus = { state: 'ready' };
      await persist();
      log?.info(job.kind === 'reprint' ? 'receipt reprinted' : 'printed', {
        jobId: job.jobId,
        kind: job.kind,
        attempts: job.attempts,
      });
    }
  }

  const pendingView = (): PendingPrintJob[] =>
    jobs
      .filter((j) => j.state === 'waiting' || j.state === 'printing')
      .map((j) => ({ jobId: j.jobId, kind: j.kind, queuedAt: j.queuedAt }))
      .slice(0, 1000); // the status schema's bound; a queue that long has bigger problems than its list

  function outcomeOf(job: QueuedJob): Result<PrintOutcome> {
    switch (job.state) {
      case 'printed':
        return ok({ printed: true, duplicate: false });
      case 'failed':
        return err(job.code ?? 'E_PRINT_FAILED', job.error ?? 'print failed');
      default:
        return ok({
          printed: false,
          duplicate: false,
          queued: true,
          problem: job.problem ?? lastStatus.state,
        });
    }
  }

  return {
    async print(input) {
      await ready;
      const active = jobs.find(
        (j) => j.jobId === input.jobId && (j.state === 'waiting' || j.state === 'printing'),
      );
      if (active || printed.has(input.jobId)) {
        log?.warn('print job repeated, not printed again', { jobId: input.jobId, kind: input.kind });
        return ok({
          printed: false,
          duplicate: true,
          ...(active?.state === 'waiting' && active.problem ? { queued: true } : {}),
        });
      }
      // A job that failed for good (nothing reached the paper) may be tried again with the same id.
      jobs = jobs.filter((j) => j.jobId !== input.jobId);
      const job: QueuedJob = {
        jobId: input.jobId,
        kind: input.kind,
        openDrawer: input.openDrawer ?? false,
        doc: input.kind === 'reprint' ? withReprintMark(input.doc) : input.doc,
        state: 'waiting',
        queuedAt: now().toISOString(),
        attempts: 0,
      };
      jobs.push(job);
      await persist();
      // Wait until the job printed, failed, or the printer stopped the drain. A drain already finishing when the
      // job arrived may not have seen it (run again); one a status poll started while the job was being saved
      // may already have it on the wire (wait for that one).
      for (let i = 0; i < 3 && (job.state === 'waiting' || job.state === 'printing'); i++) {
        await drain();
        if (stoppedOnProblem && job.state === 'waiting') break;
      }
      if (job.state === 'waiting' && !job.problem) job.problem = lastStatus.state;
      const result = outcomeOf(job);
      if (job.state === 'failed') {
        jobs = jobs.filter((j) => j !== job);
        await persist();
      }
      return result;
    },

    async openDrawer() {
      try {
        await onDevice(() => driver.openDrawer());
        log?.info('drawer opened');
        return ok();
      } catch (e) {
        log?.warn('drawer did not open', { error: message(e) });
        if (e instanceof PrinterError) return err(e.code, e.message);
        return err('E_PRINT_FAILED', message(e));
      }
    },

    async status() {
      await ready;
      let s: PrinterStatus;
      if (deviceBusy > 0)
        s = lastStatus; // busy printing: asking now would only queue behind the job
      else {
        try {
          s = await onDevice(() =>
            withTimeout(driver.status(), statusTimeoutMs, (): PrinterStatus => ({
              state: 'offline',
              detail: 'no answer to status query',
            })),
          );
        } catch (e) {
          s = { state: 'error', detail: message(e) };
        }
        lastStatus = s;
      }
      const pending = pendingView();
      if (s.state === 'ready' && pending.length && !draining) void drain();
      return ok(pending.length ? { ...s, pending } : s);
    },

    async jobs() {
      await ready;
      return jobs.map(({ doc: _doc, ...rest }) => structuredClone(rest));
    },

    async retry() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await drain();
    },

    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await draining?.catch(() => undefined);
      await saving;
    },
  };
}
