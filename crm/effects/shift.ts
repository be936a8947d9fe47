// shift.closed at the CRM: the till's Z totals checked against the sales the CRM holds for the shift.
import type { ShiftClosedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import type { Ctx } from './context';

export async function shiftClosed(
  tx: Queryable,
  ctx: Ctx,
  p: ShiftClosedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.shiftId) return 'entity-mismatch';
  // In-order intake means every sale this till made in the shift has already arrived.
  const got = await tx.query<{ n: number; total: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(due_fen + rounding_fen), 0)::bigint AS total
       FROM sales WHERE shift_id = $1 AND status = 'completed'`,
    [p.shiftId],
  );
  const { n, total } = got.rows[0]!;
  const balanced = n === p.saleCount && total === p.salesTotalFen;
  const ins = await tx.query(
    `INSERT INTO shift_reports (shift_id, store_id, terminal_id, cashier_id, business_date, report, received_sale_count,
                                received_total_fen, state, mutation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (shift_id) DO NOTHING RETURNING shift_id`,
    [
      p.shiftId,
      ctx.storeId,
      ctx.terminalId,
      p.cashierId,
      p.businessDate,
      JSON.stringify(p),
      n,
      total,
      balanced ? 'balanced' : 'mismatch',
      ctx.m.mutationId,
    ],
  );
  if (ins.rows.length === 0) return 'duplicate';
  if (balanced) return [];
  return [
    await raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'shift.mismatch',
      title: `班次报表与总部收到的销售不符：终端 ${p.saleCount} 笔 / 总部 ${n} 笔`,
      subjectId: p.shiftId,
      refs: [
        {
          terminalId: ctx.terminalId,
          staffId: p.cashierId,
          amountFen: p.salesTotalFen,
          at: p.closedAt,
          mutationId: ctx.m.mutationId,
        },
        { amountFen: total },
      ],
      dedupKey: `shift:${p.shiftId}`,
    }),
  ];
}
