// pickup.handedOver at the CRM: one handover per order; a second one becomes an issue naming both.
import type { PickupHandedOverPayload } from '../../src/shared/crm';
import { publishPickup } from '../projections';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import type { Ctx } from './context';

export async function pickupHandedOver(tx: Queryable, ctx: Ctx, p: PickupHandedOverPayload): Promise<string[]> {
  const o = await tx.query<{
    id: string;
    code: string;
    state: string;
    handed_over_at: string | null;
    handed_over_by: string | null;
    handover_mutation_id: string | null;
    total_fen: number;
  }>(
    `SELECT id, code, state, handed_over_at, handed_over_by, handover_mutation_id, total_fen FROM pickup_orders
      WHERE id = $1 AND store_id = $2 FOR UPDATE`,
    [p.pickupOrderId, ctx.storeId],
  );
  const order = o.rows[0];
  const thisRef = {
    terminalId: ctx.terminalId,
    staffId: p.staffId,
    at: p.handedOverAt,
    mutationId: ctx.m.mutationId,
  };
  if (order && order.state === 'handedOver') {
    const first = await tx.query<{ terminal_id: string }>(
      `SELECT terminal_id FROM applied_mutations WHERE mutation_id = $1`,
      [order.handover_mutation_id],
    );
    return [
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'pickup.handedOverTwice',
        title: `提货单 ${order.code} 被交付两次`,
        subjectId: order.id,
        refs: [
          {
            ...(first.rows[0] ? { terminalId: first.rows[0].terminal_id } : {}),
            ...(order.handed_over_by ? { staffId: order.handed_over_by } : {}),
            ...(order.handed_over_at ? { at: order.handed_over_at } : {}),
            ...(order.handover_mutation_id ? { mutationId: order.handover_mutation_id } : {}),
            amountFen: order.total_fen,
          },
          { ...thisRef, amountFen: order.total_fen },
        ],
        dedupKey: `pickup-twice:${order.id}:${ctx.m.mutationId}`,
      }),
    ];
  }
  if (!order || order.code !== p.code || order.state === 'cancelled' || order.state === 'expired') {
    const why = !order
      ? '不存在'
      : order.code !== p.code
        ? '提货码不符'
        : order.state === 'cancelled'
          ? '已取消'
          : '已过期';
    return [
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'pickup.notAvailable',
        title: `提货单交付异常：${why}`,
        subjectId: p.pickupOrderId,
        refs: [{ ...thisRef, ...(order ? { amountFen: order.total_fen } : {}) }],
        dedupKey: `pickup-na:${p.pickupOrderId}:${ctx.m.mutationId}`,
      }),
    ];
  }
  // Handed over from paid/preparing too: the goods left the store, which is the fact that counts.
  await tx.query(
    `UPDATE pickup_orders SET state = 'handedOver', handed_over_at = $2, handed_over_by = $3, handover_mutation_id = $4 WHERE id = $1`,
    [order.id, p.handedOverAt, p.staffId, ctx.m.mutationId],
  );
  await publishPickup(tx, order.id);
  return [];
}
