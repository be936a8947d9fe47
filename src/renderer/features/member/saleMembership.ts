// What the member's part of a sale becomes when it is committed: the points intent (earned on what was paid,
// redeemed as a tender) and the coupons used, which travel inside the sale's outbox mutation so the CRM applies
// them exactly once; and the member block of the receipt.
import { pointsEarned, fenToPoints } from '../../../domain/membership/points';
import type { Sale, Tender } from '../../../domain/model';
import type { ReceiptMember } from '../../../hardware/core/receipt/saleReceipt';
import type { SaleIntents } from '../../../offline/sales';
import type { RootState } from '../../app/store';

/** Points tendered so far on this sale: their value and the points they take. */
export function pointsTendered(
  s: RootState,
  tenders: readonly Tender[] = s.tender.tenders,
): { fen: number; points: number } {
  const rules = s.member.attached?.rules;
  let fen = 0;
  let points = 0;
  for (const t of tenders)
    if (t.kind === 'points') {
      fen += t.amountFen;
      points += rules ? fenToPoints(t.amountFen, rules) : 0;
    }
  return { fen, points };
}

export interface SaleMembership {
  intents: SaleIntents;
  receipt: ReceiptMember | null;
}

/** Built from the store just before commit; entry ids come from `newId` (UUIDv7). */
export function saleMembership(s: RootState, newId: () => string): SaleMembership {
  const m = s.member.attached;
  const cart = s.cart;
  if (!m || cart.cart.memberId !== m.id) return { intents: {}, receipt: null };
  const paid = pointsTendered(s);
  const earn = pointsEarned({
    lines: cart.cart.lines,
    tier: m.tier,
    rules: m.rules,
    pointsPaidFen: paid.fen,
  }).points;
  const redeemEntryId = s.tender.tenders.find((t) => t.kind === 'points')?.reference;
  const coupons = cart.coupons
    .map((c) => ({
      couponId: c.id,
      code: c.code,
      title: c.title,
      discountFen: cart.cart.lines
        .flatMap((l) => l.discounts)
        .filter((d) => d.kind === 'coupon' && d.ref === c.id)
        .reduce((sum, d) => sum + d.amountFen, 0),
    }))
    .filter((c) => c.discountFen > 0);
  const provisional = m.provisional || m.source === 'cache';
  const intents: SaleIntents = {
    points: {
      memberId: m.id,
      earn,
      ...(earn > 0 ? { earnEntryId: newId() } : {}),
      redeem: paid.points,
      ...(paid.points > 0 && redeemEntryId ? { redeemEntryId } : {}),
      ...(provisional ? { provisional: true } : {}),
    },
    coupons: coupons.map(({ couponId, code, discountFen }) => ({ couponId, code, discountFen })),
    ...(m.proof ? { memberProof: { token: m.proof, scannedAt: m.attachedAt } } : {}),
  };
  const receipt: ReceiptMember = {
    label: `${m.nameMasked} ${m.phoneMasked}`,
    tier: m.tierName,
    pointsEarned: earn,
    ...(paid.points > 0 ? { pointsUsed: paid.points } : {}),
    pointsBalance: m.balance + earn - paid.points,
    ...(provisional ? { provisional: true } : {}),
    ...(coupons.length
      ? { coupons: coupons.map((c) => ({ code: c.code, title: c.title, amountFen: c.discountFen })) }
      : {}),
  };
  return { intents, receipt };
}

/** The receipt's member block for a sale completed on this till (null: no member, or before this session). */
export function receiptMemberOf(s: RootState, sale: Pick<Sale, 'id'>): ReceiptMember | undefined {
  return s.member.receipts[sale.id];
}
