// The customer's view of the till's state: the cart while selling, the thank-you screen while the receipt
// shows, a welcome otherwise. Pure, so the customer window, the pole display and the tests agree.
import {
  CUSTOMER_DISPLAY_MAX_LINE_COUNT,
  type CustomerDisplayLine,
  type CustomerDisplayView,
} from '../../../shared/customerDisplay';
import { cartTotals } from '../../../domain/cart';
import type { CartLine } from '../../../domain/model';
import type { RootState } from '../../app/store';

type ViewInput = Pick<RootState, 'cart' | 'receipt' | 'settings' | 'member'>;

function lineOf(l: CartLine): CustomerDisplayLine {
  return {
    lineId: l.lineId,
    name: l.name.slice(0, 200),
    nameEn: l.nameEn.slice(0, 200),
    code: l.barcode.slice(0, 64),
    qty: l.qty,
    ...(l.weightGrams !== undefined ? { weightGrams: l.weightGrams } : {}),
    unitPriceFen: l.unitPriceFen,
    amountFen: l.amountFen,
    discountFen: l.discountFen,
  };
}

/** The view without its sequence number (the feed numbers the ones it publishes). */
export function customerViewOf(s: ViewInput): Omit<CustomerDisplayView, 'seq'> {
  const base = {
    storeName: s.settings.storeName.slice(0, 64),
    locale: s.settings.locale,
  };
  const sale = s.receipt.sale;
  if (sale) {
    const paidFen = sale.tenders.reduce((sum, t) => sum + (t.tenderedFen ?? t.amountFen), 0);
    const receiptMember = s.member.receipts[sale.id];
    return {
      ...base,
      phase: 'thanks',
      lines: sale.lines.slice(-CUSTOMER_DISPLAY_MAX_LINE_COUNT).map(lineOf),
      lastLineId: null,
      itemCount: sale.totals.itemCount,
      discountFen: sale.totals.discountFen,
      dueFen: sale.totals.dueFen + sale.roundingFen,
      member:
        receiptMember && receiptMember.pointsBalance !== undefined
          ? {
              name: receiptMember.label.slice(0, 32),
              points: receiptMember.pointsBalance,
              provisional: receiptMember.provisional === true,
              ...(receiptMember.pointsEarned !== undefined ? { earned: receiptMember.pointsEarned } : {}),
            }
          : null,
      paidFen,
      changeFen: sale.changeFen,
    };
  }
  const lines = s.cart.cart.lines;
  const totals = cartTotals(s.cart.cart);
  const m = s.member.attached;
  return {
    ...base,
    phase: lines.length > 0 || m ? 'sale' : 'idle',
    lines: lines.slice(-CUSTOMER_DISPLAY_MAX_LINE_COUNT).map(lineOf),
    // The line the cashier just scanned or changed: the pole display shows it.
    lastLineId: s.cart.selectedLineId,
    itemCount: totals.itemCount,
    discountFen: totals.discountFen,
    dueFen: totals.dueFen,
    member: m ? { name: m.nameMasked.slice(0, 32), points: m.balance, provisional: m.provisional } : null,
  };
}
