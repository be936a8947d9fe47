// The CRM's membership rules as the till applies them: tier prices per category, how points are earned and
// redeemed, how coupons combine. Pure data; the CRM owns the values (member_rules and friends) and the till
// caches them with the signing keys.
import type { Fen } from '../model';

export interface TierRule {
  code: string;
  name: string;
  rank: number;
  /** Member price as basis points of the list price (9500 = 95折), unless a category says otherwise. */
  discountBp: number;
  /** Points multiplier of the tier on the base rate (15000 = 1.5x). */
  earnMultiplierBp: number;
  /** Spend over the last 12 months that reaches this tier (absent for the entry tier). */
  upgradeSpendFen?: Fen;
}

export interface MemberRules {
  tiers: TierRule[];
  /** A tier's price for one category, overriding the tier's discountBp there. */
  categoryDiscounts: { tier: string; categoryId: string; discountBp: number }[];
  earn: {
    /** Base points per whole yuan paid (before multipliers). */
    pointsPerYuan: number;
    categoryMultipliers: { categoryId: string; multiplierBp: number }[];
    /** Categories that earn nothing (tobacco, gift cards, infant formula by law...). */
    excludedCategories: string[];
  };
  redeem: {
    /** Points worth one yuan (100 = 1 point per fen). */
    pointsPerYuan: number;
    /** Smallest redemption per sale. */
    minPoints: number;
    /** Most of a sale that points may pay, in basis points of the amount due. */
    maxRateBp: number;
    maxPointsPerSale: number;
    /** Most points redeemed per sale against a provisional (offline) balance. */
    offlineCapPoints: number;
  };
  coupons: {
    /** Coupons per sale when none of them is stackable. */
    maxPerSale: number;
  };
  /** Life of a dynamic member QR token, seconds. */
  tokenTtlS: number;
  /** How long a member looked up online may be used offline, seconds. */
  memberCacheTtlS: number;
}

export const BP = 10_000;

export function tierOf(rules: MemberRules, code: string): TierRule | undefined {
  return rules.tiers.find((t) => t.code === code);
}

/** The tier after `code` by rank, or undefined at the top. */
export function nextTierOf(rules: MemberRules, code: string): TierRule | undefined {
  const current = tierOf(rules, code);
  if (!current) return undefined;
  return [...rules.tiers].sort((a, b) => a.rank - b.rank).find((t) => t.rank > current.rank);
}

/** The member price rate for one line: the category's rule for the tier, else the tier's. */
export function memberRateBp(rules: MemberRules, tier: string, categoryId: string): number {
  const special = rules.categoryDiscounts.find((d) => d.tier === tier && d.categoryId === categoryId);
  if (special) return special.discountBp;
  return tierOf(rules, tier)?.discountBp ?? BP;
}

/**
 * Splits `total` over `weights` in proportion, exactly: the parts are integers summing to min(total, Σweights),
 * none above its weight (largest remainder, ties to the earlier index).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  const take = Math.max(0, Math.min(total, sum));
  if (take === 0 || sum === 0) return weights.map(() => 0);
  const bigTake = BigInt(take);
  const bigSum = BigInt(sum);
  const parts = weights.map((w) => Number((BigInt(Math.max(0, w)) * bigTake) / bigSum));
  const rema = weights.map((w, i) => ({
    i,
    r: (BigInt(Math.max(0, w)) * bigTake) % bigSum,
  }));
  let left = take - parts.reduce((s, p) => s + p, 0);
  rema.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rema) {
    if (left === 0) break;
    if (parts[i]! < Math.max(0, weights[i]!)) {
      parts[i]! += 1;
      left--;
    }
  }
  return parts;
}
