import { useEffect } from 'react';
import { beep } from './beep';

interface Props {
  message: string | null;
  /** Changes on every new error so the same message twice still beeps. */
  seq?: number;
  testId?: string;
  tone?: 'error' | 'info';
}

// Errors sit next to where the eyes are (under the scan input, inside a dialog), never only in the console.
export function ErrorBanner({ message, seq, testId, tone = 'error' }: Props) {
  useEffect(() => {
    if (message && tone === 'error') beep('error');
  }, [message, seq, tone]);
  if (!message) return null;
  return (
    <div
      className={`banner banner-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {message}
    </div>
  );
}
