// refund.completed at the CRM: never more than the sale, points taken back, the member republished.
import type { RefundCompletedPayload } from '../../src/shared/crm';
import { publishCoupon, publishMember } from '../projections';
import { drawFromLots, returnToLots } from './points';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import type { Ctx } from './context';
import { refundApproval } from '../approvals';

export async function refundCompleted(
  tx: Queryable,
  ctx: Ctx,
  p: RefundCompletedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.refundId) return 'entity-mismatch';
  const ins = await tx.query(
    `INSERT INTO refunds (id, original_sale_id, store_id, terminal_id, receipt_no, total_fen, staff_id, mutation_id, body,
                          shift_id, business_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id`,
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
  const orig = await tx.query<{ due_fen: number; rounding_fen: number }>(
    `SELECT due_fen, rounding_fen FROM sales WHERE id = $1 FOR UPDATE`,
    [p.originalSaleId],
  );
  if (!orig.rows[0]) {
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'refund.unknownSale',
        title: `退货 ${p.receiptNo} 的原销售 ${p.originalReceiptNo} 在总部不存在`,
        subjectId: p.refundId,
        refs: [ref],
        dedupKey: `refund-unknown:${p.refundId}`,
      }),
    );
  } else {
    const refunded = await tx.query<{ total: number }>(
      `SELECT coalesce(sum(total_fen), 0)::bigint AS total FROM refunds WHERE original_sale_id = $1`,
      [p.originalSaleId],
    );
    const paid = orig.rows[0].due_fen + orig.rows[0].rounding_fen;
    if (refunded.rows[0]!.total > paid)
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
  }
  // No valid approval: the refund row stays, its points and coupon effects wait (decision 0040).
  const approval = await refundApproval(tx, ctx, p);
  issues.push(...approval.issues);
  if (approval.held) return issues;
  if (p.pointsReversal && p.pointsReversal.points > 0) {
    const r = p.pointsReversal;
    const m = await tx.query(`SELECT 1 FROM members WHERE id = $1 FOR UPDATE`, [r.memberId]);
    if (m.rows.length > 0) {
      const e = await tx.query(
        `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'reverse', $4, $5)
         ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
        [r.entryId, r.memberId, -r.points, ctx.m.mutationId, p.originalSaleId],
      );
      if (e.rows.length > 0) {
        await drawFromLots(tx, r.memberId, r.points);
        const b = await tx.query<{ points_balance: number }>(
          `UPDATE members SET points_balance = points_balance - $2 WHERE id = $1 RETURNING points_balance`,
          [r.memberId, r.points],
        );
        await publishMember(tx, r.memberId);
        const balance = b.rows[0]!.points_balance;
        if (balance < 0)
          issues.push(
            await raiseIssue(tx, {
              storeId: ctx.storeId,
              kind: 'points.negative',
              title: `退货 ${p.receiptNo} 后会员积分为负（${balance}）`,
              subjectId: r.memberId,
              refs: [ref],
              dedupKey: `points-negative:${r.memberId}:refund:${p.refundId}`,
            }),
          );
      }
    }
  }
  if (p.pointsRestore && p.pointsRestore.points > 0) {
    // Points the sale redeemed come back with the refund: a positive reversal, into the latest lot.
    const r = p.pointsRestore;
    const m = await tx.query(`SELECT 1 FROM members WHERE id = $1 FOR UPDATE`, [r.memberId]);
    if (m.rows.length > 0) {
      const e = await tx.query(
        `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'reverse', $4, $5)
         ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
        [r.entryId, r.memberId, r.points, ctx.m.mutationId, p.originalSaleId],
      );
      if (e.rows.length > 0) {
        await returnToLots(tx, r.memberId, r.points);
        await tx.query(`UPDATE members SET points_balance = points_balance + $2 WHERE id = $1`, [
          r.memberId,
          r.points,
        ]);
        await publishMember(tx, r.memberId);
      }
    }
  }
  for (const couponId of p.couponsRestored) {
    // Only a coupon this very sale used goes back; one already given back or used again stays as it is.
    const c = await tx.query<{ id: string }>(
      `UPDATE coupons SET state = 'issued', used_sale_id = NULL, used_mutation_id = NULL
        WHERE (id = $1 OR code = $1) AND state = 'used' AND used_sale_id = $2 RETURNING id`,
      [couponId, p.originalSaleId],
    );
    if (c.rows[0]) await publishCoupon(tx, c.rows[0].id);
  }
  return issues;
}
