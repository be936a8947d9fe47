// The denomination grid: notes and coins with a count each and their subtotals, the total large. Enter moves to the
// next row; Enter on the last row submits. Touch: every field is a 48 px target with a numeric keyboard.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DENOMINATIONS, MAX_PIECES, type DenominationId } from '../../../domain/shift/denominations';
import { useMoney } from '../../app/useMsg';

export type Counts = Partial<Record<DenominationId, number>>;

export function countsTotal(counts: Counts): number {
  return DENOMINATIONS.reduce((sum, d) => sum + d.fen * (counts[d.id] ?? 0), 0);
}

export function DenominationGrid({
  counts,
  onChange,
  onSubmit,
  hideTotal,
  testId,
}: {
  counts: Counts;
  onChange(next: Counts): void;
  onSubmit(): void;
  /** Blind count: the total is still shown (it is what was counted); the expected cash is not. */
  hideTotal?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const refs = useRef<(HTMLInputElement | null)[]>([]);
  const set = (id: DenominationId, text: string) => {
    const digits = text.replace(/[^\d]/g, '').slice(0, 5);
    const n = digits === '' ? 0 : Math.min(Number(digits), MAX_PIECES);
    onChange({ ...counts, [id]: n });
  };
  const row = (d: (typeof DENOMINATIONS)[number], i: number) => {
    const n = counts[d.id] ?? 0;
    return (
      <label key={d.id} className={`denom-row denom-${d.kind}`}>
        <span className="denom-label">{t(`shift.denom.${d.id}`)}</span>
        <input
          ref={(el) => {
            refs.current[i] = el;
          }}
          className="denom-input num"
          inputMode="numeric"
          autoComplete="off"
          data-testid={`denom-${d.id}`}
          {...(i === 0 ? { 'data-autofocus': true } : {})}
          value={n === 0 ? '' : String(n)}
          placeholder="0"
          onChange={(e) => set(d.id, e.target.value)}
          onFocus={(e) => e.target.select()}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            e.stopPropagation();
            const next = refs.current[i + 1];
            if (next) next.focus();
            else onSubmit();
          }}
        />
        <span className="num denom-sub">{n > 0 ? money(n * d.fen) : ''}</span>
      </label>
    );
  };
  const head = (title: string) => (
    <div className="denom-head muted">
      <strong>{title}</strong>
      <span>{t('shift.denom.pieces')}</span>
      <span className="num">{t('shift.denom.subtotal')}</span>
    </div>
  );
  const indexed = DENOMINATIONS.map((d, i) => ({ d, i }));
  return (
    <div className="denom-grid" data-testid={testId}>
      <div className="denom-cols">
        <div className="denom-col">
          {head(t('shift.denom.notes'))}
          {indexed.filter(({ d }) => d.kind === 'note').map(({ d, i }) => row(d, i))}
        </div>
        <div className="denom-col">
          {head(t('shift.denom.coins'))}
          {indexed.filter(({ d }) => d.kind === 'coin').map(({ d, i }) => row(d, i))}
        </div>
      </div>
      {hideTotal ? null : (
        <div className="denom-total">
          <span>{t('shift.denom.total')}</span>
          <strong className="num" data-testid={`${testId}-total`}>
            {money(countsTotal(counts))}
          </strong>
        </div>
      )}
    </div>
  );
}
