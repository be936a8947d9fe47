// sale.completed at the CRM: the sale is stored once (its id is the business key), then its side effects:
// coupons (crm/effects/coupons.ts), points (crm/effects/points.ts) and the member's purchase history.
import type { SaleCompletedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import type { Ctx } from './context';
import { saleApprovals } from '../approvals';
import { redeemCoupons } from './coupons';
import { salePoints } from './points';

/** The sale a side effect belongs to, as issue refs name it. */
export interface SaleUse {
  saleId: string;
  receiptNo: string;
  terminalId: string;
  staffId: string;
  at: string;
}

export async function saleCompleted(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  const sale = p.sale;
  if (ctx.m.entityId !== sale.id) return 'entity-mismatch';
  // Business key unique forever: the same sale under another mutation (a reinstalled till re-sending).
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO sales (id, store_id, terminal_id, receipt_no, cashier_id, shift_id, business_date, created_at,
                        member_id, due_fen, rounding_fen, status, mutation_id, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      sale.id,
      ctx.storeId,
      ctx.terminalId,
      sale.receiptNo,
      sale.cashierId,
      sale.shiftId ?? null,
      sale.businessDate,
      sale.createdAt,
      sale.memberId ?? null,
      sale.totals.dueFen,
      sale.roundingFen,
      sale.status,
      ctx.m.mutationId,
      JSON.stringify(sale),
    ],
  );
  if (inserted.rows.length === 0) return 'duplicate';

  const issues: string[] = [];
  const thisUse = {
    saleId: sale.id,
    receiptNo: sale.receiptNo,
    terminalId: ctx.terminalId,
    staffId: sale.cashierId,
    at: sale.createdAt,
  };

  issues.push(...(await saleApprovals(tx, ctx, p))); // decision 0040: price overrides, discounts over the limit
  issues.push(...(await redeemCoupons(tx, ctx, p, thisUse)));

  if (p.points && (p.points.earn > 0 || p.points.redeem > 0)) {
    issues.push(...(await salePoints(tx, ctx, p, thisUse)));
  }
  if (sale.memberId) {
    await tx.query(
      `INSERT INTO member_purchases (id, member_id, channel, at, store_id, total_fen, items)
       SELECT $1, $2, 'store', $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM members WHERE id = $2)
       ON CONFLICT (id) DO NOTHING`,
      [
        sale.id,
        sale.memberId,
        sale.createdAt,
        ctx.storeId,
        sale.totals.dueFen,
        JSON.stringify(
          sale.lines.map((l) => ({
            name: l.name,
            qty: Math.max(1, l.qty),
            amountFen: Math.max(0, l.amountFen - l.discountFen),
          })),
        ),
      ],
    );
  }
  return issues;
}
