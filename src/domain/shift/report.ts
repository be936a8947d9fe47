// X and Z reports of a shift. X is a reading at any time (nothing is reset); Z closes the shift with the blind
// count and a sequential number per terminal. Both are computed from the ledger's own records only, so the CRM
// can recompute the same totals from the sales it received and flag a difference.
import type { BusinessDate, Fen, IsoTime, Sale, TenderKind } from '../model';
import { expectedCash, type ExpectedCash } from './cash';
import { countedFen, type DenominationCounts } from './denominations';
import type { CashMove, Refund } from './model';
import { countUnconfirmed } from '../staff/approvalProof';

export const TENDER_ORDER: readonly TenderKind[] = ['cash', 'card', 'wechat', 'alipay', 'points', 'coupon'];

export interface TenderTotal {
  kind: TenderKind;
  /** Applied to sales (cash net of change). */
  amountFen: Fen;
  count: number;
}

export interface CategoryTotal {
  categoryId: string;
  name: string;
  nameEn: string;
  /** Pieces, and weighed lines counted once each. */
  qty: number;
  /** Net of line discounts. */
  amountFen: Fen;
}

/** Points a sale moved, as its outbox payload recorded them. */
export interface SalePoints {
  earn: number;
  redeem: number;
}

export interface ReportSale {
  sale: Sale;
  points?: SalePoints;
}

export interface ShiftCount {
  counts: DenominationCounts;
  countedFen: Fen;
  varianceFen: Fen;
  note?: string;
  approvedBy?: string;
}

export interface ShiftReport {
  kind: 'X' | 'Z';
  zNo?: number;
  shiftId: string;
  storeId: string;
  terminalId: string;
  cashierId: string;
  businessDate: BusinessDate;
  openedAt: IsoTime;
  /** When the reading was taken (X) or the shift closed (Z). */
  at: IsoTime;
  saleCount: number;
  /** Sum of due + rounding of completed sales: what customers paid. */
  salesTotalFen: Fen;
  grossFen: Fen;
  discountFen: Fen;
  roundingFen: Fen;
  itemCount: number;
  byTender: TenderTotal[];
  byCategory: CategoryTotal[];
  refunds: { count: number; totalFen: Fen; byTender: { kind: TenderKind; amountFen: Fen }[] };
  voids: { count: number; amountFen: Fen };
  points: { issued: number; redeemed: number; reversed: number; restored: number };
  pickupsHandedOver: number;
  firstReceiptNo?: string;
  lastReceiptNo?: string;
  cash: ExpectedCash;
  count?: ShiftCount;
  /**
   * Approvals of the shift given offline by PIN only (decision 0040): unconfirmed until a manager confirms them
   * at the CRM. Absent when there are none.
   */
  unconfirmedApprovals?: number;
}

export interface ReportInput {
  kind: 'X' | 'Z';
  zNo?: number;
  shift: {
    id: string;
    storeId: string;
    terminalId: string;
    cashierId: string;
    businessDate: BusinessDate;
    openedAt: IsoTime;
    floatFen: Fen;
  };
  at: IsoTime;
  sales: readonly ReportSale[];
  refunds: readonly Refund[];
  moves: readonly CashMove[];
  pickupsHandedOver: number;
  /** Z only: the blind count, checked against the expected cash here (approval: of its variance). */
  count?: { counts: DenominationCounts; note?: string; approvedBy?: string; approval?: { kind: string } };
}

function addTo<K>(map: Map<K, number>, key: K, v: number): void {
  map.set(key, (map.get(key) ?? 0) + v);
}

function byTenderOrder<T extends { kind: TenderKind }>(rows: T[]): T[] {
  return rows.sort((a, b) => TENDER_ORDER.indexOf(a.kind) - TENDER_ORDER.indexOf(b.kind));
}

export function buildShiftReport(input: ReportInput): ShiftReport {
  if (input.kind === 'Z' && (!Number.isInteger(input.zNo) || (input.zNo ?? 0) < 1))
    throw new RangeError('a Z report needs its number (1, 2, ...)');
  const completed = input.sales.filter((s) => s.sale.status === 'completed');
  const voided = input.sales.filter((s) => s.sale.status === 'voided');

  let salesTotalFen = 0;
  let grossFen = 0;
  let discountFen = 0;
  let roundingFen = 0;
  let itemCount = 0;
  const tenderAmount = new Map<TenderKind, number>();
  const tenderCount = new Map<TenderKind, number>();
  const categories = new Map<string, CategoryTotal>();
  const points = { issued: 0, redeemed: 0, reversed: 0, restored: 0 };
  for (const { sale, points: p } of completed) {
    salesTotalFen += sale.totals.dueFen + sale.roundingFen;
    grossFen += sale.totals.grossFen;
    discountFen += sale.totals.discountFen;
    roundingFen += sale.roundingFen;
    itemCount += sale.totals.itemCount;
    for (const t of sale.tenders) {
      addTo(tenderAmount, t.kind, t.amountFen);
      addTo(tenderCount, t.kind, 1);
    }
    for (const line of sale.lines) {
      const c = categories.get(line.categoryId) ?? {
        categoryId: line.categoryId,
        name: '',
        nameEn: '',
        qty: 0,
        amountFen: 0,
      };
      c.qty += line.unit === 'kg' ? 1 : line.qty;
      c.amountFen += line.amountFen - line.discountFen;
      categories.set(line.categoryId, c);
    }
    if (p) {
      points.issued += p.earn;
      points.redeemed += p.redeem;
    }
  }
  const refundByTender = new Map<TenderKind, number>();
  let refundTotal = 0;
  for (const r of input.refunds) {
    refundTotal += r.totalFen;
    points.reversed += r.pointsReversed;
    points.restored += r.pointsRestored;
    for (const t of r.tenders) addTo(refundByTender, t.kind, t.amountFen);
  }
  const receiptNos = completed.map((s) => s.sale.receiptNo).sort();
  const cash = expectedCash({
    floatFen: input.shift.floatFen,
    sales: input.sales.map((s) => s.sale),
    moves: input.moves,
    refunds: input.refunds,
  });
  const report: ShiftReport = {
    kind: input.kind,
    shiftId: input.shift.id,
    storeId: input.shift.storeId,
    terminalId: input.shift.terminalId,
    cashierId: input.shift.cashierId,
    businessDate: input.shift.businessDate,
    openedAt: input.shift.openedAt,
    at: input.at,
    saleCount: completed.length,
    salesTotalFen,
    grossFen,
    discountFen,
    roundingFen,
    itemCount,
    byTender: byTenderOrder(
      [...tenderAmount].map(([kind, amountFen]) => ({ kind, amountFen, count: tenderCount.get(kind) ?? 0 })),
    ),
    byCategory: [...categories.values()].sort((a, b) =>
      a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0,
    ),
    refunds: {
      count: input.refunds.length,
      totalFen: refundTotal,
      byTender: byTenderOrder([...refundByTender].map(([kind, amountFen]) => ({ kind, amountFen }))),
    },
    voids: {
      count: voided.length,
      amountFen: voided.reduce((sum, s) => sum + s.sale.totals.dueFen + s.sale.roundingFen, 0),
    },
    points,
    pickupsHandedOver: input.pickupsHandedOver,
    cash,
  };
  if (input.kind === 'Z') report.zNo = input.zNo!;
  const unconfirmed = countUnconfirmed([
    ...input.refunds.map((r) => r.approval),
    ...input.moves.map((m) => m.approval),
    input.count?.approval,
  ]);
  if (unconfirmed > 0) report.unconfirmedApprovals = unconfirmed;
  if (receiptNos.length > 0) {
    report.firstReceiptNo = receiptNos[0]!;
    report.lastReceiptNo = receiptNos[receiptNos.length - 1]!;
  }
  if (input.count) {
    const counted = countedFen(input.count.counts);
    report.count = {
      counts: input.count.counts,
      countedFen: counted,
      varianceFen: counted - cash.expectedFen,
      ...(input.count.note ? { note: input.count.note } : {}),
      ...(input.count.approvedBy ? { approvedBy: input.count.approvedBy } : {}),
    };
  }
  return report;
}

/** Names for the category lines, from whatever catalog the caller has (a missing name stays the id). */
export function nameCategories(
  report: ShiftReport,
  names: (categoryId: string) => { name: string; nameEn: string } | undefined,
): ShiftReport {
  return {
    ...report,
    byCategory: report.byCategory.map((c) => {
      const n = names(c.categoryId);
      return { ...c, name: n?.name ?? c.categoryId, nameEn: n?.nameEn ?? c.categoryId };
    }),
  };
}
