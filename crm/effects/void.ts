// sale.voided at the CRM: the sale is marked voided once, its points movements reversed and its coupons freed.
// A till voids only its own sales (a void takes back the sale just paid at that till): a sale of another store, or
// of another till of the store, is left as it is, and the voiding store's manager gets an issue. A void naming
// another store's sale is answered and titled exactly like a void of a sale the CRM never received, so it reveals
// nothing about that sale. Returns at another store go through a refund, never a void.
import type { SaleVoidedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import { publishCoupon, publishMember } from '../projections';
import type { Ctx } from './context';
import { voidApproval } from '../approvals';
import { returnToLots } from './points';

export async function saleVoided(
  tx: Queryable,
  ctx: Ctx,
  p: SaleVoidedPayload,
): Promise<string[] | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.saleId) return 'entity-mismatch';
  const s = await tx.query<{ id: string; status: string; terminal_id: string }>(
    `SELECT id, status, terminal_id FROM sales WHERE id = $1 AND store_id = $2 FOR UPDATE`,
    [p.saleId, ctx.storeId],
  );
  const sale = s.rows[0];
  if (!sale || sale.terminal_id !== ctx.terminalId) {
    return [
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'sale.voidUnknown',
        title: sale
          ? `作废的销售 ${p.receiptNo} 属于本店终端 ${sale.terminal_id}，未作废`
          : `作废的销售 ${p.receiptNo} 在总部不存在`,
        subjectId: p.saleId,
        refs: [
          {
            saleId: p.saleId,
            receiptNo: p.receiptNo,
            terminalId: ctx.terminalId,
            staffId: p.voidedBy,
            at: p.voidedAt,
          },
        ],
        // Per store: another store's void of the same id must neither find nor share this store's issue.
        dedupKey: `void-unknown:${ctx.storeId}:${p.saleId}`,
      }),
    ];
  }
  if (sale.status === 'voided') return [];
  // No valid approval: the sale stays completed, points and coupons untouched (decision 0040).
  const approval = await voidApproval(tx, ctx, p);
  if (approval.held) return approval.issues;
  await tx.query(`UPDATE sales SET status = 'voided' WHERE id = $1`, [p.saleId]);
  // Reverse every points movement of the sale once, keyed by the original entry.
  const entries = await tx.query<{ entry_id: string; member_id: string; delta: number; kind: string }>(
    `SELECT entry_id, member_id, delta, kind FROM points_ledger WHERE sale_id = $1 AND kind IN ('earn', 'redeem')`,
    [p.saleId],
  );
  const issues: string[] = [];
  const members = new Set<string>();
  for (const e of entries.rows) {
    const r = await tx.query(
      `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, $3, 'reverse', $4, $5)
       ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
      [`reverse:${e.entry_id}`, e.member_id, -e.delta, ctx.m.mutationId, p.saleId],
    );
    if (r.rows.length === 0) continue;
    if (e.kind === 'earn')
      await tx.query(`UPDATE points_lots SET remaining = 0 WHERE entry_id = $1`, [e.entry_id]);
    else await returnToLots(tx, e.member_id, -e.delta);
    await tx.query(`UPDATE members SET points_balance = points_balance + $2 WHERE id = $1`, [
      e.member_id,
      -e.delta,
    ]);
    members.add(e.member_id);
  }
  for (const memberId of members) {
    await publishMember(tx, memberId);
    const b = await tx.query<{ points_balance: number }>(`SELECT points_balance FROM members WHERE id = $1`, [
      memberId,
    ]);
    const balance = b.rows[0]!.points_balance;
    if (balance < 0)
      issues.push(
        await raiseIssue(tx, {
          storeId: ctx.storeId,
          kind: 'points.negative',
          title: `作废 ${p.receiptNo} 后会员积分为负（${balance}）`,
          subjectId: memberId,
          refs: [
            {
              saleId: p.saleId,
              receiptNo: p.receiptNo,
              terminalId: ctx.terminalId,
              staffId: p.voidedBy,
              at: p.voidedAt,
            },
          ],
          dedupKey: `points-negative:${memberId}:void:${p.saleId}`,
        }),
      );
  }
  const coupons = await tx.query<{ id: string }>(
    `UPDATE coupons SET state = 'issued', used_sale_id = NULL, used_mutation_id = NULL WHERE used_sale_id = $1 RETURNING id`,
    [p.saleId],
  );
  for (const c of coupons.rows) await publishCoupon(tx, c.id);
  return [...approval.issues, ...issues];
}
