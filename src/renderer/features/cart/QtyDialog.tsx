import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMsg } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import type { UiMessage } from '../../app/uiMessage';
import { setSelectedQty } from './cartThunks';
import { selectSelectedLine } from './selectors';

export function QtyDialog() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const render = useMsg();
  const line = useAppSelector(selectSelectedLine);
  const [text, setText] = useState(String(line?.qty ?? 1));
  const [error, setError] = useState<UiMessage | null>(null);
  const [seq, setSeq] = useState(0);
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);

  const confirm = () => {
    const problem = dispatch(setSelectedQty(text));
    if (problem) {
      setError(problem);
      setSeq((n) => n + 1);
    } else close();
  };

  return (
    <Dialog title={t('qty.title')} onClose={close} testId="qty-dialog">
      <p className="dialog-lead">
        {line ? (i18n.language === 'en' ? line.nameEn : line.name) : t('qty.error.noLine')}
      </p>
      <label className="field">
        <span>{t('qty.label')}</span>
        <input
          className="field-input num"
          data-testid="qty-input"
          inputMode="numeric"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onFocus={(e) => e.currentTarget.select()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              e.stopPropagation();
              confirm();
            }
          }}
          autoComplete="off"
        />
      </label>
      <ErrorBanner message={render(error)} seq={seq} testId="qty-error" />
      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close}>
          {t('common.back')}
        </Button>
        <Button variant="primary" keyHint="Enter" onClick={confirm} data-testid="qty-confirm">
          {t('common.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}
