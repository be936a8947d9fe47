// While a staff screen or the approval overlay is up, the till's own keys (F5 tender, Esc closing the dialog
// underneath, Enter confirming it) must not act behind it. React handles our keys first (at the root); this
// stops the event at the document, before the window listeners of the key map and the dialogs.
import { useEffect } from 'react';

const BROWSER_KEYS = /^F([1-9]|1[0-2])$/;

export function useKeyShield(active: boolean, onEscape?: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (BROWSER_KEYS.test(e.key)) e.preventDefault(); // F5 reload, F1 help, F3 find...
      if (e.key === 'Escape' && onEscape) {
        e.preventDefault();
        onEscape();
      }
      e.stopPropagation();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active, onEscape]);
}
