// The update as main sees it, for the settings dialog: quiet by design (no pop-up at the till), with
// "restart now" only when an update is ready and no sale or unsynced record is waiting.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { installUpdateNow } from './configThunks';
import './shell.css';

export function UpdateNotice() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const update = useAppSelector((s) => s.shell.update);
  const [failure, setFailure] = useState<string | null>(null);
  if (!update) return null;
  const when = update.lastCheckAt ? new Date(update.lastCheckAt).toLocaleString(i18n.language) : null;
  let text: string;
  switch (update.state) {
    case 'disabled':
      text = t('shell.update.disabled');
      break;
    case 'checking':
      text = t('shell.update.checking');
      break;
    case 'downloading':
      text = t('shell.update.downloading', {
        version: update.version ?? '',
        percent: Math.round(update.percent ?? 0),
      });
      break;
    case 'ready':
      text = t('shell.update.ready', { version: update.version ?? '' });
      break;
    default:
      text = t('shell.update.idle');
  }
  return (
    <div className="update-notice" data-testid="update-notice" data-state={update.state}>
      <span>{text}</span>
      {update.state === 'idle' && when ? (
        <span className="hint">{t('shell.update.lastCheck', { at: when })}</span>
      ) : null}
      {update.lastError && update.state !== 'ready' ? (
        <span className="hint">{t('shell.update.lastError')}</span>
      ) : null}
      {update.state === 'ready' && update.busy ? (
        <span className="hint">{t('shell.update.busy')}</span>
      ) : null}
      {update.state === 'ready' ? (
        <div className="row-buttons">
          <Button
            variant="primary"
            disabled={update.busy}
            data-testid="update-restart"
            onClick={() => void dispatch(installUpdateNow()).then(setFailure)}
          >
            {t('shell.update.restart')}
          </Button>
        </div>
      ) : null}
      {failure ? (
        <p className="banner banner-error" role="alert">
          {t('shell.update.restartFailed', { detail: failure })}
        </p>
      ) : null}
    </div>
  );
}
