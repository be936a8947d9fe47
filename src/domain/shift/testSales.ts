// Sales built the way the till builds them (cart lines, then tenders through ../tender.ts), for this room's tests.
import fc from 'fast-check';
import type { CartLine, Sale, Tender } from '../model';
import { addTender, makeCardTender, makeCashTender, makeMobileTender, tenderSummary } from '../tender';

let n = 0;
/** Ids shaped like UUIDv7 are not needed here; distinct ones are. */
export const nextId = (): string => `id-${++n}`;

export function line(over: Partial<CartLine> & { amountFen: number }): CartLine {
  const qty = over.qty ?? 1;
  return {
    lineId: nextId(),
    productId: 'p1',
    barcode: '6901234567892',
    name: '商品',
    nameEn: 'Item',
    categoryId: 'c1',
    unit: 'piece',
    qty,
    unitPriceFen: Math.floor(over.amountFen / qty),
    discountFen: 0,
    discounts: [],
    ...over,
  };
}

export function saleOf(lines: CartLine[], tenders: Tender[], over: Partial<Sale> = {}): Sale {
  const grossFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const discountFen = lines.reduce((s, l) => s + l.discountFen, 0);
  const summary = tenderSummary(grossFen - discountFen, tenders);
  return {
    id: nextId(),
    receiptNo: `S001-T01-20261125-${String(++n).padStart(6, '0')}`,
    storeId: 'S001',
    terminalId: 'T01',
    cashierId: 'E1002',
    businessDate: '2026-11-25',
    createdAt: '2026-11-25T02:00:00.000Z',
    lines,
    tenders,
    totals: {
      itemCount: lines.reduce((s, l) => s + l.qty, 0),
      grossFen,
      discountFen,
      dueFen: grossFen - discountFen,
    },
    roundingFen: summary.roundingFen,
    changeFen: summary.changeFen,
    status: 'completed',
    ...over,
  };
}

export type PayStep =
  { kind: 'cash'; extraFen: number; partialFen?: number } | { kind: 'card' | 'wechat'; partialFen?: number };

/** Pays `dueFen` with the steps in order (the last one pays the rest), exactly as the tender dialog would. */
export function pay(dueFen: number, steps: PayStep[], roundToJiao: boolean): Tender[] {
  let tenders: Tender[] = [];
  for (let i = 0; i < steps.length; i++) {
    const summary = tenderSummary(dueFen, tenders);
    if (summary.complete) break;
    const remaining = summary.remainingFen;
    const last = i === steps.length - 1;
    const step = steps[i]!;
    const partial =
      !last && step.partialFen !== undefined ? Math.min(step.partialFen, remaining - 1) : undefined;
    let tender: Tender | undefined;
    if (step.kind === 'cash') {
      const due = roundToJiao ? Math.round(remaining / 10) * 10 + 10 : remaining;
      const r =
        partial !== undefined && partial > 0
          ? makeCashTender({
              id: nextId(),
              dueRemainingFen: remaining,
              tenderedFen: partial,
              roundToJiao,
              allowPartial: true,
            })
          : makeCashTender({
              id: nextId(),
              dueRemainingFen: remaining,
              tenderedFen: due + step.extraFen,
              roundToJiao,
            });
      if (r.ok) tender = r.tender;
    } else if (step.kind === 'card') {
      const r = makeCardTender({
        id: nextId(),
        dueRemainingFen: remaining,
        ...(partial !== undefined && partial > 0 ? { amountFen: partial } : {}),
        reference: 'REF123',
      });
      if (r.ok) tender = r.tender;
    } else {
      const r = makeMobileTender({
        id: nextId(),
        dueRemainingFen: remaining,
        ...(partial !== undefined && partial > 0 ? { amountFen: partial } : {}),
        provider: 'wechat',
        authCode: '134567890123456789',
        transactionId: 'WX1',
      });
      if (r.ok) tender = r.tender;
    }
    if (!tender) continue;
    const added = addTender(dueFen, tenders, tender);
    if (added.ok) tenders = added.tenders;
  }
  // Whatever is left is paid in exact cash, so every generated sale is complete.
  const summary = tenderSummary(dueFen, tenders);
  if (!summary.complete) {
    const r = makeCashTender({
      id: nextId(),
      dueRemainingFen: summary.remainingFen,
      tenderedFen: summary.remainingFen + 10,
      roundToJiao,
    });
    if (r.ok) tenders = [...tenders, r.tender];
  }
  return tenders;
}

export const arbPayStep: fc.Arbitrary<PayStep> = fc.oneof(
  fc.record({ kind: fc.constant('cash' as const), extraFen: fc.integer({ min: 0, max: 20000 }) }),
  fc.record({
    kind: fc.constant('cash' as const),
    extraFen: fc.constant(0),
    partialFen: fc.integer({ min: 1, max: 50000 }),
  }),
  fc.record({ kind: fc.constantFrom('card' as const, 'wechat' as const) }),
  fc.record({
    kind: fc.constantFrom('card' as const, 'wechat' as const),
    partialFen: fc.integer({ min: 1, max: 50000 }),
  }),
);

export const arbLines: fc.Arbitrary<CartLine[]> = fc.array(
  fc
    .record({
      qty: fc.integer({ min: 1, max: 12 }),
      unitFen: fc.integer({ min: 1, max: 99999 }),
      discountBp: fc.integer({ min: 0, max: 3000 }),
      categoryId: fc.constantFrom('dairy', 'snacks', 'fresh'),
    })
    .map(({ qty, unitFen, discountBp, categoryId }) => {
      const amountFen = qty * unitFen;
      const discountFen = Math.floor((amountFen * discountBp) / 10000);
      return line({ qty, amountFen, unitPriceFen: unitFen, discountFen, categoryId });
    }),
  { minLength: 1, maxLength: 5 },
);

/** A complete sale with random lines and a random way of paying. */
export const arbSale = (roundToJiao: boolean): fc.Arbitrary<Sale> =>
  fc.tuple(arbLines, fc.array(arbPayStep, { minLength: 1, maxLength: 3 })).map(([lines, steps]) => {
    const due = lines.reduce((s, l) => s + l.amountFen - l.discountFen, 0);
    if (due <= 0) return saleOf([line({ amountFen: 100 })], pay(100, steps, roundToJiao));
    return saleOf(lines, pay(due, steps, roundToJiao));
  });
