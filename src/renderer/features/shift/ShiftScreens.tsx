// Full screens of the shift feature: the blind close, the Z report (awaiting sync until the CRM acknowledged it),
// which stay up underneath the manager's approval overlay.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_VARIANCE_THRESHOLD_FEN } from '../../../domain/shift/cash';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { screenShown } from '../../app/uiSlice';
import { useMoney, useMsg } from '../../app/useMsg';
import { DenominationGrid, countsTotal, type Counts } from './DenominationGrid';
import { ReportView } from './ReportView';
import { shiftFailed } from './shiftSlice';
import { printZ, refreshZSync, submitCloseCount, type CountReview } from './shiftThunks';
import './shift.css';

/** Esc goes back to the sale screen unless something is running. */
export function useBackKey(enabled: boolean): void {
  const dispatch = useAppDispatch();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      dispatch(shiftFailed(null));
      dispatch(screenShown('sale'));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, dispatch]);
}

function BackButton({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <Button
      variant="ghost"
      keyHint="Esc"
      disabled={disabled}
      onClick={() => dispatch(screenShown('sale'))}
      data-testid="shift-back"
    >
      {t('shift.back')}
    </Button>
  );
}

export function CloseShiftScreen() {
  const { t } = useTranslation();
  const render = useMsg();
  const money = useMoney();
  const dispatch = useAppDispatch();
  const busy = useAppSelector((s) => s.shift.busy);
  const error = useAppSelector((s) => s.shift.error);
  const current = useAppSelector((s) => s.shift.current);
  const [counts, setCounts] = useState<Counts>({});
  const [review, setReview] = useState<CountReview | null>(null);
  const [confirmZero, setConfirmZero] = useState(false);
  useBackKey(!busy);

  const submit = async () => {
    if (busy) return;
    if (!review && countsTotal(counts) === 0 && !confirmZero) {
      setConfirmZero(true);
      return;
    }
    const r = await dispatch(submitCloseCount(counts as Record<string, number>));
    if (r) setReview(r);
  };
  const state = review
    ? review.varianceFen === 0
      ? 'balanced'
      : review.varianceFen > 0
        ? 'over'
        : 'short'
    : null;
  return (
    <div className="shift-screen" data-testid="close-shift">
      <header className="shift-screen-head">
        <h2>{t('shift.close.title')}</h2>
        <span className="spacer" />
        <BackButton disabled={busy} />
      </header>
      <div className="shift-screen-body close-body">
        <div>
          <fieldset disabled={review !== null} className="plain">
            <DenominationGrid
              counts={counts}
              onChange={setCounts}
              onSubmit={() => void submit()}
              testId="count-grid"
            />
          </fieldset>
        </div>
        <aside className="close-side">
          <p className="dialog-lead">{t('shift.close.lead')}</p>
          {current ? null : <p className="banner banner-error">{t('shift.error.noOpenShift')}</p>}
          {review ? (
            <div className="close-review" data-testid="close-review" data-state={state}>
              <div className="report-row">
                <span>{t('shift.close.counted')}</span>
                <strong className="num">{money(review.countedFen)}</strong>
              </div>
              <div className="report-row">
                <span>{t('shift.close.expected')}</span>
                <strong className="num" data-testid="close-expected">
                  {money(review.expectedFen)}
                </strong>
              </div>
              <div className={`report-row variance variance-${state}`}>
                <span>
                  {t('shift.close.variance')} ({t(`shift.close.${state}`)})
                </span>
                <strong className="num big" data-testid="close-variance">
                  {review.varianceFen > 0 ? '+' : ''}
                  {money(review.varianceFen)}
                </strong>
              </div>
              {review.needsApproval ? (
                <p className="banner banner-warn">
                  {t('shift.close.needsApproval', { amount: money(DEFAULT_VARIANCE_THRESHOLD_FEN) })}
                </p>
              ) : null}
            </div>
          ) : null}
          {confirmZero && !review ? (
            <p className="banner banner-warn">{t('shift.close.confirmZero')}</p>
          ) : null}
          {busy && review?.needsApproval ? (
            <p className="banner banner-info">{t('shift.close.approval')}</p>
          ) : null}
          {error ? (
            <p className="banner banner-error" role="alert" data-testid="shift-error">
              {render(error)}
            </p>
          ) : null}
          <Button
            variant="danger"
            keyHint="Enter"
            disabled={busy || !current}
            onClick={() => void submit()}
            data-testid="close-submit"
          >
            {review ? t('shift.close.approve') : t('shift.close.submit')}
          </Button>
        </aside>
      </div>
    </div>
  );
}

export function ZReportScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const z = useAppSelector((s) => s.shift.z);
  const online = useAppSelector((s) => s.sync.lastSuccessAt);
  useBackKey(true);
  const awaiting = z?.sync === 'awaitingSync';
  useEffect(() => {
    if (!awaiting) return;
    // The runner pushes on its own; the Z only needs to notice the acknowledgement.
    const timer = setInterval(() => void dispatch(refreshZSync()), 1000);
    return () => clearInterval(timer);
  }, [awaiting, dispatch, online]);
  if (!z) return null;
  return (
    <div className="shift-screen" data-testid="z-report" data-sync={z.sync} data-print={z.print ?? ''}>
      <header className="shift-screen-head">
        <h2>{t('shift.z.title', { n: z.report.zNo ?? 0 })}</h2>
        <span className={`z-sync z-sync-${z.sync}`} data-testid="z-sync">
          {t(`shift.z.${z.sync}`)}
        </span>
        <span className="spacer" />
        <span className="muted" data-testid="z-print-state">
          {z.print === 'printing'
            ? t('shift.z.printing')
            : z.print === 'printed'
              ? t('shift.z.printed')
              : z.print === 'failed'
                ? t('shift.z.printFailed', { detail: z.printError ?? '' })
                : ''}
        </span>
        <Button
          onClick={() => void dispatch(printZ())}
          disabled={z.print === 'printing'}
          data-testid="z-print"
        >
          {t('shift.z.print')}
        </Button>
        <BackButton />
      </header>
      <div className="shift-screen-body">
        <ReportView report={z.report} />
      </div>
    </div>
  );
}
