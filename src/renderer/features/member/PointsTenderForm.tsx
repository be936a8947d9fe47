import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { pointsToFen, redeemLimits } from '../../../domain/membership/points';
import { useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { selectPayment } from '../tender/tenderThunks';
import { pointsTendered } from './saleMembership';
import { selectCrmOnline } from './memberThunks';
import { canSpend } from './memberSlice';

interface Props {
  working: boolean;
  onConfirm(points: string): void;
  valuesRef: MutableRefObject<{ amount: string; reference: string; code: string }>;
}

/** The tender dialog's points mode: balance (provisional offline), the most this sale may take, the value. */
export function PointsTenderForm({ working, onConfirm, valuesRef }: Props) {
  const { t } = useTranslation();
  const money = useMoney();
  const m = useAppSelector((s) => s.member.attached);
  const pay = useAppSelector(selectPayment);
  const already = useAppSelector((s) => pointsTendered(s).points);
  const online = useAppSelector(selectCrmOnline);
  const offline = !m || m.source === 'cache' || !online;
  const limits = m
    ? redeemLimits({
        balance: m.balance,
        saleDueFen: pay.totals.dueFen,
        remainingFen: pay.remainingFen,
        alreadyPoints: already,
        offline,
        rules: m.rules,
      })
    : null;
  const [text, setText] = useState(() => String(limits?.maxPoints ?? 0));
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    valuesRef.current = { amount: text, reference: '', code: '' };
  }, [text, valuesRef]);
  useEffect(() => {
    if (working) return;
    ref.current?.focus();
    ref.current?.select();
  }, [working]);
  if (!m || !limits) return null;
  if (!canSpend(m))
    // Attached by card or phone: no proof the member is here, so no spending (the CRM would not apply it).
    return (
      <div className="points-form tender-form" data-testid="points-form">
        <p className="hint warn" role="alert" data-testid="points-needs-code">
          {t('member.proof.required')}
        </p>
      </div>
    );
  const n = Number(text);
  const worth = Number.isSafeInteger(n) && n > 0 ? pointsToFen(n, m.rules) : 0;
  return (
    <div className="points-form tender-form" data-testid="points-form">
      <div className="kv">
        <span>{t('member.points.balance')}</span>
        <strong className="num" data-testid="points-balance">
          {(m.balance - already).toLocaleString('en-US')}
          {m.provisional || offline ? (
            <span className="provisional-mark"> {t('member.points.provisional')}</span>
          ) : null}
        </strong>
      </div>
      <p className="hint" data-testid="points-max">
        {t('member.points.max', { most: limits.maxPoints })}
      </p>
      <label className="field">
        <span>{t('member.points.input')}</span>
        <input
          ref={ref}
          className="field-input num"
          data-testid="points-input"
          inputMode="numeric"
          value={text}
          disabled={working}
          autoComplete="off"
          onChange={(e) => setText(e.target.value.replace(/[^\d]/g, ''))}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            e.stopPropagation();
            onConfirm(text);
          }}
        />
      </label>
      <div className="change-preview">
        <span>
          {t('member.points.worth', { points: Number.isSafeInteger(n) ? n : 0, amount: money(worth) })}
        </span>
      </div>
    </div>
  );
}
