// The outbox as the sync engine and the status bar see it. Records are never deleted here: acked ones stay
// as history (the integrity check and the Z report rely on them).
import { Dexie } from 'dexie';
import type { OutboxRecord, OutboxState } from '../domain/model';
import type { LedgerDb } from './db';

function inState(ledger: LedgerDb, state: OutboxState) {
  return ledger.outbox.where('[state+seq]').between([state, Dexie.minKey], [state, Dexie.maxKey]);
}

/** Not yet acknowledged by the CRM: pending plus in flight (an in-flight push may still be lost). */
export async function pendingCount(ledger: LedgerDb): Promise<number> {
  // Two range counts on [state+seq]: anyOf() restarts its cursor search per step in some engines, which made
  // this quadratic in the backlog (3.5 s at 3,000 pending in fake-indexeddb, called after every pushed batch).
  const [pending, inflight] = await Promise.all([
    inState(ledger, 'pending').count(),
    inState(ledger, 'inflight').count(),
  ]);
  return pending + inflight;
}

/** createdAt of the oldest unacknowledged record, for "oldest unsent: 3 h" in the status bar. */
export async function oldestPendingCreatedAt(ledger: LedgerDb): Promise<string | undefined> {
  const [pending, inflight] = await Promise.all([
    inState(ledger, 'pending').first(),
    inState(ledger, 'inflight').first(),
  ]);
  const oldest = [pending, inflight]
    .filter((r): r is OutboxRecord => r !== undefined)
    .sort((a, b) => a.seq - b.seq)[0];
  return oldest?.createdAt;
}

/** The next records to push, in seq order: the CRM refuses gaps, so order is part of the contract. */
export async function listPending(ledger: LedgerDb, limit = 100): Promise<OutboxRecord[]> {
  return inState(ledger, 'pending').limit(limit).toArray();
}

export async function listRejected(ledger: LedgerDb, limit = 100): Promise<OutboxRecord[]> {
  return inState(ledger, 'rejected').limit(limit).toArray();
}

/** Marks records as being pushed and counts the attempt. */
export async function markInflight(ledger: LedgerDb, seqs: number[]): Promise<void> {
  await ledger.outbox
    .where('seq')
    .anyOf(seqs)
    .modify((r) => {
      r.state = 'inflight';
      r.attempts += 1;
    });
}

export async function markAcked(ledger: LedgerDb, seq: number, ack?: unknown): Promise<void> {
  await ledger.outbox.update(seq, { state: 'acked', ack, lastError: undefined });
}

/** A deterministic refusal: retrying cannot help, a manager has to see it. */
export async function markRejected(
  ledger: LedgerDb,
  seq: number,
  reason: string,
  ack?: unknown,
): Promise<void> {
  await ledger.outbox.update(seq, { state: 'rejected', lastError: reason, ack });
}

/** A transient failure (network, 5xx, 429): back to pending, not before `nextAttemptAt` (epoch ms). */
export async function scheduleRetry(
  ledger: LedgerDb,
  seqs: number[],
  error: string,
  nextAttemptAt: number,
): Promise<void> {
  await ledger.outbox
    .where('seq')
    .anyOf(seqs)
    .modify((r) => {
      r.state = 'pending';
      r.lastError = error;
      r.nextAttemptAt = nextAttemptAt;
    });
}

/**
 * At start-up nothing can be in flight any more: a push interrupted by a crash goes back to pending and is
 * sent again (the CRM answers a replay with its stored result).
 */
export async function resetInflight(ledger: LedgerDb): Promise<number> {
  return inState(ledger, 'inflight').modify({ state: 'pending' });
}

export interface OutboxStatus {
  /** Not yet acknowledged (pending + in flight). */
  pending: number;
  oldestPendingAt: string | undefined;
  rejected: number;
}

export async function outboxStatus(ledger: LedgerDb): Promise<OutboxStatus> {
  return ledger.transaction('r', ledger.outbox, async () => ({
    pending: await pendingCount(ledger),
    oldestPendingAt: await oldestPendingCreatedAt(ledger),
    rejected: await ledger.outbox.where('state').equals('rejected').count(),
  }));
}
