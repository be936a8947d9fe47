import type { Sale } from '../../../domain/model';
import { buildSaleReceipt, renderReceiptLines } from '../../../hardware/core/receipt';
import type { ReceiptDoc } from '../../../shared/receiptDoc';
import type { AppThunk, RootState } from '../../app/store';
import { maskName } from '../session/mask';
import { receiptMemberOf } from '../member/saleMembership';
import { printFinished, printSent } from './receiptSlice';
import { toastShown } from '../../app/uiSlice';
import { msg } from '../../app/uiMessage';
import { refreshPrinterStatus } from '../hardware/printerThunks';

export function receiptDoc(
  sale: Sale,
  s: RootState,
  width: 58 | 80,
  timeZone?: string,
  reprint = false,
): ReceiptDoc {
  const member = receiptMemberOf(s, sale);
  return buildSaleReceipt(sale, {
    ...(member ? { member } : {}),
    ...(timeZone ? { timeZone } : {}),
    storeName: s.settings.storeName,
    cashierName: maskName(s.session.cashierName),
    locale: s.settings.locale,
    width,
    reprint,
    logo: true,
    // The receipt QR carries the receipt number and total; the terminal's signature is added with enrollment.
    qrData: `${sale.receiptNo}|${sale.totals.dueFen}`,
  });
}

export function buildReceiptLines(sale: Sale, s: RootState, width: 58 | 80, timeZone?: string): string[] {
  return renderReceiptLines(receiptDoc(sale, s, width, timeZone));
}

/**
 * Prints after the commit; a printer failure is shown but never undoes or blocks the sale. A printer with a
 * problem keeps the job in its queue: the cashier is told what to fix and the receipt prints once it is fixed.
 */
export const printSaleReceipt =
  (sale: Sale): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const { platform, config, identity } = extra.services.get();
    const doc = receiptDoc(sale, getState(), config.printer.paperWidth, identity.timeZone);
    const openDrawer = sale.tenders.some((t) => t.kind === 'cash');
    const jobId = extra.newId();
    dispatch(printSent({ jobId }));
    try {
      const r = await platform.printReceipt({ jobId, kind: 'receipt', doc, openDrawer });
      if (!r.ok) dispatch(printFinished({ print: 'failed', error: r.message, jobId }));
      else if (r.value.queued) {
        const problem = r.value.problem ?? 'offline';
        dispatch(printFinished({ print: 'queued', jobId, problem }));
        dispatch(toastShown({ ...msg(`hardware.printer.queuedToast.${problem}`), tone: 'error' }));
        platform.log({
          level: 'warn',
          msg: 'receipt waits for the printer',
          data: { jobId, problem, receiptNo: sale.receiptNo },
        });
      } else dispatch(printFinished({ print: r.value.duplicate ? 'duplicate' : 'printed', jobId }));
    } catch (e) {
      dispatch(printFinished({ print: 'failed', error: String(e), jobId }));
    }
    await dispatch(refreshPrinterStatus());
  };
