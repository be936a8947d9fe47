// CRM API routes for the shifts feature (see crm/routeDef.ts): the manager's day view of the store, and a sale
// looked up by receipt number or id for a refund at any till.
import type { z } from 'zod';
import {
  DayViewQuerySchema,
  DayViewResponseSchema,
  SaleLookupQuerySchema,
  SaleLookupResponseSchema,
  type DayTerminal,
  type DayView,
  type RefundCompletedPayload,
  type SaleLookup,
} from '../../src/shared/crm';
import { businessDateOf } from '../../src/domain/businessDate';
import { formatFen } from '../../src/domain/money';
import type { Sale, TenderKind } from '../../src/domain/model';
import type { Queryable } from '../db';
import { listIssues } from '../issues';
import type { PageRegistrar, RouteDef } from '../routeDef';
import { crossStoreRefunds } from '../effects/refund';

/** The store's zone: the hours of the chart and "today" are the store's. */
const STORE_TIME_ZONE = 'Asia/Shanghai';
const num = (v: unknown): number => Number(v ?? 0);

/**
 * Sales whose amounts failed the CRM's check (`counted` false, crm/saleCheck.ts AMOUNT_FLAGS: out of bounds, lines
 * or tenders that do not add up) stay out of every count and sum here; each has an open 'sale.flagged' issue in the
 * list instead. Sales flagged for scope or clock alone count: their money is real (docs/decisions/0043).
 */
export async function dayView(db: Queryable, storeId: string, date: string): Promise<DayView> {
  const [terminals, shifts, sales, refunds, payOuts, seen, hours, tenders, variance] = await Promise.all([
    db.query<{ id: string; name: string; last_applied_seq: number | null }>(
      `SELECT t.id, t.name, e.last_applied_seq FROM terminals t
         LEFT JOIN terminal_epochs e ON e.store_id = t.store_id AND e.terminal_id = t.id AND e.epoch = t.current_epoch
        WHERE t.store_id = $1 ORDER BY t.id`,
      [storeId],
    ),
    db.query<{
      id: string;
      terminal_id: string;
      state: 'open' | 'closed';
      cashier_id: string;
      cashier_name: string | null;
      opened_at: Date | string;
      closed_at: Date | string | null;
      float_fen: number;
      z_no: number | null;
      check: 'balanced' | 'mismatch' | null;
      variance_fen: number | null;
      report: { salesTotalFen?: number; saleCount?: number } | null;
      n: number;
    }>(
      `SELECT s.id, s.terminal_id, s.state, s.cashier_id, s.cashier_name, s.opened_at, s.closed_at, s.float_fen, s.z_no,
              r.state AS check, r.variance_fen, r.report,
              count(*) OVER (PARTITION BY s.terminal_id)::int AS n
         FROM shifts s LEFT JOIN shift_reports r ON r.shift_id = s.id
        WHERE s.store_id = $1 AND s.business_date = $2
        ORDER BY s.terminal_id, s.opened_at DESC`,
      [storeId, date],
    ),
    db.query<{ terminal_id: string; n: number; total: number }>(
      `SELECT terminal_id, count(*)::int AS n, coalesce(sum(due_fen + rounding_fen), 0)::bigint AS total
         FROM sales WHERE store_id = $1 AND business_date = $2 AND status = 'completed' AND counted GROUP BY terminal_id`,
      [storeId, date],
    ),
    db.query<{ terminal_id: string; total: number }>(
      `SELECT terminal_id, coalesce(sum(total_fen), 0)::bigint AS total
         FROM refunds WHERE store_id = $1 AND business_date = $2 GROUP BY terminal_id`,
      [storeId, date],
    ),
    db.query<{ terminal_id: string; total: number }>(
      `SELECT m.terminal_id, coalesce(sum(m.amount_fen), 0)::bigint AS total
         FROM cash_moves m JOIN shifts s ON s.id = m.shift_id
        WHERE m.store_id = $1 AND s.business_date = $2 AND m.kind = 'payOut' GROUP BY m.terminal_id`,
      [storeId, date],
    ),
    db.query<{ terminal_id: string; at: Date | string }>(
      `SELECT terminal_id, max(applied_at) AS at FROM applied_mutations WHERE store_id = $1 GROUP BY terminal_id`,
      [storeId],
    ),
    db.query<{ h: number; n: number; total: number }>(
      `SELECT extract(hour FROM created_at AT TIME ZONE '${STORE_TIME_ZONE}')::int AS h, count(*)::int AS n,
              coalesce(sum(due_fen + rounding_fen), 0)::bigint AS total
         FROM sales WHERE store_id = $1 AND business_date = $2 AND status = 'completed' AND counted GROUP BY h ORDER BY h`,
      [storeId, date],
    ),
    db.query<{ kind: TenderKind; total: number }>(
      `SELECT t->>'kind' AS kind, coalesce(sum((t->>'amountFen')::bigint), 0)::bigint AS total
         FROM sales s, jsonb_array_elements(s.body->'tenders') AS t
        WHERE s.store_id = $1 AND s.business_date = $2 AND s.status = 'completed' AND s.counted GROUP BY t->>'kind'`,
      [storeId, date],
    ),
    db.query<{ total: number }>(
      `SELECT coalesce(sum(variance_fen), 0)::bigint AS total FROM shift_reports WHERE store_id = $1 AND business_date = $2`,
      [storeId, date],
    ),
  ]);
  const iso = (v: Date | string): string => new Date(v).toISOString();
  const by = <T extends { terminal_id: string }>(rows: T[]) => new Map(rows.map((r) => [r.terminal_id, r]));
  const salesBy = by(sales.rows);
  const refundsBy = by(refunds.rows);
  const payOutsBy = by(payOuts.rows);
  const seenBy = by(seen.rows);
  const latest = new Map<string, (typeof shifts.rows)[number]>();
  for (const s of shifts.rows) if (!latest.has(s.terminal_id)) latest.set(s.terminal_id, s);

  const ids = new Set([...terminals.rows.map((t) => t.id), ...latest.keys(), ...salesBy.keys()]);
  const names = new Map(terminals.rows.map((t) => [t.id, t]));
  const out: DayTerminal[] = [...ids].sort().map((id) => {
    const s = latest.get(id);
    const term = names.get(id);
    const row: DayTerminal = {
      terminalId: id,
      name: term?.name ?? '',
      shiftsToday: s ? num(s.n) : 0,
      saleCount: num(salesBy.get(id)?.n),
      salesFen: num(salesBy.get(id)?.total),
      refundsFen: num(refundsBy.get(id)?.total),
      payOutsFen: num(payOutsBy.get(id)?.total),
      lastAppliedSeq: num(term?.last_applied_seq),
    };
    const at = seenBy.get(id)?.at;
    if (at) row.lastSeenAt = iso(at);
    if (s)
      row.shift = {
        shiftId: s.id,
        state: s.state,
        cashierId: s.cashier_id,
        ...(s.cashier_name ? { cashierName: s.cashier_name } : {}),
        openedAt: iso(s.opened_at),
        ...(s.closed_at ? { closedAt: iso(s.closed_at) } : {}),
        floatFen: num(s.float_fen),
        ...(s.z_no !== null ? { zNo: num(s.z_no) } : {}),
        ...(s.report?.salesTotalFen !== undefined ? { zSalesFen: num(s.report.salesTotalFen) } : {}),
        ...(s.report?.saleCount !== undefined ? { zSaleCount: num(s.report.saleCount) } : {}),
        ...(s.variance_fen !== null ? { varianceFen: num(s.variance_fen) } : {}),
        ...(s.check ? { check: s.check } : {}),
      };
    return row;
  });
  return {
    storeId,
    businessDate: date,
    terminals: out,
    totals: {
      saleCount: out.reduce((a, t) => a + t.saleCount, 0),
      salesFen: out.reduce((a, t) => a + t.salesFen, 0),
      refundsFen: out.reduce((a, t) => a + t.refundsFen, 0),
      varianceFen: num(variance.rows[0]?.total),
    },
    byHour: hours.rows.map((h) => ({ hour: num(h.h), salesFen: num(h.total), count: num(h.n) })),
    byTender: tenders.rows.map((t) => ({ kind: t.kind, amountFen: num(t.total) })),
    issues: await listIssues(db, storeId, 'open', 100),
  };
}

/** storeId null: any store of the chain (a cross-store return, when the chain policy allows it). */
export async function lookupSale(
  db: Queryable,
  storeId: string | null,
  q: { receiptNo?: string | undefined; id?: string | undefined },
): Promise<SaleLookup | null | { ambiguous: { saleId: string; at: string; dueFen: number }[] }> {
  // By id when given; a receipt number carried by two sales (a flagged issue) is ambiguous, never the newest.
  const s = await db.query<{ id: string; body: Sale }>(
    q.id !== undefined
      ? `SELECT id, body FROM sales WHERE ($1::text IS NULL OR store_id = $1) AND id = $2`
      : `SELECT id, body FROM sales WHERE ($1::text IS NULL OR store_id = $1) AND receipt_no = $2
          ORDER BY received_at, id LIMIT 10`,
    [storeId, q.id ?? q.receiptNo],
  );
  if (s.rows.length > 1)
    return {
      ambiguous: s.rows.map((r) => ({ saleId: r.id, at: r.body.createdAt, dueFen: r.body.totals.dueFen })),
    };
  const row = s.rows[0];
  if (!row) return null;
  const sale = row.body;
  const [points, coupons, refunds] = await Promise.all([
    db.query<{ kind: string; total: number }>(
      `SELECT kind, coalesce(sum(delta), 0)::bigint AS total FROM points_ledger
        WHERE sale_id = $1 AND kind IN ('earn', 'redeem') GROUP BY kind`,
      [row.id],
    ),
    db.query<{ id: string; code: string }>(`SELECT id, code FROM coupons WHERE used_sale_id = $1`, [row.id]),
    db.query<{
      id: string;
      receipt_no: string;
      terminal_id: string;
      body: RefundCompletedPayload;
      points_reversed: number;
      points_restored: number;
    }>(
      `SELECT id, receipt_no, terminal_id, body, points_reversed, points_restored FROM refunds
        WHERE original_sale_id = $1 ORDER BY received_at, id`,
      [row.id],
    ),
  ]);
  const earn = num(points.rows.find((p) => p.kind === 'earn')?.total);
  const redeem = -num(points.rows.find((p) => p.kind === 'redeem')?.total);
  const couponFen = (couponId: string, code: string): number => {
    let sum = 0;
    for (const l of sale.lines)
      for (const d of l.discounts)
        if (d.kind === 'coupon' && (d.ref === couponId || d.ref === code)) sum += d.amountFen;
    return sum;
  };
  return {
    sale,
    ...(sale.memberId && (earn > 0 || redeem > 0)
      ? { points: { memberId: sale.memberId, earn, redeem } }
      : {}),
    coupons: coupons.rows.map((c) => ({
      couponId: c.id,
      code: c.code,
      discountFen: couponFen(c.id, c.code),
    })),
    refunds: refunds.rows.map((r) => ({
      refundId: r.id,
      receiptNo: r.receipt_no,
      terminalId: r.terminal_id,
      lines: r.body.lines,
      // Refunds recorded before issue 7 carried plain tenders: they went back to the tender with that id.
      tenders: r.body.tenders.map((t) => ({
        originalTenderId: 'originalTenderId' in t ? t.originalTenderId : t.id,
        kind: t.kind,
        amountFen: Math.max(0, t.amountFen),
        ...(t.reference ? { reference: t.reference } : {}),
      })),
      totalFen: r.body.totalFen,
      // What the CRM moved (issue 15), not what the till asked for.
      pointsReversed: num(r.points_reversed),
      pointsRestored: num(r.points_restored),
      couponsRestored: r.body.couponsRestored ?? [],
    })),
  };
}

export const shiftsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/shifts/day',
    summary: "The manager's day view: every till's shift and Z, sales by hour and tender, open issues.",
    auth: true,
    query: DayViewQuerySchema,
    response: DayViewResponseSchema,
    admission: 'read',
    handler: async ({ db, terminal, query }) => {
      const q = query as z.infer<typeof DayViewQuerySchema>;
      const date = q.date ?? businessDateOf(new Date().toISOString(), STORE_TIME_ZONE);
      return { status: 200, body: await dayView(db, terminal!.storeId, date) };
    },
  },
  {
    method: 'GET',
    path: '/sales/lookup',
    summary:
      'A sale of this store by receipt number or id, with its points, coupons and refunds (refund at any till); ' +
      "another store's sale when the chain allows cross-store refunds.",
    auth: true,
    query: SaleLookupQuerySchema,
    response: SaleLookupResponseSchema,
    problems: [404, 409],
    admission: 'read',
    handler: async ({ db, terminal, query }) => {
      const q = query as z.infer<typeof SaleLookupQuerySchema>;
      // Another store's sale, for a return at this store, when the chain policy allows cross-store refunds.
      const found =
        (await lookupSale(db, terminal!.storeId, q)) ??
        ((await crossStoreRefunds(db)) === 'allow' ? await lookupSale(db, null, q) : null);
      if (found && 'ambiguous' in found)
        return {
          problem: {
            status: 409,
            code: 'receipt-no-ambiguous',
            detail: `单号 ${q.receiptNo} 对应 ${found.ambiguous.length} 笔销售（见店长待处理事项），请按销售编号查找：${found.ambiguous
              .map((a) => `${a.saleId}（${a.at}，${formatFen(a.dueFen, 'zh-CN')}）`)
              .join('；')}`,
          },
        };
      if (!found)
        return {
          problem: {
            status: 404,
            code: 'sale-not-found',
            detail: `no sale ${q.receiptNo ?? q.id} in this store`,
          },
        };
      return { status: 200, body: found };
    },
  },
];
export const shiftsPages: PageRegistrar[] = [];
