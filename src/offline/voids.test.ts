import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MobilePaymentProvider, RefundRequest } from '../domain/payment';
import { MUTATION_PAYLOAD_SCHEMAS } from '../shared/crm/mutations';
import type { RefundRow } from './db';
import { newId } from './ids';
import { commitSale, verifyLedgerIntegrity } from './sales';
import { expectedCashNow, openShift } from './shift/shifts';
import { fixedClock, freshLedger, saleDraft } from './testSupport';
import { commitVoid, refundMobileForVoid, VoidError, voidRefusal } from './voids';

const clock = fixedClock('2026-11-25T03:00:00.000Z');

async function shiftWithCashSale() {
  const ledger = await freshLedger();
  const shift = await openShift(
    ledger,
    { id: newId(), cashierId: 'E1002', cashierName: '测试收银甲', floatCounts: { note100: 1 } },
    clock,
  );
  const sale = await commitSale(ledger, saleDraft({ shiftId: shift.id, cashierId: 'E1002' }), clock);
  return { ledger, shift, sale };
}

const voidOf = (saleId: string, voidId = newId()) => ({
  voidId,
  saleId,
  voidedBy: 'E1002',
  approvedBy: 'E1001',
  reason: '顾客不要了',
});

describe('void after tender', () => {
  it('marks the sale voided and appends sale.voided in the same gap-free outbox, once per void id', async () => {
    const { ledger, sale } = await shiftWithCashSale();
    const args = voidOf(sale.id);
    const first = await commitVoid(ledger, args, clock);
    expect(first.sale.status).toBe('voided');
    expect((await ledger.sales.get(sale.id))?.status).toBe('voided');
    const types = (await ledger.outbox.orderBy('seq').toArray()).map((r) => `${r.seq}:${r.type}`);
    expect(types).toEqual(['1:shift.opened', '2:sale.completed', '3:sale.voided']);
    expect(MUTATION_PAYLOAD_SCHEMAS['sale.voided'].parse(first.record.payload)).toMatchObject({
      saleId: sale.id,
      receiptNo: sale.receiptNo,
      voidedBy: 'E1002',
      approvedBy: 'E1001',
      reverseEntryId: args.voidId,
    });
    // A retry of the same void (double click, crash before the screen updated): the same record, nothing new.
    const again = await commitVoid(ledger, args, clock);
    expect(again.record.seq).toBe(first.record.seq);
    expect(await ledger.outbox.count()).toBe(3);
    // Another void of the same sale is refused.
    await expect(commitVoid(ledger, voidOf(sale.id), clock)).rejects.toMatchObject({ code: 'alreadyVoided' });
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
  });

  it('takes a voided cash sale out of the expected cash', async () => {
    const { ledger, sale } = await shiftWithCashSale();
    expect(await expectedCashNow(ledger, clock)).toBe(10000 + 13980);
    await commitVoid(ledger, voidOf(sale.id), clock);
    expect(await expectedCashNow(ledger, clock)).toBe(10000);
  });

  it('refuses an unknown sale, a refunded one and one of a closed shift, writing nothing', async () => {
    const { ledger, sale, shift } = await shiftWithCashSale();
    await expect(commitVoid(ledger, voidOf(newId()), clock)).rejects.toMatchObject({ code: 'unknownSale' });
    // Only the indexed fields matter to the check: a refund row that points at the sale.
    await ledger.refunds.add({
      id: newId(),
      receiptNo: 'R-1',
      originalSaleId: sale.id,
      shiftId: shift.id,
      seq: 99,
    } as unknown as RefundRow);
    await expect(commitVoid(ledger, voidOf(sale.id), clock)).rejects.toMatchObject({ code: 'refunded' });
    const other = await commitSale(ledger, saleDraft({ shiftId: shift.id }), clock);
    await ledger.shifts.update(shift.id, { state: 'closed' });
    await expect(commitVoid(ledger, voidOf(other.id), clock)).rejects.toBeInstanceOf(VoidError);
    expect((await ledger.sales.get(other.id))?.status).toBe('completed');
    expect((await ledger.outbox.toArray()).some((r) => r.type === 'sale.voided')).toBe(false);
  });

  it('sends mobile payments back through the provider, and refuses when it cannot refund or the card was used', async () => {
    const mobile = saleDraft({
      tenders: [{ id: newId(), kind: 'wechat', amountFen: 13980, reference: 'wx-42' }],
      changeFen: 0,
    });
    const sale = { ...mobile, receiptNo: 'x', createdAt: '', businessDate: '2026-11-25' };
    const noRefund: MobilePaymentProvider = {
      pay: () => Promise.reject(new Error('unused')),
      query: () => Promise.reject(new Error('unused')),
      reverse: () => Promise.resolve({ ok: true }),
    };
    expect(voidRefusal(sale, noRefund)).toBe('noMobileRefund');
    expect(voidRefusal({ ...sale, tenders: [{ id: newId(), kind: 'card', amountFen: 1 }] }, noRefund)).toBe(
      'cardTender',
    );
    const asked: RefundRequest[] = [];
    const refunding: MobilePaymentProvider = {
      ...noRefund,
      refund: (req) => {
        asked.push(req);
        return Promise.resolve({ status: 'success', refundId: 'r1' });
      },
    };
    expect(voidRefusal(sale, refunding)).toBeNull();
    await refundMobileForVoid(refunding, sale, newId());
    expect(asked).toMatchObject([{ provider: 'wechat', transactionId: 'wx-42', amountFen: 13980 }]);
    const failing: MobilePaymentProvider = {
      ...noRefund,
      refund: () => Promise.resolve({ status: 'failed', reason: 'NOTENOUGH' }),
    };
    await expect(refundMobileForVoid(failing, sale, newId())).rejects.toMatchObject({
      code: 'mobileRefundFailed',
    });
  });
});
