// The F12 shift menu and its small dialogs: open with a counted float, pay-in / pay-out / safe drop, X report.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CashMoveKind } from '../../../domain/shift/model';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogClosed, dialogOpened, screenShown } from '../../app/uiSlice';
import { useMoney, useMsg } from '../../app/useMsg';
import { maskName } from '../session/mask';
import { openDayView } from './dayThunks';
import { DenominationGrid, type Counts } from './DenominationGrid';
import { openRefundScreen } from './refundThunks';
import { ReportView } from './ReportView';
import { shiftFailed } from './shiftSlice';
import { moveCash, openShiftNow, printShiftReport, showZ, takeXReport } from './shiftThunks';
import './shift.css';

function useClose() {
  const dispatch = useAppDispatch();
  return useCallback(() => {
    dispatch(shiftFailed(null));
    dispatch(dialogClosed());
  }, [dispatch]);
}

export function ShiftMenuDialog() {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const dispatch = useAppDispatch();
  const current = useAppSelector((s) => s.shift.current);
  const hasCrm = useAppSelector((s) => s.sync.crm);
  const close = useClose();
  type Item = { id: string; key: string; run: () => void; show: boolean; variant?: 'primary' | 'danger' };
  const items: Item[] = [
    {
      id: 'open',
      key: '1',
      run: () => dispatch(dialogOpened('shift:open')),
      show: !current,
      variant: 'primary',
    },
    { id: 'payIn', key: '1', run: () => dispatch(dialogOpened('shift:payIn')), show: !!current },
    { id: 'payOut', key: '2', run: () => dispatch(dialogOpened('shift:payOut')), show: !!current },
    { id: 'drop', key: '3', run: () => dispatch(dialogOpened('shift:drop')), show: !!current },
    { id: 'x', key: '4', run: () => void dispatch(takeXReport()), show: !!current },
    {
      id: 'close',
      key: '5',
      run: () => dispatch(screenShown('shift:close')),
      show: !!current,
      variant: 'danger',
    },
    { id: 'refund', key: '6', run: () => dispatch(openRefundScreen()), show: true },
    { id: 'lastZ', key: '7', run: () => void dispatch(showZ()), show: true },
    { id: 'day', key: '8', run: () => dispatch(openDayView()), show: hasCrm },
  ];
  const shown = items.filter((i) => i.show);
  // A digit picks an item. Printable keys reach us through the keyboard wedge, which hands a person's typing to the
  // focused field: so the digits are read from a small field that has the focus.
  const [choice, setChoice] = useState('');
  const pick = (text: string) => {
    const item = shown.find((i) => i.key === text.trim().slice(-1));
    setChoice('');
    item?.run();
  };
  return (
    <Dialog title={t('shift.menu.title')} onClose={close} testId="shift-menu">
      <p className="dialog-lead" data-testid="shift-state" data-open={current ? 'true' : 'false'}>
        {current
          ? t('shift.menu.openSince', {
              name: maskName(current.cashierName),
              time: new Date(current.openedAt).toLocaleTimeString(i18n.language),
              amount: money(current.floatFen),
            })
          : t('shift.menu.none')}
      </p>
      <label className="shift-menu-choice">
        <span className="muted">{t('shift.menu.choose')}</span>
        <input
          className="field-input num"
          inputMode="numeric"
          data-autofocus
          autoComplete="off"
          data-testid="shift-menu-choice"
          value={choice}
          onChange={(e) => pick(e.target.value)}
        />
      </label>
      <div className="shift-menu">
        {shown.map((i) => (
          <Button
            key={i.id}
            keyHint={i.key}
            {...(i.variant ? { variant: i.variant } : {})}
            onClick={i.run}
            data-testid={`shift-menu-${i.id}`}
          >
            {t(`shift.menu.${i.id}`)}
          </Button>
        ))}
      </div>
    </Dialog>
  );
}

export function OpenShiftDialog() {
  const { t } = useTranslation();
  const render = useMsg();
  const dispatch = useAppDispatch();
  const busy = useAppSelector((s) => s.shift.busy);
  const error = useAppSelector((s) => s.shift.error);
  const [counts, setCounts] = useState<Counts>({});
  const close = useClose();
  const submit = () => void dispatch(openShiftNow(counts as Record<string, number>));
  return (
    <Dialog title={t('shift.open.title')} onClose={close} testId="shift-open" wide>
      <p className="dialog-lead">{t('shift.open.lead')}</p>
      <DenominationGrid counts={counts} onChange={setCounts} onSubmit={submit} testId="float-grid" />
      {error ? (
        <p className="banner banner-error" role="alert" data-testid="shift-error">
          {render(error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <Button
          variant="primary"
          keyHint="Enter"
          onClick={submit}
          disabled={busy}
          data-testid="shift-open-confirm"
        >
          {t('shift.open.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}

function CashMoveDialog({ kind }: { kind: CashMoveKind }) {
  const { t } = useTranslation();
  const render = useMsg();
  const dispatch = useAppDispatch();
  const busy = useAppSelector((s) => s.shift.busy);
  const error = useAppSelector((s) => s.shift.error);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const close = useClose();
  const submit = () => void dispatch(moveCash(kind, amount, reason));
  const onEnter = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
    }
  };
  return (
    <Dialog title={t(`shift.move.${kind}`)} onClose={close} testId="cash-move">
      <label className="field">
        <span>{t('shift.move.amount')}</span>
        <input
          className="field-input num"
          inputMode="decimal"
          data-autofocus
          data-testid="cash-move-amount"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          onKeyDown={onEnter}
        />
      </label>
      <label className="field">
        <span>{t('shift.move.reason')}</span>
        <input
          className="field-input"
          data-testid="cash-move-reason"
          placeholder={t('shift.move.reasonHint')}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={onEnter}
        />
      </label>
      {error ? (
        <p className="banner banner-error" role="alert" data-testid="shift-error">
          {render(error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <Button
          variant="primary"
          keyHint="Enter"
          onClick={submit}
          disabled={busy}
          data-testid="cash-move-confirm"
        >
          {t('shift.move.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}

export const PayInDialog = () => <CashMoveDialog kind="payIn" />;
export const PayOutDialog = () => <CashMoveDialog kind="payOut" />;
export const DropDialog = () => <CashMoveDialog kind="drop" />;

export function XReportDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const x = useAppSelector((s) => s.shift.x);
  const [printed, setPrinted] = useState<'idle' | 'printing' | 'printed' | 'failed'>('idle');
  const close = useClose();
  if (!x) return null;
  const print = async () => {
    setPrinted('printing');
    const r = await dispatch(printShiftReport(x));
    setPrinted(r.ok ? 'printed' : 'failed');
  };
  return (
    <Dialog title={t('shift.x.title')} onClose={close} testId="x-report" wide>
      <ReportView report={x} />
      <div className="dialog-actions">
        <Button
          variant="primary"
          onClick={() => void print()}
          disabled={printed === 'printing'}
          data-testid="x-print"
          data-state={printed}
        >
          {printed === 'printed' ? t('shift.x.printed') : t('shift.x.print')}
        </Button>
      </div>
    </Dialog>
  );
}
