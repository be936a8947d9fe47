// Points: earned on what the customer actually paid (after member prices and coupons, without the part paid
// with points), redeemed as a tender within the CRM's limits. All integer arithmetic, floors where the
// customer's points are concerned so a sale never creates points out of rounding.
import type { CartLine, Fen } from '../model';
import { allocate, BP, tierOf, type MemberRules } from './rules';

const netOf = (l: CartLine): Fen => Math.max(0, l.amountFen - l.discountFen);

export interface EarnBreakdown {
  points: number;
  /** What earned points: the eligible lines' net minus their share of the points tender. */
  earningFen: Fen;
}

/**
 * Points a sale earns. The points tender is spread over all lines in proportion to their net amount (each
 * line was paid partly with points), so no line earns on its points-paid share; excluded categories earn
 * nothing. points = floor(Σ paid × base × tier multiplier × category multiplier / (100 fen × BP × BP)).
 */
export function pointsEarned(args: {
  lines: readonly CartLine[];
  tier: string;
  rules: MemberRules;
  pointsPaidFen: Fen;
}): EarnBreakdown {
  const { lines, rules } = args;
  const nets = lines.map(netOf);
  const byPoints = allocate(Math.max(0, args.pointsPaidFen), nets);
  const tierBp = BigInt(tierOf(rules, args.tier)?.earnMultiplierBp ?? BP);
  const base = BigInt(Math.max(0, rules.earn.pointsPerYuan));
  const excluded = new Set(rules.earn.excludedCategories);
  let numerator = 0n;
  let earningFen = 0;
  lines.forEach((l, i) => {
    if (excluded.has(l.categoryId)) return;
    const paid = nets[i]! - byPoints[i]!;
    if (paid <= 0) return;
    const catBp =
      rules.earn.categoryMultipliers.find((c) => c.categoryId === l.categoryId)?.multiplierBp ?? BP;
    numerator += BigInt(paid) * base * tierBp * BigInt(catBp);
    earningFen += paid;
  });
  const points = Number(numerator / (100n * BigInt(BP) * BigInt(BP)));
  return { points, earningFen };
}

/** What `points` are worth, floored to the fen. */
export function pointsToFen(points: number, rules: MemberRules): Fen {
  const rate = Math.max(1, rules.redeem.pointsPerYuan);
  return Math.floor((Math.max(0, points) * 100) / rate);
}

/** The fewest points worth at least `fen`. */
export function fenToPoints(fen: Fen, rules: MemberRules): number {
  const rate = Math.max(1, rules.redeem.pointsPerYuan);
  return Math.ceil((Math.max(0, fen) * rate) / 100);
}

export type RedeemRefusal = 'noBalance' | 'belowMinimum' | 'nothingDue' | 'overLimit' | 'overOfflineCap';

export interface RedeemLimits {
  /** Most points this sale may take now. */
  maxPoints: number;
  minPoints: number;
  /** Which limit set maxPoints (for the cashier's message). */
  limitedBy: 'balance' | 'saleShare' | 'perSale' | 'offlineCap' | 'remaining';
}

/**
 * How many points may pay for this sale now: the balance (provisional offline), the share of the sale points
 * may pay, the per-sale maximum, what is still owed, and offline the cap; minus points already tendered.
 */
export function redeemLimits(args: {
  balance: number;
  saleDueFen: Fen;
  remainingFen: Fen;
  alreadyPoints: number;
  offline: boolean;
  rules: MemberRules;
}): RedeemLimits {
  const r = args.rules.redeem;
  const rate = Math.max(1, r.pointsPerYuan);
  // Points whose value fits within `fen` (never worth more than it).
  const within = (fen: Fen) => Math.floor((Math.max(0, fen) * rate) / 100);
  const shareFen = Number((BigInt(Math.max(0, args.saleDueFen)) * BigInt(r.maxRateBp)) / BigInt(BP));
  const candidates: [number, RedeemLimits['limitedBy']][] = [
    [args.balance - args.alreadyPoints, 'balance'],
    [within(shareFen) - args.alreadyPoints, 'saleShare'],
    [r.maxPointsPerSale - args.alreadyPoints, 'perSale'],
    [within(args.remainingFen), 'remaining'],
  ];
  if (args.offline) candidates.push([r.offlineCapPoints - args.alreadyPoints, 'offlineCap']);
  let best = candidates[0]!;
  for (const c of candidates) if (c[0] < best[0]) best = c;
  return { maxPoints: Math.max(0, best[0]), minPoints: r.minPoints, limitedBy: best[1] };
}

export type RedeemQuote =
  { ok: true; points: number; amountFen: Fen } | { ok: false; reason: RedeemRefusal; limits: RedeemLimits };

/**
 * `requested` points as a tender: worth floor(points × 100 / rate) fen, and only the points that value needs
 * are taken (a rate of 150 points per yuan never charges a point that buys no fen).
 */
export function quoteRedemption(
  args: Parameters<typeof redeemLimits>[0] & { requested: number },
): RedeemQuote {
  const limits = redeemLimits(args);
  const { requested, rules } = args;
  if (args.remainingFen <= 0) return { ok: false, reason: 'nothingDue', limits };
  if (args.balance - args.alreadyPoints <= 0) return { ok: false, reason: 'noBalance', limits };
  if (!Number.isSafeInteger(requested) || requested < Math.max(1, limits.minPoints))
    return { ok: false, reason: 'belowMinimum', limits };
  if (requested > limits.maxPoints)
    return { ok: false, reason: limits.limitedBy === 'offlineCap' ? 'overOfflineCap' : 'overLimit', limits };
  const amountFen = pointsToFen(requested, rules);
  if (amountFen <= 0) return { ok: false, reason: 'belowMinimum', limits };
  return { ok: true, points: fenToPoints(amountFen, rules), amountFen };
}
