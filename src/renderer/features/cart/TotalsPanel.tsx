import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { selectTotals } from './selectors';

export function TotalsPanel() {
  const { t } = useTranslation();
  const money = useMoney();
  const cartTotals = useAppSelector(selectTotals);
  // While the receipt is up the cart is empty: the customer still at the counter sees what they paid.
  const paid = useAppSelector((s) => s.receipt.sale);
  const totals = paid ? { ...paid.totals, dueFen: paid.totals.dueFen + paid.roundingFen } : cartTotals;
  const tenders = useAppSelector((s) => s.tender.tenders);
  const pointsFen = (paid ? paid.tenders : tenders)
    .filter((x) => x.kind === 'points')
    .reduce((sum, x) => sum + x.amountFen, 0);
  return (
    <section className="totals" aria-label={t('totals.title')}>
      <div className="total-due">
        <span className="total-label">{t('totals.due')}</span>
        <span className="total-due-amount num" data-testid="total-due">
          {money(totals.dueFen)}
        </span>
      </div>
      <dl className="total-rows">
        <div>
          <dt>{t('totals.items')}</dt>
          <dd className="num" data-testid="total-count">
            {totals.itemCount}
          </dd>
        </div>
        <div>
          <dt>{t('totals.gross')}</dt>
          <dd className="num" data-testid="total-gross">
            {money(totals.grossFen)}
          </dd>
        </div>
        <div>
          <dt>{t('totals.discount')}</dt>
          <dd className="num discount" data-testid="total-discount">
            -{money(totals.discountFen)}
          </dd>
        </div>
        <div>
          <dt>{t('totals.points')}</dt>
          <dd className="num" data-testid="total-points">
            -{money(pointsFen)}
          </dd>
        </div>
      </dl>
    </section>
  );
}
