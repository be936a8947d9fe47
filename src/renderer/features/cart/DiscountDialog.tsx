import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MANUAL_DISCOUNT_LIMIT_BP, manualDiscountLimitFen } from '../../../domain/discountPolicy';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import type { UiMessage } from '../../app/uiMessage';
import { discountSelected } from './cartThunks';
import { selectSelectedLine } from './selectors';

/** Ctrl+I: percent or amount off the selected line; over the limit the manager's approval follows. */
export function DiscountDialog() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const render = useMsg();
  const money = useMoney();
  const line = useAppSelector(selectSelectedLine);
  const [mode, setMode] = useState<'percent' | 'amount'>('percent');
  const [text, setText] = useState('');
  const [error, setError] = useState<UiMessage | null>(null);
  const [seq, setSeq] = useState(0);
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const problem = await dispatch(discountSelected(mode, text));
    setBusy(false);
    if (problem) {
      setError(problem);
      setSeq((n) => n + 1);
    }
  };

  return (
    <Dialog title={t('cartAdjust.discount.title')} onClose={close} testId="discount-dialog">
      <p className="dialog-lead">
        {line ? (i18n.language === 'en' ? line.nameEn : line.name) : t('cartAdjust.discount.error.noLine')}
      </p>
      {line ? (
        <p className="muted">
          {t('cartAdjust.discount.limit', {
            limit: MANUAL_DISCOUNT_LIMIT_BP / 100,
            amount: money(manualDiscountLimitFen(line)),
          })}
        </p>
      ) : null}
      <div className="dialog-actions" role="radiogroup" style={{ justifyContent: 'flex-start' }}>
        {(['percent', 'amount'] as const).map((m) => (
          <Button
            key={m}
            variant={mode === m ? 'primary' : 'secondary'}
            role="radio"
            aria-checked={mode === m}
            onClick={() => setMode(m)}
            data-testid={`discount-mode-${m}`}
          >
            {t(`cartAdjust.discount.${m}`)}
          </Button>
        ))}
      </div>
      <label className="field">
        <span>{t(`cartAdjust.discount.${mode}`)}</span>
        <input
          className="field-input num"
          data-testid="discount-input"
          inputMode="decimal"
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              e.stopPropagation();
              void confirm();
            }
          }}
          autoComplete="off"
        />
      </label>
      <ErrorBanner message={render(error)} seq={seq} testId="discount-error" />
      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close}>
          {t('common.back')}
        </Button>
        <Button
          variant="primary"
          keyHint="Enter"
          onClick={() => void confirm()}
          disabled={busy}
          data-testid="discount-confirm"
        >
          {t('cartAdjust.discount.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}
