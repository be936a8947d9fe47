import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogClosed } from '../../app/uiSlice';
import { localeChanged, simulatorModeChanged, type Locale, type SimulatorMode } from './settingsSlice';
import { ScannerSection } from '../hardware/scannerSettings';
import { ShellSettingsSection } from '../shell/ShellSettingsSection';

const LOCALES: { id: Locale; label: string }[] = [
  { id: 'zh-CN', label: '中文' },
  { id: 'en', label: 'English' },
];
const MODES: SimulatorMode[] = ['success', 'decline', 'timeout'];

export function SettingsDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const s = useAppSelector((st) => st.settings);
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);
  const persistentText =
    s.persistent === null
      ? t('settings.persistentUnknown')
      : s.persistent
        ? t('settings.persistentYes')
        : t('settings.persistentNo');
  return (
    <Dialog title={t('settings.title')} onClose={close} testId="settings-dialog" wide>
      <section className="settings-section">
        <h3>{t('settings.language')}</h3>
        <div className="row-buttons">
          {LOCALES.map((l) => (
            <Button
              key={l.id}
              variant={s.locale === l.id ? 'primary' : 'secondary'}
              aria-pressed={s.locale === l.id}
              onClick={() => dispatch(localeChanged(l.id))}
              data-testid={`locale-${l.id}`}
            >
              {l.label}
            </Button>
          ))}
        </div>
      </section>
      <section className="settings-section">
        <h3>{t('settings.simulator')}</h3>
        <p className="hint">{t('settings.simulatorHint')}</p>
        <div className="row-buttons">
          {MODES.map((m) => (
            <Button
              key={m}
              variant={s.simulatorMode === m ? 'primary' : 'secondary'}
              aria-pressed={s.simulatorMode === m}
              onClick={() => dispatch(simulatorModeChanged(m))}
              data-testid={`simulator-${m}`}
            >
              {t(`settings.simulatorMode.${m}`)}
            </Button>
          ))}
        </div>
      </section>
      <ScannerSection />
      <ShellSettingsSection />
      <section className="settings-section">
        <h3>{t('settings.terminal')}</h3>
        <dl className="kv">
          <dt>{t('settings.store')}</dt>
          <dd>
            {s.storeName} ({s.storeId})
          </dd>
          <dt>{t('settings.terminalId')}</dt>
          <dd>{s.terminalId}</dd>
          <dt>{t('settings.epoch')}</dt>
          <dd>{s.epoch ?? '—'}</dd>
          <dt>{t('settings.persistent')}</dt>
          <dd data-testid="persistent-storage">{persistentText}</dd>
        </dl>
      </section>
    </Dialog>
  );
}
