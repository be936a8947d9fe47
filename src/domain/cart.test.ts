import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addProduct,
  applyLineDiscounts,
  cartTotals,
  clearLineDiscounts,
  emptyCart,
  lineNetFen,
  MAX_LINE_QTY,
  setLineQty,
  setMember,
  tryAddProduct,
  voidLine,
  voidSale,
  type Cart,
} from './cart';
import type { Product } from './model';

function product(over: Partial<Product> = {}): Product {
  return {
    id: 'p-milk',
    barcode: '6901234567892',
    altBarcodes: [],
    name: '伊利纯牛奶 250ml×24',
    nameEn: 'Yili Pure Milk 250ml×24',
    pinyin: 'ylcnn',
    categoryId: 'c-dairy',
    priceFen: 6590,
    unit: 'piece',
    version: 1,
    active: true,
    ...over,
  };
}

const milk = product();
const bread = product({ id: 'p-bread', barcode: '6901234567908', name: '面包', priceFen: 850 });
const apples = product({
  id: 'p-apple',
  barcode: '10001',
  plu: '10001',
  name: '烟台富士苹果',
  unit: 'kg',
  priceFen: 1298,
});

let n = 0;
const nextId = () => `line-${++n}`;
const scan = (cart: Cart, p: Product, scale?: { priceFen?: number; weightGrams?: number }) =>
  addProduct(cart, p, { lineId: nextId(), scannedCode: p.barcode, ...(scale ? { scale } : {}) });

describe('addProduct', () => {
  it('adds a piece item as a new line with the product snapshot', () => {
    const { cart, lineId } = scan(emptyCart(), milk);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toEqual({
      lineId,
      productId: 'p-milk',
      barcode: '6901234567892',
      name: milk.name,
      nameEn: milk.nameEn,
      categoryId: 'c-dairy',
      unit: 'piece',
      qty: 1,
      unitPriceFen: 6590,
      amountFen: 6590,
      discountFen: 0,
      discounts: [],
    });
  });

  it('increments the existing line of the same piece item, returning its id', () => {
    const a = scan(emptyCart(), milk);
    const b = scan(a.cart, bread);
    const c = addProduct(b.cart, milk, { lineId: 'unused', scannedCode: 'alt-code' });
    expect(c.lineId).toBe(a.lineId);
    expect(c.cart.lines).toHaveLength(2);
    expect(c.cart.lines[0]).toMatchObject({ qty: 2, amountFen: 13180, barcode: '6901234567892' });
    expect(b.cart.lines[0]!.qty).toBe(1); // the old cart is untouched
  });

  it('starts a new line when the price changed since the first scan', () => {
    const a = scan(emptyCart(), milk);
    const b = scan(a.cart, { ...milk, priceFen: 5990 });
    expect(b.cart.lines).toHaveLength(2);
  });

  it('starts a new line when the existing one is full', () => {
    const a = scan(emptyCart(), milk);
    const full = setLineQty(a.cart, a.lineId, MAX_LINE_QTY);
    if (!full.ok) throw new Error('setup');
    const b = scan(full.cart, milk);
    expect(b.cart.lines).toHaveLength(2);
    expect(b.cart.lines[1]!.qty).toBe(1);
  });

  it('gives weighed items their own line priced by weight, half up', () => {
    const a = scan(emptyCart(), apples, { weightGrams: 1234 });
    const b = scan(a.cart, apples, { weightGrams: 500 });
    expect(b.cart.lines).toHaveLength(2);
    expect(b.cart.lines[0]).toMatchObject({
      unit: 'kg',
      qty: 1,
      weightGrams: 1234,
      unitPriceFen: 1298,
      amountFen: 1602,
    }); // 1601.73
    expect(b.cart.lines[1]).toMatchObject({ weightGrams: 500, amountFen: 649 });
  });

  it('uses the label price as the amount for price-embedded labels', () => {
    const a = scan(emptyCart(), apples, { priceFen: 1580 });
    expect(a.cart.lines[0]).toMatchObject({ labelPriceFen: 1580, amountFen: 1580, unitPriceFen: 1298 });
    expect(a.cart.lines[0]!.weightGrams).toBeUndefined();
    const b = scan(a.cart, apples, { priceFen: 1580, weightGrams: 1217 });
    expect(b.cart.lines[1]).toMatchObject({ labelPriceFen: 1580, amountFen: 1580, weightGrams: 1217 });
  });

  it('gives price-labelled piece items their own line', () => {
    const a = scan(emptyCart(), bread);
    const b = scan(a.cart, bread, { priceFen: 425 }); // reduced-to-clear label
    const c = scan(b.cart, bread);
    expect(c.cart.lines.map((l) => [l.qty, l.amountFen])).toEqual([
      [2, 1700],
      [1, 425],
    ]);
  });

  it('refuses a weighed item without weight or label price, and bad label values', () => {
    expect(tryAddProduct(emptyCart(), apples, { lineId: 'x', scannedCode: '10001' })).toEqual({
      ok: false,
      reason: 'weightRequired',
    });
    expect(() => scan(emptyCart(), apples)).toThrow(RangeError);
    for (const scale of [
      { weightGrams: 0 },
      { weightGrams: -5 },
      { weightGrams: 1.5 },
      { priceFen: -1 },
      { priceFen: 0.5 },
    ]) {
      expect(tryAddProduct(emptyCart(), apples, { lineId: 'x', scannedCode: '10001', scale })).toEqual({
        ok: false,
        reason: 'badScaleValue',
      });
    }
  });
});

describe('setLineQty / voidLine / voidSale', () => {
  it('sets the quantity and reprices', () => {
    const a = scan(emptyCart(), milk);
    const r = setLineQty(a.cart, a.lineId, 3);
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.cart.lines[0]).toMatchObject({ qty: 3, amountFen: 19770 });
  });

  it('refuses bad quantities, weighed or labelled lines and unknown lines', () => {
    const a = scan(emptyCart(), milk);
    for (const q of [0, -1, 1.5, MAX_LINE_QTY + 1, Number.NaN])
      expect(setLineQty(a.cart, a.lineId, q)).toEqual({ ok: false, reason: 'badQty' });
    expect(setLineQty(a.cart, 'nope', 2)).toEqual({ ok: false, reason: 'noSuchLine' });
    const w = scan(a.cart, apples, { weightGrams: 800 });
    expect(setLineQty(w.cart, w.lineId, 2)).toEqual({ ok: false, reason: 'weighedLine' });
    const l = scan(a.cart, bread, { priceFen: 425 });
    expect(setLineQty(l.cart, l.lineId, 2)).toEqual({ ok: false, reason: 'weighedLine' });
  });

  it('voids a line, or returns the same cart for an unknown one', () => {
    const a = scan(emptyCart(), milk);
    const b = scan(a.cart, bread);
    expect(voidLine(b.cart, a.lineId).lines.map((l) => l.productId)).toEqual(['p-bread']);
    expect(voidLine(b.cart, 'nope')).toBe(b.cart);
  });

  it('voids the sale to an empty cart without member', () => {
    expect(voidSale()).toEqual({ lines: [] });
    const withMember = setMember(scan(emptyCart(), milk).cart, 'm-1');
    expect(withMember.memberId).toBe('m-1');
    expect('memberId' in setMember(withMember, undefined)).toBe(false);
  });
});

describe('discounts', () => {
  it('applies a rate discount half up and follows quantity changes', () => {
    const a = scan(emptyCart(), bread); // 850
    const d = applyLineDiscounts(a.cart, [
      { lineId: a.lineId, discount: { kind: 'member', ref: 'gold', amountFen: 0, rateBp: 9500 } },
    ]);
    // The price is what rounds half up (807.5 -> 808); the discount is the rest: 42, not 43.
    expect(d.lines[0]).toMatchObject({ discountFen: 42 });
    expect(d.lines[0]!.discounts[0]).toMatchObject({ amountFen: 42, rateBp: 9500 });
    expect(lineNetFen(d.lines[0]!)).toBe(808);
    const q = setLineQty(d, a.lineId, 2);
    if (!q.ok) throw new Error('setup');
    expect(q.cart.lines[0]).toMatchObject({ amountFen: 1700, discountFen: 85 });
  });

  it('replaces a discount of the same kind and ref, keeps others, and caps at the line amount', () => {
    const a = scan(emptyCart(), bread);
    const id = a.lineId;
    let c = applyLineDiscounts(a.cart, [
      { lineId: id, discount: { kind: 'coupon', ref: 'C1', amountFen: 100 } },
    ]);
    c = applyLineDiscounts(c, [{ lineId: id, discount: { kind: 'coupon', ref: 'C1', amountFen: 200 } }]);
    expect(c.lines[0]!.discounts).toHaveLength(1);
    expect(c.lines[0]!.discountFen).toBe(200);
    c = applyLineDiscounts(c, [
      { lineId: id, discount: { kind: 'manual', amountFen: 1000 } },
      { lineId: 'unknown', discount: { kind: 'manual', amountFen: 1 } },
    ]);
    expect(c.lines[0]!.discountFen).toBe(850);
    expect(c.lines[0]!.discounts.map((d) => d.amountFen)).toEqual([200, 650]);
    expect(lineNetFen(c.lines[0]!)).toBe(0);
    expect(clearLineDiscounts(c, 'manual').lines[0]!.discountFen).toBe(200);
    expect(clearLineDiscounts(c).lines[0]).toMatchObject({ discountFen: 0, discounts: [] });
  });

  it('refuses invalid discounts', () => {
    const a = scan(emptyCart(), bread);
    expect(() =>
      applyLineDiscounts(a.cart, [{ lineId: a.lineId, discount: { kind: 'manual', amountFen: -1 } }]),
    ).toThrow(RangeError);
    expect(() =>
      applyLineDiscounts(a.cart, [{ lineId: a.lineId, discount: { kind: 'manual', amountFen: 1.5 } }]),
    ).toThrow(RangeError);
    expect(() =>
      applyLineDiscounts(a.cart, [
        { lineId: a.lineId, discount: { kind: 'member', amountFen: 0, rateBp: 10001 } },
      ]),
    ).toThrow(RangeError);
  });
});

describe('cartTotals', () => {
  it('sums the lines', () => {
    const a = scan(emptyCart(), milk);
    const b = scan(a.cart, milk);
    const c = scan(b.cart, apples, { weightGrams: 1234 });
    const d = applyLineDiscounts(c.cart, [
      { lineId: a.lineId, discount: { kind: 'manual', amountFen: 500 } },
    ]);
    expect(cartTotals(d)).toEqual({
      itemCount: 3,
      grossFen: 13180 + 1602,
      discountFen: 500,
      dueFen: 13180 + 1602 - 500,
    });
    expect(cartTotals(emptyCart())).toEqual({ itemCount: 0, grossFen: 0, discountFen: 0, dueFen: 0 });
  });

  it('property: after any sequence of operations the totals equal the sum of the lines', () => {
    const products = [milk, bread, apples, product({ id: 'p-x', priceFen: 1 })];
    const op = fc.oneof(
      fc.record({
        t: fc.constant('add' as const),
        p: fc.integer({ min: 0, max: 3 }),
        g: fc.integer({ min: 1, max: 99999 }),
        label: fc.option(fc.integer({ min: 0, max: 99999 })),
      }),
      fc.record({ t: fc.constant('qty' as const), i: fc.nat(), q: fc.integer({ min: -2, max: 10001 }) }),
      fc.record({ t: fc.constant('void' as const), i: fc.nat() }),
      fc.record({
        t: fc.constant('disc' as const),
        i: fc.nat(),
        bp: fc.integer({ min: 0, max: 10000 }),
        fixed: fc.integer({ min: 0, max: 100000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let cart = emptyCart();
        let k = 0;
        for (const o of ops) {
          const line = cart.lines.length ? cart.lines[('i' in o ? o.i : 0) % cart.lines.length] : undefined;
          if (o.t === 'add') {
            const p = products[o.p]!;
            const scale =
              p.unit === 'kg' ? { weightGrams: o.g } : o.label !== null ? { priceFen: o.label } : undefined;
            cart = addProduct(cart, p, {
              lineId: `l${k++}`,
              scannedCode: p.barcode,
              ...(scale ? { scale } : {}),
            }).cart;
          } else if (o.t === 'qty' && line) {
            const r = setLineQty(cart, line.lineId, o.q);
            if (r.ok) cart = r.cart;
          } else if (o.t === 'void' && line) {
            cart = voidLine(cart, line.lineId);
          } else if (o.t === 'disc' && line) {
            cart = applyLineDiscounts(cart, [
              { lineId: line.lineId, discount: { kind: 'member', amountFen: 0, rateBp: o.bp } },
              { lineId: line.lineId, discount: { kind: 'coupon', ref: 'c', amountFen: o.fixed } },
            ]);
          }
        }
        const t = cartTotals(cart);
        const sum = (f: (l: (typeof cart.lines)[number]) => number) =>
          cart.lines.reduce((s, l) => s + f(l), 0);
        expect(t.grossFen).toBe(sum((l) => l.amountFen));
        expect(t.discountFen).toBe(sum((l) => l.discountFen));
        expect(t.dueFen).toBe(sum(lineNetFen));
        expect(t.itemCount).toBe(sum((l) => (l.unit === 'kg' ? 1 : l.qty)));
        for (const l of cart.lines) {
          expect(Number.isSafeInteger(l.amountFen)).toBe(true);
          expect(l.discountFen).toBe(l.discounts.reduce((s, d) => s + d.amountFen, 0));
          expect(l.discountFen).toBeGreaterThanOrEqual(0);
          expect(lineNetFen(l)).toBeGreaterThanOrEqual(0);
          if (l.unit === 'piece' && l.labelPriceFen === undefined)
            expect(l.amountFen).toBe(l.unitPriceFen * l.qty);
          expect(l.qty).toBeGreaterThanOrEqual(1);
          expect(l.qty).toBeLessThanOrEqual(MAX_LINE_QTY);
        }
        expect(new Set(cart.lines.map((l) => l.lineId)).size).toBe(cart.lines.length);
      }),
      { numRuns: 300 },
    );
  });
});
