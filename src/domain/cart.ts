// The cart on the till: pure functions from one cart to the next, so the UI store, the tests and a
// replay of a sale all compute the same lines and totals.

import type { CartLine, CartTotals, Fen, LineDiscount, Product } from './model';
import { discountForRateBp, weighedAmountFen } from './money';

export interface Cart {
  lines: CartLine[];
  memberId?: string;
}

export const MAX_LINE_QTY = 9999;

export function emptyCart(): Cart {
  return { lines: [] };
}

/** What a scale label carried for this scan (see scale.ts). */
export interface ScaleReading {
  priceFen?: Fen;
  weightGrams?: number;
}

export type AddProductFailure = 'weightRequired' | 'badScaleValue';

function isFen(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Discount amounts follow the line: a rate discount is recomputed from the line amount, a fixed one is
 * kept; the total is capped at the amount so a line never goes below zero.
 */
function repriced(line: CartLine, discounts: LineDiscount[] = line.discounts): CartLine {
  let left = line.amountFen;
  const next = discounts.map((d) => {
    const wanted = d.rateBp !== undefined ? discountForRateBp(line.amountFen, d.rateBp) : d.amountFen;
    const amountFen = Math.min(Math.max(wanted, 0), left);
    left -= amountFen;
    return { ...d, amountFen };
  });
  return { ...line, discounts: next, discountFen: line.amountFen - left };
}

function baseLine(product: Product, lineId: string, scannedCode: string): CartLine {
  return {
    lineId,
    productId: product.id,
    barcode: scannedCode,
    name: product.name,
    nameEn: product.nameEn,
    categoryId: product.categoryId,
    unit: product.unit,
    qty: 1,
    unitPriceFen: product.priceFen,
    amountFen: product.priceFen,
    discountFen: 0,
    discounts: [],
  };
}

/**
 * Adds a scanned product, or says why it cannot.
 * - A piece item without a label price joins the existing plain line of the same product (qty + 1),
 *   unless that line is at MAX_LINE_QTY; then it starts a new line.
 * - Weighed items and price-labelled items always get their own line; a label price is the line amount.
 * - A weighed item needs the weight from the label or the scale, or a label price.
 */
export function tryAddProduct(
  cart: Cart,
  product: Product,
  opts: { lineId: string; scannedCode: string; scale?: ScaleReading },
): { ok: true; cart: Cart; lineId: string } | { ok: false; reason: AddProductFailure } {
  const { priceFen, weightGrams } = opts.scale ?? {};
  if ((priceFen !== undefined && !isFen(priceFen)) || (weightGrams !== undefined && !isFen(weightGrams))) {
    return { ok: false, reason: 'badScaleValue' };
  }
  if (weightGrams === 0) return { ok: false, reason: 'badScaleValue' };

  if (product.unit === 'piece' && priceFen === undefined && weightGrams === undefined) {
    const index = cart.lines.findIndex(
      (l) =>
        l.productId === product.id &&
        l.unit === 'piece' &&
        l.labelPriceFen === undefined &&
        l.weightGrams === undefined &&
        l.unitPriceFen === product.priceFen &&
        l.qty < MAX_LINE_QTY,
    );
    const existing = cart.lines[index];
    if (existing) {
      const qty = existing.qty + 1;
      const line = repriced({ ...existing, qty, amountFen: existing.unitPriceFen * qty });
      const lines = cart.lines.slice();
      lines[index] = line;
      return { ok: true, cart: { ...cart, lines }, lineId: line.lineId };
    }
    const line = baseLine(product, opts.lineId, opts.scannedCode);
    return { ok: true, cart: { ...cart, lines: [...cart.lines, line] }, lineId: line.lineId };
  }

  const line = baseLine(product, opts.lineId, opts.scannedCode);
  if (weightGrams !== undefined) line.weightGrams = weightGrams;
  if (priceFen !== undefined) {
    line.labelPriceFen = priceFen;
    line.amountFen = priceFen;
  } else if (product.unit === 'piece') {
    // a weight label on a piece item: its own line, still priced per piece
  } else if (weightGrams !== undefined) {
    line.amountFen = weighedAmountFen(product.priceFen, weightGrams);
  } else {
    return { ok: false, reason: 'weightRequired' };
  }
  return { ok: true, cart: { ...cart, lines: [...cart.lines, line] }, lineId: line.lineId };
}

/** tryAddProduct for callers that have already checked the scan; throws RangeError when it cannot add. */
export function addProduct(
  cart: Cart,
  product: Product,
  opts: { lineId: string; scannedCode: string; scale?: ScaleReading },
): { cart: Cart; lineId: string } {
  const r = tryAddProduct(cart, product, opts);
  if (!r.ok) throw new RangeError(`cannot add ${product.id}: ${r.reason}`);
  return { cart: r.cart, lineId: r.lineId };
}

export type SetLineQtyResult =
  { ok: true; cart: Cart } | { ok: false; reason: 'weighedLine' | 'badQty' | 'noSuchLine' };

/** Sets the number of pieces on a line (1..9999). Weighed and price-labelled lines refuse. */
export function setLineQty(cart: Cart, lineId: string, qty: number): SetLineQtyResult {
  const index = cart.lines.findIndex((l) => l.lineId === lineId);
  const line = cart.lines[index];
  if (!line) return { ok: false, reason: 'noSuchLine' };
  if (line.unit === 'kg' || line.labelPriceFen !== undefined) return { ok: false, reason: 'weighedLine' };
  if (!Number.isInteger(qty) || qty < 1 || qty > MAX_LINE_QTY) return { ok: false, reason: 'badQty' };
  const lines = cart.lines.slice();
  lines[index] = repriced({ ...line, qty, amountFen: line.unitPriceFen * qty });
  return { ok: true, cart: { ...cart, lines } };
}

/** Removes a line (a cart without it; the same cart when there is no such line). */
export function voidLine(cart: Cart, lineId: string): Cart {
  if (!cart.lines.some((l) => l.lineId === lineId)) return cart;
  return { ...cart, lines: cart.lines.filter((l) => l.lineId !== lineId) };
}

/** Voiding the whole sale leaves an empty cart, member included. */
export function voidSale(): Cart {
  return emptyCart();
}

export function setMember(cart: Cart, memberId: string | undefined): Cart {
  const next: Cart = { ...cart };
  if (memberId === undefined) delete next.memberId;
  else next.memberId = memberId;
  return next;
}

/** Amount of a line after its discounts. */
export function lineNetFen(line: CartLine): Fen {
  return line.amountFen - line.discountFen;
}

export function cartTotals(cart: Cart): CartTotals {
  let itemCount = 0;
  let grossFen = 0;
  let discountFen = 0;
  for (const l of cart.lines) {
    itemCount += l.unit === 'kg' ? 1 : l.qty;
    grossFen += l.amountFen;
    discountFen += l.discountFen;
  }
  return { itemCount, grossFen, discountFen, dueFen: grossFen - discountFen };
}

function sameDiscount(a: LineDiscount, b: LineDiscount): boolean {
  return a.kind === b.kind && a.ref === b.ref;
}

/**
 * Where member prices and coupons plug in. Each discount replaces one of the same kind and ref on its
 * line (re-applying is idempotent); unknown line ids are ignored. A discount with rateBp has its amount
 * computed from the line amount (half up, see money.ts); discounts never exceed the line amount.
 */
export function applyLineDiscounts(
  cart: Cart,
  discounts: { lineId: string; discount: LineDiscount }[],
): Cart {
  for (const { discount } of discounts) {
    const valid =
      discount.rateBp !== undefined
        ? Number.isInteger(discount.rateBp) && discount.rateBp >= 0 && discount.rateBp <= 10_000
        : isFen(discount.amountFen);
    if (!valid) throw new RangeError(`invalid ${discount.kind} discount: ${JSON.stringify(discount)}`);
  }
  const lines = cart.lines.map((line) => {
    const mine = discounts.filter((d) => d.lineId === line.lineId).map((d) => d.discount);
    if (mine.length === 0) return line;
    let next = line.discounts.slice();
    for (const d of mine) next = [...next.filter((e) => !sameDiscount(e, d)), d];
    return repriced(line, next);
  });
  return { ...cart, lines };
}

/** Drops discounts of one kind (e.g. 'member' when the member is detached), or all of them. */
export function clearLineDiscounts(cart: Cart, kind?: LineDiscount['kind']): Cart {
  const lines = cart.lines.map((line) =>
    line.discounts.length === 0
      ? line
      : repriced(line, kind === undefined ? [] : line.discounts.filter((d) => d.kind !== kind)),
  );
  return { ...cart, lines };
}
