// Refunds and returns on the till. The sale is found in the local ledger (works offline) or, failing that, fetched
// from the CRM by the caller; the plan follows the domain's rules (src/domain/shift/refund.ts); the refund, its
// receipt number and its outbox record are written in ONE strict ledger transaction, after any mobile-payment
// refund the provider confirmed.
import type { ApprovalProofData } from '../../domain/staff/approvalProof';
import { businessDateOf } from '../../domain/businessDate';
import type { PaymentProvider } from '../../domain/codes';
import type { Sale } from '../../domain/model';
import type { MobilePaymentProvider } from '../../domain/payment';
import type { Refund, RefundTender } from '../../domain/shift/model';
import {
  planRefund,
  type PriorRefund,
  type RefundFailure,
  type RefundPlan,
  type RefundRequestLine,
  type SaleExtras,
} from '../../domain/shift/refund';
import type { RefundCompletedPayload, SaleCompletedPayload } from '../../shared/crm/mutations';
import type { LedgerDb, RefundRow } from '../db';
import { systemClock, type Clock } from '../sales';
import { currentShift } from '../shift/shifts';
import { appendMutation, jsonClean } from '../shift/appendMutation';
import { requireTerminalIdentity } from '../terminal';

/** A sale as a refund sees it: the sale, its points and coupons, and what earlier refunds took back. */
export interface SaleForRefund {
  sale: Sale;
  extras: SaleExtras;
  /** Refunds known elsewhere (at the CRM, from other tills); local ones are read at commit. */
  remotePrior: (PriorRefund & { refundId: string })[];
  source: 'ledger' | 'crm';
}

export type RefundErrorCode = RefundFailure | 'changed' | 'mobileRefundFailed' | 'noProvider';

export class RefundError extends Error {
  override name = 'RefundError';
  constructor(
    readonly code: RefundErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const refundCounterName = (businessDate: string): string => `refund:${businessDate}`;

/** Refund receipt numbers run in their own series per day, so sale receipt numbers stay gap-free: ...-R000001. */
export function formatRefundNo(
  storeId: string,
  terminalId: string,
  businessDate: string,
  seq: number,
): string {
  return `${storeId}-${terminalId}-${businessDate.replace(/-/g, '')}-R${String(seq).padStart(6, '0')}`;
}

/** The sale with this receipt number in the local ledger, with its points and coupons from its outbox payload. */
export async function findLocalSale(ledger: LedgerDb, receiptNo: string): Promise<SaleForRefund | undefined> {
  return ledger.transaction('r', [ledger.sales, ledger.outbox], async () => {
    const row = await ledger.sales.where('receiptNo').equals(receiptNo).first();
    if (!row) return undefined;
    const { seq: _seq, ...sale } = row;
    const records = await ledger.outbox.where('entityId').equals(sale.id).toArray();
    const payload = records.find((r) => r.type === 'sale.completed')?.payload as
      Partial<SaleCompletedPayload> | undefined;
    const extras: SaleExtras = {};
    if (payload?.points) extras.points = payload.points;
    if (payload?.coupons?.length) extras.coupons = payload.coupons;
    return { sale, extras, remotePrior: [], source: 'ledger' };
  });
}

/** Refunds of a sale made at this till. */
export async function localRefundsOf(ledger: LedgerDb, saleId: string): Promise<RefundRow[]> {
  return ledger.refunds.where('originalSaleId').equals(saleId).toArray();
}

/** Local and remote refunds of one sale, each counted once. */
function mergePrior(local: readonly Refund[], remote: SaleForRefund['remotePrior']): PriorRefund[] {
  const seen = new Set(local.map((r) => r.id));
  return [...local, ...remote.filter((r) => !seen.has(r.refundId))];
}

export async function previewRefund(
  ledger: LedgerDb,
  target: SaleForRefund,
  request: readonly RefundRequestLine[],
  roundCashToJiao: boolean,
): Promise<ReturnType<typeof planRefund>> {
  const local = await localRefundsOf(ledger, target.sale.id);
  return planRefund({
    sale: target.sale,
    extras: target.extras,
    prior: mergePrior(local, target.remotePrior),
    request,
    roundCashToJiao,
  });
}

/**
 * Gives mobile-payment shares back through the provider before anything is committed (idempotent per
 * outRefundNo = refund id + tender index, so a retry never refunds twice). Returns the provider's refund ids.
 */
export async function refundMobileTenders(
  provider: MobilePaymentProvider,
  refundId: string,
  plan: RefundPlan,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [i, t] of plan.tenders.entries()) {
    if (t.kind !== 'wechat' && t.kind !== 'alipay') continue;
    if (!provider.refund) throw new RefundError('noProvider', 'the payment provider cannot refund');
    if (!t.reference)
      throw new RefundError('mobileRefundFailed', 'the original payment has no transaction id');
    let outcome;
    try {
      outcome = await provider.refund({
        provider: t.kind as PaymentProvider,
        transactionId: t.reference,
        outRefundNo: `${refundId.replace(/-/g, '')}${i}`.slice(0, 64),
        amountFen: t.amountFen,
      });
    } catch (e) {
      outcome = { status: 'unknown' as const, error: e instanceof Error ? e.message : String(e) };
    }
    if (outcome.status !== 'success')
      throw new RefundError(
        'mobileRefundFailed',
        outcome.status === 'failed' ? outcome.reason : `unknown: ${outcome.error}`,
      );
    ids.set(t.originalTenderId, outcome.refundId);
  }
  return ids;
}

export interface CommitRefundArgs {
  id: string;
  target: SaleForRefund;
  request: readonly RefundRequestLine[];
  /** The plan the cashier confirmed; the commit refuses when the ledger now says otherwise. */
  plan: RefundPlan;
  staffId: string;
  approvedBy?: string;
  /** The approval's proof for the CRM (decision 0040). */
  approval?: ApprovalProofData;
  roundCashToJiao: boolean;
  /** Provider refund ids by original tender id (mobile payments refunded before the commit). */
  refundReferences?: ReadonlyMap<string, string>;
  /** UUIDv7 ids for the points ledger entries (reversal, restore). */
  newId: () => string;
}

const sameTenders = (a: readonly RefundTender[], b: readonly RefundTender[]): boolean =>
  a.length === b.length &&
  a.every((t, i) => t.originalTenderId === b[i]?.originalTenderId && t.amountFen === b[i]?.amountFen);

/**
 * Writes the refund with its own receipt number and its 'refund.completed' record in one transaction. The plan is
 * computed again inside it from the refunds the ledger holds at that moment: a second refund of the same pieces
 * (another window, a double tap with a new id) is refused with 'moreThanSold' or 'changed'. Idempotent on `id`.
 */
export async function commitRefund(
  ledger: LedgerDb,
  args: CommitRefundArgs,
  clock: Clock = systemClock,
): Promise<RefundRow> {
  const createdAt = clock.now().toISOString();
  const { sale, extras } = args.target;
  const reverseEntryId = args.newId();
  const restoreEntryId = args.newId();
  return ledger.transaction(
    'rw',
    [ledger.refunds, ledger.shifts, ledger.outbox, ledger.counters, ledger.terminal],
    async () => {
      const [same, identity, shift, local] = await Promise.all([
        ledger.refunds.get(args.id),
        requireTerminalIdentity(ledger),
        currentShift(ledger),
        localRefundsOf(ledger, sale.id),
      ]);
      if (same) return same;
      const planned = planRefund({
        sale,
        extras,
        prior: mergePrior(local, args.target.remotePrior),
        request: args.request,
        roundCashToJiao: args.roundCashToJiao,
      });
      if (!planned.ok) throw new RefundError(planned.reason, `refund refused: ${planned.reason}`);
      const plan = planned.plan;
      if (plan.totalFen !== args.plan.totalFen || !sameTenders(plan.tenders, args.plan.tenders))
        throw new RefundError('changed', 'the sale was refunded meanwhile: check the lines again');

      const businessDate = businessDateOf(createdAt, identity.timeZone);
      const counterName = refundCounterName(businessDate);
      const counter = await ledger.counters.get(counterName);
      const no = (counter?.value ?? 0) + 1;
      const tenders = plan.tenders.map((t) => {
        const ref = args.refundReferences?.get(t.originalTenderId);
        return ref ? { ...t, refundReference: ref } : t;
      });
      const refund: Refund = {
        id: args.id,
        receiptNo: formatRefundNo(identity.storeId, identity.terminalId, businessDate, no),
        originalSaleId: sale.id,
        originalReceiptNo: sale.receiptNo,
        ...(shift ? { shiftId: shift.id } : {}),
        storeId: identity.storeId,
        terminalId: identity.terminalId,
        businessDate,
        createdAt,
        staffId: args.staffId,
        ...(args.approvedBy ? { approvedBy: args.approvedBy } : {}),
        ...(args.approval ? { approval: args.approval } : {}),
        lines: plan.lines,
        tenders,
        totalFen: plan.totalFen,
        roundingFen: plan.roundingFen,
        pointsReversed: plan.pointsReversed,
        pointsRestored: plan.pointsRestored,
        couponsRestored: plan.couponsRestored,
        full: plan.full,
      };
      const memberId = extras.points?.memberId;
      const payload: RefundCompletedPayload = jsonClean({
        refundId: refund.id,
        originalSaleId: sale.id,
        originalReceiptNo: sale.receiptNo,
        receiptNo: refund.receiptNo,
        lines: refund.lines,
        tenders: refund.tenders,
        totalFen: refund.totalFen,
        staffId: refund.staffId,
        approvedBy: refund.approvedBy,
        approval: refund.approval,
        createdAt,
        pointsReversal:
          memberId && plan.pointsReversed > 0
            ? { memberId, points: plan.pointsReversed, entryId: reverseEntryId }
            : undefined,
        pointsRestore:
          memberId && plan.pointsRestored > 0
            ? { memberId, points: plan.pointsRestored, entryId: restoreEntryId }
            : undefined,
        couponsRestored: refund.couponsRestored,
        shiftId: refund.shiftId,
        businessDate,
        roundingFen: refund.roundingFen,
        full: refund.full,
      });
      const record = await appendMutation(ledger, 'refund.completed', refund.id, payload, createdAt);
      const row: RefundRow = { ...refund, seq: record.seq };
      await Promise.all([ledger.refunds.add(row), ledger.counters.put({ name: counterName, value: no })]);
      return row;
    },
  );
}
