import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';

export function SyncBadge() {
  const { t } = useTranslation();
  const s = useAppSelector((st) => st.sync);
  return (
    <span
      className={`badge ${s.online ? 'badge-ok' : 'badge-warn'}`}
      data-testid="sync-badge"
      data-online={s.online}
      data-pending={s.pending}
      title={s.oldestPendingAt ? t('sync.oldest', { at: s.oldestPendingAt }) : undefined}
    >
      <span className="dot" aria-hidden="true" />
      {s.online ? t('sync.online') : t('sync.offline')}
      <span className="num"> {t('sync.pending', { n: s.pending })}</span>
      {s.rejected ? <span className="text-error"> {t('sync.rejected', { n: s.rejected })}</span> : null}
    </span>
  );
}
