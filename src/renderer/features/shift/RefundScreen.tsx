// F10: refunds and returns. Scan the receipt QR or type its number; choose lines and quantities; a manager
// approves; the money goes back to the original tenders and the refund receipt prints.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { screenShown } from '../../app/uiSlice';
import { formatReceiptTime } from '../../../hardware/core/receipt/saleReceipt';
import { confirmRefund, findRefundSale, openRefundScreen, setRefundQty } from './refundThunks';
import { useBackKey } from './ShiftScreens';
import './shift.css';

export function RefundScreen() {
  const { t, i18n } = useTranslation();
  const render = useMsg();
  const money = useMoney();
  const dispatch = useAppDispatch();
  const r = useAppSelector((s) => s.shift.refund);
  const [code, setCode] = useState('');
  const codeRef = useRef<HTMLInputElement>(null);
  useBackKey(!r.busy);
  useEffect(() => {
    if (!r.target) codeRef.current?.focus();
  }, [r.target]);
  // Enter confirms the refund (or starts the next one) when no field has the key.
  const canConfirm = !!r.plan && !r.busy && !r.done;
  const done = !!r.done;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.target instanceof HTMLInputElement || e.target instanceof HTMLButtonElement)
        return;
      if (done) {
        e.preventDefault();
        dispatch(openRefundScreen());
      } else if (canConfirm) {
        e.preventDefault();
        void dispatch(confirmRefund());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canConfirm, done, dispatch]);

  const find = () => {
    if (code.trim()) void dispatch(findRefundSale(code));
  };
  const sale = r.target?.sale;
  const en = i18n.language === 'en';
  return (
    <div className="shift-screen" data-testid="refund-screen">
      <header className="shift-screen-head">
        <h2>{t('shift.refund.title')}</h2>
        <span className="spacer" />
        <Button
          variant="ghost"
          keyHint="Esc"
          onClick={() => dispatch(screenShown('sale'))}
          disabled={!!r.busy}
          data-testid="shift-back"
        >
          {t('shift.back')}
        </Button>
      </header>
      <div className="shift-screen-body refund-body">
        {!sale || r.done ? null : (
          <p className="refund-sale" data-testid="refund-sale" data-source={r.target?.source}>
            <strong>
              {t('shift.refund.sale', {
                receipt: sale.receiptNo,
                time: formatReceiptTime(sale.createdAt),
                amount: money(sale.totals.dueFen + sale.roundingFen),
              })}
            </strong>{' '}
            <span className="muted">
              {r.target?.source === 'crm' ? t('shift.refund.fromCrm') : t('shift.refund.fromLedger')}
            </span>
          </p>
        )}
        {!sale ? (
          <div className="refund-find">
            <p className="dialog-lead">{t('shift.refund.lead')}</p>
            <label className="field">
              <span>{t('shift.refund.code')}</span>
              <input
                ref={codeRef}
                className="field-input"
                data-testid="refund-code"
                value={code}
                autoComplete="off"
                onChange={(e) => setCode(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    find();
                  }
                }}
              />
            </label>
            <Button
              variant="primary"
              keyHint="Enter"
              onClick={find}
              disabled={!!r.busy}
              data-testid="refund-find"
            >
              {t('shift.refund.find')}
            </Button>
          </div>
        ) : r.done ? (
          <div className="refund-done" data-testid="refund-done" data-print={r.print ?? ''}>
            <p className="big-ok">
              {t('shift.refund.done', { amount: money(r.done.totalFen), receipt: r.done.receiptNo })}
            </p>
            <Button
              variant="primary"
              keyHint="Enter"
              data-autofocus
              onClick={() => dispatch(openRefundScreen())}
              data-testid="refund-next"
            >
              {t('shift.refund.next')}
            </Button>
          </div>
        ) : (
          <>
            <table className="refund-lines">
              <thead>
                <tr>
                  <th>{t('shift.refund.line')}</th>
                  <th className="num">{t('shift.refund.sold')}</th>
                  <th className="num">{t('shift.refund.refunded')}</th>
                  <th className="num">{t('shift.refund.back')}</th>
                </tr>
              </thead>
              <tbody>
                {sale.lines.map((line) => {
                  const refunded = r.refunded[line.lineId] ?? 0;
                  const left = Math.max(0, line.qty - refunded);
                  const n = r.qty[line.lineId] ?? 0;
                  return (
                    <tr key={line.lineId} data-testid="refund-line" data-left={left}>
                      <td>
                        {en && line.nameEn ? line.nameEn : line.name}
                        <div className="muted">{money(line.amountFen - line.discountFen)}</div>
                      </td>
                      <td className="num">{line.qty}</td>
                      <td className="num">{refunded}</td>
                      <td className="num">
                        <div className="stepper">
                          <Button
                            onClick={() => void dispatch(setRefundQty(line.lineId, Math.max(0, n - 1)))}
                            disabled={n === 0}
                            data-testid="refund-minus"
                            aria-label="-1"
                          >
                            −
                          </Button>
                          <strong className="stepper-value" data-testid="refund-qty">
                            {n}
                          </strong>
                          <Button
                            onClick={() => void dispatch(setRefundQty(line.lineId, Math.min(left, n + 1)))}
                            disabled={n >= left}
                            data-testid="refund-plus"
                            aria-label="+1"
                          >
                            +
                          </Button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <aside className="refund-plan" data-testid="refund-plan">
              {r.plan ? (
                <>
                  <div className="report-row report-strong">
                    <span>{t('shift.refund.total')}</span>
                    <strong className="num big" data-testid="refund-total">
                      {money(r.plan.totalFen)}
                    </strong>
                  </div>
                  {r.plan.tenders.map((x) => (
                    <div className="report-row" key={x.originalTenderId}>
                      <span>
                        {t('shift.refund.to')} {t(`shift.tender.${x.kind}`)}
                      </span>
                      <span className="num">{money(x.amountFen)}</span>
                    </div>
                  ))}
                  {r.plan.pointsReversed > 0 ? (
                    <p>{t('shift.refund.pointsReversed', { n: r.plan.pointsReversed })}</p>
                  ) : null}
                  {r.plan.pointsRestored > 0 ? (
                    <p>{t('shift.refund.pointsRestored', { n: r.plan.pointsRestored })}</p>
                  ) : null}
                  {r.plan.couponsRestored.length > 0 ? (
                    <p>{t('shift.refund.coupons', { n: r.plan.couponsRestored.length })}</p>
                  ) : null}
                </>
              ) : (
                <p className="muted">{t('shift.refund.noLines')}</p>
              )}
              <Button
                variant="danger"
                keyHint="Enter"
                disabled={!r.plan || !!r.busy}
                onClick={() => void dispatch(confirmRefund())}
                data-testid="refund-confirm"
              >
                {r.plan
                  ? `${t('shift.refund.confirm')} ${money(r.plan.totalFen)}`
                  : t('shift.refund.confirm')}
              </Button>
            </aside>
          </>
        )}
        {r.busy ? (
          <p className="banner banner-info" data-testid="refund-busy">
            {render(r.busy)}
          </p>
        ) : null}
        {r.error ? (
          <p className="banner banner-error" role="alert" data-testid="refund-error">
            {render(r.error)}
          </p>
        ) : null}
      </div>
    </div>
  );
}
