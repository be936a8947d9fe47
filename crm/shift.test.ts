// Shifts at the CRM, on PGlite and (with TEST_DATABASE_URL) on PostgreSQL: a till's day pushed as its outbox would
// push it (shift opened, sales, a cash move, a refund, the Z), the Z checked against what arrived, receipt-number
// gaps and duplicates flagged, the manager's day view and the sale lookup for refunds.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import type { Sale } from '../src/domain/model';
import { buildShiftReport } from '../src/domain/shift/report';
import {
  DayViewResponseSchema,
  PushResponseSchema,
  SaleLookupResponseSchema,
  type Mutation,
  type MutationTypeName,
  type PushResponse,
  type RefundCompletedPayload,
  type ShiftClosedPayload,
} from '../src/shared/crm';
import type { Db } from './db';
import { newId } from './ids';
import { ensureDemoEnrollment, ensureSeeded } from './seed';
import { issueMemberToken } from './members';
import { createCrmServer } from './server';
import { demoBadgeApproval, testBackends } from './testSupport';

const DAY = '2026-11-25';

function sale(terminalId: string, no: number, shiftId: string | undefined, amountFen = 2500): Sale {
  return {
    id: newId(),
    receiptNo: `S001-${terminalId}-20261125-${String(no).padStart(6, '0')}`,
    storeId: 'S001',
    terminalId,
    cashierId: 'E1002',
    ...(shiftId ? { shiftId } : {}),
    businessDate: DAY,
    createdAt: `2026-11-25T0${no % 8}:30:00.000Z`,
    lines: [
      {
        lineId: newId(),
        productId: 'P1',
        barcode: '6900000000001',
        name: '测试商品',
        nameEn: 'Test item',
        categoryId: 'C1',
        unit: 'piece',
        qty: 2,
        unitPriceFen: amountFen / 2,
        amountFen,
        discountFen: 0,
        discounts: [],
      },
    ],
    tenders: [{ id: newId(), kind: 'cash', amountFen, tenderedFen: amountFen + 500, changeFen: 500 }],
    totals: { itemCount: 2, grossFen: amountFen, discountFen: 0, dueFen: amountFen },
    roundingFen: 0,
    changeFen: 500,
    status: 'completed',
  };
}

describe.each(testBackends())('shifts at the CRM on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  const tills: Record<string, { token: string; epoch: number; seq: number }> = {};

  const mutation = (
    terminalId: string,
    type: MutationTypeName,
    entityId: string,
    payload: unknown,
  ): Mutation => {
    const t = tills[terminalId]!;
    const clean = JSON.parse(JSON.stringify(payload)) as unknown;
    t.seq += 1;
    return {
      seq: t.seq,
      mutationId: `S001.${terminalId}.${t.epoch}.${t.seq}`,
      type,
      entityId,
      payload: clean,
      payloadHash: sha256Hex(canonicalJson(clean)),
      createdAt: '2026-11-25T09:00:00.000Z',
    };
  };
  const push = async (terminalId: string, mutations: Mutation[]): Promise<PushResponse> => {
    const t = tills[terminalId]!;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/push',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ terminalId, epoch: t.epoch, mutations }),
    });
    expect(res.statusCode, res.body).toBe(200);
    return PushResponseSchema.parse(res.json());
  };
  const get = (terminalId: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tills[terminalId]!.token}` } });

  /** Opens a shift, sells `n` sales in it, and returns what the till would put in its Z. */
  async function dayOfTill(terminalId: string, sales: Sale[], shiftId: string, flagged: Sale[] = []) {
    const opened = {
      shiftId,
      cashierId: 'E1002',
      cashierName: '测试收银甲',
      businessDate: DAY,
      openedAt: '2026-11-25T00:00:00.000Z',
      openingFloatFen: 50000,
      denominations: { note100: 5 },
    };
    const moveId = newId();
    const r = await push(terminalId, [
      mutation(terminalId, 'shift.opened', shiftId, opened),
      ...sales.map((s) => mutation(terminalId, 'sale.completed', s.id, { sale: s, coupons: [] })),
      mutation(terminalId, 'cash.moved', moveId, {
        moveId,
        shiftId,
        kind: 'payOut',
        amountFen: 1200,
        reason: '买胶带',
        staffId: 'E1002',
        at: '2026-11-25T03:00:00.000Z',
      }),
    ]);
    // A receipt number seen twice is an issue on arrival (issue 15): that sale is applied with a conflict.
    const conflicted = new Set(flagged.map((s) => s.id));
    expect(
      r.results.map((x) => x.status),
      JSON.stringify(r.results),
    ).toEqual([
      'applied',
      ...sales.map((s) => (conflicted.has(s.id) ? 'appliedWithConflict' : 'applied')),
      'applied',
    ]);
  }

  function zPayload(
    shiftId: string,
    sales: Sale[],
    refunds: RefundCompletedPayload[],
    zNo: number,
    terminalId = 'T03',
  ): ShiftClosedPayload {
    const z = buildShiftReport({
      kind: 'Z',
      zNo,
      shift: {
        id: shiftId,
        storeId: 'S001',
        terminalId: 'T03',
        cashierId: 'E1002',
        businessDate: DAY,
        openedAt: '2026-11-25T00:00:00.000Z',
        floatFen: 50000,
      },
      at: '2026-11-25T10:00:00.000Z',
      sales: sales.map((sale) => ({ sale })),
      refunds: refunds.map((r) => ({
        id: r.refundId,
        receiptNo: r.receiptNo,
        originalSaleId: r.originalSaleId,
        originalReceiptNo: r.originalReceiptNo,
        storeId: 'S001',
        terminalId: 'T03',
        businessDate: DAY,
        createdAt: r.createdAt,
        staffId: r.staffId,
        lines: r.lines,
        tenders: r.tenders.map((t) => ({ originalTenderId: 'x', kind: t.kind, amountFen: t.amountFen })),
        totalFen: r.totalFen,
        roundingFen: 0,
        pointsReversed: 0,
        pointsRestored: 0,
        couponsRestored: [],
        full: false,
      })),
      moves: [],
      pickupsHandedOver: 0,
      count: { counts: { note100: 5 } },
    });
    return {
      shiftId,
      cashierId: 'E1002',
      closedBy: 'E1002',
      businessDate: DAY,
      openedAt: z.openedAt,
      closedAt: z.at,
      saleCount: z.saleCount,
      salesTotalFen: z.salesTotalFen,
      refundTotalFen: z.refunds.totalFen,
      refundCount: z.refunds.count,
      openingFloatFen: 50000,
      cashExpectedFen: z.cash.expectedFen,
      cashCountedFen: z.count!.countedFen,
      varianceFen: z.count!.varianceFen,
      zNo,
      byTender: z.byTender,
      // The counted float is far from the expected cash: a manager approved the variance (decision 0040).
      approval: demoBadgeApproval(
        { storeId: 'S001', terminalId },
        'cashVariance',
        shiftId,
        Math.abs(z.count!.varianceFen),
      ),
    };
  }

  beforeAll(async () => {
    db = await backend.open();
    await ensureSeeded(db, { products: 20, members: 5, pickupsPerState: 1, pinIterations: 1000 });
    app = await createCrmServer({ db });
    for (const terminalId of ['T03', 'T04', 'T05']) {
      const { code } = await ensureDemoEnrollment(db, { terminalId });
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/enroll',
        payload: { storeId: 'S001', terminalId, code },
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ credential: string; epoch: number }>();
      tills[terminalId] = { token: body.credential, epoch: body.epoch, seq: 0 };
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('accepts a balanced Z, shows the shift in the day view, and finds the sale for a refund', async () => {
    const shiftId = newId();
    const sales = [sale('T03', 1, shiftId), sale('T03', 2, shiftId, 9990), sale('T03', 3, shiftId)];
    await dayOfTill('T03', sales, shiftId);

    const refundId = newId();
    const refund: RefundCompletedPayload = {
      refundId,
      originalSaleId: sales[1]!.id,
      originalReceiptNo: sales[1]!.receiptNo,
      receiptNo: 'S001-T03-20261125-R000001',
      lines: [{ ...sales[1]!.lines[0]!, qty: 1, amountFen: 4995 }],
      tenders: [{ originalTenderId: sales[1]!.tenders[0]!.id, kind: 'cash', amountFen: 4995 }],
      totalFen: 4995,
      staffId: 'E1002',
      approvedBy: 'E1001',
      approval: demoBadgeApproval({ storeId: 'S001', terminalId: 'T03' }, 'refund', refundId, 4995),
      createdAt: '2026-11-25T05:00:00.000Z',
      couponsRestored: [],
      shiftId,
      businessDate: DAY,
      roundingFen: 0,
    };
    const z = zPayload(shiftId, sales, [refund], 1);
    const r = await push('T03', [
      mutation('T03', 'refund.completed', refundId, refund),
      mutation('T03', 'shift.closed', shiftId, z),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    const report = await db.query<{ state: string; z_no: number; received_refund_count: number }>(
      `SELECT state, z_no, received_refund_count FROM shift_reports WHERE shift_id = $1`,
      [shiftId],
    );
    expect(report.rows[0]).toMatchObject({ state: 'balanced', z_no: 1, received_refund_count: 1 });

    const day = await get('T03', `/api/v1/shifts/day?date=${DAY}`);
    expect(day.statusCode, day.body).toBe(200);
    const view = DayViewResponseSchema.parse(day.json());
    const t03 = view.terminals.find((t) => t.terminalId === 'T03')!;
    expect(t03).toMatchObject({
      saleCount: 3,
      salesFen: 2500 + 9990 + 2500,
      refundsFen: 4995,
      payOutsFen: 1200,
      shift: { shiftId, state: 'closed', zNo: 1, check: 'balanced', floatFen: 50000, zSaleCount: 3 },
    });
    expect(view.byTender).toEqual([{ kind: 'cash', amountFen: 14990 }]);
    expect(view.byHour.reduce((s, h) => s + h.salesFen, 0)).toBe(14990);
    expect(view.byHour.every((h) => h.hour >= 0 && h.hour <= 23)).toBe(true);

    // Any till of the store finds the sale, with the refund already made.
    const found = await get('T04', `/api/v1/sales/lookup?receiptNo=${sales[1]!.receiptNo}`);
    expect(found.statusCode, found.body).toBe(200);
    const lookup = SaleLookupResponseSchema.parse(found.json());
    expect(lookup.sale.id).toBe(sales[1]!.id);
    expect(lookup.refunds).toEqual([
      expect.objectContaining({ refundId, totalFen: 4995, lines: [expect.objectContaining({ qty: 1 })] }),
    ]);
    const missing = await get('T04', '/api/v1/sales/lookup?receiptNo=S001-T03-20261125-999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'sale-not-found' });
    expect((await get('T04', '/api/v1/sales/lookup')).statusCode).toBe(400);
  });

  it('raises shift.mismatch when the Z claims sales the CRM never received', async () => {
    const shiftId = newId();
    const sales = [sale('T04', 1, shiftId), sale('T04', 2, shiftId)];
    await dayOfTill('T04', sales, shiftId);
    // The Z counts a third sale that never arrived.
    const z = zPayload(shiftId, [...sales, sale('T04', 3, shiftId)], [], 1, 'T04');
    const closing = mutation('T04', 'shift.closed', shiftId, z);
    const r = await push('T04', [closing]);
    expect(r.results[0]).toMatchObject({ status: 'appliedWithConflict' });
    const issues = await db.query<{ kind: string; title: string }>(
      `SELECT kind, title FROM issues WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(r.results[0]!.issueIds)],
    );
    expect(issues.rows.map((i) => i.kind)).toEqual(['shift.mismatch']);
    expect(issues.rows[0]!.title).toContain('终端 3 笔 / 总部 2 笔');
    // A replay of the same Z (its answer was lost) raises nothing new.
    expect((await push('T04', [closing])).results[0]).toMatchObject({ replayed: true });
    const again = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM issues WHERE kind = 'shift.mismatch'`,
    );
    expect(Number(again.rows[0]!.n)).toBe(1);
  });

  it('flags receipt-number gaps and duplicates of a till at its Z', async () => {
    const shiftId = newId();
    const first = sale('T05', 1, shiftId);
    const dup = sale('T05', 1, shiftId); // a reinstalled till restarting its counter
    const after = sale('T05', 4, shiftId); // 2 and 3 never arrived
    await dayOfTill('T05', [first, dup, after], shiftId, [dup]);
    const z = zPayload(shiftId, [first, dup, after], [], 1, 'T05');
    const r = await push('T05', [mutation('T05', 'shift.closed', shiftId, z)]);
    expect(r.results[0]).toMatchObject({ status: 'appliedWithConflict' });
    const issues = await db.query<{ kind: string; refs: { receiptNo?: string; saleId?: string }[] }>(
      `SELECT kind, refs FROM issues WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY kind`,
      [JSON.stringify(r.results[0]!.issueIds)],
    );
    expect(issues.rows.map((i) => i.kind)).toEqual(['receipt.duplicate', 'receipt.gap']);
    expect(issues.rows[1]!.refs.map((x) => x.receiptNo)).toEqual([
      'S001-T05-20261125-000002',
      'S001-T05-20261125-000003',
    ]);
    expect(issues.rows[0]!.refs.map((x) => x.saleId).sort()).toEqual([first.id, dup.id].sort());
    const day = DayViewResponseSchema.parse((await get('T05', `/api/v1/shifts/day?date=${DAY}`)).json());
    expect(day.issues.some((i) => i.kind === 'receipt.gap')).toBe(true);
  });

  it('restores redeemed points and the coupon with a full refund', async () => {
    // A member with a coupon of their own; the sale spends it and 100 points with the member's scanned code.
    const member = await db.query<{ id: string; points_balance: number; coupon_id: string; code: string }>(
      `SELECT m.id, m.points_balance, c.id AS coupon_id, c.code FROM members m JOIN coupons c ON c.member_id = m.id
        WHERE c.state = 'issued' AND c.valid_from <= $1::date AND c.valid_to >= $1::date ORDER BY m.id, c.id LIMIT 1`,
      [DAY],
    );
    const m = member.rows[0]!;
    const c = { id: m.coupon_id, code: m.code };
    const plain = sale('T03', 10, undefined, 5000);
    const s: Sale = {
      ...plain,
      memberId: m.id,
      tenders: [
        { id: newId(), kind: 'points', amountFen: 100 },
        { id: newId(), kind: 'cash', amountFen: 4900, tenderedFen: 5000, changeFen: 100 },
      ],
      changeFen: 100,
    };
    const redeemEntry = newId();
    const proof = (await issueMemberToken(db, m.id, new Date(s.createdAt)))!.token;
    await push('T03', [
      mutation('T03', 'sale.completed', s.id, {
        sale: s,
        coupons: [{ couponId: c.id, code: c.code, discountFen: 0 }],
        points: { memberId: m.id, earn: 0, redeem: 100, redeemEntryId: redeemEntry },
        memberProof: { token: proof },
      }),
    ]);
    // What the CRM booked: its own earn figure, and the 100 points redeemed.
    const booked = await db.query<{ kind: string; delta: number }>(
      `SELECT kind, delta FROM points_ledger WHERE sale_id = $1 ORDER BY kind`,
      [s.id],
    );
    const earned = Number(booked.rows.find((x) => x.kind === 'earn')?.delta ?? 0);
    expect(booked.rows.find((x) => x.kind === 'redeem')?.delta).toBe(-100);
    const refundId = newId();
    const r = await push('T03', [
      mutation('T03', 'refund.completed', refundId, {
        refundId,
        originalSaleId: s.id,
        originalReceiptNo: s.receiptNo,
        receiptNo: 'S001-T03-20261125-R000002',
        lines: s.lines,
        tenders: [
          { originalTenderId: s.tenders[0]!.id, kind: 'points', amountFen: 100 },
          { originalTenderId: s.tenders[1]!.id, kind: 'cash', amountFen: 4900 },
        ],
        totalFen: 5000,
        staffId: 'E1002',
        approval: demoBadgeApproval({ storeId: 'S001', terminalId: 'T03' }, 'refund', refundId, 5000),
        createdAt: '2026-11-25T06:00:00.000Z',
        ...(earned > 0 ? { pointsReversal: { memberId: m.id, points: earned, entryId: newId() } } : {}),
        pointsRestore: { memberId: m.id, points: 100, entryId: newId() },
        couponsRestored: [c.id],
        full: true,
      }),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'applied' });
    const after = await db.query<{ points_balance: number }>(
      `SELECT points_balance FROM members WHERE id = $1`,
      [m.id],
    );
    expect(Number(after.rows[0]!.points_balance)).toBe(Number(m.points_balance));
    const cs = await db.query<{ state: string }>(`SELECT state FROM coupons WHERE id = $1`, [c.id]);
    expect(cs.rows[0]!.state).toBe('issued');
  });
});
