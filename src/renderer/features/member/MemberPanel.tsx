import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIG_REFRESH_MS } from '../../../offline/members/identify';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { dialogOpened } from '../../app/uiSlice';
import { detachMember, refreshMemberConfig, selectCrmOnline } from './memberThunks';
import './member.css';

export function TierBadge({ tier, name }: { tier: string; name: string }) {
  return (
    <span className={`tier-badge tier-${tier}`} data-testid="member-tier">
      {name}
    </span>
  );
}

/**
 * The member on the sale, a strip above the cart: masked name and phone, tier, points (provisional marked),
 * what expires soon, the coupons in use, and the buttons for coupons, profile and removal. Hidden with no
 * member (the top bar says so), so the cart keeps its room.
 */
export function MemberPanel() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const m = useAppSelector((s) => s.member.attached);
  const applied = useAppSelector((s) => s.cart.coupons);
  const dropped = useAppSelector((s) => s.cart.couponsDropped);
  const lines = useAppSelector((s) => s.cart.cart.lines);
  if (!m) return <section className="member-panel-empty" data-testid="member-panel" data-member="" hidden />;
  const soonest = m.expiringSoon[0];
  const couponOff = (id: string) =>
    lines
      .flatMap((l) => l.discounts)
      .filter((d) => d.kind === 'coupon' && d.ref === id)
      .reduce((s, d) => s + d.amountFen, 0);
  return (
    <section
      className="member-panel"
      data-testid="member-panel"
      data-member={m.id}
      aria-label={t('member.panel.title')}
    >
      <div className="member-row">
        <span className="member-name" data-testid="member-name">
          {m.nameMasked}
        </span>
        <TierBadge tier={m.tier} name={m.tierName} />
        <span className="muted num" data-testid="member-phone">
          {m.phoneMasked}
        </span>
        <span className="member-points">
          {t('member.panel.points')}{' '}
          <strong className="num" data-testid="member-points">
            {m.balance.toLocaleString('en-US')}
          </strong>
          {m.provisional ? (
            <span className="provisional-mark" data-testid="member-provisional">
              {' '}
              {t('member.panel.provisional')}
            </span>
          ) : null}
        </span>
        <span className="spacer" />
        <Button
          keyHint="Ctrl+Y"
          onClick={() => dispatch(dialogOpened('member:coupons'))}
          data-testid="btn-member-coupons"
        >
          {t('member.panel.coupons')} ({m.coupons.length})
        </Button>
        <Button
          keyHint="F2"
          onClick={() => dispatch(dialogOpened('member:profile'))}
          data-testid="btn-member-profile"
        >
          {t('member.panel.profile')}
        </Button>
        <Button variant="ghost" onClick={() => dispatch(detachMember())} data-testid="btn-member-remove">
          {t('member.panel.remove')}
        </Button>
      </div>
      {soonest || applied.length || dropped.length || m.source === 'cache' ? (
        <div className="member-row member-notes">
          {m.source === 'cache' ? (
            <span className="provisional-mark">{t('member.panel.offline')}</span>
          ) : null}
          {soonest ? (
            <span className="expiring-soon" data-testid="member-expiring">
              {t('member.panel.expiring', { points: soonest.points, date: soonest.expiresOn })}
            </span>
          ) : null}
          {applied.map((c) => (
            <span key={c.id} className="member-coupon-line" data-testid="member-coupon-applied">
              {c.code} {c.title} <span className="num">-{money(couponOff(c.id))}</span>
            </span>
          ))}
          {dropped.map((d) => (
            <span key={d.code} className="text-error" role="alert">
              {t('member.panel.dropped', { code: d.code })}
            </span>
          ))}
        </div>
      ) : null}
    </section>
  );
}

/** The top bar's member slot: 会员: 张* 金卡 12,340 分. */
export function MemberSlot() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const m = useAppSelector((s) => s.member.attached);
  const online = useAppSelector(selectCrmOnline);
  // Member keys and rules follow the CRM while it answers, so tokens verify and prices hold offline.
  useEffect(() => {
    if (!online) return;
    void dispatch(refreshMemberConfig());
    const timer = setInterval(() => void dispatch(refreshMemberConfig()), CONFIG_REFRESH_MS);
    return () => clearInterval(timer);
  }, [online, dispatch]);
  if (!m) return <span className="member-slot muted">{t('top.noMember')}</span>;
  return (
    <span className="member-slot member-on" data-testid="member-slot">
      {t('member.slot', { name: m.nameMasked, tier: m.tierName, points: m.balance.toLocaleString('en-US') })}
      {m.provisional ? ` ${t('member.slotProvisional')}` : ''}
    </span>
  );
}
