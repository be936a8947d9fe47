// Refunds and returns: which lines and quantities may still be refunded, what each is worth, and where the money
// goes. Rules:
// - never more of a line than was sold minus what earlier refunds already took back;
// - a line's amount and discount are shared out by quantity with cumulative rounding, so refunding every piece
//   in any number of steps gives back exactly the line's net amount, never a fen more;
// - the refund goes back to the original tenders in proportion to what each paid (largest remainder, capped by
//   what each has left); the last refund of a sale takes exactly what is left, the sale's cash rounding included;
// - points earned by the sale are taken back in proportion to the money refunded; points used as a tender are
//   restored with that tender's share; coupons (tender or line discount) come back only with a full refund, and a
//   coupon tender's share is never paid out in money;
// - with cash rounding to the jiao, the cash share of a partial refund is rounded half up when that stays within
//   what the cash tender has left.
import type { CartLine, Fen, Sale, Tender, TenderKind } from '../model';
import { mulDivRoundHalfUp, roundCashToJiao } from '../money';
import type { Refund, RefundTender } from './model';

/** What a refund needs to know about the sale besides the sale itself (from its outbox payload or the CRM). */
export interface SaleExtras {
  points?: { memberId: string; earn: number; redeem: number };
  coupons?: { couponId: string; code: string; discountFen: Fen }[];
}

/** What earlier refunds of the same sale took back. */
export type PriorRefund = Pick<
  Refund,
  'lines' | 'tenders' | 'totalFen' | 'pointsReversed' | 'pointsRestored' | 'couponsRestored'
>;

export interface RefundableLine {
  line: CartLine;
  soldQty: number;
  refundedQty: number;
  remainingQty: number;
}

export function refundableLines(sale: Sale, prior: readonly PriorRefund[]): RefundableLine[] {
  const refunded = new Map<string, number>();
  for (const r of prior)
    for (const l of r.lines) refunded.set(l.lineId, (refunded.get(l.lineId) ?? 0) + l.qty);
  return sale.lines.map((line) => {
    const refundedQty = refunded.get(line.lineId) ?? 0;
    return { line, soldQty: line.qty, refundedQty, remainingQty: Math.max(0, line.qty - refundedQty) };
  });
}

export interface RefundRequestLine {
  lineId: string;
  qty: number;
}

export type RefundFailure = 'saleVoided' | 'noLines' | 'unknownLine' | 'badQty' | 'moreThanSold';

export interface RefundPlan {
  lines: CartLine[];
  tenders: RefundTender[];
  totalFen: Fen;
  roundingFen: Fen;
  pointsReversed: number;
  pointsRestored: number;
  couponsRestored: string[];
  full: boolean;
  /** Money actually paid out (cash, card, mobile): the total less points and coupon shares. */
  moneyFen: Fen;
}

/** Order in which leftover fen are handed out, and what counts as money. */
const MONEY: ReadonlySet<TenderKind> = new Set(['cash', 'card', 'wechat', 'alipay']);

function share(amount: Fen, cumBefore: number, cumAfter: number, whole: number): Fen {
  return mulDivRoundHalfUp(amount, cumAfter, whole) - mulDivRoundHalfUp(amount, cumBefore, whole);
}

export function planRefund(args: {
  sale: Sale;
  extras?: SaleExtras;
  prior: readonly PriorRefund[];
  request: readonly RefundRequestLine[];
  roundCashToJiao?: boolean;
}): { ok: true; plan: RefundPlan } | { ok: false; reason: RefundFailure; lineId?: string } {
  const { sale, prior } = args;
  if (sale.status !== 'completed') return { ok: false, reason: 'saleVoided' };
  const wanted = args.request.filter((r) => r.qty !== 0);
  if (wanted.length === 0) return { ok: false, reason: 'noLines' };
  const rows = new Map(refundableLines(sale, prior).map((r) => [r.line.lineId, r]));
  const asked = new Map<string, number>();
  for (const r of wanted) {
    if (!Number.isInteger(r.qty) || r.qty < 0) return { ok: false, reason: 'badQty', lineId: r.lineId };
    const row = rows.get(r.lineId);
    if (!row) return { ok: false, reason: 'unknownLine', lineId: r.lineId };
    const total = (asked.get(r.lineId) ?? 0) + r.qty;
    if (total > row.remainingQty) return { ok: false, reason: 'moreThanSold', lineId: r.lineId };
    asked.set(r.lineId, total);
  }

  const lines: CartLine[] = [];
  let linesNet = 0;
  for (const [lineId, qty] of asked) {
    const { line, refundedQty, soldQty } = rows.get(lineId)!;
    const amountFen = share(line.amountFen, refundedQty, refundedQty + qty, soldQty);
    const discountFen = share(line.discountFen, refundedQty, refundedQty + qty, soldQty);
    lines.push({
      ...line,
      qty,
      amountFen,
      discountFen,
      discounts: line.discounts.map((d) => ({
        ...d,
        amountFen: share(d.amountFen, refundedQty, refundedQty + qty, soldQty),
      })),
    });
    linesNet += amountFen - discountFen;
  }
  const full = [...rows.values()].every((r) => r.remainingQty === (asked.get(r.line.lineId) ?? 0));

  const paidFen = sale.totals.dueFen + sale.roundingFen;
  const priorTotal = prior.reduce((s, r) => s + r.totalFen, 0);
  const leftFen = Math.max(0, paidFen - priorTotal);
  // Goods given free are returned for nothing: a refund of 0 is still a return.
  let totalFen = full ? leftFen : Math.min(linesNet, leftFen);

  // What each original tender has left to give back.
  const tenderLeft = new Map<string, number>(sale.tenders.map((t) => [t.id, t.amountFen]));
  for (const r of prior)
    for (const t of r.tenders)
      tenderLeft.set(t.originalTenderId, (tenderLeft.get(t.originalTenderId) ?? 0) - t.amountFen);
  const amounts = allocate(sale.tenders, tenderLeft, totalFen, full);

  let roundingFen = 0;
  if (args.roundCashToJiao && !full) {
    const cash = sale.tenders.find((t) => t.kind === 'cash' && (amounts.get(t.id) ?? 0) > 0);
    if (cash) {
      const part = amounts.get(cash.id)!;
      const { roundedFen, adjustmentFen } = roundCashToJiao(part);
      if (roundedFen <= (tenderLeft.get(cash.id) ?? 0) && totalFen + adjustmentFen <= leftFen) {
        amounts.set(cash.id, roundedFen);
        roundingFen = adjustmentFen;
        totalFen += adjustmentFen;
      }
    }
  }

  const tenders: RefundTender[] = [];
  let moneyFen = 0;
  let pointsTenderShare = 0;
  for (const t of sale.tenders) {
    const amountFen = amounts.get(t.id) ?? 0;
    if (amountFen <= 0) continue;
    const rt: RefundTender = { originalTenderId: t.id, kind: t.kind, amountFen };
    if (t.reference) rt.reference = t.reference;
    tenders.push(rt);
    if (MONEY.has(t.kind)) moneyFen += amountFen;
    if (t.kind === 'points') pointsTenderShare += amountFen;
  }

  const priorReversed = prior.reduce((s, r) => s + r.pointsReversed, 0);
  const priorRestored = prior.reduce((s, r) => s + r.pointsRestored, 0);
  const earn = args.extras?.points?.earn ?? 0;
  const redeem = args.extras?.points?.redeem ?? 0;
  const pointsReversed = full
    ? Math.max(0, earn - priorReversed)
    : paidFen > 0
      ? Math.max(0, mulDivRoundHalfUp(earn, priorTotal + totalFen, paidFen) - priorReversed)
      : 0;
  const pointsTenderFen = sale.tenders
    .filter((t) => t.kind === 'points')
    .reduce((s, t) => s + t.amountFen, 0);
  const pointsTenderPrior = prior.reduce(
    (s, r) => s + r.tenders.filter((t) => t.kind === 'points').reduce((a, t) => a + t.amountFen, 0),
    0,
  );
  const pointsRestored = full
    ? Math.max(0, redeem - priorRestored)
    : pointsTenderFen > 0
      ? Math.max(
          0,
          mulDivRoundHalfUp(redeem, pointsTenderPrior + pointsTenderShare, pointsTenderFen) - priorRestored,
        )
      : 0;

  const couponsRestored = full ? couponsOf(sale, args.extras) : [];
  return {
    ok: true,
    plan: {
      lines,
      tenders,
      totalFen,
      roundingFen,
      pointsReversed,
      pointsRestored,
      couponsRestored,
      full,
      moneyFen,
    },
  };
}

/**
 * Shares `total` over the tenders in proportion to their amounts, each capped by what it has left; leftover fen go
 * to money tenders first (so rounding never turns into coupon value). A full refund takes exactly what is left.
 */
function allocate(
  tenders: readonly Tender[],
  left: ReadonlyMap<string, number>,
  total: Fen,
  full: boolean,
): Map<string, number> {
  const out = new Map<string, number>();
  const live = tenders.filter((t) => (left.get(t.id) ?? 0) > 0);
  if (full) {
    for (const t of live) out.set(t.id, left.get(t.id)!);
    return out;
  }
  const base = live.reduce((s, t) => s + (left.get(t.id) ?? 0), 0);
  if (base <= 0 || total <= 0) return out;
  let given = 0;
  for (const t of live) {
    const cap = left.get(t.id)!;
    const v = Math.min(cap, Math.floor((total * cap) / base));
    out.set(t.id, v);
    given += v;
  }
  const order = [...live].sort((a, b) => Number(!MONEY.has(a.kind)) - Number(!MONEY.has(b.kind)));
  for (let i = 0; given < total && i < order.length * 2; i++) {
    const t = order[i % order.length]!;
    const room = left.get(t.id)! - (out.get(t.id) ?? 0);
    const add = Math.min(room, total - given);
    if (add > 0) {
      out.set(t.id, (out.get(t.id) ?? 0) + add);
      given += add;
    }
  }
  return out;
}

function couponsOf(sale: Sale, extras: SaleExtras | undefined): string[] {
  const ids = new Set<string>();
  for (const c of extras?.coupons ?? []) ids.add(c.couponId);
  for (const t of sale.tenders) if (t.kind === 'coupon' && t.reference) ids.add(t.reference);
  return [...ids];
}

/**
 * The receipt number a scanned or typed receipt code stands for: a signed receipt token (RC1.<claims>.<sig>, the
 * claims' `rn` or `sub`), an 'R1:' payload, 'receiptNo|total' as printed in the receipt QR, or the number itself.
 * The token's signature is not what makes a refund safe: the sale is looked up in the ledger or at the CRM.
 */
export function receiptNoFromCode(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const code = raw.trim();
  if (code === '' || code.length > 1000) return null;
  if (code.startsWith('RC1.')) {
    const body = code.slice(4, code.lastIndexOf('.') > 4 ? code.lastIndexOf('.') : undefined);
    try {
      const bin = atob(body.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((body.length + 3) % 4));
      const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      const claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<
        string,
        unknown
      >;
      const rn =
        typeof claims.rn === 'string' ? claims.rn : typeof claims.sub === 'string' ? claims.sub : null;
      return rn && RECEIPT_LIKE.test(rn) ? rn : null;
    } catch {
      return null;
    }
  }
  const payload = code.startsWith('R1:') ? code.slice(3) : code;
  const first = payload.split('|')[0]!.trim().toUpperCase();
  return RECEIPT_LIKE.test(first) ? first : null;
}

const RECEIPT_LIKE = /^[A-Z0-9]{1,16}-[A-Z0-9]{1,16}-\d{8}-\d{6,9}$/;
