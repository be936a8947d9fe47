// The staff menu (Ctrl+M, or the cashier's name in the top bar): who is logged in and their role, lock the
// till, switch cashier without closing the shift, open the drawer without a sale, and the recent audit log.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../domain/staff/auditChain';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogClosed } from '../../app/uiSlice';
import { maskName } from '../session/mask';
import { readAuditLog } from './auditThunks';
import { lockTill, openDrawerNoSale, switchCashier } from './staffThunks';
import './staff.css';

export function StaffMenuDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.session);
  const locale = useAppSelector((s) => s.settings.locale);
  const [log, setLog] = useState<{ entries: AuditEntry[]; ok: boolean; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);
  useEffect(() => {
    let live = true;
    void dispatch(readAuditLog(20)).then((r) => live && setLog(r));
    return () => {
      live = false;
    };
  }, [dispatch]);

  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await f();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('staff.menu.title')} onClose={close} testId="staff-menu" wide>
      <p className="dialog-lead" data-testid="staff-menu-who">
        {t('staff.menu.who', { name: maskName(session.cashierName), id: session.cashierId })}{' '}
        {session.role ? (
          <span className={`role-badge role-${session.role}`}>{t(`staff.role.${session.role}`)}</span>
        ) : null}
      </p>
      <div className="staff-menu-actions">
        <Button
          keyHint="Ctrl+L"
          onClick={() => void run(() => dispatch(lockTill()))}
          disabled={busy}
          data-testid="staff-lock"
        >
          {t('staff.menu.lock')}
        </Button>
        <Button
          onClick={() => void run(() => dispatch(switchCashier()))}
          disabled={busy}
          data-testid="staff-switch"
        >
          {t('staff.menu.switch')}
        </Button>
        <Button
          variant="danger"
          onClick={() => void run(() => dispatch(openDrawerNoSale()))}
          disabled={busy}
          data-testid="staff-no-sale"
        >
          {t('staff.menu.noSale')}
        </Button>
      </div>
      <section className="audit-log" data-testid="audit-log">
        <h3>
          {t('staff.audit.title')}{' '}
          {log ? (
            <span
              className={log.ok ? 'text-ok' : 'text-error'}
              data-testid="audit-chain-state"
              data-ok={String(log.ok)}
            >
              {log.ok ? t('staff.audit.intact', { n: log.total }) : t('staff.audit.broken')}
            </span>
          ) : null}
        </h3>
        <table>
          <tbody>
            {log?.entries.map((e) => (
              <tr key={e.entryId} data-testid="audit-entry" data-action={e.action}>
                <td className="num">#{e.index}</td>
                <td>{new Date(e.at).toLocaleTimeString(locale)}</td>
                <td>{t(`staff.auditAction.${e.action}`, { defaultValue: e.action })}</td>
                <td>{e.actorId}</td>
                <td>{e.approvedBy ? t('staff.audit.approvedBy', { id: e.approvedBy }) : ''}</td>
                <td className="muted audit-hash" title={e.hash}>
                  {e.hash.slice(0, 8)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Dialog>
  );
}
