import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMsg } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import { CouponCard } from './CouponCard';
import { canSpend, memberErrorCleared } from './memberSlice';
import { applyCoupon, removeCoupon } from './memberThunks';

/** The member's usable coupons: ↑↓ to choose, Enter to use (or take off), each rule checked on use. */
export function CouponsDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const render = useMsg();
  const m = useAppSelector((s) => s.member.attached);
  const applied = useAppSelector((s) => s.cart.coupons);
  const error = useAppSelector((s) => s.member.error);
  const errorSeq = useAppSelector((s) => s.member.errorSeq);
  const [sel, setSel] = useState(0);
  const coupons = useMemo(() => m?.coupons ?? [], [m]);
  const close = useCallback(() => {
    dispatch(memberErrorCleared());
    dispatch(dialogClosed());
  }, [dispatch]);
  const toggle = useCallback(
    (id: string) => {
      dispatch(memberErrorCleared());
      if (applied.some((c) => c.id === id)) dispatch(removeCoupon(id));
      else if (dispatch(applyCoupon(id))) dispatch(dialogClosed());
    },
    [applied, dispatch],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setSel((i) => Math.max(0, Math.min(coupons.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))));
      } else if (e.key === 'Enter' && coupons[sel]) {
        e.preventDefault();
        toggle(coupons[sel].id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [coupons, sel, toggle]);
  return (
    <Dialog title={t('member.coupon.title')} onClose={close} testId="member-coupons" wide>
      {coupons.length === 0 ? (
        <p className="dialog-lead">{t('member.coupon.none')}</p>
      ) : (
        <p className="hint">{t('member.coupon.hint')}</p>
      )}
      {coupons.length > 0 && !canSpend(m) ? (
        <p className="hint warn" role="alert" data-testid="coupons-needs-code">
          {t('member.proof.required')}
        </p>
      ) : null}
      <ul className="coupon-cards">
        {coupons.map((c, i) => {
          const on = applied.some((a) => a.id === c.id);
          return (
            <CouponCard key={c.id} coupon={c} selected={i === sel} applied={on}>
              <Button
                variant={on ? 'ghost' : 'primary'}
                disabled={!on && !c.bearer && !canSpend(m)}
                onClick={() => toggle(c.id)}
                data-testid={on ? 'coupon-remove' : 'coupon-apply'}
              >
                {on ? t('member.coupon.remove') : t('member.coupon.apply')}
              </Button>
            </CouponCard>
          );
        })}
      </ul>
      <ErrorBanner message={render(error)} seq={errorSeq} testId="coupon-error" />
      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close}>
          {t('common.back')}
        </Button>
      </div>
    </Dialog>
  );
}
