// sale.completed at the CRM: the sale is checked (crm/saleCheck.ts) and stored once (its id is the business key),
// always under the credential's store and terminal, then its side effects: the member's proof
// (crm/effects/memberProof.ts), coupons (crm/effects/coupons.ts), points computed by the CRM (crm/effects/points.ts)
// and the member's purchase history. A sale that fails a check, or whose receipt number another sale of the store
// already carries, is stored all the same but flagged: one issue for the store's manager with the reasons, and its
// side effects held until the manager releases them (releaseHeldSale) or keeps them held (docs/decisions/0043).
import type { Mutation, SaleCompletedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import { AMOUNT_FLAGS, checkSale, flagsTitle, type SaleFlag } from '../saleCheck';
import type { Ctx } from './context';
import { saleApprovals } from '../approvals';
import { redeemCoupons } from './coupons';
import { salePoints } from './points';
import { checkMemberProof, type ProofCheck } from './memberProof';

/** The store's zone (the CRM has one zone for the chain, as the day view does). */
export const STORE_TIME_ZONE = 'Asia/Shanghai';

/** The sale a side effect belongs to, as issue refs name it. */
export interface SaleUse {
  saleId: string;
  receiptNo: string;
  terminalId: string;
  staffId: string;
  at: string;
}

type Sale = SaleCompletedPayload['sale'];

/** What the CRM holds for an arriving sale: its check, the body as stored, whether its effects wait. */
export interface SaleVerdict {
  flags: SaleFlag[];
  /** The body with store and terminal from the credential. */
  stored: Sale;
  held: boolean;
  counted: boolean;
  receivedAt: Date;
  /** Other sales of the store under the same receipt number. */
  sameReceipt: string[];
}

/** Checks an arriving sale against the credential, the CRM's clock, its shift and the store's receipt numbers. */
export async function judgeSale(tx: Queryable, ctx: Ctx, p: SaleCompletedPayload): Promise<SaleVerdict> {
  const sale = p.sale;
  const receivedAt = new Date();
  const [shift, same] = await Promise.all([
    sale.shiftId
      ? tx.query<{ opened_at: Date | string }>(
          `SELECT opened_at FROM shifts WHERE id = $1 AND store_id = $2`,
          [sale.shiftId, ctx.storeId],
        )
      : Promise.resolve({ rows: [] as { opened_at: Date | string }[] }),
    tx.query<{ id: string }>(`SELECT id FROM sales WHERE store_id = $1 AND receipt_no = $2 AND id <> $3`, [
      ctx.storeId,
      sale.receiptNo,
      sale.id,
    ]),
  ]);
  const flags = checkSale(p, {
    storeId: ctx.storeId,
    terminalId: ctx.terminalId,
    receivedAt,
    shiftOpenedAt: shift.rows[0]?.opened_at,
    timeZone: STORE_TIME_ZONE,
    repairedPaths: (ctx as { repairedPaths?: string[] }).repairedPaths,
  });
  const sameReceipt = same.rows.map((r) => r.id);
  if (sameReceipt.length > 0)
    flags.push({
      code: 'receipt-duplicate',
      path: 'sale.receiptNo',
      text: `单号 ${sale.receiptNo} 已用于本店另外 ${sameReceipt.length} 笔销售`,
    });
  return {
    flags,
    stored: { ...sale, storeId: ctx.storeId, terminalId: ctx.terminalId },
    held: flags.length > 0,
    counted: !flags.some((f) => AMOUNT_FLAGS.has(f.code)),
    receivedAt,
    sameReceipt,
  };
}

export async function saleCompleted(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  const sale = p.sale;
  if (ctx.m.entityId !== sale.id) return 'entity-mismatch';
  const v = await judgeSale(tx, ctx, p);
  // Business key unique forever: the same sale under another mutation (a reinstalled till re-sending).
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO sales (id, store_id, terminal_id, receipt_no, cashier_id, shift_id, business_date, created_at,
                        member_id, due_fen, rounding_fen, status, mutation_id, body, received_at, flags,
                        effects_held, held_effects, counted)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
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
      JSON.stringify(v.stored),
      v.receivedAt.toISOString(),
      v.flags.length > 0 ? JSON.stringify(v.flags) : null,
      v.held,
      v.held ? JSON.stringify({ points: p.points ?? null, coupons: p.coupons }) : null,
      v.counted,
    ],
  );
  if (inserted.rows.length === 0) return 'duplicate';

  const thisUse: SaleUse = {
    saleId: sale.id,
    receiptNo: sale.receiptNo,
    terminalId: ctx.terminalId,
    staffId: sale.cashierId,
    at: sale.createdAt,
  };
  // Price overrides and discounts over the limit need a manager's verifiable approval (decision 0040).
  const approvalIssues = await saleApprovals(tx, ctx, p);
  if (v.held) return [...approvalIssues, ...(await raiseSaleIssues(tx, ctx, v, thisUse))];
  return [...approvalIssues, ...(await applySaleEffects(tx, ctx, { ...p, sale: v.stored }, thisUse))];
}

/** The manager's issue for a flagged sale, and the receipt-number duplicate the Z check would find later. */
async function raiseSaleIssues(tx: Queryable, ctx: Ctx, v: SaleVerdict, thisUse: SaleUse): Promise<string[]> {
  const sale = v.stored;
  const issues: string[] = [];
  const listed = v.flags.slice(0, 5).map((f) => f.text);
  issues.push(
    await raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'sale.flagged',
      title:
        v.flags.length <= 1
          ? flagsTitle(sale.receiptNo, v.flags)
          : `销售 ${sale.receiptNo} 未通过总部核对，积分与优惠券暂缓：${listed.join('；')}${v.flags.length > listed.length ? `；等 ${v.flags.length} 项` : ''}`,
      subjectId: sale.id,
      refs: [{ ...thisUse, mutationId: ctx.m.mutationId, amountFen: sale.totals.dueFen }],
      dedupKey: `sale-flagged:${ctx.storeId}:${sale.id}`,
      reasons: v.flags.map((f) => ({ code: f.code, path: f.path, text: f.text })),
    }),
  );
  if (v.sameReceipt.length > 0) {
    const ids = [...v.sameReceipt, sale.id];
    // The key the Z check uses (crm/effects/shift.ts), so a shift close later finds this issue, not a second one.
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind: 'receipt.duplicate',
        title: `终端 ${ctx.terminalId} 单号 ${sale.receiptNo} 出现在 ${ids.length} 笔销售上`,
        subjectId: sale.receiptNo,
        refs: ids.map((saleId) => ({ saleId, receiptNo: sale.receiptNo, terminalId: ctx.terminalId })),
        dedupKey: `receipt-dup:${ctx.storeId}:${ctx.terminalId}:${sale.receiptNo}:${ids.length}`,
      }),
    );
  }
  return issues;
}

/** The side effects of a sale: coupons, points, the member's purchase history. */
export async function applySaleEffects(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
  thisUse: SaleUse,
): Promise<string[]> {
  const sale = p.sale;
  const issues: string[] = [];

  // The member's proof (the scanned member code) is checked and used up whenever it came; spending needs it.
  const proof: ProofCheck = p.memberProof
    ? await checkMemberProof(tx, ctx, p)
    : { ok: false, reason: sale.memberId ? 'missing' : 'noMember' };

  issues.push(...(await redeemCoupons(tx, ctx, p, thisUse, proof)));

  // A member sale earns by the CRM's rules whatever the till sent; a sale with no member moves no points.
  const spends = sale.tenders.some((t) => t.kind === 'points' && t.amountFen > 0);
  if (sale.memberId || spends || (p.points && (p.points.earn > 0 || p.points.redeem > 0))) {
    issues.push(...(await salePoints(tx, ctx, p, thisUse, proof)));
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

/**
 * A manager released a flagged sale: its held side effects are applied now, exactly once (the held mark is taken
 * off in the same transaction; coupon and points entries are keyed as on arrival). A voided sale releases nothing.
 * Issue ids raised by the effects.
 */
export async function releaseHeldSale(tx: Queryable, saleId: string): Promise<string[]> {
  const r = await tx.query<{
    store_id: string;
    terminal_id: string;
    mutation_id: string;
    body: Sale;
    held_effects: {
      points: SaleCompletedPayload['points'] | null;
      coupons: SaleCompletedPayload['coupons'];
    } | null;
    received_at: Date | string;
  }>(
    `SELECT store_id, terminal_id, mutation_id, body, held_effects, received_at FROM sales
      WHERE id = $1 AND effects_held AND status = 'completed' FOR UPDATE`,
    [saleId],
  );
  const row = r.rows[0];
  if (!row) return [];
  await tx.query(`UPDATE sales SET effects_held = false WHERE id = $1`, [saleId]);
  const held = row.held_effects ?? { points: null, coupons: [] };
  const p: SaleCompletedPayload = {
    sale: row.body,
    coupons: held.coupons ?? [],
    ...(held.points ? { points: held.points } : {}),
  };
  const parts = row.mutation_id.split('.');
  const m: Mutation = {
    seq: Number(parts[3] ?? 1),
    mutationId: row.mutation_id,
    type: 'sale.completed',
    entityId: saleId,
    payload: p,
    payloadHash: '0'.repeat(64),
    createdAt: new Date(row.received_at).toISOString(),
  };
  const ctx: Ctx = {
    storeId: row.store_id,
    terminalId: row.terminal_id,
    epoch: Number(parts[2] ?? 1),
    m,
    repairedPaths: [],
  };
  return applySaleEffects(tx, ctx, p, {
    saleId,
    receiptNo: row.body.receiptNo,
    terminalId: row.terminal_id,
    staffId: row.body.cashierId,
    at: row.body.createdAt,
  });
}
