// The printer item of the status bar (a dot, the paper width, the problem and how many receipts wait) and the
// banner that tells the cashier what to fix while receipts wait. Polls the printer every few seconds; the poll
// is also what lets the queue print once the printer is fixed.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogOpened } from '../../app/uiSlice';
import { printerDot, printerProblem } from './printerSlice';
import { PRINTER_POLL_MS, refreshPrinterStatus } from './printerThunks';
import './printer.css';

export function PrinterStatusButton() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.printer.status);
  const paperWidth = useAppSelector((s) => s.settings.paperWidth);
  useEffect(() => {
    void dispatch(refreshPrinterStatus());
    const timer = setInterval(() => void dispatch(refreshPrinterStatus()), PRINTER_POLL_MS);
    return () => clearInterval(timer);
  }, [dispatch]);
  const dot = printerDot(status);
  const waiting = status?.pending?.length ?? 0;
  const state = status?.state;
  return (
    <>
      <button
        type="button"
        className="keybar-item keybar-printer"
        data-testid="printer-status"
        data-state={state ?? ''}
        data-waiting={waiting}
        title={t('hardware.printer.statusTitle')}
        onClick={() => dispatch(dialogOpened('hardware:printer'))}
      >
        <span className={`dot dot-${dot}`} aria-hidden="true" />{' '}
        {status?.detail === 'preview'
          ? t('hardware.printer.previewStatus')
          : t('status.printer', { width: paperWidth })}
        {state && state !== 'ready' ? ` · ${t(`hardware.printer.state.${state}`)}` : ''}
        {waiting ? ` · ${t('hardware.printer.waiting', { count: waiting })}` : ''}
      </button>
      <PrinterBanner />
    </>
  );
}

/** What to fix, just above the printer's status item, while it has a problem; a quieter note when paper runs low. */
export function PrinterBanner() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.printer.status);
  const problem = printerProblem(status);
  const waiting = status?.pending?.length ?? 0;
  if (!problem && !status?.paperNearEnd) return null;
  const text = problem
    ? `${t(`hardware.printer.short.${problem}`)}${waiting ? ` · ${t('hardware.printer.waiting', { count: waiting })}` : ''}`
    : t('hardware.printer.nearEnd');
  return (
    // The details and the queue are one click away (also the status item and Ctrl+P).
    <div
      className="printer-banner"
      data-testid="printer-banner"
      data-problem={problem ?? 'nearEnd'}
      onClick={() => dispatch(dialogOpened('hardware:printer'))}
    >
      <ErrorBanner message={text} tone={problem ? 'error' : 'info'} />
    </div>
  );
}
