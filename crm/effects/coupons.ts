// Coupons used by a sale: the first use the CRM processes wins; a second use, or a coupon that is not valid
// for the sale, is an issue for the store's manager (the sale itself always stands). A member's coupon is used
// only in a sale attached to that member with the member's proof (the scanned member code); a bearer coupon
// (printed flyers) by anyone. Anything else is an issue and the coupon is not burned (issue 15).
import type { SaleCompletedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import { publishCoupon } from '../projections';
import type { Ctx } from './context';
import type { SaleUse } from './sale';
import { PROOF_FAILURE_ZH, type ProofCheck } from './memberProof';

export async function redeemCoupons(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
  thisUse: SaleUse,
  proof: ProofCheck,
): Promise<string[]> {
  const sale = p.sale;
  const issues: string[] = [];
  for (const use of p.coupons) {
    const c = await tx.query<{
      id: string;
      state: string;
      used_sale_id: string | null;
      member_id: string | null;
      valid_from: string;
      valid_to: string;
      bearer: boolean;
    }>(
      `SELECT id, state, used_sale_id, member_id, valid_from::text AS valid_from, valid_to::text AS valid_to, bearer
         FROM coupons WHERE id = $1 FOR UPDATE`,
      [use.couponId],
    );
    const coupon = c.rows[0];
    if (coupon && !coupon.bearer) {
      // The member's own coupon: their sale, and their scanned code, or it stays theirs.
      const owner = coupon.member_id;
      if (owner === null || owner !== sale.memberId) {
        issues.push(
          await raiseIssue(tx, {
            storeId: ctx.storeId,
            kind: 'coupon.invalid',
            title: sale.memberId
              ? `优惠券 ${use.code} 不属于该会员，未核销`
              : `优惠券 ${use.code} 用于未关联会员的销售，未核销`,
            subjectId: use.couponId,
            refs: [{ ...thisUse, amountFen: use.discountFen }],
            dedupKey: `coupon-invalid:${use.couponId}:${sale.id}`,
          }),
        );
        continue;
      }
      if (!proof.ok) {
        issues.push(
          await raiseIssue(tx, {
            storeId: ctx.storeId,
            kind: 'member.proofInvalid',
            title: `优惠券 ${use.code} 未核销：${PROOF_FAILURE_ZH[proof.reason]}`,
            subjectId: use.couponId,
            refs: [{ ...thisUse, amountFen: use.discountFen }],
            dedupKey: `proof-coupon:${use.couponId}:${sale.id}`,
          }),
        );
        continue;
      }
    }
    if (coupon && coupon.state === 'issued') {
      await tx.query(
        `UPDATE coupons SET state = 'used', used_sale_id = $2, used_mutation_id = $3 WHERE id = $1`,
        [coupon.id, sale.id, ctx.m.mutationId],
      );
      await publishCoupon(tx, coupon.id);
      // Used it is; but one outside its dates is a manager's call.
      const outOfDate = sale.businessDate < coupon.valid_from || sale.businessDate > coupon.valid_to;
      if (outOfDate)
        issues.push(
          await raiseIssue(tx, {
            storeId: ctx.storeId,
            kind: 'coupon.invalid',
            title: `优惠券 ${use.code} 不在有效期内`,
            subjectId: use.couponId,
            refs: [{ ...thisUse, amountFen: use.discountFen }],
            dedupKey: `coupon-invalid:${use.couponId}:${sale.id}`,
          }),
        );
      continue;
    }
    if (coupon && coupon.state === 'used' && coupon.used_sale_id !== null) {
      // The first use the CRM processed wins; this sale stands and a manager sees both receipts.
      const first = await tx.query<{
        id: string;
        receipt_no: string;
        terminal_id: string;
        cashier_id: string;
        created_at: string;
      }>(`SELECT id, receipt_no, terminal_id, cashier_id, created_at FROM sales WHERE id = $1`, [
        coupon.used_sale_id,
      ]);
      const f = first.rows[0];
      const firstRef = f
        ? {
            saleId: f.id,
            receiptNo: f.receipt_no,
            terminalId: f.terminal_id,
            staffId: f.cashier_id,
            at: f.created_at,
          }
        : { saleId: coupon.used_sale_id };
      const firstUse = await tx.query<{ body: SaleCompletedPayload['sale'] }>(
        `SELECT body FROM sales WHERE id = $1`,
        [coupon.used_sale_id],
      );
      const firstAmount = couponAmountIn(firstUse.rows[0]?.body, use.couponId, use.code);
      issues.push(
        await raiseIssue(tx, {
          storeId: ctx.storeId,
          kind: 'coupon.usedTwice',
          title: `优惠券 ${use.code} 被使用两次`,
          subjectId: use.couponId,
          refs: [
            { ...firstRef, ...(firstAmount !== undefined ? { amountFen: firstAmount } : {}) },
            { ...thisUse, amountFen: use.discountFen },
          ],
          dedupKey: `coupon:${use.couponId}:${sale.id}`,
        }),
      );
      continue;
    }
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'coupon.invalid',
        title: coupon
          ? `优惠券 ${use.code} 已${coupon.state === 'expired' ? '过期' : '作废'}`
          : `未知优惠券 ${use.code}`,
        subjectId: use.couponId,
        refs: [{ ...thisUse, amountFen: use.discountFen }],
        dedupKey: `coupon-invalid:${use.couponId}:${sale.id}`,
      }),
    );
  }
  return issues;
}

function couponAmountIn(
  sale: SaleCompletedPayload['sale'] | undefined,
  couponId: string,
  code: string,
): number | undefined {
  if (!sale) return undefined;
  let sum = 0;
  for (const line of sale.lines)
    for (const d of line.discounts)
      if (d.kind === 'coupon' && (d.ref === couponId || d.ref === code)) sum += d.amountFen;
  for (const t of sale.tenders)
    if (t.kind === 'coupon' && (t.reference === couponId || t.reference === code)) sum += t.amountFen;
  return sum > 0 ? sum : undefined;
}
