import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}

// Esc backs out one level: the dialog closes itself; the global key map ignores keys while a dialog is open.
export function Dialog({ title, onClose, children, testId, wide }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    // Focus the first field so Enter and typing work at once; fall back to the dialog itself.
    const first =
      ref.current?.querySelector<HTMLElement>('[data-autofocus]') ??
      ref.current?.querySelector<HTMLElement>('input, select');
    (first ?? ref.current)?.focus();
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        className={`dialog ${wide ? 'dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        ref={ref}
        tabIndex={-1}
      >
        <header className="dialog-head">
          <h2>{title}</h2>
          <button
            type="button"
            className="btn btn-ghost dialog-close"
            onClick={onClose}
            aria-label={t('common.close')}
          >
            <span className="btn-label">{t('common.close')}</span>
            <kbd className="btn-key">Esc</kbd>
          </button>
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}
