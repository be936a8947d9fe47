import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addProduct,
  applyLineDiscounts,
  cartTotals,
  emptyCart,
  setLineQty,
  type Cart,
} from '../src/domain/cart';
import type { Product, Sale, Tender } from '../src/domain/model';
import { addTender, makeCardTender, makeCashTender, tenderSummary } from '../src/domain/tender';
import type { SaleCompletedPayload } from '../src/shared/crm';
import { newId } from './ids';
import { checkSale, MAX_AMOUNT_FEN, type SaleCheckContext } from './saleCheck';

const NOW = new Date('2026-11-25T06:00:00.000Z'); // 14:00 in Shanghai
const ctx: SaleCheckContext = {
  storeId: 'S001',
  terminalId: 'T01',
  receivedAt: NOW,
  timeZone: 'Asia/Shanghai',
};

function product(i: number, priceFen: number, unit: 'piece' | 'kg'): Product {
  return {
    id: `P${i}`,
    barcode: `69000000000${i}`,
    altBarcodes: [],
    name: `商品${i}`,
    nameEn: `Item ${i}`,
    pinyin: 'sp',
    categoryId: 'C1',
    priceFen,
    unit,
    version: 1,
    active: true,
  };
}

interface LineSpec {
  priceFen: number;
  unit: 'piece' | 'kg';
  qty: number;
  grams: number;
  labelFen: number | null;
  rateBp: number | null;
  fixedFen: number | null;
}

/** A sale built by the till's own cart and tender code. */
function tillSale(specs: LineSpec[], pay: 'cash' | 'card' | 'split', tenderExtraFen: number, round: boolean) {
  let cart: Cart = emptyCart();
  specs.forEach((s, i) => {
    const p = product(i, s.priceFen, s.unit);
    const scale =
      s.labelFen !== null ? { priceFen: s.labelFen } : s.unit === 'kg' ? { weightGrams: s.grams } : undefined;
    const r = addProduct(cart, p, { lineId: newId(), scannedCode: p.barcode, ...(scale ? { scale } : {}) });
    cart = r.cart;
    if (s.unit === 'piece' && s.labelFen === null && s.qty > 1) {
      const q = setLineQty(cart, r.lineId, s.qty);
      if (q.ok) cart = q.cart;
    }
    if (s.rateBp !== null)
      cart = applyLineDiscounts(cart, [
        { lineId: r.lineId, discount: { kind: 'member', rateBp: s.rateBp, amountFen: 0 } },
      ]);
    if (s.fixedFen !== null)
      cart = applyLineDiscounts(cart, [
        { lineId: r.lineId, discount: { kind: 'manual', amountFen: s.fixedFen } },
      ]);
  });
  const totals = cartTotals(cart);
  let tenders: Tender[] = [];
  if (totals.dueFen > 0) {
    if (pay === 'split' && totals.dueFen > 1) {
      const card = makeCardTender({
        id: newId(),
        dueRemainingFen: totals.dueFen,
        amountFen: Math.floor(totals.dueFen / 2),
        reference: 'R1',
      });
      if (!card.ok) throw new Error('card');
      tenders = (addTender(totals.dueFen, tenders, card.tender) as { tenders: Tender[] }).tenders;
    }
    const remaining = tenderSummary(totals.dueFen, tenders).remainingFen;
    if (pay === 'card') {
      const card = makeCardTender({ id: newId(), dueRemainingFen: remaining, reference: 'R2' });
      if (!card.ok) throw new Error('card');
      tenders = [...tenders, card.tender];
    } else {
      const cash = makeCashTender({
        id: newId(),
        dueRemainingFen: remaining,
        tenderedFen: remaining + 10 + tenderExtraFen,
        roundToJiao: round,
      });
      if (!cash.ok) throw new Error('cash');
      tenders = [...tenders, cash.tender];
    }
  }
  const sum = tenderSummary(totals.dueFen, tenders);
  const sale: Sale = {
    id: newId(),
    receiptNo: 'S001-T01-20261125-000001',
    storeId: 'S001',
    terminalId: 'T01',
    cashierId: 'E1002',
    businessDate: '2026-11-25',
    createdAt: '2026-11-25T05:59:00.000Z',
    lines: cart.lines,
    tenders,
    totals,
    roundingFen: sum.roundingFen,
    changeFen: sum.changeFen,
    status: 'completed',
  };
  return { sale, coupons: [] } satisfies SaleCompletedPayload;
}

const lineSpec: fc.Arbitrary<LineSpec> = fc.record({
  // 8 lines of 9999 x 120 yuan stay within the ±¥10,000,000 bound.
  priceFen: fc.integer({ min: 1, max: 12_000 }),
  unit: fc.constantFrom('piece' as const, 'kg' as const),
  qty: fc.integer({ min: 1, max: 9999 }),
  grams: fc.integer({ min: 1, max: 99_999 }),
  labelFen: fc.option(fc.integer({ min: 1, max: 500_000 })),
  rateBp: fc.option(fc.integer({ min: 0, max: 10_000 })),
  fixedFen: fc.option(fc.integer({ min: 0, max: 100_000 })),
});
const saleArb = fc.tuple(
  fc.array(lineSpec, { minLength: 1, maxLength: 8 }),
  fc.constantFrom('cash' as const, 'card' as const, 'split' as const),
  fc.integer({ min: 0, max: 100_000 }),
  fc.boolean(),
);

const codes = (p: SaleCompletedPayload, c: SaleCheckContext = ctx) => checkSale(p, c).map((f) => f.code);

describe('checkSale', () => {
  it('finds nothing wrong with any sale the till can make', () => {
    fc.assert(
      fc.property(saleArb, ([specs, pay, extra, round]) => {
        expect(checkSale(tillSale(specs, pay, extra, round), ctx)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('flags any change to an amount of a till sale', () => {
    fc.assert(
      fc.property(
        saleArb,
        fc.constantFrom('line', 'gross', 'due', 'tender', 'change', 'discount'),
        fc.integer({ min: 1, max: 1000 }).chain((d) => fc.constantFrom(d, -d)),
        ([specs, pay, extra, round], what, delta) => {
          const p = tillSale(specs, pay, extra, round);
          const s = p.sale;
          if (what === 'line') s.lines[0]!.amountFen += delta;
          if (what === 'gross') s.totals.grossFen += delta;
          if (what === 'due') s.totals.dueFen += delta;
          if (what === 'tender') {
            if (s.tenders.length === 0) return;
            s.tenders[0]!.amountFen += delta;
          }
          if (what === 'change') s.changeFen += delta;
          if (what === 'discount') s.lines[0]!.discountFen += delta;
          expect(checkSale(p, ctx).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('flags negative totals, absurd quantities and 2^53-1 fen with the numbers', () => {
    const neg = tillSale([spec(2500)], 'cash', 0, false);
    neg.sale.lines[0]!.amountFen = -2500;
    neg.sale.totals = { ...neg.sale.totals, grossFen: -2500, dueFen: -2500 };
    expect(codes(neg)).toContain('amount-out-of-range');

    const huge = tillSale([spec(1)], 'cash', 0, false);
    huge.sale.lines[0]!.qty = 1e15;
    const f = checkSale(huge, ctx);
    expect(f.map((x) => x.code)).toContain('qty-out-of-range');
    expect(f.find((x) => x.code === 'qty-out-of-range')!.text).toContain('1000000000000000');

    const max = tillSale([spec(1)], 'cash', 0, false);
    max.sale.lines[0]!.unitPriceFen = Number.MAX_SAFE_INTEGER;
    max.sale.lines[0]!.amountFen = Number.MAX_SAFE_INTEGER;
    const m = checkSale(max, ctx);
    expect(m.map((x) => x.code)).toContain('amount-out-of-range');
    expect(m[0]!.text).toContain(String(Number.MAX_SAFE_INTEGER));

    const edge = tillSale([{ ...spec(MAX_AMOUNT_FEN), unit: 'piece' }], 'card', 0, false);
    expect(codes(edge)).toEqual([]);
  });

  it('flags tenders that do not cover and change from a card', () => {
    const short = tillSale([spec(2500)], 'card', 0, false);
    short.sale.tenders[0]!.amountFen = 2000;
    expect(codes(short)).toEqual(['tenders-short']);
    expect(checkSale(short, ctx)[0]!.text).toContain('￥5.00');

    const cardChange = tillSale([spec(2500)], 'card', 0, false);
    cardChange.sale.tenders[0]!.changeFen = 500;
    cardChange.sale.changeFen = 500;
    expect(codes(cardChange)).toContain('change-invalid');
  });

  it('flags a body naming another store or till, and long strings', () => {
    const p = tillSale([spec(2500)], 'cash', 0, false);
    p.sale.storeId = 'S011';
    expect(codes(p)).toEqual(['store-mismatch']);
    const q = tillSale([spec(2500)], 'cash', 0, false);
    q.sale.lines[0]!.name = '长'.repeat(201);
    expect(codes(q)).toEqual(['text-too-long']);
    expect(codes(q, { ...ctx, repairedPaths: ['sale.lines.0.name'] })).toContain('text-malformed');
  });

  it('flags the clock: the future, before the shift, a business date its time does not have', () => {
    const at = (createdAt: string, businessDate: string) => {
      const p = tillSale([spec(2500)], 'cash', 0, false);
      p.sale.createdAt = createdAt;
      p.sale.businessDate = businessDate;
      return p;
    };
    expect(codes(at('2026-11-25T06:04:00.000Z', '2026-11-25'))).toEqual([]);
    expect(codes(at('2026-11-25T08:00:00.000Z', '2026-11-25'))).toEqual(['clock-skew']);
    expect(codes(at('2027-11-25T06:00:00.000Z', '2027-11-25'))).toEqual(['clock-skew']);
    // Past alone is a till that was offline; before its shift opened it is a clock.
    expect(codes(at('2026-10-26T06:00:00.000Z', '2026-10-26'))).toEqual([]);
    expect(
      codes(at('2026-10-26T06:00:00.000Z', '2026-10-26'), {
        ...ctx,
        shiftOpenedAt: '2026-11-25T00:30:00.000Z',
      }),
    ).toEqual(['clock-skew']);
    expect(codes(at('2026-11-25T06:00:00.000Z', '2026-11-24'))).toEqual(['clock-skew']);
    // 01:30 in Shanghai may still be the previous business day of a store open past midnight.
    expect(codes(at('2026-11-24T17:30:00.000Z', '2026-11-24'))).toEqual([]);
    expect(codes(at('2026-11-24T17:30:00.000Z', '2026-11-25'))).toEqual([]);
  });
});

function spec(priceFen: number): LineSpec {
  return { priceFen, unit: 'piece', qty: 1, grams: 1, labelFen: null, rateBp: null, fixedFen: null };
}
