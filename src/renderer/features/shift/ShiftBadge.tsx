// The shift in the top bar: since when it is open, or that none is (selling needs one). A button to the
// shift menu (F12), so a cashier on a touch till can reach it too.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { loadShift, openShiftMenu } from './shiftThunks';
import './shift.css';

export function ShiftBadge() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const loaded = useAppSelector((s) => s.shift.loaded);
  const openedAt = useAppSelector((s) => s.shift.current?.openedAt ?? null);
  useEffect(() => {
    if (!loaded) void dispatch(loadShift());
  }, [loaded, dispatch]);
  if (!loaded) return null;
  const time = openedAt
    ? new Date(openedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })
    : '';
  return (
    <button
      type="button"
      className={openedAt ? 'topbar-button shift-badge' : 'topbar-button shift-badge shift-badge-none'}
      onClick={() => void dispatch(openShiftMenu())}
      data-testid="shift-badge"
      data-open={openedAt ? '1' : '0'}
      title={t('shift.keys.shift')}
    >
      {openedAt ? t('shift.badge.open', { time }) : t('shift.badge.none')}
      <kbd>F12</kbd>
    </button>
  );
}
