import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../domain/money';
import type { UiMessage } from './uiMessage';
import { useAppSelector } from './hooks';

// Amount parameters travel as fen and are formatted in the shown language at render time.
const MONEY_PARAMS = new Set(['short', 'due', 'max', 'amount', 'change']);

export function useMoney(): (fen: number) => string {
  const locale = useAppSelector((s) => s.settings.locale);
  return useCallback((fen: number) => formatFen(fen, locale), [locale]);
}

export function useMsg(): (m: UiMessage | null) => string | null {
  const { t } = useTranslation();
  const money = useMoney();
  return useCallback(
    (m: UiMessage | null) => {
      if (!m) return null;
      const params: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(m.params ?? {}))
        params[k] = MONEY_PARAMS.has(k) && typeof v === 'number' ? money(v) : v;
      return t(m.key, params);
    },
    [t, money],
  );
}
