import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sale } from '../model';
import type { RefundTender } from './model';
import { planRefund, receiptNoFromCode, refundableLines, type PriorRefund, type RefundPlan } from './refund';
import { arbSale, line, saleOf } from './testSales';

const asPrior = (p: RefundPlan): PriorRefund => ({
  lines: p.lines,
  tenders: p.tenders,
  totalFen: p.totalFen,
  pointsReversed: p.pointsReversed,
  pointsRestored: p.pointsRestored,
  couponsRestored: p.couponsRestored,
});

function mustPlan(...args: Parameters<typeof planRefund>): RefundPlan {
  const r = planRefund(...args);
  if (!r.ok) throw new Error(`refund refused: ${r.reason}`);
  return r.plan;
}

describe('refund rules', () => {
  const milk = line({ amountFen: 3000, qty: 3, unitPriceFen: 1000, discountFen: 100 });
  const bread = line({ amountFen: 1250 });
  const sale = saleOf(
    [milk, bread],
    [
      { id: 'card-1', kind: 'card', amountFen: 2000, reference: 'C-77' },
      { id: 'cash-1', kind: 'cash', amountFen: 2050, tenderedFen: 2100, changeFen: 50 },
    ],
  );

  it('refunds one piece of a line: its share of amount and discount, back to the tenders pro rata', () => {
    const p = mustPlan({ sale, prior: [], request: [{ lineId: milk.lineId, qty: 1 }] });
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]).toMatchObject({ lineId: milk.lineId, qty: 1, amountFen: 1000, discountFen: 33 });
    expect(p.totalFen).toBe(967);
    expect(p.full).toBe(false);
    expect(p.tenders.reduce((s, t) => s + t.amountFen, 0)).toBe(967);
    expect(p.tenders.map((t) => t.originalTenderId).sort()).toEqual(['card-1', 'cash-1']);
    expect(p.tenders.find((t) => t.kind === 'card')?.reference).toBe('C-77');
  });

  it('never refunds more than sold less what was refunded before', () => {
    const first = mustPlan({ sale, prior: [], request: [{ lineId: milk.lineId, qty: 2 }] });
    expect(planRefund({ sale, prior: [asPrior(first)], request: [{ lineId: milk.lineId, qty: 2 }] })).toEqual(
      {
        ok: false,
        reason: 'moreThanSold',
        lineId: milk.lineId,
      },
    );
    expect(
      planRefund({
        sale,
        prior: [],
        request: [
          { lineId: milk.lineId, qty: 2 },
          { lineId: milk.lineId, qty: 2 },
        ],
      }),
    ).toMatchObject({ ok: false, reason: 'moreThanSold' });
    expect(refundableLines(sale, [asPrior(first)]).map((r) => r.remainingQty)).toEqual([1, 1]);
  });

  it('refuses nothing, unknown lines, fractions and voided sales', () => {
    expect(planRefund({ sale, prior: [], request: [] })).toMatchObject({ reason: 'noLines' });
    expect(planRefund({ sale, prior: [], request: [{ lineId: 'nope', qty: 1 }] })).toMatchObject({
      reason: 'unknownLine',
    });
    expect(planRefund({ sale, prior: [], request: [{ lineId: bread.lineId, qty: 0.5 }] })).toMatchObject({
      reason: 'badQty',
    });
    expect(
      planRefund({
        sale: { ...sale, status: 'voided' },
        prior: [],
        request: [{ lineId: bread.lineId, qty: 1 }],
      }),
    ).toMatchObject({ reason: 'saleVoided' });
  });

  it('the last refund gives back exactly what is left, the cash rounding included', () => {
    const rounded: Sale = saleOf(
      [line({ amountFen: 1234 })],
      [{ id: 'c', kind: 'cash', amountFen: 1230, tenderedFen: 2000, changeFen: 770, roundingFen: -4 }],
    );
    expect(rounded.roundingFen).toBe(-4);
    const p = mustPlan({ sale: rounded, prior: [], request: [{ lineId: rounded.lines[0]!.lineId, qty: 1 }] });
    expect(p).toMatchObject({ full: true, totalFen: 1230, tenders: [{ kind: 'cash', amountFen: 1230 }] });
  });

  it('takes earned points back pro rata, restores used points and coupons on a full refund only', () => {
    const s = saleOf(
      [line({ amountFen: 6000, qty: 2, unitPriceFen: 3000 })],
      [
        { id: 'pts', kind: 'points', amountFen: 1000, reference: 'entry-1' },
        { id: 'cpn', kind: 'coupon', amountFen: 1000, reference: 'CPN-1' },
        { id: 'wx', kind: 'wechat', amountFen: 4000, reference: 'WX-9' },
      ],
    );
    const extras = { points: { memberId: 'M1', earn: 40, redeem: 1000 } };
    const half = mustPlan({ sale: s, extras, prior: [], request: [{ lineId: s.lines[0]!.lineId, qty: 1 }] });
    expect(half).toMatchObject({ totalFen: 3000, pointsReversed: 20, couponsRestored: [], full: false });
    expect(half.tenders).toEqual([
      { originalTenderId: 'pts', kind: 'points', amountFen: 500, reference: 'entry-1' },
      { originalTenderId: 'cpn', kind: 'coupon', amountFen: 500, reference: 'CPN-1' },
      { originalTenderId: 'wx', kind: 'wechat', amountFen: 2000, reference: 'WX-9' },
    ]);
    expect(half.pointsRestored).toBe(500);
    expect(half.moneyFen).toBe(2000);
    const rest = mustPlan({
      sale: s,
      extras,
      prior: [asPrior(half)],
      request: [{ lineId: s.lines[0]!.lineId, qty: 1 }],
    });
    expect(rest).toMatchObject({
      full: true,
      totalFen: 3000,
      pointsReversed: 20,
      pointsRestored: 500,
      couponsRestored: ['CPN-1'],
    });
  });

  for (const roundToJiao of [false, true])
    it(`refunds in any number of steps add up to the sale, per line, per tender and in points (property, rounding ${roundToJiao})`, () => {
      fc.assert(
        fc.property(
          arbSale(false),
          fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
          fc.integer({ min: 0, max: 500 }),
          (sale, picks, earn) => {
            // Refund the sale piece by piece in an order drawn from `picks`, then whatever is left.
            const prior: PriorRefund[] = [];
            const pieces: string[] = sale.lines.flatMap((l) => Array.from({ length: l.qty }, () => l.lineId));
            const order: string[] = [];
            for (const pick of picks)
              if (pieces.length > 0) order.push(...pieces.splice(pick % pieces.length, 1));
            const batches: string[][] = order.map((id) => [id]);
            if (pieces.length > 0) batches.push(pieces);
            const extras = { points: { memberId: 'M', earn, redeem: 0 } };
            let lastFull = false;
            for (const batch of batches) {
              const request = batch.map((lineId) => ({ lineId, qty: 1 }));
              const p = mustPlan({ sale, extras, prior, request, roundCashToJiao: roundToJiao });
              // Never more than paid, at any step, and never more than a tender had.
              expect(p.tenders.reduce((s, t) => s + t.amountFen, 0)).toBe(p.totalFen);
              lastFull = p.full;
              prior.push(asPrior(p));
              const refunded = prior.reduce((s, r) => s + r.totalFen, 0);
              expect(refunded).toBeLessThanOrEqual(sale.totals.dueFen + sale.roundingFen);
              const perTender = new Map<string, number>();
              for (const r of prior)
                for (const t of r.tenders as RefundTender[])
                  perTender.set(t.originalTenderId, (perTender.get(t.originalTenderId) ?? 0) + t.amountFen);
              for (const t of sale.tenders) expect(perTender.get(t.id) ?? 0).toBeLessThanOrEqual(t.amountFen);
            }
            expect(lastFull).toBe(true);
            expect(prior.reduce((s, r) => s + r.totalFen, 0)).toBe(sale.totals.dueFen + sale.roundingFen);
            expect(prior.reduce((s, r) => s + r.pointsReversed, 0)).toBe(earn);
            for (const l of sale.lines) {
              const back = prior.flatMap((r) => r.lines).filter((x) => x.lineId === l.lineId);
              expect(back.reduce((s, x) => s + x.qty, 0)).toBe(l.qty);
              expect(back.reduce((s, x) => s + x.amountFen, 0)).toBe(l.amountFen);
              expect(back.reduce((s, x) => s + x.discountFen, 0)).toBe(l.discountFen);
            }
            expect(
              planRefund({ sale, prior, request: [{ lineId: sale.lines[0]!.lineId, qty: 1 }] }),
            ).toMatchObject({
              ok: false,
              reason: 'moreThanSold',
            });
          },
        ),
        { numRuns: 200 },
      );
    });
});

describe('receipt codes', () => {
  const rn = 'S001-T03-20261125-000042';
  it('reads a typed number, the printed QR, an R1 payload and a signed token', () => {
    expect(receiptNoFromCode(` ${rn} `)).toBe(rn);
    expect(receiptNoFromCode(`${rn}|12800`)).toBe(rn);
    expect(receiptNoFromCode(`R1:${rn}|12800|sig`)).toBe(rn);
    const claims = btoa(JSON.stringify({ rn, total: 12800 }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    expect(receiptNoFromCode(`RC1.${claims}.c2ln`)).toBe(rn);
    const sub = btoa(JSON.stringify({ sub: rn })).replace(/=+$/, '');
    expect(receiptNoFromCode(`RC1.${sub}.c2ln`)).toBe(rn);
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      '6901234567892',
      'RC1.!!!.x',
      'S001-T03-2026-1',
      'R1:',
      `RC1.${btoa('{"rn":1}')}.x`,
    ])
      expect(receiptNoFromCode(bad), bad).toBeNull();
  });
});
