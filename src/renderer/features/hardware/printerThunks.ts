// Reading the printer and reprinting the receipt on screen. A printer problem is shown and waited out; it never
// touches the sale, which the ledger already holds.
import type { AppThunk } from '../../app/store';
import { msg } from '../../app/uiMessage';
import { terminalConfigured } from '../settings/settingsSlice';
import { receiptDoc } from '../receipt/printReceipt';
import { printFinished } from '../receipt/receiptSlice';
import { printerNotice, printerStatusRead, reprintStarted } from './printerSlice';

export const PRINTER_POLL_MS = 3000;

export const refreshPrinterStatus = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  if (!extra.services.ready) return;
  const { platform } = extra.services.get();
  let r;
  try {
    r = await platform.printerStatus();
  } catch (e) {
    r = { ok: false as const, code: 'E_IPC', message: e instanceof Error ? e.message : String(e) };
  }
  const status = r.ok ? r.value : { state: 'error' as const, detail: `${r.code}: ${r.message}` };
  dispatch(printerStatusRead({ status, at: extra.now().getTime() }));
  const s = getState();
  if (s.settings.printer !== status.state) dispatch(terminalConfigured({ printer: status.state }));
  // The receipt on screen was waiting in the queue and is no longer: it has printed.
  const { receipt } = s;
  if (
    r.ok &&
    receipt.print === 'queued' &&
    receipt.jobId &&
    !status.pending?.some((p) => p.jobId === receipt.jobId)
  )
    dispatch(printFinished({ print: 'printed', jobId: receipt.jobId }));
};

/** Prints the receipt on screen again as a new job, marked 重印 / REPRINT on paper. */
export const reprintLastReceipt = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const s = getState();
  const sale = s.receipt.sale;
  if (!sale || s.printer.reprinting || !extra.services.ready) return;
  const { platform, config, identity } = extra.services.get();
  dispatch(reprintStarted());
  const jobId = extra.newId();
  const doc = receiptDoc(sale, s, config.printer.paperWidth, identity.timeZone, true);
  // Reprints are what a refund fraud needs: every one is logged with who and which receipt.
  platform.log({
    level: 'info',
    msg: 'receipt reprint requested',
    data: { receiptNo: sale.receiptNo, saleId: sale.id, jobId, cashierId: s.session.cashierId || null },
  });
  try {
    const r = await platform.printReceipt({ jobId, kind: 'reprint', doc });
    if (!r.ok)
      dispatch(
        printerNotice({ ...msg('hardware.printer.reprintFailed', { detail: r.message }), tone: 'error' }),
      );
    else if (r.value.queued)
      dispatch(
        printerNotice({
          ...msg(`hardware.printer.reprintQueued.${r.value.problem ?? 'offline'}`),
          tone: 'error',
        }),
      );
    else dispatch(printerNotice({ ...msg('hardware.printer.reprinted'), tone: 'info' }));
  } catch (e) {
    dispatch(
      printerNotice({ ...msg('hardware.printer.reprintFailed', { detail: String(e) }), tone: 'error' }),
    );
  }
  await dispatch(refreshPrinterStatus());
};
