// The settings dialog's way into the terminal config (behind a manager's approval) and the update's state.
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { openConfigScreen } from './configThunks';
import { UpdateNotice } from './UpdateNotice';

export function ShellSettingsSection() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const update = useAppSelector((s) => s.shell.update);
  return (
    <>
      <section className="settings-section">
        <h3>{t('shell.config.open')}</h3>
        <p className="hint">{t('shell.config.openHint')}</p>
        <div className="row-buttons">
          <Button onClick={() => void dispatch(openConfigScreen())} data-testid="open-config">
            {t('shell.config.open')}
          </Button>
        </div>
      </section>
      {update && update.state !== 'disabled' ? (
        <section className="settings-section">
          <h3>{t('shell.update.title')}</h3>
          <UpdateNotice />
        </section>
      ) : null}
    </>
  );
}
