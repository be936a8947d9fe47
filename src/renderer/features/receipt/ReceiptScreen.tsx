import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { nextSaleStarted } from './receiptSlice';

/** Shown once the ledger holds the sale: change due, the receipt as printed, Enter for the next customer. */
export function ReceiptScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const r = useAppSelector((s) => s.receipt);
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
          <dd data-testid="print-state" className={r.print === 'failed' ? 'text-error' : undefined}>
            {r.print ? t(`receipt.printState.${r.print}`) : '—'}
            {r.printError ? ` (${r.printError})` : ''}
          </dd>
        </dl>
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
