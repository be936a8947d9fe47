import { describe, expect, it } from 'vitest';
import { cartTotals, setLineQty, type Cart } from './cart';
import {
  discountNeedsApproval,
  MANUAL_DISCOUNT_LIMIT_BP,
  manualDiscountLimitFen,
  manualDiscountOf,
  overrideLinePrice,
  withManualDiscount,
} from './discountPolicy';
import { priceCart } from './membership/pricing';
import type { CartLine } from './model';

const line = (over: Partial<CartLine> = {}): CartLine => ({
  lineId: 'L1',
  productId: 'p1',
  barcode: '690',
  name: '牛奶',
  nameEn: 'Milk',
  categoryId: 'dairy',
  unit: 'piece',
  qty: 2,
  unitPriceFen: 1000,
  amountFen: 2000,
  discountFen: 0,
  discounts: [],
  ...over,
});
const cartOf = (...lines: CartLine[]): Cart => ({ lines });

describe('manual discount limit', () => {
  it('is 10% of the line, and anything over it needs a manager', () => {
    expect(MANUAL_DISCOUNT_LIMIT_BP).toBe(1000);
    expect(manualDiscountLimitFen({ amountFen: 2000 })).toBe(200);
    expect(manualDiscountLimitFen({ amountFen: 999 })).toBe(99);
    expect(discountNeedsApproval({ amountFen: 2000 }, 200)).toBe(false);
    expect(discountNeedsApproval({ amountFen: 2000 }, 201)).toBe(true);
    const ten = manualDiscountOf({ amountFen: 2000 }, { kind: 'percent', percent: 10 });
    expect(ten).toMatchObject({ ok: true, offFen: 200, discount: { rateBp: 9000 } });
    const fifteen = manualDiscountOf({ amountFen: 2000 }, { kind: 'percent', percent: 15 });
    expect(fifteen.ok && discountNeedsApproval({ amountFen: 2000 }, fifteen.offFen)).toBe(true);
  });

  it('refuses percents and amounts that make no sense', () => {
    for (const percent of [0, -5, 100, 120, 9.55, Number.NaN])
      expect(manualDiscountOf({ amountFen: 2000 }, { kind: 'percent', percent })).toEqual({
        ok: false,
        reason: 'badPercent',
      });
    for (const amountFen of [0, -1, 2000, 2500, 1.5])
      expect(manualDiscountOf({ amountFen: 2000 }, { kind: 'amount', amountFen })).toEqual({
        ok: false,
        reason: 'badAmount',
      });
  });

  it('replaces an earlier manual discount, follows the quantity as a rate, and survives member pricing', () => {
    const d = manualDiscountOf({ amountFen: 2000 }, { kind: 'percent', percent: 10 });
    if (!d.ok) throw new Error('refused');
    let cart = withManualDiscount(cartOf(line()), 'L1', d.discount, 'E1002');
    const amount = manualDiscountOf({ amountFen: 2000 }, { kind: 'amount', amountFen: 150 });
    if (!amount.ok) throw new Error('refused');
    cart = withManualDiscount(cart, 'L1', amount.discount, 'E1002');
    expect(cart.lines[0]?.discounts).toEqual([{ kind: 'manual', ref: 'discount:E1002', amountFen: 150 }]);
    cart = withManualDiscount(cart, 'L1', d.discount, 'E1001');
    const q = setLineQty(cart, 'L1', 3);
    if (!q.ok) throw new Error('refused');
    expect(cartTotals(q.cart)).toMatchObject({ grossFen: 3000, discountFen: 300 });
    const priced = priceCart(q.cart, null, []);
    expect(priced.cart.lines[0]?.discounts).toEqual([
      { kind: 'manual', ref: 'discount:E1001', amountFen: 300, rateBp: 9000 },
    ]);
  });
});

describe('price override', () => {
  it('sets the unit price, names the approver on the line, and follows the quantity', () => {
    const r = overrideLinePrice(cartOf(line()), 'L1', 800, 'E1001');
    if (!r.ok) throw new Error(r.reason);
    expect(r.cart.lines[0]).toMatchObject({
      unitPriceFen: 800,
      amountFen: 1600,
      discounts: [{ kind: 'manual', ref: 'price:E1001', amountFen: 0 }],
    });
    const q = setLineQty(r.cart, 'L1', 5);
    expect(q.ok && q.cart.lines[0]?.amountFen).toBe(4000);
    // Member pricing derives its discounts again: the override and its marker stay.
    const priced = priceCart(r.cart, null, []);
    expect(priced.cart.lines[0]).toMatchObject({ unitPriceFen: 800, discounts: [{ ref: 'price:E1001' }] });
  });

  it('prices a weighed line per kg and refuses label-priced lines, bad and unchanged prices', () => {
    const kg = line({ unit: 'kg', qty: 1, weightGrams: 500, unitPriceFen: 2000, amountFen: 1000 });
    const r = overrideLinePrice(cartOf(kg), 'L1', 1600, 'E1001');
    expect(r.ok && r.cart.lines[0]?.amountFen).toBe(800);
    expect(overrideLinePrice(cartOf(line({ labelPriceFen: 2000 })), 'L1', 1, 'M')).toEqual({
      ok: false,
      reason: 'labelledLine',
    });
    expect(overrideLinePrice(cartOf(line()), 'L1', -1, 'M')).toMatchObject({ reason: 'badPrice' });
    expect(overrideLinePrice(cartOf(line()), 'L1', 1000, 'M')).toMatchObject({ reason: 'samePrice' });
    expect(overrideLinePrice(cartOf(line()), 'nope', 900, 'M')).toMatchObject({ reason: 'noSuchLine' });
  });
});
