// The logged-in cashier in the top bar, with their role: a button to the staff menu (touch and mouse).
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogOpened } from '../../app/uiSlice';
import { selectCashierMasked } from '../session/sessionSlice';

export function CashierButton() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const name = useAppSelector(selectCashierMasked);
  const role = useAppSelector((s) => s.session.role);
  return (
    <button
      type="button"
      className="topbar-button cashier-button"
      onClick={() => dispatch(dialogOpened('staff:menu'))}
      data-testid="cashier"
      data-role={role ?? ''}
      title={t('staff.menu.title')}
    >
      {t('top.cashier')} {name}
      {role ? <span className={`role-badge role-${role}`}>{t(`staff.role.${role}`)}</span> : null}
    </button>
  );
}
