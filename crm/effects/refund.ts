// refund.completed at the CRM: never more than the sale, and the points and coupons a refund moves are the CRM's
// own figures, computed from the original sale it holds (issue 15): points the sale earned are taken back in
// proportion to the money refunded, points it redeemed come back with the points tender's share, coupons come
// back only with a full refund and only those the sale really used; never more than the sale moved minus what
// earlier refunds already moved. The till's figures are compared, a difference is an issue. A refund of an
// unknown sale moves nothing; one of another store's sale needs the chain policy (chain_settings).
import type { RefundCompletedPayload } from '../../src/shared/crm';
import { mulDivRoundHalfUp } from '../../src/domain/money';
import { publishCoupon, publishMember } from '../projections';
import { drawFromLots, returnToLots } from './points';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import type { Ctx } from './context';
import { refundApproval } from '../approvals';

export type CrossStoreRefunds = 'allow' | 'deny';

/** The chain's policy for refunding another store's sale ('allow' unless set otherwise). */
export async function crossStoreRefunds(tx: Queryable): Promise<CrossStoreRefunds> {
  const r = await tx.query<{ value: unknown }>(
    `SELECT value FROM chain_settings WHERE key = 'refunds.crossStore'`,
  );
  return r.rows[0]?.value === 'deny' ? 'deny' : 'allow';
}

interface OriginalSale {
  store_id: string;
  status: string;
  member_id: string | null;
  due_fen: number;
  rounding_fen: number;
  body: { tenders: { kind: string; amountFen: number }[] };
}

export async function refundCompleted(
  tx: Queryable,
  ctx: Ctx,
  p: RefundCompletedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.refundId) return 'entity-mismatch';
  const orig = await tx.query<OriginalSale>(
    `SELECT store_id, status, member_id, due_fen, rounding_fen, body FROM sales WHERE id = $1 FOR UPDATE`,
    [p.originalSaleId],
  );
  const sale = orig.rows[0];
  const ins = await tx.query(
    `INSERT INTO refunds (id, original_sale_id, store_id, terminal_id, receipt_no, total_fen, staff_id, mutation_id, body,
                          shift_id, business_date, original_store_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      p.refundId,
      p.originalSaleId,
      ctx.storeId,
      ctx.terminalId,
      p.receiptNo,
      p.totalFen,
      p.staffId,
      ctx.m.mutationId,
      JSON.stringify(p),
      p.shiftId ?? null,
      p.businessDate ?? p.createdAt.slice(0, 10),
      sale?.store_id ?? null,
    ],
  );
  if (ins.rows.length === 0) return 'duplicate';
  const issues: string[] = [];
  const ref = {
    saleId: p.originalSaleId,
    receiptNo: p.receiptNo,
    terminalId: ctx.terminalId,
    staffId: p.staffId,
    amountFen: p.totalFen,
    at: p.createdAt,
  };
  const claimed = (p.pointsReversal?.points ?? 0) + (p.pointsRestore?.points ?? 0);
  if (!sale) {
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'refund.unknownSale',
        title:
          `退货 ${p.receiptNo} 的原销售 ${p.originalReceiptNo} 在总部不存在` +
          (claimed > 0 || p.couponsRestored.length > 0 ? '，积分与优惠券未变动' : ''),
        subjectId: p.refundId,
        refs: [ref],
        dedupKey: `refund-unknown:${p.refundId}`,
      }),
    );
    return issues;
  }
  if (sale.store_id !== ctx.storeId && (await crossStoreRefunds(tx)) === 'deny') {
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'refund.otherStore',
        title: `退货 ${p.receiptNo} 的原销售属于门店 ${sale.store_id}，连锁政策不允许跨店退货，积分与优惠券未变动`,
        subjectId: p.refundId,
        refs: [ref, { saleId: p.originalSaleId, receiptNo: p.originalReceiptNo }],
        dedupKey: `refund-other-store:${p.refundId}`,
      }),
    );
    return issues;
  }

  const paid = sale.due_fen + sale.rounding_fen;
  const before = await priorRefunds(tx, p);
  if (before.total + p.totalFen > paid)
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'refund.exceedsSale',
        title: `销售 ${p.originalReceiptNo} 的退款超过原金额`,
        subjectId: p.originalSaleId,
        refs: [ref, { saleId: p.originalSaleId, receiptNo: p.originalReceiptNo, amountFen: paid }],
        dedupKey: `refund-exceeds:${p.refundId}`,
      }),
    );

  // No valid approval: the refund row stays, its points and coupon effects wait (decision 0040).
  const approval = await refundApproval(tx, ctx, p);
  issues.push(...approval.issues);
  if (approval.held) return issues;

  issues.push(...(await refundEffects(tx, ctx, p, sale, paid, before, ref)));
  return issues;
}

type RefundRef = {
  saleId: string;
  receiptNo: string;
  terminalId: string;
  staffId: string;
  amountFen: number;
  at: string;
};

/**
 * The points and coupons a refund moves (the CRM's own figures): applied on arrival, or when a manager releases a
 * refund held for want of a verifiable approval (releaseHeldRefund).
 */
async function refundEffects(
  tx: Queryable,
  ctx: Ctx,
  p: RefundCompletedPayload,
  sale: OriginalSale,
  paid: number,
  before: { total: number; reversed: number; restored: number; pointsShare: number },
  ref: RefundRef,
): Promise<string[]> {
  const issues: string[] = [];
  // What the sale moved, as the CRM applied it (a voided sale was already reversed by its void).
  const moved = await tx.query<{ kind: string; member_id: string; total: number }>(
    `SELECT kind, member_id, coalesce(sum(delta), 0)::bigint AS total FROM points_ledger
      WHERE sale_id = $1 AND kind IN ('earn', 'redeem') GROUP BY kind, member_id`,
    [p.originalSaleId],
  );
  const voided = sale.status === 'voided';
  const memberId = sale.member_id;
  const of = (kind: string) =>
    voided || !memberId
      ? 0
      : Math.abs(Number(moved.rows.find((r) => r.kind === kind && r.member_id === memberId)?.total ?? 0));
  const earned = of('earn');
  const redeemed = of('redeem');

  const cumTotal = Math.min(paid, before.total + p.totalFen);
  const full = paid <= 0 || cumTotal >= paid;
  const reverseTarget = full ? earned : mulDivRoundHalfUp(earned, Math.max(0, cumTotal), paid);
  const reverse = clamp(reverseTarget - before.reversed, 0, earned - before.reversed);
  const pointsTenderFen = sale.body.tenders
    .filter((t) => t.kind === 'points')
    .reduce((s, t) => s + Math.max(0, t.amountFen), 0);
  const thisShare = Math.min(
    p.totalFen,
    p.tenders.filter((t) => t.kind === 'points').reduce((s, t) => s + t.amountFen, 0),
  );
  const cumShare = Math.min(pointsTenderFen, before.pointsShare + thisShare);
  const restoreTarget = full
    ? redeemed
    : pointsTenderFen > 0
      ? mulDivRoundHalfUp(redeemed, cumShare, pointsTenderFen)
      : 0;
  const restore = clamp(restoreTarget - before.restored, 0, redeemed - before.restored);

  const tillReverse = p.pointsReversal?.points ?? 0;
  const tillRestore = p.pointsRestore?.points ?? 0;
  const wrongMember =
    (p.pointsReversal && p.pointsReversal.points > 0 && p.pointsReversal.memberId !== memberId) ||
    (p.pointsRestore && p.pointsRestore.points > 0 && p.pointsRestore.memberId !== memberId);
  if (tillReverse !== reverse || tillRestore !== restore || wrongMember)
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'refund.pointsMismatch',
        title:
          `退货 ${p.receiptNo} 的积分与原销售不符（扣回：终端 ${tillReverse}，总部 ${reverse}；` +
          `返还：终端 ${tillRestore}，总部 ${restore}，以总部为准）`,
        subjectId: p.refundId,
        refs: [ref],
        dedupKey: `refund-points:${p.refundId}`,
      }),
    );

  if (memberId && (reverse > 0 || restore > 0)) {
    await tx.query(`SELECT 1 FROM members WHERE id = $1 FOR UPDATE`, [memberId]);
    if (reverse > 0) {
      await ledgerEntry(tx, ctx, p, p.pointsReversal?.entryId, 'reverse', memberId, -reverse);
      await drawFromLots(tx, memberId, reverse);
    }
    if (restore > 0) {
      // Points the sale redeemed come back with the refund: a positive reversal, into the latest lot.
      await ledgerEntry(tx, ctx, p, p.pointsRestore?.entryId, 'restore', memberId, restore);
      await returnToLots(tx, memberId, restore);
    }
    const b = await tx.query<{ points_balance: number }>(
      `UPDATE members SET points_balance = points_balance + $2 WHERE id = $1 RETURNING points_balance`,
      [memberId, restore - reverse],
    );
    await tx.query(`UPDATE refunds SET points_reversed = $2, points_restored = $3 WHERE id = $1`, [
      p.refundId,
      reverse,
      restore,
    ]);
    await publishMember(tx, memberId);
    const balance = Number(b.rows[0]?.points_balance ?? 0);
    if (balance < 0)
      issues.push(
        await raiseIssue(tx, {
          storeId: ctx.storeId,
          kind: 'points.negative',
          title: `退货 ${p.receiptNo} 后会员积分为负（${balance}）`,
          subjectId: memberId,
          refs: [ref],
          dedupKey: `points-negative:${memberId}:refund:${p.refundId}`,
        }),
      );
  }
  // Coupons come back with a full refund only, and only those this very sale used (one already given back or
  // used again stays as it is).
  if (full && !voided)
    for (const couponId of p.couponsRestored) {
      const c = await tx.query<{ id: string }>(
        `UPDATE coupons SET state = 'issued', used_sale_id = NULL, used_mutation_id = NULL
          WHERE (id = $1 OR code = $1) AND state = 'used' AND used_sale_id = $2 RETURNING id`,
        [couponId, p.originalSaleId],
      );
      if (c.rows[0]) await publishCoupon(tx, c.rows[0].id);
    }
  return issues;
}

/**
 * A manager released a refund held for want of a verifiable approval (issue action releaseEffects on its
 * approval.missing / approval.invalid issue): its points and coupons move now, once (the approval column says so).
 */
export async function releaseHeldRefund(tx: Queryable, refundId: string): Promise<string[]> {
  const r = await tx.query<{
    store_id: string;
    terminal_id: string;
    mutation_id: string;
    body: RefundCompletedPayload;
  }>(
    `UPDATE refunds SET approval = 'released' WHERE id = $1 AND approval IN ('missing', 'invalid')
     RETURNING store_id, terminal_id, mutation_id, body`,
    [refundId],
  );
  const row = r.rows[0];
  if (!row) return [];
  const p = row.body;
  const orig = await tx.query<OriginalSale>(
    `SELECT store_id, status, member_id, due_fen, rounding_fen, body FROM sales WHERE id = $1 FOR UPDATE`,
    [p.originalSaleId],
  );
  const sale = orig.rows[0];
  if (!sale) return [];
  const prior = await priorRefunds(tx, p);
  const parts = row.mutation_id.split('.');
  const ctx: Ctx = {
    storeId: row.store_id,
    terminalId: row.terminal_id,
    epoch: Number(parts[2] ?? 1),
    repairedPaths: [],
    m: {
      seq: Number(parts[3] ?? 1),
      mutationId: row.mutation_id,
      type: 'refund.completed',
      entityId: refundId,
      payload: p,
      payloadHash: '0'.repeat(64),
      createdAt: p.createdAt,
    },
  };
  const ref: RefundRef = {
    saleId: p.originalSaleId,
    receiptNo: p.receiptNo,
    terminalId: row.terminal_id,
    staffId: p.staffId,
    amountFen: p.totalFen,
    at: p.createdAt,
  };
  return refundEffects(tx, ctx, p, sale, sale.due_fen + sale.rounding_fen, prior, ref);
}

/** A 'reverse' ledger entry under the till's entry id, or the CRM's own when that id is taken already. */
async function ledgerEntry(
  tx: Queryable,
  ctx: Ctx,
  p: RefundCompletedPayload,
  tillEntryId: string | undefined,
  suffix: string,
  memberId: string,
  delta: number,
): Promise<void> {
  for (const entryId of [tillEntryId, `${ctx.m.mutationId}:${suffix}`]) {
    if (!entryId) continue;
    const e = await tx.query(
      `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'reverse', $4, $5)
       ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
      [entryId, memberId, delta, ctx.m.mutationId, p.originalSaleId],
    );
    if (e.rows.length > 0) return;
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** What the sale's other refunds already took: money, points reversed and restored, the points tenders' share. */
async function priorRefunds(
  tx: Queryable,
  p: RefundCompletedPayload,
): Promise<{ total: number; reversed: number; restored: number; pointsShare: number }> {
  const prior = await tx.query<{ total: number; reversed: number; restored: number; points_share: number }>(
    `SELECT coalesce(sum(total_fen), 0)::bigint AS total,
            coalesce(sum(points_reversed), 0)::bigint AS reversed,
            coalesce(sum(points_restored), 0)::bigint AS restored,
            coalesce(sum((SELECT coalesce(sum(greatest((t->>'amountFen')::bigint, 0)), 0) FROM jsonb_array_elements(body->'tenders') t
                           WHERE t->>'kind' = 'points')), 0)::bigint AS points_share
       FROM refunds WHERE original_sale_id = $1 AND id <> $2`,
    [p.originalSaleId, p.refundId],
  );
  return {
    total: Number(prior.rows[0]!.total),
    reversed: Number(prior.rows[0]!.reversed),
    restored: Number(prior.rows[0]!.restored),
    pointsShare: Number(prior.rows[0]!.points_share),
  };
}
