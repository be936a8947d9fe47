import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponTerms } from '../../../domain/membership/coupons';
import { formatRate } from '../../../hardware/core/receipt/saleReceipt';
import { useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';

/** A coupon as a card: its value large, its terms small. */
export function CouponCard(props: {
  coupon: CouponTerms;
  selected?: boolean;
  applied?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const locale = useAppSelector((s) => s.settings.locale);
  const c = props.coupon;
  const value = c.kind === 'amount' ? money(c.valueFen ?? 0) : formatRate(c.rateBp ?? 10000, locale);
  return (
    <li
      className={`coupon-card ${props.applied ? 'coupon-applied' : ''}`}
      aria-selected={props.selected ?? false}
      data-testid="coupon-card"
      data-code={c.code}
    >
      <span className="coupon-value num">{value}</span>
      <span className="coupon-body">
        <strong>{c.title}</strong>
        <span>
          {c.minSpendFen > 0
            ? t('member.coupon.minSpend', { amount: money(c.minSpendFen) })
            : t('member.coupon.noMin')}{' '}
          · {t('member.coupon.validTo', { date: c.validTo })}
          {c.categoryIds.length ? ` · ${t('member.coupon.scope')}` : ''}
          {c.offlineAllowed ? '' : ` · ${t('member.coupon.onlineOnly')}`}
        </span>
        <span className="muted">{c.code}</span>
      </span>
      {props.children}
    </li>
  );
}
