// Void after tender: the sale just paid is taken back whole, at a manager's say. The sale row turns 'voided'
// and its 'sale.voided' outbox record is written in ONE ledger transaction (docs/decisions/0003); the CRM then
// reverses its points and frees its coupons. Cash goes back over the counter (the shift's expected cash skips
// voided sales); a mobile payment goes back through the provider first, or the void is refused.
import type { PaymentProvider } from '../domain/codes';
import type { OutboxRecord, Sale } from '../domain/model';
import type { MobilePaymentProvider } from '../domain/payment';
import type { SaleVoidedPayload } from '../shared/crm/mutations';
import type { ApprovalProofData } from '../domain/staff/approvalProof';
import type { LedgerDb } from './db';
import { systemClock, type Clock } from './sales';
import { appendMutation, jsonClean } from './shift/appendMutation';

export type VoidErrorCode =
  | 'unknownSale'
  | 'alreadyVoided'
  | 'refunded'
  | 'shiftClosed'
  | 'cardTender'
  | 'noMobileRefund'
  | 'mobileRefundFailed';

export class VoidError extends Error {
  override name = 'VoidError';
  constructor(
    readonly code: VoidErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VoidArgs {
  /** UUIDv7 made when the cashier confirmed: a retry with the same id is the same void. */
  voidId: string;
  saleId: string;
  voidedBy: string;
  approvedBy?: string;
  /** The approval's proof for the CRM (decision 0040). */
  approval?: ApprovalProofData;
  reason: string;
}

const isMobile = (kind: string): kind is PaymentProvider => kind === 'wechat' || kind === 'alipay';

/**
 * Why this sale cannot be voided at this till, before any money moves (null: it can). A card payment was
 * taken on the bank's terminal, which this till cannot reverse: that goes through F10 refund.
 */
export function voidRefusal(sale: Sale, provider: MobilePaymentProvider | undefined): VoidErrorCode | null {
  if (sale.status === 'voided') return 'alreadyVoided';
  if (sale.tenders.some((t) => t.kind === 'card')) return 'cardTender';
  if (sale.tenders.some((t) => isMobile(t.kind)) && !provider?.refund) return 'noMobileRefund';
  return null;
}

/** Gives the sale's mobile payments back through the provider; idempotent per void (outRefundNo). */
export async function refundMobileForVoid(
  provider: MobilePaymentProvider,
  sale: Sale,
  voidId: string,
): Promise<void> {
  for (const [i, t] of sale.tenders.entries()) {
    if (!isMobile(t.kind)) continue;
    if (!provider.refund) throw new VoidError('noMobileRefund', 'the payment provider cannot refund');
    if (!t.reference) throw new VoidError('mobileRefundFailed', 'the payment has no transaction id');
    let outcome;
    try {
      outcome = await provider.refund({
        provider: t.kind,
        transactionId: t.reference,
        outRefundNo: `V${voidId.replace(/-/g, '')}${i}`.slice(0, 64),
        amountFen: t.amountFen,
      });
    } catch (e) {
      outcome = { status: 'unknown' as const, error: e instanceof Error ? e.message : String(e) };
    }
    if (outcome.status !== 'success')
      throw new VoidError(
        'mobileRefundFailed',
        outcome.status === 'failed' ? outcome.reason : `unknown: ${outcome.error}`,
      );
  }
}

export interface VoidResult {
  sale: Sale;
  record: OutboxRecord;
}

/**
 * Marks the sale voided and appends its 'sale.voided' record in one transaction. Refuses a sale already
 * voided (by another void), one with a refund in the ledger, and one whose shift has closed (its Z is final).
 */
export async function commitVoid(
  ledger: LedgerDb,
  args: VoidArgs,
  clock: Clock = systemClock,
): Promise<VoidResult> {
  const voidedAt = clock.now().toISOString();
  return ledger.transaction(
    'rw',
    [ledger.sales, ledger.refunds, ledger.shifts, ledger.outbox, ledger.counters, ledger.terminal],
    async () => {
      const row = await ledger.sales.get(args.saleId);
      if (!row) throw new VoidError('unknownSale', `no sale ${args.saleId} in this ledger`);
      const { seq: _seq, ...sale } = row;
      if (sale.status === 'voided') {
        const earlier = await ledger.outbox.where('entityId').equals(args.saleId).toArray();
        const mine = earlier.find(
          (r) => r.type === 'sale.voided' && (r.payload as SaleVoidedPayload).reverseEntryId === args.voidId,
        );
        if (mine) return { sale, record: mine };
        throw new VoidError('alreadyVoided', `sale ${sale.receiptNo} is already voided`);
      }
      const refunds = await ledger.refunds.where('originalSaleId').equals(args.saleId).count();
      if (refunds > 0) throw new VoidError('refunded', `sale ${sale.receiptNo} has a refund`);
      if (sale.shiftId) {
        const shift = await ledger.shifts.get(sale.shiftId);
        if (shift && shift.state !== 'open')
          throw new VoidError('shiftClosed', `the shift of sale ${sale.receiptNo} is closed`);
      }
      const payload: SaleVoidedPayload = jsonClean({
        saleId: sale.id,
        receiptNo: sale.receiptNo,
        voidedBy: args.voidedBy,
        approvedBy: args.approvedBy,
        approval: args.approval,
        reason: args.reason,
        voidedAt,
        reverseEntryId: args.voidId,
      });
      const record = await appendMutation(ledger, 'sale.voided', sale.id, payload, voidedAt);
      await ledger.sales.update(sale.id, { status: 'voided' });
      return { sale: { ...sale, status: 'voided' }, record };
    },
  );
}
