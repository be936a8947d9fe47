// Void after tender (Ctrl+D, or the button on the receipt): the sale just completed, or else this till's last
// sale when the cart is empty. A manager approves with a note (the reason); mobile payments go back through the
// provider first; then the ledger marks the sale voided with its 'sale.voided' record in one transaction.
import type { Sale } from '../../../domain/model';
import { getSale, listSales } from '../../../offline/sales';
import { commitVoid, refundMobileForVoid, VoidError, voidRefusal } from '../../../offline/voids';
import type { AppThunk } from '../../app/store';
import { msg } from '../../app/uiMessage';
import { toastShown } from '../../app/uiSlice';
import { requestApproval } from '../staff/approval';
import { outboxGrew } from '../sync/refreshSyncStatus';
import { nextSaleStarted } from './receiptSlice';

/** One void at a time: a second Ctrl+D while the overlay is open does nothing. */
let voiding = false;

const cashBackFen = (sale: Sale): number =>
  sale.tenders.reduce((sum, t) => (t.kind === 'cash' ? sum + t.amountFen + (t.roundingFen ?? 0) : sum), 0);

export const voidSaleAfterTender = (): AppThunk<Promise<boolean>> => async (dispatch, getState, extra) => {
  if (voiding) return false;
  const s = getState();
  const { ledger, payment, platform } = extra.services.get();
  const error = (key: string, params?: Record<string, string | number>) => {
    dispatch(toastShown({ ...msg(`cartAdjust.void.error.${key}`, params), tone: 'error' }));
    return false;
  };
  voiding = true;
  try {
    const shown = s.receipt.sale;
    if (!shown && s.cart.cart.lines.length > 0) return false;
    // The ledger's copy: the receipt's may predate a void made since.
    const sale = shown ? await getSale(ledger, shown.id) : (await listSales(ledger, { limit: 1 }))[0];
    if (!sale) {
      dispatch(toastShown({ ...msg('cartAdjust.void.none'), tone: 'error' }));
      return false;
    }
    const refusal = voidRefusal(sale, payment);
    if (refusal) return error(refusal);
    const approval = await dispatch(
      requestApproval({
        action: 'voidAfterTender',
        detail: { receiptNo: sale.receiptNo, amountFen: sale.totals.dueFen + sale.roundingFen },
        noteRequired: true,
        proofFor: { action: 'voidAfterTender', subjectId: sale.id, amountFen: 0 },
      }),
    );
    if (!approval) return error('cancelled');
    const voidId = extra.newId();
    await refundMobileForVoid(payment, sale, voidId);
    await commitVoid(
      ledger,
      {
        voidId,
        saleId: sale.id,
        voidedBy: getState().session.cashierId || 'unknown',
        approvedBy: approval.approverId,
        ...(approval.proof ? { approval: approval.proof } : {}),
        reason: (approval.note ?? '').slice(0, 200),
      },
      { now: extra.now },
    );
    platform.log({
      level: 'info',
      msg: 'sale voided after tender',
      data: { saleId: sale.id, receiptNo: sale.receiptNo, approvedBy: approval.approverId },
    });
    void dispatch(outboxGrew());
    const cash = cashBackFen(sale);
    dispatch(
      toastShown({
        ...(cash > 0
          ? msg('cartAdjust.void.done', { receiptNo: sale.receiptNo, amount: cash })
          : msg('cartAdjust.void.doneNoCash', { receiptNo: sale.receiptNo })),
        tone: 'info',
      }),
    );
    if (getState().receipt.sale) dispatch(nextSaleStarted());
    return true;
  } catch (e) {
    platform.log({ level: 'error', msg: 'void after tender failed', data: { error: String(e) } });
    if (e instanceof VoidError)
      return e.code === 'mobileRefundFailed' ? error(e.code, { reason: e.message }) : error(e.code);
    return error('failed', { reason: e instanceof Error ? e.message : String(e) });
  } finally {
    voiding = false;
  }
};
