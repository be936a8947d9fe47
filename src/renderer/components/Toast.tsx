import { useEffect } from 'react';
import { beep } from './beep';

interface Props {
  message: string | null;
  tone: 'error' | 'info';
  onDone(): void;
}

export function Toast({ message, tone, onDone }: Props) {
  useEffect(() => {
    if (!message) return;
    if (tone === 'error') beep('error');
    const timer = setTimeout(onDone, 4000);
    return () => clearTimeout(timer);
  }, [message, tone, onDone]);
  if (!message) return null;
  return (
    <div className={`toast toast-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      {message}
    </div>
  );
}
