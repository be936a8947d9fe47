import type { ButtonHTMLAttributes, ReactNode } from 'react';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** The keyboard key that does the same, shown on the button (e.g. 'F5'). */
  keyHint?: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  children: ReactNode;
}

export function Button({ keyHint, variant = 'secondary', children, className, type, ...rest }: Props) {
  return (
    <button type={type ?? 'button'} className={`btn btn-${variant} ${className ?? ''}`} {...rest}>
      <span className="btn-label">{children}</span>
      {keyHint ? <kbd className="btn-key">{keyHint}</kbd> : null}
    </button>
  );
}
