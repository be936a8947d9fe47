// Coupons at the till: whether one may be used on this sale now, and what it takes off which lines. A coupon's
// amount is spread over the lines in its scope in proportion to what they still cost, so a refund of one line
// gives back exactly that line's share, and no line ever goes below zero.
import type { BusinessDate, CartLine, Fen } from '../model';
import { allocate, BP, type MemberRules } from './rules';

export interface CouponTerms {
  id: string;
  code: string;
  title: string;
  /** Absent: anyone may use it (a printed flyer). */
  memberId?: string;
  kind: 'amount' | 'percent';
  valueFen?: Fen;
  /** What is left to pay, 9500 = 95折. */
  rateBp?: number;
  /** Spent in scope (after member prices) before the coupon applies. */
  minSpendFen: Fen;
  validFrom: BusinessDate;
  validTo: BusinessDate;
  state: 'issued' | 'used' | 'expired' | 'void';
  /** Empty: every category. */
  categoryIds: string[];
  /** May be used against an offline (unconfirmed) state; otherwise only while the CRM answers. */
  offlineAllowed: boolean;
  /** May be combined with other coupons on one sale. */
  stackable: boolean;
  /** Anyone holding it may use it; otherwise spending it needs the member's scanned code (issue 15). */
  bearer?: boolean;
}

export type CouponRefusal =
  | 'notIssued'
  | 'notYetValid'
  | 'expired'
  | 'otherMember'
  | 'alreadyApplied'
  | 'notStackable'
  | 'tooMany'
  | 'onlineOnly'
  | 'outOfScope'
  | 'belowThreshold';

export interface CouponContext {
  today: BusinessDate;
  memberId: string | undefined;
  online: boolean;
  /** Coupons already on the sale, in the order applied. */
  applied: readonly CouponTerms[];
  rules: Pick<MemberRules, 'coupons'>;
}

const netOf = (l: CartLine): Fen => Math.max(0, l.amountFen - l.discountFen);

export function inScope(coupon: Pick<CouponTerms, 'categoryIds'>, line: CartLine): boolean {
  return coupon.categoryIds.length === 0 || coupon.categoryIds.includes(line.categoryId);
}

/** What the lines in the coupon's scope still cost. */
export function scopedNetFen(coupon: Pick<CouponTerms, 'categoryIds'>, lines: readonly CartLine[]): Fen {
  return lines.reduce((s, l) => s + (inScope(coupon, l) ? netOf(l) : 0), 0);
}

/** The checks that do not depend on the lines: state, dates, owner, stacking, online policy. */
export function couponStaticRefusal(c: CouponTerms, ctx: CouponContext): CouponRefusal | null {
  if (c.state !== 'issued') return c.state === 'expired' ? 'expired' : 'notIssued';
  if (ctx.today < c.validFrom) return 'notYetValid';
  if (ctx.today > c.validTo) return 'expired';
  if (c.memberId !== undefined && c.memberId !== ctx.memberId) return 'otherMember';
  if (ctx.applied.some((a) => a.id === c.id)) return 'alreadyApplied';
  if (ctx.applied.length > 0 && !(c.stackable && ctx.applied.every((a) => a.stackable)))
    return 'notStackable';
  if (!c.stackable && ctx.applied.length >= ctx.rules.coupons.maxPerSale) return 'tooMany';
  if (!ctx.online && !c.offlineAllowed) return 'onlineOnly';
  return null;
}

/** Every check, the lines' included: scope and threshold. */
export function couponRefusal(
  c: CouponTerms,
  lines: readonly CartLine[],
  ctx: CouponContext,
): CouponRefusal | null {
  const r = couponStaticRefusal(c, ctx);
  if (r) return r;
  return linesRefusal(c, lines);
}

export function linesRefusal(c: CouponTerms, lines: readonly CartLine[]): CouponRefusal | null {
  const scoped = lines.filter((l) => inScope(c, l) && netOf(l) > 0);
  if (scoped.length === 0) return 'outOfScope';
  if (scopedNetFen(c, lines) < c.minSpendFen) return 'belowThreshold';
  return null;
}

/**
 * What the coupon takes off each line (only lines with something to take): an amount coupon spread in
 * proportion to the scoped lines' net amounts, capped at their sum; a percent coupon per line, half up.
 */
export function couponLineAmounts(
  c: CouponTerms,
  lines: readonly CartLine[],
): { lineId: string; amountFen: Fen }[] {
  const scoped = lines.filter((l) => inScope(c, l) && netOf(l) > 0);
  let parts: number[];
  if (c.kind === 'amount') {
    parts = allocate(Math.max(0, c.valueFen ?? 0), scoped.map(netOf));
  } else {
    const rate = Math.min(BP, Math.max(0, c.rateBp ?? BP));
    // Off the whole scope at once, then spread: the total is one half-up rounding, not one per line.
    const total = scoped.reduce((s, l) => s + netOf(l), 0);
    const off = total - Number((BigInt(total) * BigInt(rate) + BigInt(BP / 2)) / BigInt(BP));
    parts = allocate(off, scoped.map(netOf));
  }
  return scoped.map((l, i) => ({ lineId: l.lineId, amountFen: parts[i]! })).filter((p) => p.amountFen > 0);
}
