// The vocabulary of shifts, cash control and refunds. Amounts are integer fen; ids made on the till are UUIDv7.
import type { BusinessDate, CartLine, Fen, IsoTime, Tender } from '../model';
import type { DenominationCounts } from './denominations';
import type { ApprovalProofData } from '../staff/approvalProof';

export type CashMoveKind = 'payIn' | 'payOut' | 'drop';

/** Cash put into or taken out of the drawer outside a sale: float top-up, petty cash paid out, a safe drop. */
export interface CashMove {
  id: string;
  shiftId: string;
  kind: CashMoveKind;
  /** Always positive; the kind says which way the cash went. */
  amountFen: Fen;
  reason: string;
  staffId: string;
  approvedBy?: string;
  /** The manager's approval as the CRM verifies it (decision 0040): pay-outs and drops over the limit. */
  approval?: ApprovalProofData;
  at: IsoTime;
}

export type ShiftState = 'open' | 'closed';

export interface Shift {
  id: string;
  storeId: string;
  terminalId: string;
  cashierId: string;
  cashierName: string;
  businessDate: BusinessDate;
  openedAt: IsoTime;
  floatFen: Fen;
  floatCounts: DenominationCounts;
  state: ShiftState;
  closedAt?: IsoTime;
  closedBy?: string;
  zNo?: number;
}

/** A refund tender: money (or points, or a coupon) going back the way it came in. */
export interface RefundTender {
  /** The original sale's tender this goes back to. */
  originalTenderId: string;
  kind: Tender['kind'];
  amountFen: Fen;
  /** Card/mobile: the original transaction reference; mobile: the provider's refund id once refunded. */
  reference?: string;
  refundReference?: string;
}

/** A completed refund as recorded on the till. Lines carry the refunded quantity and their share of amounts. */
export interface Refund {
  id: string;
  receiptNo: string;
  originalSaleId: string;
  originalReceiptNo: string;
  shiftId?: string;
  storeId: string;
  terminalId: string;
  businessDate: BusinessDate;
  createdAt: IsoTime;
  staffId: string;
  approvedBy?: string;
  /** The manager's approval as the CRM verifies it (decision 0040). */
  approval?: ApprovalProofData;
  lines: CartLine[];
  tenders: RefundTender[];
  /** Money and vouchers given back: lines' net amounts, plus the sale's rounding on a full refund. */
  totalFen: Fen;
  /** Cash rounding to the jiao on this refund (signed fen). */
  roundingFen: Fen;
  pointsReversed: number;
  pointsRestored: number;
  couponsRestored: string[];
  /** The whole sale is refunded with this one. */
  full: boolean;
}
