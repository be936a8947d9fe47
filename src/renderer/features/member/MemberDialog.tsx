import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMsg } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import { memberErrorCleared } from './memberSlice';
import { attachById, attachFromInput, selectCrmOnline } from './memberThunks';

/** F2 with no member on the sale: scan the member QR (the scan comes here), or type a card or phone number. */
export function MemberDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const render = useMsg();
  const member = useAppSelector((s) => s.member);
  const online = useAppSelector(selectCrmOnline);
  const hasCrm = useAppSelector((s) => s.sync.crm);
  const [text, setText] = useState('');
  const close = useCallback(() => {
    dispatch(memberErrorCleared());
    dispatch(dialogClosed());
  }, [dispatch]);
  const find = () => {
    if (!member.busy && text.trim()) void dispatch(attachFromInput(text));
  };
  return (
    <Dialog title={t('member.dialog.title')} onClose={close} testId="member-dialog">
      <p className="dialog-lead">{t('member.dialog.lead')}</p>
      {hasCrm && !online ? (
        <div className="banner banner-info" data-testid="member-offline-note">
          {t('member.dialog.offline')}
        </div>
      ) : null}
      <label className="field">
        <span>{t('member.dialog.input')}</span>
        <input
          className="field-input"
          data-testid="member-input"
          data-autofocus
          value={text}
          placeholder={t('member.dialog.placeholder')}
          autoComplete="off"
          disabled={member.busy}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            e.stopPropagation();
            find();
          }}
        />
      </label>
      {member.matches.length ? (
        <div className="member-matches" data-testid="member-matches">
          <p className="hint">{t('member.dialog.matches')}</p>
          {member.matches.map((m) => (
            <Button key={m.id} onClick={() => void dispatch(attachById(m.id))} data-testid="member-match">
              {m.nameMasked} · {m.phoneMasked} · {m.cardNo.slice(0, 3)}****{m.cardNo.slice(-3)}
            </Button>
          ))}
        </div>
      ) : null}
      <ErrorBanner message={render(member.error)} seq={member.errorSeq} testId="member-error" />
      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close}>
          {t('common.back')}
        </Button>
        <Button
          variant="primary"
          keyHint="Enter"
          onClick={find}
          disabled={member.busy}
          data-testid="member-find"
        >
          {member.busy ? t('member.dialog.finding') : t('member.dialog.find')}
        </Button>
      </div>
    </Dialog>
  );
}
