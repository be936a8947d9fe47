// The typed-code field of a handheld tab (a card number, a barcode): Enter looks it up. It carries the scan
// field's id, so keys typed with nothing focused land here (boot.ts), as they land in the till's scan field.
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SCAN_INPUT_ID } from '../scan/ScanInput';

export function CodeField(props: {
  label: string;
  onEnter(text: string): void;
  testId: string;
  inputMode?: 'numeric' | 'text';
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const submit = () => {
    const value = text.trim();
    if (!value) return;
    setText('');
    props.onEnter(value);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    submit();
  };
  return (
    <div className="pda-code-field">
      <label className="pda-code-label" htmlFor={SCAN_INPUT_ID}>
        {props.label}
      </label>
      <div className="pda-code-row">
        <input
          id={SCAN_INPUT_ID}
          className="pda-code-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          inputMode={props.inputMode ?? 'text'}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="search"
          data-testid={props.testId}
        />
        <button
          type="button"
          className="btn btn-secondary pda-code-go"
          onClick={submit}
          data-testid={`${props.testId}-go`}
        >
          {t('pda.enter')}
        </button>
      </div>
    </div>
  );
}
