// Points lots: earned points expire by lot; redemptions draw from the lot that expires first.
import type { SaleCompletedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import { publishMember } from '../projections';
import type { Ctx } from './context';
import type { SaleUse } from './sale';
import { fenToPoints, pointsEarned } from '../../src/domain/membership/points';
import type { MemberRules } from '../../src/domain/membership/rules';
import { loadRules } from '../members';
import { PROOF_FAILURE_ZH, type ProofCheck, type ProofFailure } from './memberProof';

/** Points earned per sale lot stay valid for a year. */
export const LOT_DAYS = 365;

/** Redemptions use the points that expire first. */
export async function drawFromLots(tx: Queryable, memberId: string, points: number): Promise<void> {
  const lots = await tx.query<{ entry_id: string; remaining: number }>(
    `SELECT entry_id, remaining FROM points_lots WHERE member_id = $1 AND remaining > 0 AND expires_on >= current_date
      ORDER BY expires_on, entry_id FOR UPDATE`,
    [memberId],
  );
  let left = points;
  for (const lot of lots.rows) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    await tx.query(`UPDATE points_lots SET remaining = remaining - $2 WHERE entry_id = $1`, [
      lot.entry_id,
      take,
    ]);
    left -= take;
  }
}

/** Gives points back to the lots a redemption drew from: newest-expiring first is not tracked, so the latest lot. */
export async function returnToLots(tx: Queryable, memberId: string, points: number): Promise<void> {
  await tx.query(
    `UPDATE points_lots SET remaining = remaining + $2
      WHERE entry_id = (SELECT entry_id FROM points_lots WHERE member_id = $1 ORDER BY expires_on DESC, entry_id DESC LIMIT 1)`,
    [memberId, points],
  );
}

/** The points a sale earns and redeems by the CRM's own rules, and the till's figures beside them. */
export interface SalePointsFigures {
  earn: number;
  redeem: number;
  tillEarn: number;
  tillRedeem: number;
}

const SPENT_KINDS = new Set(['points', 'coupon']);

/**
 * What the sale earns by the CRM's rules (src/domain/membership, the same module the till uses) for the member's
 * tier, on what was actually paid: the points and coupon tenders are spread over the lines and earn nothing, and
 * lines the tenders do not cover (a sale whose lines claim more than was paid) earn nothing either. What it
 * redeems: the points that pay for its points tenders.
 */
export function computeSalePoints(
  sale: SaleCompletedPayload['sale'],
  tier: string,
  rules: MemberRules,
): { earn: number; redeem: number } {
  const nets = sale.lines.reduce((s, l) => s + Math.max(0, l.amountFen - l.discountFen), 0);
  let spent = 0;
  let money = 0;
  let redeem = 0;
  for (const t of sale.tenders) {
    if (SPENT_KINDS.has(t.kind)) spent += Math.max(0, t.amountFen);
    else money += Math.max(0, t.amountFen);
    if (t.kind === 'points') redeem += fenToPoints(t.amountFen, rules);
  }
  // Money covers due + rounding - spent; whatever of the lines it does not cover earns nothing.
  const uncovered = nets - (money - sale.roundingFen);
  const notEarning = Math.max(spent, uncovered);
  const earn = pointsEarned({ lines: sale.lines, tier, rules, pointsPaidFen: notEarning }).points;
  return { earn, redeem };
}

/**
 * Points earned and redeemed by a sale, once each (entry ids are unique forever). The CRM's figures are applied;
 * the till's are compared (a difference is an issue). Redeeming needs the member's proof; without it nothing is
 * taken and a manager sees why. The member is the sale's; a points intent naming anyone else changes nothing.
 */
export async function salePoints(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
  thisUse: SaleUse,
  proof: ProofCheck,
): Promise<string[]> {
  const sale = p.sale;
  const pts = p.points;
  const issues: string[] = [];
  const memberId = sale.memberId;
  const tillEarn = pts?.earn ?? 0;
  const tillRedeem = pts?.redeem ?? 0;
  const pointsTendered = sale.tenders.some((t) => t.kind === 'points' && t.amountFen > 0);
  if (!memberId) {
    // No member on the sale: nothing to earn, and nobody's points to spend.
    if (tillRedeem > 0 || pointsTendered)
      issues.push(await proofIssue(tx, ctx, p, thisUse, pts?.memberId ?? '', 'noMember', tillRedeem));
    if (tillEarn > 0) issues.push(await earnIssue(tx, ctx, p, thisUse, pts!.memberId, 0, tillEarn));
    return issues;
  }
  const member = await tx.query<{ points_balance: number; tier: string }>(
    `SELECT points_balance, tier FROM members WHERE id = $1 FOR UPDATE`,
    [memberId],
  );
  if (!member.rows[0]) {
    return [
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'member.unknown',
        title: `销售 ${sale.receiptNo} 的会员不存在`,
        subjectId: memberId,
        refs: [thisUse],
        dedupKey: `member-unknown:${memberId}:${sale.id}`,
      }),
    ];
  }
  const rules = await loadRules(tx);
  const crm = computeSalePoints(sale, member.rows[0].tier, rules);
  const sameMember = !pts || pts.memberId === memberId;
  // No points intent (an older till, a sale it did not price for points): nothing to compare.
  if (pts && (crm.earn !== tillEarn || !sameMember))
    issues.push(await earnIssue(tx, ctx, p, thisUse, memberId, crm.earn, tillEarn));

  let delta = 0;
  if (crm.earn > 0) {
    const entryId = (sameMember ? pts?.earnEntryId : undefined) ?? `${ctx.m.mutationId}:earn`;
    const e = await tx.query(
      `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'earn', $4, $5)
       ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
      [entryId, memberId, crm.earn, ctx.m.mutationId, sale.id],
    );
    if (e.rows.length > 0) {
      delta += crm.earn;
      await tx.query(
        `INSERT INTO points_lots (entry_id, member_id, points, remaining, expires_on) VALUES ($1, $2, $3, $3, $4::date + $5::int)`,
        [entryId, memberId, crm.earn, sale.businessDate, LOT_DAYS],
      );
    }
  }
  const redeem = Math.max(crm.redeem, tillRedeem);
  if (redeem > 0) {
    if (!proof.ok) {
      issues.push(await proofIssue(tx, ctx, p, thisUse, memberId, proof.reason, redeem));
    } else {
      if (crm.redeem !== tillRedeem || !sameMember)
        issues.push(
          await earnIssue(tx, ctx, p, thisUse, memberId, crm.earn, tillEarn, crm.redeem, tillRedeem),
        );
      if (crm.redeem > 0) {
        const entryId = (sameMember ? pts?.redeemEntryId : undefined) ?? `${ctx.m.mutationId}:redeem`;
        const e = await tx.query(
          `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'redeem', $4, $5)
           ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
          [entryId, memberId, -crm.redeem, ctx.m.mutationId, sale.id],
        );
        if (e.rows.length > 0) {
          delta -= crm.redeem;
          await drawFromLots(tx, memberId, crm.redeem);
        }
      }
    }
  }
  if (delta === 0) return issues;
  const updated = await tx.query<{ points_balance: number }>(
    `UPDATE members SET points_balance = points_balance + $2 WHERE id = $1 RETURNING points_balance`,
    [memberId, delta],
  );
  await publishMember(tx, memberId);
  const balance = updated.rows[0]!.points_balance;
  if (balance >= 0) return issues;
  issues.push(
    await raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'points.negative',
      title: `会员积分变为负数（${balance}）`,
      subjectId: memberId,
      refs: [{ ...thisUse, amountFen: 0 }],
      dedupKey: `points-negative:${memberId}:${sale.id}`,
    }),
  );
  return issues;
}

async function earnIssue(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
  thisUse: SaleUse,
  memberId: string,
  earn: number,
  tillEarn: number,
  redeem?: number,
  tillRedeem?: number,
): Promise<string> {
  const what =
    redeem !== undefined
      ? `使用积分：终端 ${tillRedeem ?? 0}，总部 ${redeem}`
      : `积分：终端 ${tillEarn}，总部 ${earn}`;
  return raiseIssue(tx, {
    storeId: ctx.storeId,
    kind: 'points.earnMismatch',
    title: `销售 ${p.sale.receiptNo} 的${what}（以总部为准）`,
    subjectId: memberId || p.sale.id,
    refs: [{ ...thisUse, amountFen: p.sale.totals.dueFen }],
    dedupKey: `points-mismatch:${redeem !== undefined ? 'redeem' : 'earn'}:${p.sale.id}`,
  });
}

async function proofIssue(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
  thisUse: SaleUse,
  memberId: string,
  reason: ProofFailure,
  points: number,
): Promise<string> {
  return raiseIssue(tx, {
    storeId: ctx.storeId,
    kind: 'member.proofInvalid',
    title: `销售 ${p.sale.receiptNo} 使用积分 ${points} 未扣除：${PROOF_FAILURE_ZH[reason]}`,
    subjectId: memberId || p.sale.id,
    refs: [{ ...thisUse, amountFen: pointsTenderFen(p.sale) }],
    dedupKey: `proof-points:${p.sale.id}`,
  });
}

function pointsTenderFen(sale: SaleCompletedPayload['sale']): number {
  return sale.tenders.filter((t) => t.kind === 'points').reduce((s, t) => s + t.amountFen, 0);
}
