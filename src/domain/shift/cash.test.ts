import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sale, Tender } from '../model';
import { makeCashTender } from '../tender';
import { cashTenderFlow, cashVariance, DEFAULT_VARIANCE_THRESHOLD_FEN, expectedCash } from './cash';
import { checkCounts, countedFen, DENOMINATIONS, MAX_PIECES } from './denominations';
import type { CashMove, CashMoveKind } from './model';
import { arbSale, line, nextId, saleOf } from './testSales';

const cash = (amountFen: number, tenderedFen: number, changeFen: number, roundingFen?: number): Tender => ({
  id: nextId(),
  kind: 'cash',
  amountFen,
  tenderedFen,
  changeFen,
  ...(roundingFen !== undefined ? { roundingFen } : {}),
});
const move = (kind: CashMoveKind, amountFen: number): CashMove => ({
  id: nextId(),
  shiftId: 's1',
  kind,
  amountFen,
  reason: 'r',
  staffId: 'E1002',
  at: '2026-11-25T02:00:00.000Z',
});

describe('denominations', () => {
  it('has the nine Chinese notes and coins, largest first, in fen', () => {
    expect(DENOMINATIONS.map((d) => d.fen)).toEqual([10000, 5000, 2000, 1000, 500, 100, 100, 50, 10]);
    expect(DENOMINATIONS.filter((d) => d.kind === 'coin').map((d) => d.fen)).toEqual([100, 50, 10]);
  });

  it('values a count in fen: 3×100 + 2×50 + 7×1 yuan coins + 4×5 jiao + 9×1 jiao', () => {
    expect(countedFen({ note100: 3, note50: 2, coin1: 7, coin5j: 4, coin1j: 9 })).toBe(
      30000 + 10000 + 700 + 200 + 90,
    );
    expect(countedFen({})).toBe(0);
  });

  it('refuses unknown denominations, fractions, negatives and absurd counts', () => {
    expect(checkCounts({ note100: 1, note2: 1 })).toEqual({
      ok: false,
      problems: [{ id: 'note2', problem: 'unknownDenomination' }],
    });
    for (const bad of [1.5, -1, MAX_PIECES + 1, '3', NaN, null])
      expect(checkCounts({ note10: bad }).ok, String(bad)).toBe(false);
    expect(checkCounts({ note10: 0, coin1j: 3 })).toEqual({ ok: true, counts: { coin1j: 3 } });
    expect(() => countedFen({ note10: -1 })).toThrow(RangeError);
  });

  it('any count is the sum of its pieces (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 9, maxLength: 9 }), (pieces) => {
        const counts = Object.fromEntries(DENOMINATIONS.map((d, i) => [d.id, pieces[i]!]));
        const expected = DENOMINATIONS.reduce((s, d, i) => s + d.fen * pieces[i]!, 0);
        expect(countedFen(counts)).toBe(expected);
        expect(Number.isSafeInteger(countedFen(counts))).toBe(true);
      }),
    );
  });
});

describe('expected cash', () => {
  it('counts the change given: 100 handed over for 12.80 leaves 12.80 in the drawer, not 100', () => {
    const sale = saleOf([line({ amountFen: 1280 })], [cash(1280, 10000, 8720)]);
    const r = expectedCash({ floatFen: 50000, sales: [sale], moves: [], refunds: [] });
    expect(r).toMatchObject({ cashReceivedFen: 10000, changeGivenFen: 8720, expectedFen: 50000 + 1280 });
  });

  it('adds every term with its sign: float, sales, change, pay-ins, pay-outs, drops, cash refunds', () => {
    const s1 = saleOf([line({ amountFen: 2350 })], [cash(2350, 5000, 2650)]);
    const s2 = saleOf(
      [line({ amountFen: 8800 })],
      [{ id: nextId(), kind: 'card', amountFen: 8800, reference: 'R1' }],
    );
    const r = expectedCash({
      floatFen: 20000,
      sales: [s1, s2],
      moves: [move('payIn', 10000), move('payOut', 1500), move('drop', 30000), move('payOut', 500)],
      refunds: [
        { tenders: [{ kind: 'cash', amountFen: 700 }] },
        { tenders: [{ kind: 'card', amountFen: 8800 }] },
      ],
    });
    expect(r).toEqual({
      floatFen: 20000,
      cashReceivedFen: 5000,
      changeGivenFen: 2650,
      payInsFen: 10000,
      payOutsFen: 2000,
      dropsFen: 30000,
      cashRefundsFen: 700,
      expectedFen: 20000 + 5000 - 2650 + 10000 - 2000 - 30000 - 700,
    });
  });

  it('uses the rounded cash amount: 12.34 rounded to 12.30, paid with 20, leaves 12.30', () => {
    const r = makeCashTender({ id: nextId(), dueRemainingFen: 1234, tenderedFen: 2000, roundToJiao: true });
    if (!r.ok) throw new Error('tender refused');
    const sale = saleOf([line({ amountFen: 1234 })], [r.tender]);
    expect(sale.roundingFen).toBe(-4);
    expect(expectedCash({ floatFen: 0, sales: [sale], moves: [], refunds: [] }).expectedFen).toBe(1230);
  });

  it('ignores voided sales and non-cash tenders, and counts a sale once however it is split', () => {
    const split = saleOf(
      [line({ amountFen: 10000 })],
      [cash(3000, 3000, 0), { id: nextId(), kind: 'wechat', amountFen: 7000, reference: 'WX' }],
    );
    const voided = saleOf([line({ amountFen: 500 })], [cash(500, 1000, 500)], { status: 'voided' });
    expect(expectedCash({ floatFen: 100, sales: [split, voided], moves: [], refunds: [] }).expectedFen).toBe(
      3100,
    );
  });

  it('an exact cash tender without tenderedFen is its amount', () => {
    expect(cashTenderFlow({ id: 'x', kind: 'cash', amountFen: 990 })).toEqual({ inFen: 990, outFen: 0 });
  });

  it('refuses floats and negative moves', () => {
    expect(() => expectedCash({ floatFen: 0.5, sales: [], moves: [], refunds: [] })).toThrow(RangeError);
    expect(() => expectedCash({ floatFen: 0, sales: [], moves: [move('payIn', -100)], refunds: [] })).toThrow(
      RangeError,
    );
  });

  // The drawer, simulated note by note: what customers hand over goes in, change and payouts come out.
  const arbDay = (roundToJiao: boolean) =>
    fc.record({
      floatFen: fc.integer({ min: 0, max: 200000 }),
      sales: fc.array(arbSale(roundToJiao), { maxLength: 12 }),
      moves: fc.array(
        fc.record({
          kind: fc.constantFrom<CashMoveKind>('payIn', 'payOut', 'drop'),
          amountFen: fc.integer({ min: 0, max: 100000 }),
        }),
        { maxLength: 6 },
      ),
      cashRefunds: fc.array(fc.integer({ min: 0, max: 50000 }), { maxLength: 4 }),
    });

  for (const roundToJiao of [false, true]) {
    it(`matches a drawer simulated step by step (property, rounding ${roundToJiao})`, () => {
      fc.assert(
        fc.property(arbDay(roundToJiao), (day) => {
          let drawer = day.floatFen;
          for (const sale of day.sales)
            for (const t of sale.tenders)
              if (t.kind === 'cash') {
                drawer += t.tenderedFen ?? t.amountFen;
                drawer -= t.changeFen ?? 0;
              }
          for (const m of day.moves) drawer += m.kind === 'payIn' ? m.amountFen : -m.amountFen;
          for (const r of day.cashRefunds) drawer -= r;
          const r = expectedCash({
            floatFen: day.floatFen,
            sales: day.sales,
            moves: day.moves,
            refunds: day.cashRefunds.map((amountFen) => ({ tenders: [{ kind: 'cash', amountFen }] })),
          });
          expect(r.expectedFen).toBe(drawer);
          // Received minus change is exactly the cash applied to the sales (rounding included): never the
          // tendered amount alone, never a sale twice.
          const applied = day.sales
            .flatMap((s) => s.tenders)
            .filter((t) => t.kind === 'cash')
            .reduce((s, t) => s + t.amountFen, 0);
          expect(r.cashReceivedFen - r.changeGivenFen).toBe(applied);
        }),
      );
    });

    it(`an all-cash sale raises the expected cash by exactly what it cost (property, rounding ${roundToJiao})`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 99999 }), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 0, max: 50000 }),
          (amounts, extra) => {
            const lines = amounts.map((a) => line({ amountFen: a }));
            const due = amounts.reduce((s, a) => s + a, 0);
            const r = makeCashTender({
              id: nextId(),
              dueRemainingFen: due,
              tenderedFen: due + 10 + extra,
              roundToJiao,
            });
            if (!r.ok) throw new Error('refused');
            const sale: Sale = saleOf(lines, [r.tender]);
            const before = expectedCash({ floatFen: 1000, sales: [], moves: [], refunds: [] }).expectedFen;
            const after = expectedCash({ floatFen: 1000, sales: [sale], moves: [], refunds: [] }).expectedFen;
            expect(after - before).toBe(sale.totals.dueFen + sale.roundingFen);
          },
        ),
      );
    });
  }
});

describe('variance', () => {
  it('is counted minus expected, with its direction', () => {
    expect(cashVariance(10000, 10000)).toEqual({ varianceFen: 0, state: 'balanced', needsApproval: false });
    expect(cashVariance(10050, 10000)).toEqual({ varianceFen: 50, state: 'over', needsApproval: false });
    expect(cashVariance(9000, 10000)).toEqual({ varianceFen: -1000, state: 'short', needsApproval: false });
  });

  it('needs approval only beyond the threshold, either way', () => {
    const t = DEFAULT_VARIANCE_THRESHOLD_FEN;
    expect(cashVariance(10000 + t, 10000).needsApproval).toBe(false);
    expect(cashVariance(10000 + t + 1, 10000).needsApproval).toBe(true);
    expect(cashVariance(10000 - t - 1, 10000).needsApproval).toBe(true);
    expect(cashVariance(100, 0, 0).needsApproval).toBe(true);
    expect(() => cashVariance(1, 1, -1)).toThrow(RangeError);
  });
});
