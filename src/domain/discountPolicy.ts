// Manual price changes at the till: a price override always needs a manager; a manual discount up to a limit
// of the line is the cashier's own call, beyond it a manager's. Both live on the line so member prices and
// coupons, derived again on every change, leave them alone (they only clear 'member' and 'coupon').
import { applyLineDiscounts, type Cart } from './cart';
import type { CartLine, Fen, LineDiscount } from './model';
import { discountForRateBp, weighedAmountFen } from './money';

/** A cashier may take up to 10% off a line alone (basis points of the line amount). */
export const MANUAL_DISCOUNT_LIMIT_BP = 1000;

const BP = 10_000;
/** The ref prefixes of the two manual kinds; the rest of the ref is the staff id who allowed it. */
export const PRICE_REF = 'price:';
export const DISCOUNT_REF = 'discount:';

export type ManualDiscountInput = { kind: 'percent'; percent: number } | { kind: 'amount'; amountFen: Fen };

export type ManualDiscountRefusal = 'noSuchLine' | 'badPercent' | 'badAmount';

/** The most a cashier may take off this line without a manager. */
export function manualDiscountLimitFen(line: Pick<CartLine, 'amountFen'>): Fen {
  return Math.floor((line.amountFen * MANUAL_DISCOUNT_LIMIT_BP) / BP);
}

/** The discount as it will sit on the line (ref filled in later) and what it takes off now. */
export function manualDiscountOf(
  line: Pick<CartLine, 'amountFen'>,
  input: ManualDiscountInput,
): { ok: true; discount: LineDiscount; offFen: Fen } | { ok: false; reason: ManualDiscountRefusal } {
  if (input.kind === 'percent') {
    const p = input.percent;
    // Whole or one-decimal percents (9.5% off), never all of it: a free line is a price override.
    if (!Number.isFinite(p) || p <= 0 || p >= 100 || Math.round(p * 100) !== p * 100)
      return { ok: false, reason: 'badPercent' };
    const rateBp = BP - Math.round(p * 100);
    return {
      ok: true,
      discount: { kind: 'manual', amountFen: 0, rateBp },
      offFen: discountForRateBp(line.amountFen, rateBp),
    };
  }
  const a = input.amountFen;
  if (!Number.isSafeInteger(a) || a <= 0 || a >= line.amountFen) return { ok: false, reason: 'badAmount' };
  return { ok: true, discount: { kind: 'manual', amountFen: a }, offFen: a };
}

export function discountNeedsApproval(line: Pick<CartLine, 'amountFen'>, offFen: Fen): boolean {
  return offFen > manualDiscountLimitFen(line);
}

/** Puts a manual discount on the line, replacing an earlier one; `staffId` allowed it (cashier or manager). */
export function withManualDiscount(
  cart: Cart,
  lineId: string,
  discount: LineDiscount,
  staffId: string,
): Cart {
  const cleared: Cart = {
    ...cart,
    lines: cart.lines.map((l) =>
      l.lineId === lineId
        ? {
            ...l,
            discounts: l.discounts.filter((d) => !(d.kind === 'manual' && d.ref?.startsWith(DISCOUNT_REF))),
          }
        : l,
    ),
  };
  return applyLineDiscounts(cleared, [
    { lineId, discount: { ...discount, ref: `${DISCOUNT_REF}${staffId}` } },
  ]);
}

export type PriceOverrideRefusal = 'noSuchLine' | 'labelledLine' | 'badPrice' | 'samePrice';

/**
 * Sets the line's unit price (per piece, or per kg on a weighed line) as a manager approved it. The line keeps a
 * zero 'manual' discount whose ref names the approver, so the sale carries who allowed the price. A label
 * price was printed by the scale: that line is voided and weighed again instead.
 */
export function overrideLinePrice(
  cart: Cart,
  lineId: string,
  unitPriceFen: Fen,
  approverId: string,
): { ok: true; cart: Cart } | { ok: false; reason: PriceOverrideRefusal } {
  const index = cart.lines.findIndex((l) => l.lineId === lineId);
  const line = cart.lines[index];
  if (!line) return { ok: false, reason: 'noSuchLine' };
  if (line.labelPriceFen !== undefined) return { ok: false, reason: 'labelledLine' };
  if (!Number.isSafeInteger(unitPriceFen) || unitPriceFen < 0) return { ok: false, reason: 'badPrice' };
  if (unitPriceFen === line.unitPriceFen) return { ok: false, reason: 'samePrice' };
  const amountFen =
    line.weightGrams !== undefined && line.unit === 'kg'
      ? weighedAmountFen(unitPriceFen, line.weightGrams)
      : unitPriceFen * line.qty;
  const marker: LineDiscount = { kind: 'manual', ref: `${PRICE_REF}${approverId}`, amountFen: 0 };
  const others = line.discounts.filter((d) => !(d.kind === 'manual' && d.ref?.startsWith(PRICE_REF)));
  const lines = cart.lines.slice();
  lines[index] = { ...line, unitPriceFen, amountFen, discounts: others };
  // applyLineDiscounts reprices the remaining discounts (a rate follows the new amount, fixed ones are capped).
  return { ok: true, cart: applyLineDiscounts({ ...cart, lines }, [{ lineId, discount: marker }]) };
}
