import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { reprintLastReceipt } from '../hardware/printerThunks';
import './receipt.css';
import { nextSaleStarted } from './receiptSlice';
import { VoidSaleAfterTenderButton } from './VoidSaleAfterTenderButton';

/** Shown once the ledger holds the sale: change due, the receipt as printed, Enter for the next customer. */
export function ReceiptScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const render = useMsg();
  const r = useAppSelector((s) => s.receipt);
  const { reprinting, notice, status } = useAppSelector((s) => s.printer);
  // No printer behind the till (a browser without a print service): the browser's own print dialog.
  const browserPrint = status?.detail === 'preview';
  if (!r.sale) return null;
  return (
    <div className="receipt-screen" data-testid="sale-complete">
      <div className="receipt-summary">
        <h2 className="done-title">{t('receipt.done')}</h2>
        <div className="change-box">
          <span>{t('receipt.change')}</span>
          <strong className="num change-due" data-testid="change-due">
            {money(r.sale.changeFen)}
          </strong>
        </div>
        <dl className="kv">
          <dt>{t('receipt.no')}</dt>
          <dd className="num" data-testid="receipt-no">
            {r.sale.receiptNo}
          </dd>
          <dt>{t('receipt.total')}</dt>
          <dd className="num">{money(r.sale.totals.dueFen + r.sale.roundingFen)}</dd>
          <dt>{t('receipt.print')}</dt>
          <dd
            data-testid="print-state"
            data-print={r.print ?? ''}
            className={r.print === 'failed' || r.print === 'queued' ? 'text-error' : undefined}
          >
            {r.print === 'queued'
              ? t(`hardware.printer.receiptQueued.${r.printProblem ?? 'offline'}`)
              : browserPrint && (r.print === 'printed' || r.print === 'duplicate')
                ? // The job went to the preview, not to paper: say so, or the cashier hands over nothing.
                  t('receipt.printState.previewOnly')
                : r.print
                  ? t(`receipt.printState.${r.print}`)
                  : '—'}
            {r.printError ? ` (${r.printError})` : ''}
          </dd>
        </dl>
        <div className="receipt-print-actions">
          <Button
            keyHint="Ctrl+P"
            onClick={() => void dispatch(reprintLastReceipt())}
            disabled={reprinting}
            data-testid="reprint"
          >
            {reprinting ? t('hardware.printer.reprinting') : t('hardware.printer.reprint')}
          </Button>
          {browserPrint ? (
            <Button onClick={() => window.print()} data-testid="browser-print">
              {t('hardware.printer.browserPrint')}
            </Button>
          ) : null}
          <VoidSaleAfterTenderButton />
        </div>
        {notice ? (
          <p
            className={notice.tone === 'error' ? 'text-error' : 'muted'}
            role="status"
            data-testid="reprint-notice"
          >
            {render(notice)}
          </p>
        ) : null}
        <Button
          variant="primary"
          keyHint="Enter"
          onClick={() => dispatch(nextSaleStarted())}
          data-testid="next-sale"
        >
          {t('receipt.next')}
        </Button>
      </div>
      <pre className="receipt-preview" data-testid="receipt-preview" aria-label={t('receipt.preview')}>
        {r.lines.join('\n')}
      </pre>
    </div>
  );
}
