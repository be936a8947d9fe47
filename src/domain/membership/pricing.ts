// The member's prices and coupons on a cart, derived from scratch on every change (scan, quantity, void,
// member attached, coupon applied), so a line's discounts always match its current quantity and nothing is
// applied twice. Member price first (a rate per line), then coupons in the order applied.
import { applyLineDiscounts, clearLineDiscounts, type Cart } from '../cart';
import type { CartLine } from '../model';
import { couponLineAmounts, linesRefusal, type CouponRefusal, type CouponTerms } from './coupons';
import { BP, memberRateBp, type MemberRules } from './rules';

export interface CartPricing {
  memberId: string;
  tier: string;
  rules: MemberRules;
}

export interface PricedCart {
  cart: Cart;
  /** Coupons that no longer fit the lines (a line was voided under the threshold): taken off the sale. */
  dropped: { coupon: CouponTerms; reason: CouponRefusal }[];
  /** The coupons in effect, with what each takes off in total. */
  coupons: { coupon: CouponTerms; discountFen: number }[];
}

export function priceCart(
  cart: Cart,
  pricing: CartPricing | null,
  coupons: readonly CouponTerms[] = [],
): PricedCart {
  let next = clearLineDiscounts(clearLineDiscounts(cart, 'coupon'), 'member');
  if (pricing) {
    const member = next.lines.flatMap((l: CartLine) => {
      const rateBp = memberRateBp(pricing.rules, pricing.tier, l.categoryId);
      return rateBp < BP
        ? [
            {
              lineId: l.lineId,
              discount: { kind: 'member' as const, ref: pricing.tier, amountFen: 0, rateBp },
            },
          ]
        : [];
    });
    if (member.length) next = applyLineDiscounts(next, member);
  }
  const dropped: PricedCart['dropped'] = [];
  const used: PricedCart['coupons'] = [];
  for (const coupon of coupons) {
    const refusal = linesRefusal(coupon, next.lines);
    if (refusal) {
      dropped.push({ coupon, reason: refusal });
      continue;
    }
    const parts = couponLineAmounts(coupon, next.lines);
    next = applyLineDiscounts(
      next,
      parts.map((p) => ({
        lineId: p.lineId,
        discount: { kind: 'coupon' as const, ref: coupon.id, amountFen: p.amountFen },
      })),
    );
    used.push({ coupon, discountFen: parts.reduce((s, p) => s + p.amountFen, 0) });
  }
  const withMember: Cart = { ...next };
  if (pricing) withMember.memberId = pricing.memberId;
  else delete withMember.memberId;
  return { cart: withMember, dropped, coupons: used };
}
