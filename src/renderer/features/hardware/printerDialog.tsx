// The printer panel (status bar button, Ctrl+P): the printer's state and what to do about it, the receipts
// waiting in the print queue, a check-again button (which also lets the queue print), and reprint of the receipt
// on screen.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogClosed } from '../../app/uiSlice';
import { useMsg } from '../../app/useMsg';
import { printerDot, printerProblem } from './printerSlice';
import { refreshPrinterStatus, reprintLastReceipt } from './printerThunks';
import './printer.css';

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString('zh-CN', { hour12: false });
}

export function PrinterDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const render = useMsg();
  const { status, checkedAt, reprinting, notice } = useAppSelector((s) => s.printer);
  const paperWidth = useAppSelector((s) => s.settings.paperWidth);
  const hasReceipt = useAppSelector((s) => s.receipt.sale !== null);
  useEffect(() => {
    void dispatch(refreshPrinterStatus());
  }, [dispatch]);
  const problem = printerProblem(status);
  const pending = status?.pending ?? [];
  const state = status?.state;
  return (
    <Dialog
      title={t('hardware.printer.title')}
      onClose={() => dispatch(dialogClosed())}
      testId="printer-dialog"
      wide
    >
      <div className="printer-state-row">
        <span className={`dot dot-${printerDot(status)}`} aria-hidden="true" />
        <strong data-testid="printer-dialog-state">
          {state ? t(`hardware.printer.state.${state}`) : '…'}
        </strong>
        <span className="muted">{t('hardware.printer.paper', { width: paperWidth })}</span>
        {checkedAt ? (
          <span className="muted">
            {t('hardware.printer.checkedAt', { time: clock(new Date(checkedAt).toISOString()) })}
          </span>
        ) : null}
      </div>
      {problem ? <p className="printer-fix">{t(`hardware.printer.fix.${problem}`)}</p> : null}
      {status?.paperNearEnd ? <p className="printer-near-end">{t('hardware.printer.nearEnd')}</p> : null}
      {status?.detail && state !== 'ready' && status.detail !== 'preview' ? (
        <p className="muted printer-detail">{t('hardware.printer.detail', { detail: status.detail })}</p>
      ) : null}
      <h3 className="printer-queue-title">{t('hardware.printer.queueTitle')}</h3>
      {pending.length ? (
        <p className="muted">{t('hardware.printer.waitingNote', { count: pending.length })}</p>
      ) : null}
      {pending.length === 0 ? (
        <p className="muted" data-testid="printer-queue-empty">
          {t('hardware.printer.queueEmpty')}
        </p>
      ) : (
        <ol className="printer-queue" data-testid="printer-queue">
          {pending.map((j) => (
            <li key={j.jobId} className="printer-queue-row" data-testid="printer-queue-job">
              <span>{t(`hardware.printer.kind.${j.kind}`)}</span>
              <code>{j.jobId.slice(-8)}</code>
              <span className="muted">{j.queuedAt ? clock(j.queuedAt) : ''}</span>
            </li>
          ))}
        </ol>
      )}
      {notice ? (
        <p
          className={notice.tone === 'error' ? 'printer-notice text-error' : 'printer-notice'}
          role="status"
          data-testid="printer-notice"
        >
          {render(notice)}
        </p>
      ) : null}
      <div className="printer-actions">
        <Button
          onClick={() => void dispatch(refreshPrinterStatus())}
          data-testid="printer-check"
          data-autofocus
        >
          {t('hardware.printer.check')}
        </Button>
        <Button
          onClick={() => void dispatch(reprintLastReceipt())}
          disabled={!hasReceipt || reprinting}
          data-testid="printer-reprint"
        >
          {reprinting ? t('hardware.printer.reprinting') : t('hardware.printer.reprint')}
        </Button>
      </div>
    </Dialog>
  );
}
