import type { Sale } from '../../../domain/model';
import { buildSaleReceipt, renderReceiptLines } from '../../../hardware/core/receipt';
import type { ReceiptDoc } from '../../../shared/receiptDoc';
import type { AppThunk, RootState } from '../../app/store';
import { maskName } from '../session/mask';
import { printFinished } from './receiptSlice';

export function receiptDoc(
  sale: Sale,
  s: RootState,
  width: 58 | 80,
  timeZone?: string,
  reprint = false,
): ReceiptDoc {
  return buildSaleReceipt(sale, {
    ...(timeZone ? { timeZone } : {}),
    storeName: s.settings.storeName,
    cashierName: maskName(s.session.cashierName),
    locale: s.settings.locale,
    width,
    reprint,
    // The receipt QR carries the receipt number and total; the terminal's signature is added with enrollment.
    qrData: `${sale.receiptNo}|${sale.totals.dueFen}`,
  });
}

export function buildReceiptLines(sale: Sale, s: RootState, width: 58 | 80, timeZone?: string): string[] {
  return renderReceiptLines(receiptDoc(sale, s, width, timeZone));
}

/** Prints after the commit; a printer failure is shown but never undoes or blocks the sale. */
export const printSaleReceipt =
  (sale: Sale): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const { platform, config, identity } = extra.services.get();
    const doc = receiptDoc(sale, getState(), config.printer.paperWidth, identity.timeZone);
    const openDrawer = sale.tenders.some((t) => t.kind === 'cash');
    try {
      const r = await platform.printReceipt({ jobId: extra.newId(), kind: 'receipt', doc, openDrawer });
      if (!r.ok) dispatch(printFinished({ print: 'failed', error: r.message }));
      else dispatch(printFinished({ print: r.value.duplicate ? 'duplicate' : 'printed' }));
    } catch (e) {
      dispatch(printFinished({ print: 'failed', error: String(e) }));
    }
  };
