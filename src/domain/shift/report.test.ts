import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Refund } from './model';
import { buildShiftReport, nameCategories, type ReportInput } from './report';
import { arbSale, line, nextId, saleOf } from './testSales';

const shift = {
  id: 'shift-1',
  storeId: 'S001',
  terminalId: 'T01',
  cashierId: 'E1002',
  businessDate: '2026-11-25',
  openedAt: '2026-11-25T01:00:00.000Z',
  floatFen: 50000,
};

function refund(over: Partial<Refund>): Refund {
  return {
    id: nextId(),
    receiptNo: 'S001-T01-20261125-R000001',
    originalSaleId: 'x',
    originalReceiptNo: 'x',
    storeId: 'S001',
    terminalId: 'T01',
    businessDate: '2026-11-25',
    createdAt: '2026-11-25T03:00:00.000Z',
    staffId: 'E1002',
    lines: [],
    tenders: [],
    totalFen: 0,
    roundingFen: 0,
    pointsReversed: 0,
    pointsRestored: 0,
    couponsRestored: [],
    full: false,
    ...over,
  };
}

const base = (over: Partial<ReportInput>): ReportInput => ({
  kind: 'X',
  shift,
  at: '2026-11-25T09:00:00.000Z',
  sales: [],
  refunds: [],
  moves: [],
  pickupsHandedOver: 0,
  ...over,
});

describe('shift report', () => {
  it('totals a small day by tender and category, with refunds, voids, points and pickups', () => {
    const milk = line({ amountFen: 13980, qty: 2, categoryId: 'dairy', discountFen: 700 });
    const apple = line({ amountFen: 1580, categoryId: 'fresh', unit: 'kg', qty: 1, weightGrams: 1234 });
    const s1 = saleOf(
      [milk, apple],
      [
        { id: nextId(), kind: 'cash', amountFen: 5000, tenderedFen: 5000, changeFen: 0 },
        { id: nextId(), kind: 'wechat', amountFen: 9860, reference: 'WX1' },
      ],
    );
    const s2 = saleOf(
      [line({ amountFen: 990, categoryId: 'dairy' })],
      [{ id: nextId(), kind: 'cash', amountFen: 990, tenderedFen: 1000, changeFen: 10 }],
    );
    const voided = saleOf([line({ amountFen: 500 })], [], { status: 'voided' });
    const r = buildShiftReport(
      base({
        kind: 'Z',
        zNo: 7,
        sales: [
          { sale: s1, points: { earn: 148, redeem: 0 } },
          { sale: s2, points: { earn: 9, redeem: 100 } },
          { sale: voided },
        ],
        refunds: [
          refund({
            totalFen: 990,
            pointsReversed: 9,
            tenders: [{ originalTenderId: 'a', kind: 'cash', amountFen: 990 }],
          }),
        ],
        moves: [
          {
            id: 'm',
            shiftId: shift.id,
            kind: 'payOut',
            amountFen: 2000,
            reason: '买胶带',
            staffId: 'E1002',
            at: shift.openedAt,
          },
        ],
        pickupsHandedOver: 2,
        count: { counts: { note100: 5, note20: 1, coin1j: 5 } },
      }),
    );
    expect(r).toMatchObject({
      kind: 'Z',
      zNo: 7,
      saleCount: 2,
      salesTotalFen: 14860 + 990,
      grossFen: 13980 + 1580 + 990,
      discountFen: 700,
      byTender: [
        { kind: 'cash', amountFen: 5990, count: 2 },
        { kind: 'wechat', amountFen: 9860, count: 1 },
      ],
      byCategory: [
        { categoryId: 'dairy', qty: 3, amountFen: 13280 + 990 },
        { categoryId: 'fresh', qty: 1, amountFen: 1580 },
      ],
      refunds: { count: 1, totalFen: 990, byTender: [{ kind: 'cash', amountFen: 990 }] },
      voids: { count: 1, amountFen: 500 },
      points: { issued: 157, redeemed: 100, reversed: 9, restored: 0 },
      pickupsHandedOver: 2,
      firstReceiptNo: s1.receiptNo,
      lastReceiptNo: s2.receiptNo,
    });
    // 500 float + 50 + 9.90 cash - 20 paid out - 9.90 refunded
    expect(r.cash.expectedFen).toBe(50000 + 5000 + 990 - 2000 - 990);
    expect(r.count).toEqual({
      counts: { note100: 5, note20: 1, coin1j: 5 },
      countedFen: 52050,
      varianceFen: 52050 - 53000,
    });
  });

  it('a Z needs its number; an X has none', () => {
    expect(() => buildShiftReport(base({ kind: 'Z' }))).toThrow(RangeError);
    expect(buildShiftReport(base({})).zNo).toBeUndefined();
  });

  it('names categories from the catalog, keeping the id when unknown', () => {
    const r = buildShiftReport(
      base({ sales: [{ sale: saleOf([line({ amountFen: 1, categoryId: 'dairy' })], []) }] }),
    );
    const named = nameCategories(r, (id) => (id === 'dairy' ? { name: '乳品', nameEn: 'Dairy' } : undefined));
    expect(named.byCategory[0]).toMatchObject({ name: '乳品', nameEn: 'Dairy' });
    expect(nameCategories(r, () => undefined).byCategory[0]).toMatchObject({ name: 'dairy' });
  });

  for (const roundToJiao of [false, true])
    it(`tenders add up to what customers paid, categories to that less rounding (property, rounding ${roundToJiao})`, () => {
      fc.assert(
        fc.property(fc.array(arbSale(roundToJiao), { maxLength: 10 }), (sales) => {
          const r = buildShiftReport(base({ sales: sales.map((sale) => ({ sale })) }));
          const paid = sales.reduce((s, x) => s + x.totals.dueFen + x.roundingFen, 0);
          expect(r.saleCount).toBe(sales.length);
          expect(r.salesTotalFen).toBe(paid);
          expect(r.byTender.reduce((s, t) => s + t.amountFen, 0)).toBe(paid);
          expect(r.byCategory.reduce((s, c) => s + c.amountFen, 0)).toBe(paid - r.roundingFen);
          expect(r.grossFen - r.discountFen + r.roundingFen).toBe(paid);
          const cashApplied = r.byTender.find((t) => t.kind === 'cash')?.amountFen ?? 0;
          expect(r.cash.expectedFen).toBe(shift.floatFen + cashApplied);
        }),
      );
    });
});
