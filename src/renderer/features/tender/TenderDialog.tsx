import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MutableRefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { formatFenPlain, parseYuanToFen } from '../../../domain/money';
import { QUICK_CASH_AMOUNTS } from '../../../domain/tender';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import { modeChanged, type TenderMode } from './tenderSlice';
import {
  cashDueFen,
  completeSale,
  payCard,
  payCash,
  payMobile,
  payPoints,
  selectPayment,
} from './tenderThunks';
import { PointsTenderForm } from '../member/PointsTenderForm';

// F2 (the member key) pays with the member's points, when a member is on the sale.
const MODE_KEYS: Record<string, TenderMode> = { F5: 'cash', F6: 'card', F7: 'mobile', F2: 'points' };

function onEnter(fn: () => void) {
  return (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    e.stopPropagation();
    fn();
  };
}

/** One labelled input of the tender form; Enter submits where `onSubmit` is given. */
function TenderField(props: {
  label: string;
  testId: string;
  value: string;
  onChange: (v: string) => void;
  onSubmit?: () => void;
  disabled: boolean;
  autoFocus?: boolean;
  selectOnFocus?: boolean;
  decimal?: boolean;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        className="field-input num"
        data-testid={props.testId}
        {...(props.autoFocus ? { 'data-autofocus': true } : {})}
        {...(props.decimal ? { inputMode: 'decimal' as const } : {})}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...(props.selectOnFocus
          ? { onFocus: (e: FocusEvent<HTMLInputElement>) => e.currentTarget.select() }
          : {})}
        {...(props.onSubmit ? { onKeyDown: onEnter(props.onSubmit) } : {})}
        disabled={props.disabled}
        autoComplete="off"
        {...(props.placeholder ? { placeholder: props.placeholder } : {})}
      />
    </label>
  );
}

export function TenderDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const render = useMsg();
  const tender = useAppSelector((s) => s.tender);
  const pay = useAppSelector(selectPayment);
  const rounding = useAppSelector((s) => s.settings.cashRoundingToJiao);
  const cashDue = cashDueFen(pay.remainingFen, rounding);
  const hasMember = useAppSelector((s) => s.member.attached !== null);
  const close = useCallback(() => {
    // Esc backs out; tenders already taken stay with the sale.
    if (!tender.working) dispatch(dialogClosed());
  }, [dispatch, tender.working]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const mode = MODE_KEYS[e.key];
      if (!mode) return;
      e.preventDefault();
      if (mode === 'points' && !hasMember) return;
      dispatch(modeChanged(mode));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, hasMember]);

  // The form reports what was typed; one place decides what a confirm means.
  const confirm = (f: FormValues) => {
    if (tender.working) return;
    if (pay.complete) return void dispatch(completeSale());
    if (tender.mode === 'cash') void dispatch(payCash(f.amount));
    else if (tender.mode === 'card') void dispatch(payCard(f.amount, f.reference));
    else if (tender.mode === 'points') void dispatch(payPoints(f.amount));
    else void dispatch(payMobile(f.code, f.amount));
  };
  const formRef = useRef<FormValues>({ amount: '', reference: '', code: '' });

  const modes: { mode: TenderMode; key: string; label: string }[] = [
    { mode: 'cash', key: 'F5', label: t('tender.cash') },
    { mode: 'card', key: 'F6', label: t('tender.card') },
    { mode: 'mobile', key: 'F7', label: t('tender.mobile') },
    ...(hasMember ? [{ mode: 'points' as const, key: 'F2', label: t('member.points.tab') }] : []),
  ];

  return (
    <Dialog title={t('tender.title')} onClose={close} testId="tender-dialog" wide>
      <div className="tender-modes" role="tablist">
        {modes.map((m) => (
          <Button
            key={m.mode}
            role="tab"
            aria-selected={tender.mode === m.mode}
            variant={tender.mode === m.mode ? 'primary' : 'secondary'}
            keyHint={m.key}
            disabled={tender.working}
            onClick={() => dispatch(modeChanged(m.mode))}
            data-testid={`tender-mode-${m.mode}`}
          >
            {m.label}
          </Button>
        ))}
      </div>

      <div className="tender-summary">
        <div>
          <span className="muted">{t('tender.due')}</span>
          <strong className="num tender-due" data-testid="tender-due">
            {money(pay.totals.dueFen)}
          </strong>
        </div>
        <div>
          <span className="muted">{t('tender.paid')}</span>
          <span className="num">{money(pay.paidFen)}</span>
        </div>
        <div>
          <span className="muted">{t('tender.remaining')}</span>
          <strong className="num" data-testid="tender-remaining">
            {money(pay.remainingFen)}
          </strong>
        </div>
      </div>

      {tender.tenders.length ? (
        <ul className="tender-list" data-testid="tender-list">
          {tender.tenders.map((x) => (
            <li key={x.id}>
              <span>{t(`tender.kind.${x.kind}`)}</span>
              <span className="num">{money(x.amountFen)}</span>
            </li>
          ))}
        </ul>
      ) : null}

      {tender.mode === 'points' && hasMember ? (
        <PointsTenderForm
          key={`points-${tender.tenders.length}`}
          working={tender.working}
          onConfirm={(points) => confirm({ amount: points, reference: '', code: '' })}
          valuesRef={formRef}
        />
      ) : (
        <TenderForm
          key={`${tender.mode}-${tender.tenders.length}`}
          mode={tender.mode}
          initialFen={tender.mode === 'cash' ? cashDue : pay.remainingFen}
          cashDue={cashDue}
          working={tender.working}
          onConfirm={confirm}
          valuesRef={formRef}
        />
      )}

      {tender.status ? (
        <div className="banner banner-info" role="status" data-testid="tender-status">
          {render(tender.status)}
        </div>
      ) : null}
      <ErrorBanner message={render(tender.error)} seq={tender.errorSeq} testId="tender-error" />

      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close} disabled={tender.working}>
          {t('common.back')}
        </Button>
        <Button
          variant="primary"
          keyHint="Enter"
          onClick={() => confirm(formRef.current)}
          disabled={tender.working}
          data-testid="tender-confirm"
        >
          {tender.working ? t('tender.working') : t('tender.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}

interface FormValues {
  amount: string;
  reference: string;
  code: string;
}

interface FormProps {
  mode: TenderMode;
  /** What the amount field starts with: what is still due (rounded for cash where the store rounds). */
  initialFen: number;
  cashDue: number;
  working: boolean;
  onConfirm(values: FormValues): void;
  valuesRef: MutableRefObject<FormValues>;
}

/** Remounted per mode and per applied tender, so each starts prefilled and selected (typing replaces it). */
function TenderForm({ mode, initialFen, cashDue, working, onConfirm, valuesRef }: FormProps) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const [amount, setAmount] = useState(() => formatFenPlain(initialFen));
  const [reference, setReference] = useState('');
  const [code, setCode] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    valuesRef.current = { amount, reference, code };
  }, [amount, reference, code, valuesRef]);
  const submit = () => onConfirm({ amount, reference, code });

  useEffect(() => {
    // Focus comes back after a payment attempt re-enabled the fields.
    if (working) return;
    const el = ref.current?.querySelector<HTMLInputElement>('[data-autofocus]');
    el?.focus();
    el?.select();
  }, [working]);

  const tenderedFen = parseYuanToFen(amount);
  const changePreview = mode === 'cash' && tenderedFen !== null ? tenderedFen - cashDue : null;

  return (
    <div ref={ref}>
      {mode === 'cash' ? (
        <div className="tender-form">
          <div className="quick-cash">
            <Button onClick={() => dispatch(payCash(''))} disabled={working} data-testid="quick-exact">
              {t('tender.exact')}
            </Button>
            {QUICK_CASH_AMOUNTS(cashDue).map((a) => (
              <Button
                key={a}
                onClick={() => dispatch(payCash(formatFenPlain(a)))}
                disabled={working}
                data-testid="quick-cash"
              >
                {money(a)}
              </Button>
            ))}
          </div>
          <TenderField
            label={t('tender.tendered')}
            testId="tender-amount"
            value={amount}
            onChange={setAmount}
            onSubmit={submit}
            disabled={working}
            autoFocus
            selectOnFocus
            decimal
          />
          <div className="change-preview">
            <span>{t('tender.change')}</span>
            <strong className="num" data-testid="tender-change">
              {changePreview !== null && changePreview >= 0 ? money(changePreview) : '—'}
            </strong>
          </div>
        </div>
      ) : mode === 'card' ? (
        <div className="tender-form">
          <TenderField
            label={t('tender.amount')}
            testId="tender-amount"
            value={amount}
            onChange={setAmount}
            onSubmit={submit}
            disabled={working}
            decimal
          />
          <TenderField
            label={t('tender.cardReference')}
            testId="card-reference"
            value={reference}
            onChange={setReference}
            onSubmit={submit}
            disabled={working}
            autoFocus
            placeholder={t('tender.cardReferenceHint')}
          />
        </div>
      ) : (
        <div className="tender-form">
          <TenderField
            label={t('tender.amount')}
            testId="tender-amount"
            value={amount}
            onChange={setAmount}
            disabled={working}
            decimal
          />
          <TenderField
            label={t('tender.paymentCode')}
            testId="payment-code"
            value={code}
            onChange={setCode}
            onSubmit={submit}
            disabled={working}
            autoFocus
            placeholder={t('tender.paymentCodeHint')}
          />
        </div>
      )}
    </div>
  );
}
