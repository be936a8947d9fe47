// The manager approval overlay, above whatever asked for it: what is to be approved and why, then a manager's
// employee number and PIN (keyboard or keypad) or a badge scan. A manager already logged in only confirms
// (with the note, when one is required). Esc cancels: the caller gets null.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { maskName } from '../session/mask';
import { approveAsSelf, approveWithPin, cancelApproval } from './approval';
import { Keypad } from './Keypad';
import { approvalNoteChanged } from './staffSlice';
import { useKeyShield } from './useKeyShield';
import './staff.css';

type Field = 'note' | 'id' | 'pin';

export function ApprovalOverlay() {
  const p = useAppSelector((s) => s.staff.approval);
  return p ? <ApprovalPanel key={p.id} /> : null;
}

function ApprovalPanel() {
  const { t, i18n } = useTranslation();
  const render = useMsg();
  const money = useMoney();
  const dispatch = useAppDispatch();
  const p = useAppSelector((s) => s.staff.approval)!;
  const busy = useAppSelector((s) => s.staff.approvalBusy);
  const error = useAppSelector((s) => s.staff.approvalError);
  const note = useAppSelector((s) => s.staff.approvalNote);
  const cashier = useAppSelector((s) => s.session);
  const [id, setId] = useState('');
  const [pin, setPin] = useState('');
  const self = p.selfApprover;
  const [field, setField] = useState<Field>(p.noteRequired ? 'note' : 'id');
  const refs = {
    note: useRef<HTMLInputElement>(null),
    id: useRef<HTMLInputElement>(null),
    pin: useRef<HTMLInputElement>(null),
  };

  const cancel = useCallback(() => void dispatch(cancelApproval()), [dispatch]);
  useKeyShield(true, cancel);
  useEffect(() => {
    refs[field].current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [field]);
  useEffect(() => {
    // A refused PIN: type it again.
    if (error) setPin('');
  }, [error]);

  const submit = async () => {
    if (busy) return;
    if (self) {
      await dispatch(approveAsSelf(note));
      return;
    }
    if (p.noteRequired && !note.trim()) return setField('note');
    if (!id.trim()) return setField('id');
    if (pin.length < 4) return setField('pin');
    await dispatch(approveWithPin(id, pin, note));
  };
  const type = (k: string) => {
    if (field === 'id') setId((v) => (v + k).slice(0, 16));
    else if (field === 'pin') setPin((v) => (v + k).slice(0, 8));
  };
  const back = () =>
    field === 'id'
      ? setId((v) => v.slice(0, -1))
      : field === 'pin'
        ? setPin((v) => v.slice(0, -1))
        : undefined;
  const clearField = () =>
    field === 'id' ? setId('') : field === 'pin' ? setPin('') : dispatch(approvalNoteChanged(''));

  const detail = Object.entries(p.detail);
  const value = (k: string, v: string | number | boolean) =>
    typeof v === 'number' && /Fen$/.test(k)
      ? money(v)
      : typeof v === 'boolean'
        ? t(v ? 'staff.yes' : 'staff.no')
        : String(v);
  const label = (k: string) => (i18n.exists(`staff.detail.${k}`) ? t(`staff.detail.${k}`) : k);

  return (
    <div className="approval-backdrop">
      <div
        className="approval"
        role="dialog"
        aria-modal="true"
        aria-label={t('staff.approval.title')}
        data-testid="approval-overlay"
        data-action={p.action}
      >
        <header className="approval-head">
          <h2>{t('staff.approval.title')}</h2>
          <span className="approval-action" data-testid="approval-action">
            {t(`staff.action.${p.action}`)}
          </span>
        </header>
        <form
          className="approval-body"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="approval-left">
            {cashier.cashierId ? (
              <p className="hint">
                {t('staff.approval.requestedBy', {
                  name: maskName(cashier.cashierName),
                  id: cashier.cashierId,
                })}
              </p>
            ) : null}
            {p.reasonKey ? (
              <p className="dialog-lead">{i18n.exists(p.reasonKey) ? t(p.reasonKey) : p.reasonKey}</p>
            ) : null}
            {detail.length ? (
              <dl className="approval-detail" data-testid="approval-detail">
                {detail.map(([k, v]) => (
                  <div key={k}>
                    <dt>{label(k)}</dt>
                    <dd className="num">{value(k, v)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            <label className="field">
              {p.noteRequired ? t('staff.approval.noteRequiredLabel') : t('staff.approval.noteLabel')}
              <input
                ref={refs.note}
                className={`field-input note-input ${field === 'note' ? 'field-active' : ''}`}
                value={note}
                maxLength={200}
                onChange={(e) => dispatch(approvalNoteChanged(e.target.value))}
                onFocus={() => setField('note')}
                data-testid="approval-note"
              />
            </label>
            {self ? (
              <p className="banner banner-info" data-testid="approval-self">
                {t('staff.approval.asSelf', { name: maskName(self.name), id: self.id })}
              </p>
            ) : (
              <>
                <div className="approval-creds">
                  <label className="field">
                    {t('staff.approval.managerId')}
                    <input
                      ref={refs.id}
                      className={`field-input ${field === 'id' ? 'field-active' : ''}`}
                      value={id}
                      onChange={(e) => setId(e.target.value.slice(0, 16))}
                      onFocus={() => setField('id')}
                      autoComplete="off"
                      spellCheck={false}
                      data-testid="approval-staff-id"
                    />
                  </label>
                  <label className="field">
                    {t('staff.login.pin')}
                    <input
                      ref={refs.pin}
                      type="password"
                      inputMode="numeric"
                      className={`field-input pin-input ${field === 'pin' ? 'field-active' : ''}`}
                      value={pin}
                      onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
                      onFocus={() => setField('pin')}
                      autoComplete="off"
                      data-testid="approval-pin"
                    />
                  </label>
                </div>
                <p className="hint approval-badge-hint">{t('staff.approval.badgeHint')}</p>
              </>
            )}
            <div role="alert" aria-live="assertive">
              {error ? (
                <p className="banner banner-error" data-testid="approval-error">
                  {render(error)}
                </p>
              ) : null}
            </div>
          </div>
          <div className="approval-right">
            {self ? null : (
              <Keypad
                onKey={type}
                onBackspace={back}
                onClear={clearField}
                disabled={busy || field === 'note'}
                testId="approval-keypad"
              />
            )}
            <div className="dialog-actions">
              <Button variant="ghost" keyHint="Esc" onClick={cancel} data-testid="approval-cancel">
                {t('staff.approval.cancel')}
              </Button>
              <Button
                type="submit"
                variant="primary"
                keyHint="Enter"
                disabled={busy}
                data-testid="approval-submit"
              >
                {busy
                  ? t('staff.login.checking')
                  : self || field === 'pin' || (id.trim() && pin.length >= 4)
                    ? t('staff.approval.approve')
                    : t('staff.login.next')}
              </Button>
            </div>
          </div>
        </form>
      </div>
    </div>
  );
}
