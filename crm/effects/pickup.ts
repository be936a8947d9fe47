// Pickup mutations at the CRM. pickup.handedOver: the first handover of an order the CRM processes wins and
// is credited to the store and the staff member; a later one (another till that was offline) is kept and
// becomes ONE pickup.handedOverTwice issue per order listing every handover. pickup.readied: the goods are in
// the pickup area, the hold days start.
import type { PickupHandedOverPayload, PickupReadiedPayload } from '../../src/shared/crm';
import { canMove, pickupDeadline } from '../../src/domain/pickup';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import { holdDays } from '../pickupOrders';
import { publishIssue, publishPickup } from '../projections';
import type { Ctx, EffectOutcome } from './context';

interface OrderRow {
  id: string;
  code: string;
  state: string;
  handed_over_at: string | null;
  handed_over_by: string | null;
  handed_over_terminal: string | null;
  handover_mutation_id: string | null;
  total_fen: number;
}

type Ref = { terminalId?: string; staffId?: string; at?: string; mutationId?: string; amountFen?: number };

const clean = (r: Record<string, unknown>): Ref =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== undefined)) as Ref;

export async function pickupHandedOver(
  tx: Queryable,
  ctx: Ctx,
  p: PickupHandedOverPayload,
): Promise<EffectOutcome> {
  // The handover id is a business key: the same handover re-sent under another mutation counts once.
  const seen = await tx.query(`SELECT 1 FROM pickup_handovers WHERE id = $1`, [ctx.m.entityId]);
  if (seen.rows.length > 0) return 'duplicate';
  const o = await tx.query<OrderRow>(
    `SELECT id, code, state, handed_over_at, handed_over_by, handed_over_terminal, handover_mutation_id, total_fen
       FROM pickup_orders WHERE id = $1 AND store_id = $2 FOR UPDATE`,
    [p.pickupOrderId, ctx.storeId],
  );
  const order = o.rows[0];
  const thisRef = clean({
    terminalId: ctx.terminalId,
    staffId: p.staffId,
    at: p.handedOverAt,
    mutationId: ctx.m.mutationId,
    amountFen: order?.total_fen ?? p.totalFen,
  });
  const record = (credited: boolean) =>
    tx.query(
      `INSERT INTO pickup_handovers (id, order_id, store_id, terminal_id, staff_id, handed_over_at, mutation_id, amount_fen,
                                     verified_by, offline, collector, item_check, approved_by, credited)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        ctx.m.entityId,
        order!.id,
        ctx.storeId,
        ctx.terminalId,
        p.staffId,
        p.handedOverAt,
        ctx.m.mutationId,
        order!.total_fen,
        p.verifiedBy,
        p.offline ?? false,
        p.collector ? JSON.stringify(p.collector) : null,
        p.itemCheck ? JSON.stringify(p.itemCheck) : null,
        p.approvedBy ?? null,
        credited,
      ],
    );

  if (order && order.state === 'handedOver') {
    await record(false);
    const first = clean({
      terminalId: order.handed_over_terminal,
      staffId: order.handed_over_by,
      at: order.handed_over_at,
      mutationId: order.handover_mutation_id,
      amountFen: order.total_fen,
    });
    return [await handedOverTwice(tx, ctx, order, first, thisRef)];
  }
  if (!order || order.code !== p.code || order.state === 'cancelled' || order.state === 'expired') {
    const why = !order
      ? '不存在'
      : order.code !== p.code
        ? '提货码不符'
        : order.state === 'cancelled'
          ? '已取消'
          : '已过期';
    if (order) await record(false);
    return [
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'pickup.notAvailable',
        title: `提货单${order ? ` ${order.code} ` : ''}交付异常：${why}`,
        subjectId: p.pickupOrderId,
        refs: [thisRef],
        dedupKey: `pickup-na:${p.pickupOrderId}:${ctx.m.mutationId}`,
      }),
    ];
  }
  // Handed over from paid/preparing too: the goods left the store, which is the fact that counts.
  await tx.query(
    `UPDATE pickup_orders SET state = 'handedOver', handed_over_at = $2, handed_over_by = $3, handover_mutation_id = $4,
            handed_over_terminal = $5 WHERE id = $1`,
    [order.id, p.handedOverAt, p.staffId, ctx.m.mutationId, ctx.terminalId],
  );
  await record(true);
  await publishPickup(tx, order.id);
  return [];
}

/** One issue per order: a third handover adds itself to the issue the second one raised. */
async function handedOverTwice(
  tx: Queryable,
  ctx: Ctx,
  order: OrderRow,
  first: Ref,
  later: Ref,
): Promise<string> {
  const dedupKey = `pickup-twice:${order.id}`;
  const existing = await tx.query<{ id: string; refs: Ref[] }>(
    `SELECT id, refs FROM issues WHERE dedup_key = $1 FOR UPDATE`,
    [dedupKey],
  );
  const issue = existing.rows[0];
  if (!issue)
    return raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'pickup.handedOverTwice',
      title: `提货单 ${order.code} 被交付两次`,
      subjectId: order.id,
      refs: [first, later],
      dedupKey,
    });
  if (!issue.refs.some((r) => r.mutationId === later.mutationId)) {
    await tx.query(`UPDATE issues SET refs = $2, title = $3 WHERE id = $1`, [
      issue.id,
      JSON.stringify([...issue.refs, later]),
      `提货单 ${order.code} 被交付 ${issue.refs.length + 1} 次`,
    ]);
    await publishIssue(tx, issue.id);
  }
  return issue.id;
}

export async function pickupReadied(
  tx: Queryable,
  ctx: Ctx,
  p: PickupReadiedPayload,
): Promise<EffectOutcome> {
  const o = await tx.query<{
    id: string;
    code: string;
    state: 'paid' | 'preparing' | 'ready' | 'handedOver' | 'cancelled' | 'expired';
  }>(`SELECT id, code, state FROM pickup_orders WHERE id = $1 AND store_id = $2 FOR UPDATE`, [
    p.pickupOrderId,
    ctx.storeId,
  ]);
  const order = o.rows[0];
  const ref = clean({
    terminalId: ctx.terminalId,
    staffId: p.staffId,
    at: p.readiedAt,
    mutationId: ctx.m.mutationId,
  });
  if (!order || order.state === 'cancelled' || order.state === 'expired') {
    // Goods put out for an order nobody will collect: a manager has them put back.
    return [
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'pickup.notAvailable',
        title: order
          ? `提货单 ${order.code} 已${order.state === 'cancelled' ? '取消' : '过期'}，但被标记为备货完成`
          : `备货完成的提货单不存在`,
        subjectId: p.pickupOrderId,
        refs: [ref],
        dedupKey: `pickup-ready-na:${p.pickupOrderId}:${ctx.m.mutationId}`,
      }),
    ];
  }
  if (canMove(order.state, 'ready')) {
    const pickupBy = pickupDeadline(p.readiedAt, await holdDays(tx, ctx.storeId));
    await tx.query(
      `UPDATE pickup_orders SET state = 'ready', ready_at = $2, pickup_by = $3, readied_by = $4, location = $5 WHERE id = $1`,
      [order.id, p.readiedAt, pickupBy, p.staffId, p.location ?? null],
    );
    await publishPickup(tx, order.id);
  }
  // Already ready or handed over: marking again changes nothing.
  return [];
}
