// A touch keypad for employee numbers and PINs: big targets, the same keys as the keyboard's digits.
import { useTranslation } from 'react-i18next';

interface Props {
  onKey(key: string): void;
  onBackspace(): void;
  onClear(): void;
  disabled?: boolean;
  testId?: string;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function Keypad({ onKey, onBackspace, onClear, disabled, testId = 'keypad' }: Props) {
  const { t } = useTranslation();
  // mousedown would move focus away from the field being typed into; the keypad never takes focus.
  const keep = (e: React.MouseEvent) => e.preventDefault();
  return (
    <div className="keypad" data-testid={testId} onMouseDown={keep}>
      {DIGITS.map((d) => (
        <button
          key={d}
          type="button"
          className="btn keypad-key"
          tabIndex={-1}
          disabled={disabled}
          onClick={() => onKey(d)}
          data-testid={`${testId}-${d}`}
        >
          {d}
        </button>
      ))}
      <button
        type="button"
        className="btn keypad-key keypad-aux"
        tabIndex={-1}
        disabled={disabled}
        onClick={onClear}
      >
        {t('staff.keypad.clear')}
      </button>
      <button
        type="button"
        className="btn keypad-key"
        tabIndex={-1}
        disabled={disabled}
        onClick={() => onKey('0')}
        data-testid={`${testId}-0`}
      >
        0
      </button>
      <button
        type="button"
        className="btn keypad-key keypad-aux"
        tabIndex={-1}
        disabled={disabled}
        onClick={onBackspace}
        aria-label={t('staff.keypad.backspace')}
      >
        ⌫
      </button>
    </div>
  );
}
