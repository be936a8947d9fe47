import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import type { UiMessage } from '../../app/uiMessage';
import { overrideSelectedPrice } from './cartThunks';
import { selectSelectedLine } from './selectors';

/** Ctrl+O: a new unit price for the selected line; the manager's approval follows on confirm. */
export function PriceOverrideDialog() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const render = useMsg();
  const money = useMoney();
  const line = useAppSelector(selectSelectedLine);
  const [text, setText] = useState('');
  const [error, setError] = useState<UiMessage | null>(null);
  const [seq, setSeq] = useState(0);
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const problem = await dispatch(overrideSelectedPrice(text));
    setBusy(false);
    if (problem) {
      setError(problem);
      setSeq((n) => n + 1);
    }
  };

  return (
    <Dialog title={t('cartAdjust.price.title')} onClose={close} testId="price-override-dialog">
      <p className="dialog-lead">
        {line ? (i18n.language === 'en' ? line.nameEn : line.name) : t('cartAdjust.price.error.noLine')}
      </p>
      {line ? (
        <p className="muted">
          {t('cartAdjust.price.current')}: <span className="num">{money(line.unitPriceFen)}</span> ·{' '}
          {t('cartAdjust.price.hint')}
        </p>
      ) : null}
      <label className="field">
        <span>{t('cartAdjust.price.label')}</span>
        <input
          className="field-input num"
          data-testid="price-override-input"
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
      <ErrorBanner message={render(error)} seq={seq} testId="price-override-error" />
      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close}>
          {t('common.back')}
        </Button>
        <Button
          variant="primary"
          keyHint="Enter"
          onClick={() => void confirm()}
          disabled={busy}
          data-testid="price-override-confirm"
        >
          {t('cartAdjust.price.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}
