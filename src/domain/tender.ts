// Taking payment: one or several tenders until the sale is paid. Only cash gives change; other tenders
// may not exceed what is still owed. Cash may be rounded to the jiao, which changes what is owed.

import { paymentProviderOf, type PaymentProvider } from './codes';
import type { Fen, Tender, TenderKind } from './model';
import { roundCashToJiao } from './money';

export interface TenderSummary {
  /** What the sale owes once cash rounding is counted: due + roundingFen. */
  payableFen: Fen;
  /** Sum of the amounts applied to the sale (cash net of change). */
  paidFen: Fen;
  remainingFen: Fen;
  changeFen: Fen;
  /** Sum of the cash rounding on the tenders (signed). */
  roundingFen: Fen;
  complete: boolean;
}

export function tenderSummary(dueFen: Fen, tenders: readonly Tender[]): TenderSummary {
  let paidFen = 0;
  let changeFen = 0;
  let roundingFen = 0;
  for (const t of tenders) {
    paidFen += t.amountFen;
    changeFen += t.changeFen ?? 0;
    roundingFen += t.roundingFen ?? 0;
  }
  const payableFen = dueFen + roundingFen;
  return {
    payableFen,
    paidFen,
    remainingFen: Math.max(0, payableFen - paidFen),
    changeFen,
    roundingFen,
    complete: paidFen >= payableFen,
  };
}

function isPositiveFen(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

export type CashTenderResult =
  { ok: true; tender: Tender; roundingFen: Fen; changeFen: Fen } | { ok: false; reason: 'short' | 'invalid' };

/**
 * Cash for what is still owed. With roundToJiao the remaining amount is rounded half up to 10 fen first
 * (12.34 -> 12.30, 12.35 -> 12.40) and the difference is recorded on the tender. With allowPartial,
 * less than the remaining amount is taken as a part payment (no change, no rounding) instead of 'short'.
 */
export function makeCashTender(args: {
  id: string;
  dueRemainingFen: Fen;
  tenderedFen: Fen;
  roundToJiao: boolean;
  allowPartial?: boolean;
}): CashTenderResult {
  const { id, dueRemainingFen, tenderedFen, roundToJiao } = args;
  if (!id || !isPositiveFen(dueRemainingFen) || !isPositiveFen(tenderedFen))
    return { ok: false, reason: 'invalid' };
  const { roundedFen, adjustmentFen } = roundToJiao
    ? roundCashToJiao(dueRemainingFen)
    : { roundedFen: dueRemainingFen, adjustmentFen: 0 };
  if (tenderedFen < roundedFen) {
    if (!args.allowPartial || tenderedFen >= dueRemainingFen) return { ok: false, reason: 'short' };
    const tender: Tender = { id, kind: 'cash', amountFen: tenderedFen, tenderedFen, changeFen: 0 };
    return { ok: true, tender, roundingFen: 0, changeFen: 0 };
  }
  const changeFen = tenderedFen - roundedFen;
  const tender: Tender = { id, kind: 'cash', amountFen: roundedFen, tenderedFen, changeFen };
  if (roundToJiao) tender.roundingFen = adjustmentFen;
  return { ok: true, tender, roundingFen: adjustmentFen, changeFen };
}

export type NonCashTenderResult =
  | { ok: true; tender: Tender }
  | { ok: false; reason: 'invalid' | 'exceedsRemaining' | 'noReference' | 'badAuthCode' };

function nonCash(
  kind: Exclude<TenderKind, 'cash'>,
  args: { id: string; dueRemainingFen: Fen; amountFen?: Fen; reference: string },
): NonCashTenderResult {
  const amountFen = args.amountFen ?? args.dueRemainingFen;
  if (!args.id || !isPositiveFen(args.dueRemainingFen) || !isPositiveFen(amountFen))
    return { ok: false, reason: 'invalid' };
  if (amountFen > args.dueRemainingFen) return { ok: false, reason: 'exceedsRemaining' };
  const reference = typeof args.reference === 'string' ? args.reference.trim() : '';
  if (reference === '') return { ok: false, reason: 'noReference' };
  return { ok: true, tender: { id: args.id, kind, amountFen, reference } };
}

/** Bank card paid on the external card terminal; reference is that terminal's transaction reference. */
export function makeCardTender(args: {
  id: string;
  dueRemainingFen: Fen;
  amountFen?: Fen;
  reference: string;
}): NonCashTenderResult {
  return nonCash('card', args);
}

/**
 * WeChat Pay / Alipay, after the provider confirmed the payment: the auth code must be one of that
 * provider's, and the provider's transaction id becomes the reference.
 */
export function makeMobileTender(args: {
  id: string;
  dueRemainingFen: Fen;
  amountFen?: Fen;
  provider: PaymentProvider;
  authCode: string;
  transactionId: string;
}): NonCashTenderResult {
  if (typeof args.authCode !== 'string' || paymentProviderOf(args.authCode) !== args.provider) {
    return { ok: false, reason: 'badAuthCode' };
  }
  const r = nonCash(args.provider, { ...args, reference: args.transactionId });
  if (r.ok) r.tender.authCode = args.authCode;
  return r;
}

/** Points or a coupon used as payment; reference is the ledger entry or coupon code. */
export function makeVoucherTender(args: {
  id: string;
  kind: 'points' | 'coupon';
  dueRemainingFen: Fen;
  amountFen: Fen;
  reference: string;
}): NonCashTenderResult {
  return nonCash(args.kind, args);
}

/**
 * Adds a tender to a sale in progress. Refuses a tender id already there (a double-tapped "pay"
 * button must not pay twice), any tender once the sale is paid, and a tender worth more than what
 * is still owed (cash counts net of change, with its rounding).
 */
export function addTender(
  dueFen: Fen,
  tenders: readonly Tender[],
  tender: Tender,
):
  | { ok: true; tenders: Tender[]; summary: TenderSummary }
  | { ok: false; reason: 'duplicate' | 'alreadyComplete' | 'exceedsRemaining' } {
  if (tenders.some((t) => t.id === tender.id)) return { ok: false, reason: 'duplicate' };
  const before = tenderSummary(dueFen, tenders);
  if (before.complete) return { ok: false, reason: 'alreadyComplete' };
  if (tender.amountFen - (tender.roundingFen ?? 0) > before.remainingFen)
    return { ok: false, reason: 'exceedsRemaining' };
  const next = [...tenders, tender];
  return { ok: true, tenders: next, summary: tenderSummary(dueFen, next) };
}

/**
 * Quick-cash buttons: the exact amount, then the next amounts payable with 10, 50 and 100 yuan notes
 * (12.80 -> 12.80, 20, 50, 100; 123.45 -> 123.45, 130, 150, 200). Ascending, without repeats.
 */
export function QUICK_CASH_AMOUNTS(dueFen: Fen): Fen[] {
  if (!isPositiveFen(dueFen)) return [];
  const out = [dueFen];
  for (const note of [1000, 5000, 10000]) {
    const next = Math.ceil(dueFen / note) * note;
    if (!out.includes(next)) out.push(next);
  }
  return out.sort((a, b) => a - b);
}
