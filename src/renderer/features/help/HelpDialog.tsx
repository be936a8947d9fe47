import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch } from '../../app/hooks';
import { dialogClosed } from '../../app/uiSlice';

/** The key map, in one place: what the bottom bar abbreviates. */
export const KEY_MAP: { key: string; action: string }[] = [
  { key: 'F1', action: 'keys.help' },
  { key: 'F2', action: 'keys.member' },
  { key: 'Ctrl+Y', action: 'member.keys.coupons' },
  { key: 'F3', action: 'keys.search' },
  { key: 'F4', action: 'keys.qty' },
  { key: 'Del', action: 'keys.voidLine' },
  { key: 'F5', action: 'keys.cash' },
  { key: 'F6', action: 'keys.card' },
  { key: 'F7', action: 'keys.mobile' },
  { key: 'F8', action: 'keys.voidSale' },
  { key: 'F9', action: 'pickup.keyHelp' },
  { key: 'F10', action: 'shift.keys.refund' },
  { key: '↑ ↓', action: 'keys.select' },
  { key: 'Enter', action: 'keys.enter' },
  { key: 'Esc', action: 'keys.esc' },
  { key: 'Ctrl+,', action: 'keys.settings' },
  { key: 'F11', action: 'keys.sync' },
  { key: 'F12', action: 'shift.keys.shift' },
  { key: 'Ctrl+L', action: 'staff.help.lock' },
  { key: 'Ctrl+M', action: 'staff.help.menu' },
  { key: 'Ctrl+P', action: 'hardware.printer.reprint' },
  { key: 'Ctrl+K', action: 'camera.button' },
  { key: 'Ctrl+O', action: 'cartAdjust.keys.priceOverride' },
  { key: 'Ctrl+I', action: 'cartAdjust.keys.discount' },
  { key: 'Ctrl+D', action: 'cartAdjust.keys.voidAfterTender' },
];

export function HelpDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);
  return (
    <Dialog title={t('help.title')} onClose={close} testId="help-dialog" wide>
      <table className="help-table">
        <tbody>
          {KEY_MAP.map((k) => (
            <tr key={k.key}>
              <td>
                <kbd>{k.key}</kbd>
              </td>
              <td>{t(k.action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('help.scan')}</p>
    </Dialog>
  );
}
