import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLine } from '../../../domain/model';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { lineSelected } from './cartSlice';
import { selectLines, selectSelectedLineId } from './selectors';

export function formatKg(grams: number): string {
  // Integer grams shown as kg with three decimals, without a float round trip.
  const kg = Math.floor(grams / 1000);
  return `${kg}.${String(grams % 1000).padStart(3, '0')}kg`;
}

function LineRow({ line, index, selected }: { line: CartLine; index: number; selected: boolean }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const dispatch = useAppDispatch();
  const ref = useRef<HTMLTableRowElement>(null);
  const addSeq = useAppSelector((s) => s.cart.addSeq);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected, addSeq]);
  const name = i18n.language === 'en' ? line.nameEn : line.name;
  const weighed = line.unit === 'kg' && line.weightGrams !== undefined;
  return (
    <tr
      ref={ref}
      className={selected ? 'line selected' : 'line'}
      data-testid="cart-line"
      data-line-id={line.lineId}
      data-barcode={line.barcode}
      aria-selected={selected}
      onClick={() => dispatch(lineSelected(line.lineId))}
    >
      <td className="num col-no">{index + 1}</td>
      <td className="col-name">
        <div className="line-name">{name}</div>
        {weighed ? (
          <div className="line-sub" data-testid="cart-line-weight">
            {t('cart.weighed', { weight: formatKg(line.weightGrams ?? 0) })}
          </div>
        ) : null}
        {line.discountFen > 0 ? <div className="line-sub discount">-{money(line.discountFen)}</div> : null}
      </td>
      <td className="num col-qty" data-testid="cart-line-qty">
        {weighed ? formatKg(line.weightGrams ?? 0) : line.qty}
      </td>
      <td className="num col-price">
        {money(line.unitPriceFen)}
        {line.unit === 'kg' ? <span className="unit">/kg</span> : null}
      </td>
      <td className="num col-amount" data-testid="cart-line-amount">
        {money(line.amountFen - line.discountFen)}
      </td>
    </tr>
  );
}

export function CartView() {
  const { t } = useTranslation();
  const lines = useAppSelector(selectLines);
  const selectedId = useAppSelector(selectSelectedLineId);
  return (
    <div className="cart" data-testid="cart">
      <table className="cart-table">
        <thead>
          <tr>
            <th className="col-no">#</th>
            <th className="col-name">{t('cart.product')}</th>
            <th className="num col-qty">{t('cart.qty')}</th>
            <th className="num col-price">{t('cart.price')}</th>
            <th className="num col-amount">{t('cart.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <LineRow key={l.lineId} line={l} index={i} selected={l.lineId === selectedId} />
          ))}
        </tbody>
      </table>
      {lines.length === 0 ? (
        <div className="cart-empty" data-testid="cart-empty">
          {t('cart.empty')}
        </div>
      ) : null}
    </div>
  );
}
