// In front of the till while nobody is logged in (login) or the till is locked (unlock): employee number and
// PIN by keyboard or touch keypad, the lockout message with a manager's way out, the role once known.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMsg } from '../../app/useMsg';
import { selectStaffGate } from '../session/sessionSlice';
import { maskName } from '../session/mask';
import { ApprovalOverlay } from './ApprovalOverlay';
import { Keypad } from './Keypad';
import {
  liftStaffLockout,
  loadStaff,
  login,
  managerUnlockTill,
  switchCashier,
  unlockTill,
} from './staffThunks';
import { useKeyShield } from './useKeyShield';
import './staff.css';

/** Sync errors that mean this till has no credential and will not get one without a new code. */
const NOT_ENROLLED_CODES = new Set([
  'not-enrolled',
  'enrollment-code-invalid',
  'enrollment-code-used',
  'enrolled-as-other-terminal',
]);

type Field = 'id' | 'pin';

export function StaffGate() {
  const { t } = useTranslation();
  const render = useMsg();
  const dispatch = useAppDispatch();
  const gate = useAppSelector(selectStaffGate);
  const session = useAppSelector((s) => s.session);
  const settings = useAppSelector((s) => s.settings);
  const { login: state, staffCount } = useAppSelector((s) => s.staff);
  const approvalOpen = useAppSelector((s) => s.staff.approval !== null);
  const crm = useAppSelector((s) => s.sync.crm);
  // Refused or no enrollment: the staff list can never arrive, so the screen says so instead of waiting.
  const notEnrolled = useAppSelector(
    (s) =>
      !s.sync.enrolled &&
      (s.sync.phase === 'notEnrolled' || NOT_ENROLLED_CODES.has(s.sync.lastError?.code ?? '')),
  );
  const lastSync = useAppSelector((s) => s.sync.lastSuccessAt);
  const [id, setId] = useState('');
  const [pin, setPin] = useState('');
  const [field, setField] = useState<Field>(gate === 'locked' ? 'pin' : 'id');
  const idRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const locked = gate === 'locked';

  // The staff list: demo staff on a till with no CRM; re-read after each successful sync (the staff stream).
  useEffect(() => {
    void dispatch(loadStaff());
  }, [dispatch, lastSync]);

  useEffect(() => {
    (field === 'pin' ? pinRef : idRef).current?.focus();
  }, [field, locked]);

  const clear = useCallback(() => {
    setPin('');
    if (!locked) setId('');
    setField(locked ? 'pin' : 'id');
  }, [locked]);
  useKeyShield(!approvalOpen, clear);

  const submit = async () => {
    if (state.busy) return;
    if (!locked && !id.trim()) return setField('id');
    if (pin.length < 4) return setField('pin');
    const ok = locked ? await dispatch(unlockTill(pin)) : await dispatch(login(id, pin));
    setPin('');
    if (!ok) setField('pin');
  };

  const type = (k: string) => {
    if (field === 'id') setId((v) => (v + k).slice(0, 16));
    else setPin((v) => (v + k).slice(0, 8));
  };
  const back = () => (field === 'id' ? setId((v) => v.slice(0, -1)) : setPin((v) => v.slice(0, -1)));

  const waitingForStaff = !locked && crm && staffCount === 0 && !notEnrolled;
  const showNotEnrolled = !locked && crm && staffCount === 0 && notEnrolled;

  return (
    <div
      className="staff-gate"
      data-testid={locked ? 'lock-screen' : 'login-screen'}
      data-staff-ready={String((staffCount ?? 0) > 0)}
    >
      <div className="staff-card">
        <header className="staff-head">
          <div className="staff-store">
            {settings.storeName} · {t('top.terminal')} {settings.terminalId}
          </div>
          <h1>{locked ? t('staff.lock.title') : t('staff.login.title')}</h1>
          {locked ? (
            <p className="staff-who" data-testid="lock-cashier">
              {t('staff.lock.who', { name: maskName(session.cashierName), id: session.cashierId })}
              {session.role ? (
                <span className={`role-badge role-${session.role}`}>{t(`staff.role.${session.role}`)}</span>
              ) : null}
            </p>
          ) : (
            <p className="hint">{t('staff.login.lead')}</p>
          )}
        </header>
        <form
          className="staff-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {!locked ? (
            <label className="field">
              {t('staff.login.staffId')}
              <input
                ref={idRef}
                className={`field-input ${field === 'id' ? 'field-active' : ''}`}
                value={id}
                onChange={(e) => setId(e.target.value.slice(0, 16))}
                onFocus={() => setField('id')}
                autoComplete="off"
                spellCheck={false}
                placeholder="E1002"
                data-testid="login-staff-id"
              />
            </label>
          ) : null}
          <label className="field">
            {t('staff.login.pin')}
            <input
              ref={pinRef}
              type="password"
              inputMode="numeric"
              className={`field-input pin-input ${field === 'pin' ? 'field-active' : ''}`}
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
              onFocus={() => setField('pin')}
              autoComplete="off"
              data-testid="login-pin"
            />
          </label>
          <div role="alert" aria-live="assertive" className="staff-message">
            {showNotEnrolled ? (
              <p className="banner banner-error" data-testid="login-not-enrolled">
                {t('staff.login.notEnrolled')}
              </p>
            ) : null}
            {waitingForStaff ? (
              <p className="banner banner-info" data-testid="login-waiting-staff">
                {t('staff.login.waitingForStaff')}
              </p>
            ) : null}
            {state.error ? (
              <p className="banner banner-error" data-testid="login-error">
                {render(state.error)}
              </p>
            ) : null}
          </div>
          <Keypad
            onKey={type}
            onBackspace={back}
            onClear={clear}
            disabled={state.busy}
            testId="login-keypad"
          />
          <div className="staff-actions">
            <Button
              type="submit"
              variant="primary"
              keyHint="Enter"
              disabled={state.busy}
              data-testid="login-submit"
            >
              {state.busy
                ? t('staff.login.checking')
                : !locked && field === 'id' && pin.length < 4
                  ? t('staff.login.next')
                  : locked
                    ? t('staff.lock.unlock')
                    : t('staff.login.submit')}
            </Button>
          </div>
        </form>
        <footer className="staff-foot">
          {state.lockedStaffId && !locked ? (
            <Button
              onClick={() => void dispatch(liftStaffLockout(state.lockedStaffId!))}
              data-testid="login-manager-unlock-staff"
            >
              {t('staff.login.managerUnlock', { id: state.lockedStaffId })}
            </Button>
          ) : null}
          {locked ? (
            <>
              <Button onClick={() => void dispatch(managerUnlockTill())} data-testid="lock-manager-unlock">
                {t('staff.lock.managerUnlock')}
              </Button>
              <Button
                variant="ghost"
                onClick={() => void dispatch(switchCashier())}
                data-testid="lock-switch-cashier"
              >
                {t('staff.lock.switch')}
              </Button>
            </>
          ) : null}
        </footer>
      </div>
      <ApprovalOverlay />
    </div>
  );
}
