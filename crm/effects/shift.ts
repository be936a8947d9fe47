// shift.closed at the CRM: the till's Z checked against the sales and refunds the CRM holds for the shift, and the
// till's receipt numbers for the shift's days checked for gaps and duplicates. Intake is in seq order, so every
// sale and refund the till made in the shift has arrived before its Z: a difference is a real one. Sales whose
// amounts failed the CRM's check (`counted` false, docs/decisions/0043) are not in the CRM's figures, so a Z that
// counted one is a mismatch for the manager, next to the sale's own 'sale.flagged' issue.
import { sha256Hex } from '../../src/domain/hash';
import { parseReceiptNo } from '../../src/domain/receiptNo';
import type { ShiftClosedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import type { Ctx } from './context';
import { shiftCloseApprovals } from '../approvals';

/** Missing receipt numbers listed in an issue; beyond this only the count is given. */
const MAX_LISTED = 20;

/**
 * A shift belongs to the till that opened it. When `shiftId` is already held by another store or another till
 * (a shift row, or a Z), the mutation naming it changes nothing and the sending store's manager gets an issue;
 * null when the shift is this till's or not known yet.
 */
export async function foreignShiftIssue(
  tx: Queryable,
  ctx: Ctx,
  shiftId: string,
  what: string,
  ref: { staffId?: string; at?: string; amountFen?: number },
): Promise<string[] | null> {
  const owners = await tx.query<{ store_id: string; terminal_id: string }>(
    `SELECT store_id, terminal_id FROM shifts WHERE id = $1
     UNION SELECT store_id, terminal_id FROM shift_reports WHERE shift_id = $1`,
    [shiftId],
  );
  if (owners.rows.every((o) => o.store_id === ctx.storeId && o.terminal_id === ctx.terminalId)) return null;
  return [
    await raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'shift.foreign',
      title: `终端 ${ctx.terminalId} 的${what}指向不属于本终端的班次，未记录`,
      subjectId: shiftId,
      refs: [{ terminalId: ctx.terminalId, mutationId: ctx.m.mutationId, ...ref }],
      dedupKey: `shift-foreign:${ctx.m.mutationId}`,
    }),
  ];
}

export async function shiftClosed(
  tx: Queryable,
  ctx: Ctx,
  p: ShiftClosedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.shiftId) return 'entity-mismatch';
  const foreign = await foreignShiftIssue(tx, ctx, p.shiftId, ` Z${p.zNo ?? ''} 班次报表`, {
    staffId: p.cashierId,
    at: p.closedAt,
  });
  if (foreign) return foreign;
  // Only this till's own sales and refunds count: another store's record naming this shift id changes nothing.
  const got = await tx.query<{ n: number; total: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(due_fen + rounding_fen), 0)::bigint AS total
       FROM sales WHERE shift_id = $1 AND store_id = $2 AND terminal_id = $3 AND status = 'completed' AND counted`,
    [p.shiftId, ctx.storeId, ctx.terminalId],
  );
  const { n, total } = got.rows[0]!;
  const ref = await tx.query<{ n: number; total: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(total_fen), 0)::bigint AS total FROM refunds
      WHERE shift_id = $1 AND store_id = $2 AND terminal_id = $3`,
    [p.shiftId, ctx.storeId, ctx.terminalId],
  );
  const refunds = { n: Number(ref.rows[0]!.n), total: Number(ref.rows[0]!.total) };
  const salesMatch = Number(n) === p.saleCount && Number(total) === p.salesTotalFen;
  // Reports from before issue 7 carry no refund count: their refunds are not checked.
  const refundsMatch =
    p.refundCount === undefined || (refunds.n === p.refundCount && refunds.total === p.refundTotalFen);
  const balanced = salesMatch && refundsMatch;
  const ins = await tx.query(
    `INSERT INTO shift_reports (shift_id, store_id, terminal_id, cashier_id, business_date, report, received_sale_count,
                                received_total_fen, state, mutation_id, z_no, variance_fen, received_refund_count,
                                received_refund_fen)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (shift_id) DO NOTHING RETURNING shift_id`,
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
      p.zNo ?? null,
      p.varianceFen ?? p.cashCountedFen - p.cashExpectedFen,
      refunds.n,
      refunds.total,
    ],
  );
  if (ins.rows.length === 0) return 'duplicate';
  await tx.query(
    `INSERT INTO shifts (id, store_id, terminal_id, cashier_id, business_date, opened_at, float_fen, state, closed_at, z_no)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'closed', $8, $9)
     ON CONFLICT (id) DO UPDATE SET state = 'closed', closed_at = EXCLUDED.closed_at, z_no = EXCLUDED.z_no
       WHERE shifts.store_id = EXCLUDED.store_id AND shifts.terminal_id = EXCLUDED.terminal_id`,
    [
      p.shiftId,
      ctx.storeId,
      ctx.terminalId,
      p.cashierId,
      p.businessDate,
      p.openedAt,
      p.openingFloatFen,
      p.closedAt,
      p.zNo ?? null,
    ],
  );

  const issues: string[] = [];
  const zRef = {
    terminalId: ctx.terminalId,
    staffId: p.cashierId,
    at: p.closedAt,
    mutationId: ctx.m.mutationId,
  };
  if (!balanced) {
    const what = !salesMatch
      ? `销售 终端 ${p.saleCount} 笔 / 总部 ${n} 笔`
      : `退货 终端 ${p.refundCount ?? 0} 笔 / 总部 ${refunds.n} 笔`;
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'shift.mismatch',
        title: `Z${p.zNo ?? ''} 班次报表与总部收到的不符：${what}`,
        subjectId: p.shiftId,
        refs: [
          { ...zRef, amountFen: salesMatch ? p.refundTotalFen : p.salesTotalFen },
          { amountFen: salesMatch ? refunds.total : Number(total) },
        ],
        dedupKey: `shift:${p.shiftId}`,
      }),
    );
  }
  issues.push(...(await checkReceiptNumbers(tx, ctx, p)));
  issues.push(...(await shiftCloseApprovals(tx, ctx, p))); // decision 0040
  return issues;
}

/**
 * Receipt numbers of this till on the shift's days: every number from 1 to the highest received must be there
 * exactly once. A gap is a sale the CRM never got; a duplicate is two sales under one number (a reinstalled till
 * restarting its counter). One issue per gap set and per duplicated number, however often Z reports repeat them.
 */
async function checkReceiptNumbers(tx: Queryable, ctx: Ctx, p: ShiftClosedPayload): Promise<string[]> {
  const days = await tx.query<{ d: string }>(
    `SELECT DISTINCT business_date::text AS d FROM sales WHERE shift_id = $1 AND store_id = $3 AND terminal_id = $4
     UNION SELECT $2::date::text AS d`,
    [p.shiftId, p.businessDate, ctx.storeId, ctx.terminalId],
  );
  const dates = days.rows.map((r) => r.d);
  const rows = await tx.query<{ receipt_no: string; id: string; d: string }>(
    `SELECT receipt_no, id, business_date::text AS d FROM sales
      WHERE store_id = $1 AND terminal_id = $2
        AND business_date IN (SELECT jsonb_array_elements_text($3::jsonb)::date)
      ORDER BY receipt_no, id`,
    [ctx.storeId, ctx.terminalId, JSON.stringify(dates)],
  );
  const issues: string[] = [];
  const byDay = new Map<string, Map<number, { receiptNo: string; ids: string[] }>>();
  for (const r of rows.rows) {
    const parts = parseReceiptNo(r.receipt_no);
    if (!parts) continue;
    const day = byDay.get(r.d) ?? new Map<number, { receiptNo: string; ids: string[] }>();
    const entry = day.get(parts.seq) ?? { receiptNo: r.receipt_no, ids: [] };
    entry.ids.push(r.id);
    day.set(parts.seq, entry);
    byDay.set(r.d, day);
  }
  for (const [day, seqs] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const max = Math.max(...seqs.keys());
    const missing: number[] = [];
    for (let s = 1; s <= max; s++) if (!seqs.has(s)) missing.push(s);
    if (missing.length > 0) {
      const sample = [...seqs.values()][0]!.receiptNo;
      const prefix = sample.slice(0, sample.lastIndexOf('-') + 1);
      const listed = missing.slice(0, MAX_LISTED).map((s) => `${prefix}${String(s).padStart(6, '0')}`);
      issues.push(
        await raiseIssue(tx, {
          storeId: ctx.storeId,
          kind: 'receipt.gap',
          title: `终端 ${ctx.terminalId} ${day} 缺少 ${missing.length} 个单号：${listed.slice(0, 3).join('、')}${missing.length > 3 ? '…' : ''}`,
          subjectId: `${ctx.terminalId}:${day}`,
          refs: listed.map((receiptNo) => ({ receiptNo, terminalId: ctx.terminalId })),
          dedupKey: `receipt-gap:${ctx.storeId}:${ctx.terminalId}:${day}:${sha256Hex(missing.join(','))}`,
        }),
      );
    }
    for (const { receiptNo, ids } of seqs.values()) {
      if (ids.length < 2) continue;
      issues.push(
        await raiseIssue(tx, {
          storeId: ctx.storeId,
          kind: 'receipt.duplicate',
          title: `终端 ${ctx.terminalId} 单号 ${receiptNo} 出现在 ${ids.length} 笔销售上`,
          subjectId: receiptNo,
          refs: ids.map((saleId) => ({ saleId, receiptNo, terminalId: ctx.terminalId })),
          dedupKey: `receipt-dup:${ctx.storeId}:${ctx.terminalId}:${receiptNo}:${ids.length}`,
        }),
      );
    }
  }
  return issues;
}
