import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMsg } from '../../app/useMsg';
import { scanReceived } from './scanSlice';

export const SCAN_INPUT_ID = 'scan-input';

/** For codes typed by hand; scanner bursts arrive through the wedge whatever has focus. */
export function ScanInput() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const render = useMsg();
  const error = useAppSelector((s) => s.scan.error);
  const errorSeq = useAppSelector((s) => s.scan.errorSeq);
  const dialog = useAppSelector((s) => s.ui.dialog);
  const [text, setText] = useState('');
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Back from a dialog: the cursor returns to the scan field.
    if (!dialog) ref.current?.focus();
  }, [dialog]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    const code = e.currentTarget.value.trim();
    if (!code) return;
    e.preventDefault();
    e.stopPropagation();
    setText('');
    dispatch(scanReceived({ source: 'wedge', code, at: Date.now() }));
  };

  return (
    <div className="scan">
      <label className="scan-row">
        <span className="scan-label">{t('scan.label')}</span>
        <input
          id={SCAN_INPUT_ID}
          ref={ref}
          className="scan-input num"
          data-testid="scan-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('scan.placeholder')}
        />
      </label>
      <ErrorBanner message={render(error)} seq={errorSeq} testId="scan-error" />
    </div>
  );
}
