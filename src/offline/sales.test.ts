import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../domain/hash';
import type { OutboxRecord } from '../domain/model';
import { SaleCompletedPayloadSchema } from '../shared/crm/mutations';
import { newId } from './ids';
import { commitSale, getSale, LedgerError, listSales, verifyLedgerIntegrity } from './sales';
import { TerminalNotEnrolledError } from './terminal';
import { fixedClock, freshLedger, saleDraft } from './testSupport';

// 01:30 in Beijing on 25 Nov is still 24 Nov in UTC: the business date must be the store's.
const clock = fixedClock('2026-11-24T17:30:00.000Z');

describe('commitSale', () => {
  it('writes the sale, its outbox record and the counters together', async () => {
    const ledger = await freshLedger();
    const draft = saleDraft();
    const sale = await commitSale(ledger, draft, clock);

    expect(sale).toMatchObject({
      id: draft.id,
      businessDate: '2026-11-25',
      createdAt: '2026-11-24T17:30:00.000Z',
    });
    expect(sale.receiptNo).toBe('S001-T01-20261125-000001');
    expect(await getSale(ledger, draft.id)).toEqual(sale);

    const outbox = await ledger.outbox.toArray();
    expect(outbox).toHaveLength(1);
    const record = outbox[0] as OutboxRecord;
    expect(record).toMatchObject({
      seq: 1,
      mutationId: 'S001.T01.1.1',
      epoch: 1,
      type: 'sale.completed',
      entityId: draft.id,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: sale.createdAt,
    });
    // The CRM's contract shape (src/shared/crm/mutations.ts), not the bare sale.
    expect(record.payload).toEqual({ sale, coupons: [] });
    expect(SaleCompletedPayloadSchema.safeParse(record.payload).success).toBe(true);
    expect(record.payloadHash).toBe(sha256Hex(canonicalJson({ sale, coupons: [] })));
    expect(await ledger.counters.get('seq')).toEqual({ name: 'seq', value: 1 });
    expect(await ledger.counters.get('receipt:2026-11-25')).toEqual({ name: 'receipt:2026-11-25', value: 1 });
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
  });

  it('opens the ledger with strict durability', async () => {
    const ledger = await freshLedger();
    expect(
      (ledger as unknown as { _options: { chromeTransactionDurability: string } })._options
        .chromeTransactionDurability,
    ).toBe('strict');
  });

  it('is idempotent on the sale id, sequentially and concurrently', async () => {
    const ledger = await freshLedger();
    const draft = saleDraft();
    const first = await commitSale(ledger, draft, clock);
    // A retry with other content (e.g. a later clock, changed cashier) still returns the stored sale.
    const again = await commitSale(
      ledger,
      { ...draft, cashierId: 'C999' },
      fixedClock('2026-11-26T03:00:00Z'),
    );
    expect(again).toEqual(first);

    const other = saleDraft();
    const doubleClick = await Promise.all([
      commitSale(ledger, other, clock),
      commitSale(ledger, other, clock),
    ]);
    expect(doubleClick[0]).toEqual(doubleClick[1]);
    expect(await ledger.sales.count()).toBe(2);
    expect(await ledger.outbox.count()).toBe(2);
    expect((await ledger.counters.get('seq'))?.value).toBe(2);
    expect((await verifyLedgerIntegrity(ledger)).ok).toBe(true);
  });

  it('leaves nothing behind when the transaction fails half-way', async () => {
    const ledger = await freshLedger();
    const failOutbox = (): void => {
      throw new Error('disk full (simulated)');
    };
    // The sale row is already added when the outbox write throws.
    ledger.outbox.hook('creating', failOutbox);
    await expect(commitSale(ledger, saleDraft(), clock)).rejects.toThrow(/disk full/);
    expect(await ledger.sales.count()).toBe(0);
    expect(await ledger.outbox.count()).toBe(0);
    expect(await ledger.counters.count()).toBe(0);

    ledger.outbox.hook('creating').unsubscribe(failOutbox);
    const sale = await commitSale(ledger, saleDraft(), clock);
    expect(sale.receiptNo).toBe('S001-T01-20261125-000001');
    expect((await ledger.outbox.toArray()).map((r) => r.seq)).toEqual([1]);
    expect((await verifyLedgerIntegrity(ledger)).ok).toBe(true);
  });

  it('keeps seqs and receipt numbers gap-free under 200 concurrent commits', async () => {
    const ledger = await freshLedger();
    const drafts = Array.from({ length: 200 }, () => saleDraft());
    const sales = await Promise.all(drafts.map((d) => commitSale(ledger, d, clock)));

    const seqs = (await ledger.outbox.orderBy('seq').toArray()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(sales.map((s) => s.receiptNo)).size).toBe(200);
    expect(
      sales
        .map((s) => s.receiptNo)
        .sort()
        .at(-1),
    ).toBe('S001-T01-20261125-000200');
    expect((await ledger.counters.get('seq'))?.value).toBe(200);
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
  });

  it('numbers receipts per business date while the outbox seq runs on', async () => {
    const ledger = await freshLedger();
    await commitSale(ledger, saleDraft(), fixedClock('2026-11-25T02:00:00Z'));
    await commitSale(ledger, saleDraft(), fixedClock('2026-11-25T03:00:00Z'));
    const nextDay = await commitSale(ledger, saleDraft(), fixedClock('2026-11-26T02:00:00Z'));
    expect(nextDay.receiptNo).toBe('S001-T01-20261126-000001');
    expect((await ledger.outbox.get(3))?.entityId).toBe(nextDay.id);
    expect((await verifyLedgerIntegrity(ledger)).ok).toBe(true);
  });

  it('refuses a sale before enrollment, for another terminal, or with money that is not integer fen', async () => {
    const unenrolled = await freshLedger(false);
    await expect(commitSale(unenrolled, saleDraft(), clock)).rejects.toBeInstanceOf(TerminalNotEnrolledError);

    const ledger = await freshLedger();
    await expect(commitSale(ledger, saleDraft({ terminalId: 'T02' }), clock)).rejects.toMatchObject({
      code: 'wrongTerminal',
    });
    const floaty = saleDraft({ totals: { itemCount: 1, grossFen: 12.5, discountFen: 0, dueFen: 12.5 } });
    const error = await commitSale(ledger, floaty, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).code).toBe('invalidSale');
    expect((error as LedgerError).message).toMatch(/totals.grossFen/);
    expect(await ledger.sales.count()).toBe(0);
    expect(await ledger.outbox.count()).toBe(0);
  });

  it('lists sales newest first in commit order, even when the clock went backwards', async () => {
    const ledger = await freshLedger();
    const a = await commitSale(ledger, saleDraft(), fixedClock('2026-11-25T05:00:00Z'));
    const b = await commitSale(ledger, saleDraft(), fixedClock('2026-11-25T04:00:00Z'));
    const c = await commitSale(ledger, saleDraft(), fixedClock('2026-11-25T06:00:00Z'));
    expect((await listSales(ledger, { limit: 10 })).map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    expect((await listSales(ledger, { limit: 1, offset: 1 })).map((s) => s.id)).toEqual([b.id]);
    expect(await getSale(ledger, newId())).toBeUndefined();
  });
});

describe('verifyLedgerIntegrity', () => {
  async function ledgerWithThreeSales() {
    const ledger = await freshLedger();
    const sales = [];
    for (let i = 0; i < 3; i++) sales.push(await commitSale(ledger, saleDraft(), clock));
    expect((await verifyLedgerIntegrity(ledger)).ok).toBe(true);
    return { ledger, sales };
  }

  it('finds a sale without its outbox record, and the seq gap it leaves', async () => {
    const { ledger, sales } = await ledgerWithThreeSales();
    await ledger.outbox.delete(2);
    const { ok, problems } = await verifyLedgerIntegrity(ledger);
    expect(ok).toBe(false);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/seq gap/),
        expect.stringContaining(`sale ${sales[1]?.id}`),
      ]),
    );
  });

  it('finds an outbox record whose sale is missing, and a lost receipt number', async () => {
    const { ledger, sales } = await ledgerWithThreeSales();
    await ledger.sales.delete(sales[2]?.id ?? '');
    const { problems } = await verifyLedgerIntegrity(ledger);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`missing sale ${sales[2]?.id}`),
        expect.stringContaining('receipt S001-T01-20261125-000003 was issued but has no sale'),
      ]),
    );
  });

  it('finds a counter out of step, a tampered payload and a wrong mutation id', async () => {
    const { ledger } = await ledgerWithThreeSales();
    await ledger.counters.put({ name: 'seq', value: 5 });
    await ledger.outbox.update(1, { payload: { tampered: true } });
    await ledger.outbox.update(3, { mutationId: 'S001.T09.1.3' });
    const { problems } = await verifyLedgerIntegrity(ledger);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/seq counter is 5 but the last outbox seq is 3/),
        expect.stringMatching(/outbox 1: payloadHash/),
        expect.stringMatching(/outbox 3: mutationId/),
      ]),
    );
  });

  it('finds a sale recorded twice in the outbox', async () => {
    const { ledger, sales } = await ledgerWithThreeSales();
    const copy = { ...((await ledger.outbox.get(3)) as OutboxRecord), seq: 4, mutationId: 'S001.T01.1.4' };
    await ledger.outbox.add(copy);
    await ledger.counters.put({ name: 'seq', value: 4 });
    const { problems } = await verifyLedgerIntegrity(ledger);
    expect(problems).toEqual([
      `sale ${sales[2]?.id} (${sales[2]?.receiptNo}) has 2 outbox records, expected 1`,
    ]);
  });
});
