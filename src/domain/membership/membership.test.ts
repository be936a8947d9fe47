import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cartTotals, type Cart } from '../cart';
import type { CartLine } from '../model';
import { couponRefusal, type CouponTerms } from './coupons';
import { fenToPoints, pointsEarned, pointsToFen, quoteRedemption, redeemLimits } from './points';
import { priceCart } from './pricing';
import { allocate, memberRateBp, type MemberRules } from './rules';

const CATS = ['dairy', 'snacks', 'liquor', 'baby'];

const RULES: MemberRules = {
  tiers: [
    { code: 'normal', name: '普通', rank: 0, discountBp: 10000, earnMultiplierBp: 10000 },
    {
      code: 'gold',
      name: '金卡',
      rank: 2,
      discountBp: 9500,
      earnMultiplierBp: 15000,
      upgradeSpendFen: 1_000_000,
    },
  ],
  categoryDiscounts: [{ tier: 'gold', categoryId: 'liquor', discountBp: 9000 }],
  earn: {
    pointsPerYuan: 1,
    categoryMultipliers: [{ categoryId: 'dairy', multiplierBp: 20000 }],
    excludedCategories: ['baby'],
  },
  redeem: {
    pointsPerYuan: 100,
    minPoints: 100,
    maxRateBp: 5000,
    maxPointsPerSale: 50_000,
    offlineCapPoints: 2000,
  },
  coupons: { maxPerSale: 1 },
  tokenTtlS: 60,
  memberCacheTtlS: 86_400,
};

let n = 0;
function line(categoryId: string, unitPriceFen: number, qty = 1): CartLine {
  n++;
  return {
    lineId: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    productId: `p${n}`,
    barcode: '6901234567892',
    name: `商品${n}`,
    nameEn: `Item ${n}`,
    categoryId,
    unit: 'piece',
    qty,
    unitPriceFen,
    amountFen: unitPriceFen * qty,
    discountFen: 0,
    discounts: [],
  };
}

function coupon(over: Partial<CouponTerms> = {}): CouponTerms {
  return {
    id: 'C1',
    code: 'CP1',
    title: '满200减20',
    memberId: 'M1',
    kind: 'amount',
    valueFen: 2000,
    minSpendFen: 20000,
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    state: 'issued',
    categoryIds: [],
    offlineAllowed: true,
    stackable: false,
    ...over,
  };
}

const arbLine = fc
  .record({
    cat: fc.constantFrom(...CATS),
    price: fc.integer({ min: 0, max: 2_000_000 }),
    qty: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ cat, price, qty }) => line(cat, price, qty));

const arbCoupon = fc
  .record({
    kind: fc.constantFrom<'amount' | 'percent'>('amount', 'percent'),
    valueFen: fc.integer({ min: 0, max: 5_000_000 }),
    rateBp: fc.integer({ min: 0, max: 10000 }),
    minSpendFen: fc.integer({ min: 0, max: 100_000 }),
    scope: fc.subarray(CATS),
  })
  .map((c) =>
    coupon({
      kind: c.kind,
      valueFen: c.valueFen,
      rateBp: c.rateBp,
      minSpendFen: c.minSpendFen,
      categoryIds: c.scope,
    }),
  );

const pricing = { memberId: 'M1', tier: 'gold', rules: RULES };

describe('allocate', () => {
  it('splits exactly, never above a weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 12 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          const sum = weights.reduce((s, w) => s + w, 0);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(Math.min(total, sum));
          parts.forEach((p, i) => {
            expect(Number.isInteger(p)).toBe(true);
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(weights[i]!);
          });
        },
      ),
    );
  });
});

describe('member prices and coupons on a cart', () => {
  it('takes the tier rate, or the category rate where the CRM set one', () => {
    expect(memberRateBp(RULES, 'gold', 'dairy')).toBe(9500);
    expect(memberRateBp(RULES, 'gold', 'liquor')).toBe(9000);
    expect(memberRateBp(RULES, 'normal', 'liquor')).toBe(10000);
    const cart: Cart = { lines: [line('dairy', 1999), line('liquor', 10000)] };
    const priced = priceCart(cart, pricing).cart;
    // 1999 x 95% = 1899.05 -> 1899 (half up), discount 100; 10000 x 90% -> discount 1000.
    expect(priced.lines.map((l) => l.discountFen)).toEqual([100, 1000]);
    expect(priced.memberId).toBe('M1');
    expect(cartTotals(priced).dueFen).toBe(1899 + 9000);
  });

  it('an amount coupon needs its threshold in scope and is spread over the scoped lines', () => {
    const lines = [line('dairy', 15000), line('snacks', 6000), line('liquor', 50000)];
    const c = coupon({ categoryIds: ['dairy', 'snacks'] });
    const r = priceCart({ lines }, null, [c]);
    expect(r.dropped).toEqual([]);
    expect(r.coupons[0]!.discountFen).toBe(2000);
    // 2000 over 15000 : 6000 -> 1428.57 : 571.43 -> 1429 : 571
    expect(r.cart.lines.map((l) => l.discountFen)).toEqual([1429, 571, 0]);
    const under = priceCart({ lines: [lines[0]!, lines[2]!] }, null, [c]);
    expect(under.dropped).toEqual([{ coupon: c, reason: 'belowThreshold' }]);
    expect(cartTotals(under.cart).discountFen).toBe(0);
  });

  it('refuses expired, foreign, online-only-offline and a second non-stackable coupon', () => {
    const lines = [line('dairy', 30000)];
    const ctx = { today: '2026-06-01', memberId: 'M1', online: true, applied: [], rules: RULES };
    expect(couponRefusal(coupon(), lines, ctx)).toBeNull();
    expect(couponRefusal(coupon({ validTo: '2026-05-31' }), lines, ctx)).toBe('expired');
    expect(couponRefusal(coupon({ validFrom: '2026-06-02' }), lines, ctx)).toBe('notYetValid');
    expect(couponRefusal(coupon({ memberId: 'M2' }), lines, ctx)).toBe('otherMember');
    expect(couponRefusal(coupon({ state: 'used' }), lines, ctx)).toBe('notIssued');
    expect(couponRefusal(coupon({ offlineAllowed: false }), lines, { ...ctx, online: false })).toBe(
      'onlineOnly',
    );
    expect(couponRefusal(coupon({ id: 'C2' }), lines, { ...ctx, applied: [coupon()] })).toBe('notStackable');
    expect(couponRefusal(coupon({ categoryIds: ['baby'] }), lines, ctx)).toBe('outOfScope');
    const a = coupon({ id: 'A', stackable: true, minSpendFen: 0 });
    const b = coupon({ id: 'B', stackable: true, minSpendFen: 0 });
    expect(couponRefusal(b, lines, { ...ctx, applied: [a] })).toBeNull();
  });

  it('property: totals never negative, discounts never above a line, re-pricing is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.array(arbCoupon, { maxLength: 3 }),
        (lines, member, coupons) => {
          const stackable = coupons.map((c, i) => ({ ...c, id: `C${i}`, stackable: true }));
          const r = priceCart({ lines }, member ? pricing : null, stackable);
          const totals = cartTotals(r.cart);
          expect(totals.dueFen).toBeGreaterThanOrEqual(0);
          expect(totals.grossFen).toBe(lines.reduce((s, l) => s + l.amountFen, 0));
          for (const l of r.cart.lines) {
            expect(l.discountFen).toBeGreaterThanOrEqual(0);
            expect(l.discountFen).toBeLessThanOrEqual(l.amountFen);
            expect(l.discounts.reduce((s, d) => s + d.amountFen, 0)).toBe(l.discountFen);
            for (const d of l.discounts) expect(Number.isInteger(d.amountFen)).toBe(true);
          }
          const couponOff = r.cart.lines.flatMap((l) => l.discounts).filter((d) => d.kind === 'coupon');
          expect(r.coupons.reduce((s, c) => s + c.discountFen, 0)).toBe(
            couponOff.reduce((s, d) => s + d.amountFen, 0),
          );
          for (const c of r.coupons)
            if (c.coupon.kind === 'amount') expect(c.discountFen).toBeLessThanOrEqual(c.coupon.valueFen ?? 0);
          const again = priceCart(
            r.cart,
            member ? pricing : null,
            r.coupons.map((c) => c.coupon),
          );
          expect(again.cart).toEqual(r.cart);
        },
      ),
    );
  });
});

describe('points earned', () => {
  it('earns on the paid amount with tier and category multipliers, nothing on excluded categories', () => {
    const lines = [line('dairy', 10000), line('snacks', 10000), line('baby', 10000)];
    // gold 1.5x; dairy 2x: 100 x 1 x 1.5 x 2 = 300, snacks 150, baby 0.
    expect(pointsEarned({ lines, tier: 'gold', rules: RULES, pointsPaidFen: 0 }).points).toBe(450);
    // Points paid a third of every line (3334/3333/3333 fen): dairy earns on 66.66, snacks on 66.67 yuan,
    // 199.98 + 100.005 = 299.985, floored once: 299.
    expect(pointsEarned({ lines, tier: 'gold', rules: RULES, pointsPaidFen: 10000 }).points).toBe(299);
    expect(pointsEarned({ lines, tier: 'gold', rules: RULES, pointsPaidFen: 30000 }).points).toBe(0);
  });

  it('property: no points on the part paid with points; more points paid never earns more; exact floor', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 40_000_000 }),
        fc.integer({ min: 0, max: 40_000_000 }),
        (lines, p1, p2) => {
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const a = pointsEarned({ lines, tier: 'normal', rules: RULES, pointsPaidFen: lo });
          const b = pointsEarned({ lines, tier: 'normal', rules: RULES, pointsPaidFen: hi });
          expect(b.points).toBeLessThanOrEqual(a.points);
          expect(Number.isInteger(a.points)).toBe(true);
          const net = lines.reduce((s, l) => s + l.amountFen, 0);
          const eligibleNet = lines
            .filter((l) => l.categoryId !== 'baby')
            .reduce((s, l) => s + l.amountFen, 0);
          // What earns is at most the eligible net minus nothing, and all of it is unpaid by points.
          expect(a.earningFen).toBeLessThanOrEqual(eligibleNet);
          expect(a.earningFen).toBeLessThanOrEqual(Math.max(0, net - lo));
          if (lo >= net) expect(a.points).toBe(0);
          // At most 2x (the dairy multiplier) per whole yuan earning, and the floor is exact for one category.
          expect(a.points).toBeLessThanOrEqual(Math.floor((a.earningFen * 2) / 100));
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (price, paid) => {
          const l = line('snacks', price);
          const e = pointsEarned({ lines: [l], tier: 'gold', rules: RULES, pointsPaidFen: paid });
          const earning = Math.max(0, price - paid);
          expect(e.earningFen).toBe(earning);
          expect(e.points).toBe(Math.floor((earning * 15) / 1000));
        },
      ),
    );
  });
});

describe('points redeemed', () => {
  const base = { saleDueFen: 100_000, remainingFen: 100_000, alreadyPoints: 0, offline: false, rules: RULES };

  it('is limited by balance, share of the sale, what is owed and offline by the cap', () => {
    expect(redeemLimits({ ...base, balance: 3000 })).toMatchObject({ maxPoints: 3000, limitedBy: 'balance' });
    expect(redeemLimits({ ...base, balance: 90_000 })).toMatchObject({
      maxPoints: 50_000,
      limitedBy: 'saleShare',
    });
    expect(redeemLimits({ ...base, balance: 90_000, offline: true })).toMatchObject({
      maxPoints: 2000,
      limitedBy: 'offlineCap',
    });
    expect(quoteRedemption({ ...base, balance: 3000, requested: 2500 })).toEqual({
      ok: true,
      points: 2500,
      amountFen: 2500,
    });
    expect(quoteRedemption({ ...base, balance: 3000, requested: 50 })).toMatchObject({
      ok: false,
      reason: 'belowMinimum',
    });
    expect(quoteRedemption({ ...base, balance: 9000, offline: true, requested: 2500 })).toMatchObject({
      ok: false,
      reason: 'overOfflineCap',
    });
  });

  it('property: a redemption never exceeds balance, limits or what is owed, and rounds in nobody else’s favour', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 300_000 }),
        (balance, due, paidAlready, rate, offline, requested) => {
          const rules = { ...RULES, redeem: { ...RULES.redeem, pointsPerYuan: rate } };
          const remainingFen = Math.max(0, due - paidAlready);
          const q = quoteRedemption({
            balance,
            saleDueFen: due,
            remainingFen,
            alreadyPoints: 0,
            offline,
            rules,
            requested,
          });
          if (!q.ok) return;
          expect(q.points).toBeLessThanOrEqual(requested);
          expect(q.points).toBeLessThanOrEqual(balance);
          expect(q.amountFen).toBeGreaterThan(0);
          expect(q.amountFen).toBeLessThanOrEqual(remainingFen);
          expect(q.amountFen * 10000).toBeLessThanOrEqual(due * rules.redeem.maxRateBp);
          if (offline) expect(q.points).toBeLessThanOrEqual(rules.redeem.offlineCapPoints);
          // The points taken are exactly what the fen amount needs, and worth at least that amount.
          expect(q.points).toBe(fenToPoints(q.amountFen, rules));
          expect(pointsToFen(q.points, rules)).toBeGreaterThanOrEqual(q.amountFen);
          expect(q.amountFen).toBe(pointsToFen(requested, rules));
        },
      ),
    );
  });
});
