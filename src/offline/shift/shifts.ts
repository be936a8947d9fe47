// Shifts on the till: open with a counted float, pay-ins/pay-outs/safe drops, X readings, and the close with a
// blind count that freezes the Z report. Each business action writes its local record and its outbox mutation
// in ONE strict ledger transaction; everything else (reading, computing) happens inside it synchronously.
import { businessDateOf } from '../../domain/businessDate';
import { cashVariance, DEFAULT_VARIANCE_THRESHOLD_FEN } from '../../domain/shift/cash';
import { checkCounts, countedFen, type DenominationCounts } from '../../domain/shift/denominations';
import type { CashMove, CashMoveKind, Refund } from '../../domain/shift/model';
import { buildShiftReport, type ReportSale, type ShiftReport } from '../../domain/shift/report';
import type { OutboxRecord, Sale } from '../../domain/model';
import type {
  CashMovedPayload,
  SaleCompletedPayload,
  ShiftClosedPayload,
  ShiftOpenedPayload,
} from '../../shared/crm/mutations';
import type { LedgerDb, ShiftRow } from '../db';
import { systemClock, type Clock } from '../sales';
import { requireTerminalIdentity } from '../terminal';
import { appendMutation, jsonClean } from './appendMutation';
import { CASH_MOVE_APPROVAL_LIMIT_FEN, type ApprovalProofData } from '../../domain/staff/approvalProof';
import { appendAuditInTx } from '../staff/audit';
import { newId } from '../ids';

export type ShiftErrorCode =
  | 'alreadyOpen'
  | 'noOpenShift'
  | 'badCount'
  | 'badAmount'
  | 'reasonRequired'
  | 'approvalRequired'
  | 'unknownShift';

export class ShiftError extends Error {
  override name = 'ShiftError';
  constructor(
    readonly code: ShiftErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const Z_COUNTER = 'z';
const MAX_MOVE_FEN = 100_000_000; // 1,000,000 yuan: beyond any drawer

function counted(counts: Readonly<Record<string, unknown>>): { counts: DenominationCounts; fen: number } {
  const checked = checkCounts(counts);
  if (!checked.ok)
    throw new ShiftError(
      'badCount',
      `bad count: ${checked.problems.map((p) => `${p.id} ${p.problem}`).join(', ')}`,
    );
  return { counts: checked.counts, fen: countedFen(checked.counts) };
}

/** The open shift of this till, if any (there is at most one). */
export async function currentShift(ledger: LedgerDb): Promise<ShiftRow | undefined> {
  return ledger.shifts.where('state').equals('open').first();
}

export async function getShift(ledger: LedgerDb, id: string): Promise<ShiftRow | undefined> {
  return ledger.shifts.get(id);
}

/** The most recently closed shift (its Z), newest first by opening. */
export async function lastClosedShift(ledger: LedgerDb): Promise<ShiftRow | undefined> {
  const closed = await ledger.shifts.where('state').equals('closed').toArray();
  return closed.sort((a, b) => (b.closeSeq ?? 0) - (a.closeSeq ?? 0))[0];
}

/** Opens a shift with the float counted by denomination. Idempotent on `id`; refuses a second open shift. */
export async function openShift(
  ledger: LedgerDb,
  args: {
    id: string;
    cashierId: string;
    cashierName: string;
    floatCounts: Readonly<Record<string, unknown>>;
  },
  clock: Clock = systemClock,
): Promise<ShiftRow> {
  const float = counted(args.floatCounts);
  const openedAt = clock.now().toISOString();
  return ledger.transaction(
    'rw',
    [ledger.shifts, ledger.outbox, ledger.counters, ledger.terminal],
    async () => {
      const [same, open, identity] = await Promise.all([
        ledger.shifts.get(args.id),
        currentShift(ledger),
        requireTerminalIdentity(ledger),
      ]);
      if (same) return same;
      if (open) throw new ShiftError('alreadyOpen', `shift ${open.id} is still open`);
      const businessDate = businessDateOf(openedAt, identity.timeZone);
      const payload: ShiftOpenedPayload = jsonClean({
        shiftId: args.id,
        cashierId: args.cashierId,
        cashierName: args.cashierName,
        businessDate,
        openedAt,
        openingFloatFen: float.fen,
        denominations: float.counts,
      });
      const record = await appendMutation(ledger, 'shift.opened', args.id, payload, openedAt);
      const row: ShiftRow = {
        id: args.id,
        storeId: identity.storeId,
        terminalId: identity.terminalId,
        cashierId: args.cashierId,
        cashierName: args.cashierName,
        businessDate,
        openedAt,
        floatFen: float.fen,
        floatCounts: float.counts,
        state: 'open',
        openSeq: record.seq,
      };
      await ledger.shifts.add(row);
      return row;
    },
  );
}

/** A pay-out or safe drop over the limit needs a manager's approval with a proof (decision 0040). */
export function cashMoveNeedsApproval(kind: CashMoveKind, amountFen: number): boolean {
  return kind !== 'payIn' && amountFen > CASH_MOVE_APPROVAL_LIMIT_FEN;
}

/**
 * A pay-in, pay-out or safe drop on the open shift. Pay-ins and pay-outs need a reason; a pay-out or drop over the
 * limit needs an approval. The move, its outbox record and its audit entry ('cash.payIn', 'cash.payOut',
 * 'cash.drop') commit together. Idempotent on `id`.
 */
export async function recordCashMove(
  ledger: LedgerDb,
  args: {
    id: string;
    kind: CashMoveKind;
    amountFen: number;
    reason: string;
    staffId: string;
    approvedBy?: string;
    approval?: ApprovalProofData;
    /** Audit entry ids, and whether entries go to the CRM (AuditDeps). */
    audit?: { newId: () => string; toOutbox?: boolean };
  },
  clock: Clock = systemClock,
): Promise<CashMove> {
  if (!Number.isSafeInteger(args.amountFen) || args.amountFen <= 0 || args.amountFen > MAX_MOVE_FEN)
    throw new ShiftError('badAmount', `not an amount of fen: ${args.amountFen}`);
  const reason = args.reason.trim().slice(0, 200);
  if (reason === '' && args.kind !== 'drop')
    throw new ShiftError('reasonRequired', `${args.kind} needs a reason`);
  if (cashMoveNeedsApproval(args.kind, args.amountFen) && !args.approval)
    throw new ShiftError(
      'approvalRequired',
      `${args.kind} of ${args.amountFen} fen needs a manager's approval`,
    );
  const at = clock.now().toISOString();
  const auditDeps = {
    now: () => new Date(at),
    newId: args.audit?.newId ?? (() => newId()),
    toOutbox: args.audit?.toOutbox ?? true,
  };
  return ledger.transaction(
    'rw',
    [ledger.shifts, ledger.cashMoves, ledger.outbox, ledger.counters, ledger.terminal, ledger.audit],
    async () => {
      const [same, open] = await Promise.all([ledger.cashMoves.get(args.id), currentShift(ledger)]);
      if (same) {
        const { seq: _seq, ...move } = same;
        return move;
      }
      if (!open) throw new ShiftError('noOpenShift', 'no open shift');
      const move: CashMove = {
        id: args.id,
        shiftId: open.id,
        kind: args.kind,
        amountFen: args.amountFen,
        reason,
        staffId: args.staffId,
        ...(args.approvedBy ? { approvedBy: args.approvedBy } : {}),
        ...(args.approval ? { approval: args.approval } : {}),
        at,
      };
      const payload: CashMovedPayload = jsonClean({ moveId: move.id, ...move, id: undefined });
      const record = await appendMutation(ledger, 'cash.moved', move.id, payload, at);
      await ledger.cashMoves.add({ ...move, seq: record.seq });
      await appendAuditInTx(
        ledger,
        {
          action: `cash.${move.kind}`,
          actorId: move.staffId,
          ...(move.approvedBy ? { approvedBy: move.approvedBy } : {}),
          detail: {
            moveId: move.id,
            shiftId: move.shiftId,
            amountFen: move.amountFen,
            reason: move.reason,
            ...(move.approval ? { proof: move.approval.kind } : {}),
          },
        },
        auditDeps,
      );
      return move;
    },
  );
}

export interface ShiftActivity {
  sales: ReportSale[];
  refunds: Refund[];
  moves: CashMove[];
  pickupsHandedOver: number;
}

/**
 * What happened in a shift, read inside the caller's transaction: sales stamped with the shift (between its open
 * and close seqs), their points from the outbox payloads, refunds, cash moves and pickups handed over.
 */
async function readActivity(ledger: LedgerDb, shift: ShiftRow): Promise<ShiftActivity> {
  const upper = shift.closeSeq ?? Number.MAX_SAFE_INTEGER;
  const [sales, records, refunds, moves] = await Promise.all([
    ledger.sales.where('seq').between(shift.openSeq, upper, false, true).toArray(),
    ledger.outbox.where('seq').between(shift.openSeq, upper, false, true).toArray(),
    ledger.refunds.where('shiftId').equals(shift.id).toArray(),
    ledger.cashMoves.where('shiftId').equals(shift.id).toArray(),
  ]);
  const points = new Map<string, { earn: number; redeem: number }>();
  let pickups = 0;
  for (const r of records as OutboxRecord[]) {
    if (r.type === 'pickup.handedOver') pickups++;
    if (r.type !== 'sale.completed') continue;
    const p = (r.payload as Partial<SaleCompletedPayload>).points;
    if (p) points.set(r.entityId, { earn: p.earn, redeem: p.redeem });
  }
  return {
    sales: sales
      .filter((s) => s.shiftId === shift.id)
      .sort((a, b) => a.seq - b.seq)
      .map(({ seq: _seq, ...sale }) => {
        const p = points.get(sale.id);
        return p ? { sale: sale as Sale, points: p } : { sale: sale as Sale };
      }),
    refunds: refunds.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...r }) => r),
    moves: moves.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...m }) => m),
    pickupsHandedOver: pickups,
  };
}

export async function shiftActivity(ledger: LedgerDb, shiftId: string): Promise<ShiftActivity> {
  return ledger.transaction(
    'r',
    [ledger.shifts, ledger.sales, ledger.outbox, ledger.refunds, ledger.cashMoves],
    async () => {
      const shift = await ledger.shifts.get(shiftId);
      if (!shift) throw new ShiftError('unknownShift', `no shift ${shiftId}`);
      return readActivity(ledger, shift);
    },
  );
}

/** An X reading of the open shift: the same totals as a Z, nothing reset, nothing written. */
export async function xReport(ledger: LedgerDb, clock: Clock = systemClock): Promise<ShiftReport> {
  const at = clock.now().toISOString();
  return ledger.transaction(
    'r',
    [ledger.shifts, ledger.sales, ledger.outbox, ledger.refunds, ledger.cashMoves],
    async () => {
      const shift = await currentShift(ledger);
      if (!shift) throw new ShiftError('noOpenShift', 'no open shift');
      const activity = await readActivity(ledger, shift);
      return buildShiftReport({ kind: 'X', shift, at, ...activity });
    },
  );
}

/** Expected cash of the open shift: shown only after the blind count was submitted. */
export async function expectedCashNow(ledger: LedgerDb, clock: Clock = systemClock): Promise<number> {
  return (await xReport(ledger, clock)).cash.expectedFen;
}

export interface CloseShiftArgs {
  shiftId: string;
  closedBy: string;
  counts: Readonly<Record<string, unknown>>;
  note?: string;
  approvedBy?: string;
  /** The variance approval's proof for the CRM (decision 0040). */
  approval?: ApprovalProofData;
  thresholdFen?: number;
}

function closedPayload(
  shift: ShiftRow,
  z: ShiftReport,
  closedBy: string,
  closedAt: string,
  approval: ApprovalProofData | undefined,
): ShiftClosedPayload {
  const count = z.count!;
  return jsonClean({
    shiftId: shift.id,
    cashierId: shift.cashierId,
    closedBy,
    businessDate: shift.businessDate,
    openedAt: shift.openedAt,
    closedAt,
    saleCount: z.saleCount,
    salesTotalFen: z.salesTotalFen,
    refundTotalFen: z.refunds.totalFen,
    openingFloatFen: shift.floatFen,
    cashExpectedFen: z.cash.expectedFen,
    cashCountedFen: count.countedFen,
    zNo: z.zNo,
    counts: count.counts,
    varianceFen: count.varianceFen,
    note: count.note,
    approvedBy: count.approvedBy,
    approval,
    unconfirmedApprovals: z.unconfirmedApprovals,
    refundCount: z.refunds.count,
    grossFen: z.grossFen,
    discountFen: z.discountFen,
    roundingFen: z.roundingFen,
    byTender: z.byTender,
    byCategory: z.byCategory.map(({ categoryId, qty, amountFen }) => ({ categoryId, qty, amountFen })),
    refundsByTender: z.refunds.byTender,
    voids: z.voids,
    points: z.points,
    pickupsHandedOver: z.pickupsHandedOver,
    firstReceiptNo: z.firstReceiptNo,
    lastReceiptNo: z.lastReceiptNo,
    cash: z.cash,
  });
}

/**
 * Closes the open shift with a blind count: computes the Z (next number for this till), checks the variance, and
 * writes the closed shift, the 'shift.closed' mutation and the Z counter together. A variance over the threshold
 * is refused unless a manager approved it and a note says why. Closing a closed shift returns it unchanged.
 */
export async function closeShift(
  ledger: LedgerDb,
  args: CloseShiftArgs,
  clock: Clock = systemClock,
): Promise<ShiftRow> {
  const count = counted(args.counts);
  const closedAt = clock.now().toISOString();
  const note = args.note?.trim().slice(0, 500) ?? '';
  return ledger.transaction(
    'rw',
    [
      ledger.shifts,
      ledger.sales,
      ledger.refunds,
      ledger.cashMoves,
      ledger.outbox,
      ledger.counters,
      ledger.terminal,
    ],
    async () => {
      const [shift, zRow] = await Promise.all([
        ledger.shifts.get(args.shiftId),
        ledger.counters.get(Z_COUNTER),
      ]);
      if (!shift) throw new ShiftError('unknownShift', `no shift ${args.shiftId}`);
      if (shift.state === 'closed') return shift;
      const activity = await readActivity(ledger, shift);
      const zNo = (zRow?.value ?? 0) + 1;
      const z = buildShiftReport({
        kind: 'Z',
        zNo,
        shift,
        at: closedAt,
        ...activity,
        count: {
          counts: count.counts,
          ...(note ? { note } : {}),
          ...(args.approvedBy ? { approvedBy: args.approvedBy } : {}),
          ...(args.approval ? { approval: args.approval } : {}),
        },
      });
      const variance = cashVariance(
        count.fen,
        z.cash.expectedFen,
        args.thresholdFen ?? DEFAULT_VARIANCE_THRESHOLD_FEN,
      );
      if (variance.needsApproval && (!args.approvedBy || note === ''))
        throw new ShiftError(
          'approvalRequired',
          `variance ${variance.varianceFen} needs a manager and a note`,
        );
      const record = await appendMutation(
        ledger,
        'shift.closed',
        shift.id,
        closedPayload(shift, z, args.closedBy, closedAt, args.approval),
        closedAt,
      );
      const closed: ShiftRow = {
        ...shift,
        state: 'closed',
        closedAt,
        closedBy: args.closedBy,
        zNo,
        closeSeq: record.seq,
        z,
      };
      await Promise.all([ledger.shifts.put(closed), ledger.counters.put({ name: Z_COUNTER, value: zNo })]);
      return closed;
    },
  );
}

export type ZSyncState = 'awaitingSync' | 'accepted' | 'mismatch' | 'rejected';

/**
 * A Z is "awaiting sync" until the CRM acknowledged its 'shift.closed' record. The CRM applies a till's records in
 * seq order, so that acknowledgement means every sale and refund of the shift was acknowledged before it. The
 * CRM's answer says whether the report matched what it received.
 */
export async function zSyncState(ledger: LedgerDb, shift: ShiftRow): Promise<ZSyncState> {
  if (shift.closeSeq === undefined) return 'awaitingSync';
  const record = await ledger.outbox.get(shift.closeSeq);
  if (!record || record.state === 'pending' || record.state === 'inflight') return 'awaitingSync';
  if (record.state === 'rejected') return 'rejected';
  const ack = record.ack as { status?: string } | undefined;
  return ack?.status === 'appliedWithConflict' ? 'mismatch' : 'accepted';
}
