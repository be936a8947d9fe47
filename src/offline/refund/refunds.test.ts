import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { CartLine } from '../../domain/model';
import { MUTATION_PAYLOAD_SCHEMAS } from '../../shared/crm/mutations';
import { newId } from '../ids';
import { SimulatedPaymentProvider } from '../payment/simulator';
import { commitSale, verifyLedgerIntegrity } from '../sales';
import { closeShift, openShift } from '../shift/shifts';
import { fixedClock, freshLedger, saleDraft } from '../testSupport';
import { commitRefund, findLocalSale, previewRefund, refundMobileTenders, RefundError } from './refunds';

const clock = fixedClock('2026-11-25T02:00:00.000Z');

function twoLines(): CartLine[] {
  const base = saleDraft().lines[0]!;
  return [
    { ...base, lineId: newId(), qty: 2, amountFen: 13980 },
    {
      ...base,
      lineId: newId(),
      productId: 'p-bread',
      name: '面包',
      categoryId: 'bakery',
      qty: 1,
      unitPriceFen: 1250,
      amountFen: 1250,
    },
  ];
}

async function setUp(tenders: 'cash' | 'wechat' = 'cash') {
  const ledger = await freshLedger();
  const shift = await openShift(
    ledger,
    { id: newId(), cashierId: 'E1002', cashierName: '甲', floatCounts: { note100: 5 } },
    clock,
  );
  const lines = twoLines();
  const due = 15230;
  const sale = await commitSale(
    ledger,
    saleDraft({
      shiftId: shift.id,
      lines,
      totals: { itemCount: 3, grossFen: due, discountFen: 0, dueFen: due },
      tenders:
        tenders === 'cash'
          ? [{ id: newId(), kind: 'cash', amountFen: due, tenderedFen: 20000, changeFen: 20000 - due }]
          : [
              {
                id: newId(),
                kind: 'wechat',
                amountFen: due,
                reference: 'SIM0000000001',
                authCode: '134567890123456789',
              },
            ],
      changeFen: tenders === 'cash' ? 20000 - due : 0,
    }),
    clock,
  );
  return { ledger, shift, sale, lines };
}

describe('refunds on the till', () => {
  it('finds a local sale by receipt number, refunds one piece in cash, and writes it with its own number', async () => {
    const { ledger, shift, sale, lines } = await setUp();
    const target = await findLocalSale(ledger, sale.receiptNo);
    expect(target?.sale.id).toBe(sale.id);
    expect(await findLocalSale(ledger, 'S001-T01-20261125-999999')).toBeUndefined();
    const request = [{ lineId: lines[0]!.lineId, qty: 1 }];
    const preview = await previewRefund(ledger, target!, request, false);
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.plan.totalFen).toBe(6990);
    // A plan made before this refund for both pieces: stale once one piece is refunded.
    const both = [{ lineId: lines[0]!.lineId, qty: 2 }];
    const stale = await previewRefund(ledger, target!, both, false);
    if (!stale.ok) throw new Error(stale.reason);
    const id = newId();
    const refund = await commitRefund(
      ledger,
      {
        id,
        target: target!,
        request,
        plan: preview.plan,
        staffId: 'E1002',
        approvedBy: 'E1001',
        roundCashToJiao: false,
        newId,
      },
      clock,
    );
    expect(refund).toMatchObject({
      receiptNo: 'S001-T01-20261125-R000001',
      shiftId: shift.id,
      totalFen: 6990,
      tenders: [{ kind: 'cash', amountFen: 6990 }],
      approvedBy: 'E1001',
    });
    const record = (await ledger.outbox.orderBy('seq').last())!;
    expect(record).toMatchObject({ type: 'refund.completed', entityId: id });
    expect(MUTATION_PAYLOAD_SCHEMAS['refund.completed'].parse(record.payload)).toMatchObject({
      originalReceiptNo: sale.receiptNo,
      shiftId: shift.id,
      totalFen: 6990,
    });
    // Idempotent on the id; the same pieces again with a new id are refused.
    expect(
      await commitRefund(
        ledger,
        { id, target: target!, request, plan: preview.plan, staffId: 'E1002', roundCashToJiao: false, newId },
        clock,
      ),
    ).toEqual(refund);
    const again = await previewRefund(ledger, target!, [{ lineId: lines[0]!.lineId, qty: 2 }], false);
    expect(again).toMatchObject({ ok: false, reason: 'moreThanSold' });
    await expect(
      commitRefund(
        ledger,
        {
          id: newId(),
          target: target!,
          request: both,
          plan: stale.plan,
          staffId: 'E1002',
          roundCashToJiao: false,
          newId,
        },
        clock,
      ),
    ).rejects.toMatchObject({ code: 'moreThanSold' });
    expect(RefundError.name).toBe('RefundError');

    // The Z counts the refund and takes its cash out of the drawer.
    const closed = await closeShift(
      ledger,
      {
        shiftId: shift.id,
        closedBy: 'E1002',
        counts: { note100: 5, note50: 1, note20: 1, note10: 1, note1: 2, coin1j: 4 },
      },
      clock,
    );
    expect(closed.z).toMatchObject({
      refunds: { count: 1, totalFen: 6990 },
      cash: { expectedFen: 50000 + 15230 - 6990 },
    });
    expect(closed.z?.count?.varianceFen).toBe(58240 - (50000 + 15230 - 6990));
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
  });

  it('a concurrent refund of the same piece is refused inside the transaction', async () => {
    const { ledger, sale, lines } = await setUp();
    const target = (await findLocalSale(ledger, sale.receiptNo))!;
    const request = [{ lineId: lines[1]!.lineId, qty: 1 }];
    const p = await previewRefund(ledger, target, request, false);
    if (!p.ok) throw new Error(p.reason);
    const args = { target, request, plan: p.plan, staffId: 'E1002', roundCashToJiao: false, newId };
    const results = await Promise.allSettled([
      commitRefund(ledger, { ...args, id: newId() }, clock),
      commitRefund(ledger, { ...args, id: newId() }, clock),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await ledger.refunds.count()).toBe(1);
  });

  it('gives a mobile payment back through the provider, once per refund', async () => {
    const { ledger, sale, lines } = await setUp('wechat');
    const provider = new SimulatedPaymentProvider();
    const target = (await findLocalSale(ledger, sale.receiptNo))!;
    const request = [{ lineId: lines[1]!.lineId, qty: 1 }];
    const p = await previewRefund(ledger, target, request, false);
    if (!p.ok) throw new Error(p.reason);
    const id = newId();
    const refs = await refundMobileTenders(provider, id, p.plan);
    expect(await refundMobileTenders(provider, id, p.plan)).toEqual(refs);
    const refund = await commitRefund(
      ledger,
      {
        id,
        target,
        request,
        plan: p.plan,
        staffId: 'E1002',
        roundCashToJiao: false,
        refundReferences: refs,
        newId,
      },
      clock,
    );
    expect(refund.tenders).toEqual([
      expect.objectContaining({
        kind: 'wechat',
        amountFen: 1250,
        reference: 'SIM0000000001',
        refundReference: expect.stringMatching(/^SIMR/),
      }),
    ]);
    const broken = { ...provider, refund: undefined } as unknown as SimulatedPaymentProvider;
    await expect(refundMobileTenders(broken, newId(), p.plan)).rejects.toMatchObject({ code: 'noProvider' });
  });
});
