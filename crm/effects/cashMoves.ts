// shift.opened and cash.moved at the CRM: recorded once each (business keys: shift id, move id), so the manager's
// day view shows every till's shift state and cash moves as they happen, before any Z arrives. A shift id held by
// another store or till changes nothing and raises an issue (crm/effects/shift.ts foreignShiftIssue).
import type { CashMovedPayload, ShiftOpenedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import type { Ctx } from './context';
import { foreignShiftIssue } from './shift';
import { cashMoveApproval } from '../approvals';

export async function shiftOpened(
  tx: Queryable,
  ctx: Ctx,
  p: ShiftOpenedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.shiftId) return 'entity-mismatch';
  const foreign = await foreignShiftIssue(tx, ctx, p.shiftId, '开班记录', {
    staffId: p.cashierId,
    at: p.openedAt,
  });
  if (foreign) return foreign;
  const ins = await tx.query(
    `INSERT INTO shifts (id, store_id, terminal_id, cashier_id, cashier_name, business_date, opened_at, float_fen,
                         denominations, state, open_mutation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)
     ON CONFLICT (id) DO UPDATE SET opened_at = EXCLUDED.opened_at, float_fen = EXCLUDED.float_fen,
       denominations = EXCLUDED.denominations, cashier_name = EXCLUDED.cashier_name,
       open_mutation_id = EXCLUDED.open_mutation_id
       WHERE shifts.open_mutation_id IS NULL AND shifts.store_id = EXCLUDED.store_id
         AND shifts.terminal_id = EXCLUDED.terminal_id
     RETURNING id`,
    [
      p.shiftId,
      ctx.storeId,
      ctx.terminalId,
      p.cashierId,
      p.cashierName ?? null,
      p.businessDate,
      p.openedAt,
      p.openingFloatFen,
      JSON.stringify(p.denominations),
      ctx.m.mutationId,
    ],
  );
  return ins.rows.length === 0 ? 'duplicate' : [];
}

export async function cashMoved(
  tx: Queryable,
  ctx: Ctx,
  p: CashMovedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.moveId) return 'entity-mismatch';
  const foreign = await foreignShiftIssue(tx, ctx, p.shiftId, '现金操作', {
    staffId: p.staffId,
    at: p.at,
    amountFen: p.amountFen,
  });
  if (foreign) return foreign;
  const ins = await tx.query(
    `INSERT INTO cash_moves (id, shift_id, store_id, terminal_id, kind, amount_fen, reason, staff_id, approved_by, at,
                             mutation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      p.moveId,
      p.shiftId,
      ctx.storeId,
      ctx.terminalId,
      p.kind,
      p.amountFen,
      p.reason,
      p.staffId,
      p.approvedBy ?? null,
      p.at,
      ctx.m.mutationId,
    ],
  );
  if (ins.rows.length === 0) return 'duplicate';
  return cashMoveApproval(tx, ctx, p); // decision 0040: over the limit, flagged without a valid approval
}
