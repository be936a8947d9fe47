// window.__pos: a small read-only handle for tests and support (docs: README of the renderer in the report).
// It reads; it never writes, so it cannot be used to alter the ledger from the console.
import { verifyLedgerIntegrity } from '../../offline/sales';
import { outboxStatus } from '../../offline/outbox';
import type { Extra } from './services';

export interface PosDebugHandle {
  ledgerName: string;
  cacheName: string;
  /** Ledger invariants: gap-free seqs, one outbox record per sale, hashes as stamped. */
  verifyIntegrity(): Promise<{ ok: boolean; problems: string[] }>;
  outboxStatus(): Promise<{ pending: number; oldestPendingAt: string | undefined; rejected: number }>;
  /** Counts of what the ledger holds. */
  counts(): Promise<{ sales: number; outbox: number }>;
  /** Receipts printed in this page session (web platform preview). */
  printedJobs(): number;
}

declare global {
  interface Window {
    __pos?: PosDebugHandle;
  }
}

export function installDebugHandle(extra: Extra): void {
  const s = extra.services.get();
  const handle: PosDebugHandle = {
    ledgerName: s.ledgerName,
    cacheName: s.cacheName,
    verifyIntegrity: () => verifyLedgerIntegrity(s.ledger),
    outboxStatus: () => outboxStatus(s.ledger),
    counts: async () => ({ sales: await s.ledger.sales.count(), outbox: await s.ledger.outbox.count() }),
    printedJobs: () =>
      'printed' in s.platform && s.platform.printed instanceof Map ? s.platform.printed.size : -1,
  };
  window.__pos = Object.freeze(handle);
}
