// Points lots: earned points expire by lot; redemptions draw from the lot that expires first.
import type { SaleCompletedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import { publishMember } from '../projections';
import type { Ctx } from './context';
import type { SaleUse } from './sale';

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

/** Points earned and redeemed by a sale, once each (entry ids are unique forever). */
export async function salePoints(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
  thisUse: SaleUse,
): Promise<string[]> {
  const pts = p.points!;
  const member = await tx.query<{ points_balance: number }>(
    `SELECT points_balance FROM members WHERE id = $1 FOR UPDATE`,
    [pts.memberId],
  );
  if (!member.rows[0]) {
    return [
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'member.unknown',
        title: `销售 ${p.sale.receiptNo} 的会员不存在`,
        subjectId: pts.memberId,
        refs: [thisUse],
        dedupKey: `member-unknown:${pts.memberId}:${p.sale.id}`,
      }),
    ];
  }
  let delta = 0;
  if (pts.earn > 0) {
    const entryId = pts.earnEntryId ?? `${ctx.m.mutationId}:earn`;
    const e = await tx.query(
      `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'earn', $4, $5)
       ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
      [entryId, pts.memberId, pts.earn, ctx.m.mutationId, p.sale.id],
    );
    if (e.rows.length > 0) {
      delta += pts.earn;
      await tx.query(
        `INSERT INTO points_lots (entry_id, member_id, points, remaining, expires_on) VALUES ($1, $2, $3, $3, $4::date + $5::int)`,
        [entryId, pts.memberId, pts.earn, p.sale.businessDate, LOT_DAYS],
      );
    }
  }
  if (pts.redeem > 0) {
    const entryId = pts.redeemEntryId ?? `${ctx.m.mutationId}:redeem`;
    const e = await tx.query(
      `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'redeem', $4, $5)
       ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
      [entryId, pts.memberId, -pts.redeem, ctx.m.mutationId, p.sale.id],
    );
    if (e.rows.length > 0) {
      delta -= pts.redeem;
      await drawFromLots(tx, pts.memberId, pts.redeem);
    }
  }
  const updated = await tx.query<{ points_balance: number }>(
    `UPDATE members SET points_balance = points_balance + $2 WHERE id = $1 RETURNING points_balance`,
    [pts.memberId, delta],
  );
  await publishMember(tx, pts.memberId);
  const balance = updated.rows[0]!.points_balance;
  if (balance >= 0) return [];
  return [
    await raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'points.negative',
      title: `会员积分变为负数（${balance}）`,
      subjectId: pts.memberId,
      refs: [{ ...thisUse, amountFen: 0 }],
      dedupKey: `points-negative:${pts.memberId}:${p.sale.id}`,
    }),
  ];
}
