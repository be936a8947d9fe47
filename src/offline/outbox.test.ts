import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  listPending,
  listRejected,
  markAcked,
  markInflight,
  markRejected,
  oldestPendingCreatedAt,
  outboxStatus,
  pendingCount,
  resetInflight,
  scheduleRetry,
} from './outbox';
import { commitSale } from './sales';
import { fixedClock, freshLedger, saleDraft } from './testSupport';

async function ledgerWithSales(n: number) {
  const ledger = await freshLedger();
  for (let i = 0; i < n; i++) {
    await commitSale(ledger, saleDraft(), fixedClock(`2026-11-25T0${i}:00:00.000Z`));
  }
  return ledger;
}

describe('outbox', () => {
  it('reports an empty outbox', async () => {
    const ledger = await freshLedger();
    expect(await outboxStatus(ledger)).toEqual({ pending: 0, oldestPendingAt: undefined, rejected: 0 });
    expect(await listPending(ledger)).toEqual([]);
  });

  it('lists pending records in seq order, up to the limit', async () => {
    const ledger = await ledgerWithSales(5);
    expect((await listPending(ledger, 3)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await pendingCount(ledger)).toBe(5);
    expect(await oldestPendingCreatedAt(ledger)).toBe('2026-11-25T00:00:00.000Z');
  });

  it('moves records through inflight, retry, ack and rejection', async () => {
    const ledger = await ledgerWithSales(4);
    await markInflight(ledger, [1, 2]);
    expect((await listPending(ledger)).map((r) => r.seq)).toEqual([3, 4]);
    // In flight is still unacknowledged: it counts as pending and as the oldest.
    expect(await pendingCount(ledger)).toBe(4);
    expect(await oldestPendingCreatedAt(ledger)).toBe('2026-11-25T00:00:00.000Z');

    await scheduleRetry(ledger, [1, 2], 'HTTP 503', 1_800_000_000_000);
    const retried = await ledger.outbox.get(1);
    expect(retried).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'HTTP 503',
      nextAttemptAt: 1_800_000_000_000,
    });

    await markInflight(ledger, [1, 2]);
    await markAcked(ledger, 1, { result: 'applied' });
    await markRejected(ledger, 2, 'invalidPayload', { result: 'rejected' });
    expect(await ledger.outbox.get(1)).toMatchObject({
      state: 'acked',
      attempts: 2,
      ack: { result: 'applied' },
    });
    expect((await ledger.outbox.get(1))?.lastError).toBeUndefined();
    expect(await ledger.outbox.get(2)).toMatchObject({ state: 'rejected', lastError: 'invalidPayload' });
    expect((await listRejected(ledger)).map((r) => r.seq)).toEqual([2]);

    expect(await outboxStatus(ledger)).toEqual({
      pending: 2,
      oldestPendingAt: '2026-11-25T02:00:00.000Z',
      rejected: 1,
    });
  });

  it('puts records left in flight by a crash back to pending at start-up', async () => {
    const ledger = await ledgerWithSales(3);
    await markInflight(ledger, [1, 2]);
    expect(await resetInflight(ledger)).toBe(2);
    expect((await listPending(ledger)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await ledger.outbox.get(1))?.attempts).toBe(1);
  });
});
