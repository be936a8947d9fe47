// The scanner item of the status bar: a dot (green when the chosen HID scanners read, amber when one is
// missing), and a button to the device list. Polls main's cached state: no USB listing every few seconds.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogOpened } from '../../app/uiSlice';
import { refreshScannerStatus, scannerDot } from './scannerSlice';
import './scanner.css';

export const SCANNER_POLL_MS = 3000;

export function ScannerStatusButton() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.scanner.status);
  useEffect(() => {
    void dispatch(refreshScannerStatus());
    const timer = setInterval(() => void dispatch(refreshScannerStatus()), SCANNER_POLL_MS);
    return () => clearInterval(timer);
  }, [dispatch]);
  const dot = scannerDot(status);
  const suffix =
    dot.label === 'searching' || dot.label === 'unavailable'
      ? ` · ${t(`hardware.scanner.dot.${dot.label}`)}`
      : '';
  return (
    <button
      type="button"
      className="keybar-item keybar-scanner"
      data-testid="scanner-status"
      data-state={dot.state}
      title={t('hardware.scanner.statusTitle')}
      onClick={() => dispatch(dialogOpened('hardware:scanners'))}
    >
      <span className={`dot dot-${dot.tone}`} aria-hidden="true" /> {t('status.scanner')}
      {suffix}
    </button>
  );
}
