// The customer tab: scan a member code, then the profile full screen, one column for a handheld: masked name
// and phone, tier and progress, points with what expires by date, coupons as cards, recent purchases (online
// and in store marked), preferences and tags, suggestions. The data is the member feature's (memberThunks).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { CouponCard } from '../member/CouponCard';
import { TierBadge } from '../member/MemberPanel';
import { attachById, detachMember, loadHistory } from '../member/memberThunks';
import { AlsoBought, HistoryPager, TagChips, TierProgress } from '../member/ProfileSections';
import type { AttachedMember } from '../member/memberSlice';
import { CodeField } from './CodeField';
import { Icon } from './icons';
import { TabError } from './TabError';
import { customerEntered } from './pdaThunks';

export function CustomerTab() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const m = useAppSelector((s) => s.member.attached);
  const busy = useAppSelector((s) => s.member.busy);
  const matches = useAppSelector((s) => s.member.matches);
  if (m) return <Profile m={m} />;
  return (
    <section className="pda-tab-body" data-testid="pda-customer">
      <TabError member />
      <div className="pda-empty">
        <Icon name="member" />
        <strong>{t('pda.member.empty')}</strong>
        <span className="muted">{t('pda.member.emptyHint')}</span>
      </div>
      {busy ? (
        <p className="pda-busy" role="status">
          {t('pda.member.busy')}
        </p>
      ) : null}
      {matches.length ? (
        <div className="pda-card">
          <h3>{t('pda.member.pick')}</h3>
          <ul className="pda-list">
            {matches.map((x) => (
              <li key={x.id}>
                <button
                  type="button"
                  className="pda-list-button"
                  onClick={() => void dispatch(attachById(x.id))}
                >
                  <span>{x.nameMasked}</span>
                  <span className="num">{x.phoneMasked}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <CodeField
        label={t('pda.member.inputLabel')}
        testId="pda-member-input"
        onEnter={(text) => void dispatch(customerEntered(text))}
      />
    </section>
  );
}

function Profile({ m }: { m: AttachedMember }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const render = useMsg();
  const history = useAppSelector((s) => s.member.history);
  const p = m.profile;
  useEffect(() => {
    if (!history.page && !history.loading && !history.error) void dispatch(loadHistory(1));
    // Once per member: the first page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [m.id]);
  return (
    <section
      className="pda-tab-body pda-profile"
      data-testid="pda-profile"
      data-member={m.id}
      data-source={m.source}
    >
      <TabError member />
      <div className="pda-card pda-profile-head">
        <div className="pda-profile-name-row">
          <span className="pda-profile-name" data-testid="pda-profile-name">
            {m.nameMasked}
          </span>
          <TierBadge tier={m.tier} name={m.tierName} />
        </div>
        <div className="pda-kv">
          <span>{t('member.profile.phone')}</span>
          <span className="num" data-testid="pda-profile-phone">
            {m.phoneMasked}
          </span>
        </div>
        <div className="pda-kv">
          <span>{t('member.profile.card')}</span>
          <span className="num" data-testid="pda-profile-card">
            {m.cardMasked}
          </span>
        </div>
        {m.source === 'cache' ? (
          <p className="pda-note" data-testid="pda-profile-cached">
            {t('pda.member.offline', { at: m.attachedAt.slice(0, 16).replace('T', ' ') })}
          </p>
        ) : null}
      </div>

      <div className="pda-card">
        <div className="pda-points">
          <span className="muted">{t('pda.member.points')}</span>
          <strong className="num" data-testid="pda-profile-points">
            {m.balance.toLocaleString('en-US')}
          </strong>
          {m.provisional ? <span className="provisional-mark">{t('member.panel.provisional')}</span> : null}
        </div>
        <h3>{t('pda.member.expiringTitle')}</h3>
        {m.expiringSoon.length ? (
          <ul className="pda-expiring" data-testid="pda-profile-expiring">
            {m.expiringSoon.map((e) => (
              <li key={e.expiresOn} data-date={e.expiresOn} data-points={e.points}>
                <span className="num">
                  {t('pda.member.pointsValue', { points: e.points.toLocaleString('en-US') })}
                </span>
                <span className="num">{t('pda.member.expiresOn', { date: e.expiresOn })}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted" data-testid="pda-profile-expiring-none">
            {t('member.profile.noExpiring')}
          </span>
        )}
      </div>

      <div className="pda-card">
        <h3>{t('member.profile.tier')}</h3>
        <TierProgress profile={p} testId="pda-profile-tier-progress" />
      </div>

      <div className="pda-card">
        <h3>{t('pda.member.coupons', { count: m.coupons.length })}</h3>
        {m.coupons.length ? (
          <ul className="coupon-cards pda-coupons" data-testid="pda-profile-coupons">
            {m.coupons.map((c) => (
              <CouponCard key={c.id} coupon={c} />
            ))}
          </ul>
        ) : (
          <span className="muted">{t('member.profile.noCoupons')}</span>
        )}
      </div>

      <div className="pda-card" data-testid="pda-profile-history">
        <h3>{t('pda.member.history')}</h3>
        {history.error ? <span className="muted">{render(history.error)}</span> : null}
        {history.page && history.page.items.length === 0 ? (
          <span className="muted">{t('member.profile.noHistory')}</span>
        ) : null}
        {history.page?.items.length ? (
          <ul className="pda-history">
            {history.page.items.map((h) => (
              <li key={h.id} data-testid="pda-history-item" data-channel={h.channel}>
                <span className="pda-history-top">
                  <span className={`channel channel-${h.channel}`}>
                    {h.channel === 'online' ? t('member.profile.online') : t('member.profile.store')}
                  </span>
                  <span className="num muted">{h.at.slice(0, 10)}</span>
                  <span className="num pda-history-total">{money(h.totalFen)}</span>
                </span>
                <span className="pda-history-items">
                  {h.items.map((i) => `${i.name}×${i.qty}`).join('，')}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <HistoryPager className="pda-pager" always={false} />
      </div>

      <div className="pda-card">
        <h3>{t('pda.member.tags')}</h3>
        <TagChips profile={p} testId="pda-profile-tags" />
        <h3>{t('pda.member.alsoBought')}</h3>
        <AlsoBought profile={p} testId="pda-profile-also-bought" />
      </div>

      <Button
        variant="primary"
        className="pda-wide"
        onClick={() => dispatch(detachMember())}
        data-testid="pda-next-customer"
      >
        {t('pda.member.next')}
      </Button>
    </section>
  );
}
