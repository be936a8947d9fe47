import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogOpened } from '../../app/uiSlice';
import { useMsg } from '../../app/useMsg';
import { ageMessage, clockSkewMessage } from './syncText';
import { useNow } from './useNow';

/** Always visible (invariant: the UI shows the sync state); opens the sync panel (F11). */
export function SyncBadge() {
  const { t } = useTranslation();
  const render = useMsg();
  const dispatch = useAppDispatch();
  const s = useAppSelector((st) => st.sync);
  const now = useNow();
  const skew = s.crm ? clockSkewMessage(s.clockOffsetMs) : null;
  const ok = s.crm ? s.online && s.pending === 0 && s.rejected === 0 && !skew : false;
  const label = !s.crm ? t('sync.noCrm') : s.online ? t('sync.online') : t('sync.offline');
  return (
    <button
      type="button"
      className={`badge badge-button ${ok ? 'badge-ok' : 'badge-warn'}`}
      data-testid="sync-badge"
      data-online={s.online}
      data-pending={s.pending}
      data-phase={s.phase}
      data-products={s.products ?? ''}
      title={s.oldestPendingAt ? t('sync.oldest', { at: s.oldestPendingAt }) : undefined}
      onClick={() => dispatch(dialogOpened('sync'))}
    >
      <span className="dot" aria-hidden="true" />
      {label}
      <span className="num"> {t('sync.pending', { n: s.pending })}</span>
      {s.pending > 0 && s.oldestPendingAt ? (
        <span className="num">
          {' '}
          · {t('sync.oldestAge', { age: render(ageMessage(s.oldestPendingAt, now)) ?? '' })}
        </span>
      ) : null}
      {s.rejected ? <span className="badge-alert"> {t('sync.rejected', { n: s.rejected })}</span> : null}
      {s.issues ? <span className="badge-alert"> {t('sync.issuesBadge', { n: s.issues })}</span> : null}
      {skew ? (
        <span className="badge-alert" data-testid="clock-skew" title={t('sync.clock.hint')}>
          {' '}
          {render(skew)}
        </span>
      ) : null}
      <kbd className="btn-key">F11</kbd>
    </button>
  );
}

/** First start (or a catalog reset): the download's progress, records per second and time left. */
export function CatalogProgressBar() {
  const { t } = useTranslation();
  const render = useMsg();
  const s = useAppSelector((st) => st.sync);
  if (!s.crm) return null;
  const p = s.catalog;
  if (!p && s.products !== 0) return null;
  const pct = p && p.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  const text = !p
    ? t('sync.catalogWaiting')
    : p.total !== null
      ? t('sync.catalogLoading', {
          done: p.done,
          total: p.total,
          rate: p.recordsPerSecond,
          left:
            p.secondsLeft !== null
              ? (render({ key: 'sync.age.s', params: { n: p.secondsLeft } }) ?? '')
              : '…',
        })
      : t('sync.catalogLoadingNoTotal', { done: p.done, rate: p.recordsPerSecond });
  return (
    <div className="catalog-progress" data-testid="catalog-progress" role="status">
      <span>{text}</span>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== null ? { 'aria-valuenow': pct } : {})}
      >
        <div
          className={`progress-fill ${pct === null ? 'progress-indeterminate' : ''}`}
          style={{ width: `${pct ?? 30}%` }}
        />
      </div>
    </div>
  );
}
