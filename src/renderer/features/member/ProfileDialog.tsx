import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import { CouponCard } from './CouponCard';
import { TierBadge } from './MemberPanel';
import { phoneHidden } from './memberSlice';
import { loadHistory, revealPhone, selectCrmOnline } from './memberThunks';
import { AlsoBought, HistoryPager, TagChips, TierProgress } from './ProfileSections';

/** The customer profile: masked, tier progress, points and what expires soon, coupons, history, tags, suggestions. */
export function ProfileDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const render = useMsg();
  const m = useAppSelector((s) => s.member.attached);
  const history = useAppSelector((s) => s.member.history);
  const revealed = useAppSelector((s) => s.member.revealed);
  const applied = useAppSelector((s) => s.cart.coupons);
  const online = useAppSelector(selectCrmOnline);
  const close = useCallback(() => {
    dispatch(phoneHidden());
    dispatch(dialogClosed());
  }, [dispatch]);
  useEffect(() => {
    if (m && !history.page && !history.loading) void dispatch(loadHistory(1));
    // Once per opening: the first page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (!m) return null;
  const p = m.profile;
  const phone = revealed?.memberId === m.id ? revealed.phone : m.phoneMasked;
  return (
    <Dialog title={t('member.profile.title')} onClose={close} testId="member-profile" wide>
      {m.source === 'cache' ? (
        <div className="banner banner-info" data-testid="profile-cache-note">
          {t('member.profile.fromCache', { at: m.attachedAt.slice(0, 16).replace('T', ' ') })}
        </div>
      ) : null}
      <div className="profile-grid">
        <section className="profile-section">
          <div className="member-head">
            <span className="member-name" data-testid="profile-name">
              {m.nameMasked}
            </span>
            <TierBadge tier={m.tier} name={m.tierName} />
          </div>
          <div className="kv">
            <span>{t('member.profile.phone')}</span>
            <span className="num" data-testid="profile-phone">
              {phone}
            </span>
          </div>
          <div className="kv">
            <span>{t('member.profile.card')}</span>
            <span className="num">{m.cardMasked}</span>
          </div>
          {revealed?.memberId === m.id ? (
            <Button variant="ghost" onClick={() => dispatch(phoneHidden())}>
              {t('member.profile.hide')}
            </Button>
          ) : (
            <Button
              variant="ghost"
              onClick={() => void dispatch(revealPhone())}
              disabled={!online}
              data-testid="profile-reveal"
            >
              {t('member.profile.reveal')}
            </Button>
          )}
        </section>
        <section className="profile-section">
          <h3>{t('member.profile.tier')}</h3>
          <TierProgress profile={p ?? null} testId="profile-tier-progress" />
        </section>
        <section className="profile-section">
          <h3>{t('member.profile.balance')}</h3>
          <strong className="num member-name" data-testid="profile-points">
            {m.balance.toLocaleString('en-US')}
            {m.provisional ? (
              <span className="provisional-mark"> {t('member.panel.provisional')}</span>
            ) : null}
          </strong>
          <h3>{t('member.profile.expiring')}</h3>
          {m.expiringSoon.length ? (
            <ul className="plain-list" data-testid="profile-expiring">
              {m.expiringSoon.map((e) => (
                <li key={e.expiresOn} className="expiring-soon">
                  {t('member.panel.expiring', { points: e.points, date: e.expiresOn })}
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">{t('member.profile.noExpiring')}</span>
          )}
        </section>
        <section className="profile-section">
          <h3>{t('member.profile.tags')}</h3>
          <TagChips profile={p ?? null} testId="profile-tags" />
          <h3>{t('member.profile.alsoBought')}</h3>
          <AlsoBought profile={p ?? null} testId="profile-also-bought" />
        </section>
      </div>
      <section className="profile-section" data-testid="profile-history">
        <h3>{t('member.profile.history')}</h3>
        {history.error ? <span className="muted">{render(history.error)}</span> : null}
        {history.page && history.page.items.length === 0 ? (
          <span className="muted">{t('member.profile.noHistory')}</span>
        ) : null}
        {history.page?.items.length ? (
          <ul className="history-list">
            {history.page.items.map((h) => (
              <li key={h.id} data-testid="history-item">
                <span>
                  <span className={`channel channel-${h.channel}`}>
                    {h.channel === 'online' ? t('member.profile.online') : t('member.profile.store')}
                  </span>
                  {h.at.slice(0, 10)} · {h.items.map((i) => `${i.name}×${i.qty}`).join('，')}
                </span>
                <span className="num">{money(h.totalFen)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <HistoryPager className="pager" always pageTestId="history-page" nextTestId="history-next" />
      </section>
      <section className="profile-section">
        <h3>{t('member.profile.coupons')}</h3>
        {m.coupons.length ? (
          <ul className="coupon-cards coupon-cards-compact" data-testid="profile-coupons">
            {m.coupons.map((c) => (
              <CouponCard key={c.id} coupon={c} applied={applied.some((a) => a.id === c.id)} />
            ))}
          </ul>
        ) : (
          <span className="muted">{t('member.profile.noCoupons')}</span>
        )}
      </section>
      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close}>
          {t('common.back')}
        </Button>
      </div>
    </Dialog>
  );
}
