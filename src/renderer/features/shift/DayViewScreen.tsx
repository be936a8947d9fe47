// The manager's day view, from the CRM: one card per till (shift state, sales, variance, how far its sync is),
// a chart of the day (sales by hour, by tender: plain SVG), and the open issues with the sync panel's actions.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayView, Issue } from '../../../shared/crm/api';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney, useMsg } from '../../app/useMsg';
import { DEFAULT_TIME_ZONE } from '../../../offline/terminal';
import { maskName } from '../session/mask';
import { settleIssue, type IssueAction } from '../sync/syncThunks';
import { loadDayView } from './dayThunks';
import { useBackKey } from './ShiftScreens';
import { screenShown } from '../../app/uiSlice';
import './shift.css';

const TENDER_COLORS: Record<string, string> = {
  cash: '#1b7f3b',
  card: '#0b5cad',
  wechat: '#2aae67',
  alipay: '#1677ff',
  points: '#a85d00',
  coupon: '#8e44ad',
};

/** Bars per hour of the store's day (opening hours only, 8:00-22:00 at least). */
function HourChart({ view }: { view: DayView }) {
  const money = useMoney();
  const hours = view.byHour;
  const first = Math.min(8, ...hours.map((h) => h.hour));
  const last = Math.max(21, ...hours.map((h) => h.hour));
  const span = last - first + 1;
  const max = Math.max(1, ...hours.map((h) => h.salesFen));
  const W = 640;
  const H = 240;
  const pad = { l: 110, r: 10, t: 14, b: 34 };
  const bw = (W - pad.l - pad.r) / span;
  const y = (fen: number) => pad.t + (H - pad.t - pad.b) * (1 - fen / max);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" data-testid="chart-hours">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={pad.l} x2={W - pad.r} y1={y(max * f)} y2={y(max * f)} className="chart-grid" />
          <text x={pad.l - 8} y={y(max * f) + 7} textAnchor="end" className="chart-label">
            {money(Math.round(max * f))}
          </text>
        </g>
      ))}
      {Array.from({ length: span }, (_, i) => first + i).map((hour, i) => {
        const h = hours.find((x) => x.hour === hour);
        const top = y(h?.salesFen ?? 0);
        return (
          <g key={hour}>
            {h ? (
              <rect
                x={pad.l + i * bw + 3}
                y={top}
                width={bw - 6}
                height={H - pad.b - top}
                className="chart-bar"
                data-testid="chart-bar"
              >
                <title>{`${hour}:00 ${money(h.salesFen)} (${h.count})`}</title>
              </rect>
            ) : null}
            <text x={pad.l + i * bw + bw / 2} y={H - 8} textAnchor="middle" className="chart-label">
              {hour}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One stacked bar of the day's takings by tender, with a legend. */
function TenderChart({ view }: { view: DayView }) {
  const { t } = useTranslation();
  const money = useMoney();
  const total = view.byTender.reduce((s, x) => s + Math.max(0, x.amountFen), 0);
  let x = 0;
  return (
    <div data-testid="chart-tenders">
      <svg viewBox="0 0 640 40" className="chart chart-stack" role="img">
        {view.byTender.map((tn) => {
          const w = total > 0 ? (640 * Math.max(0, tn.amountFen)) / total : 0;
          const rect = (
            <rect key={tn.kind} x={x} y={4} width={w} height={32} fill={TENDER_COLORS[tn.kind] ?? '#666'} />
          );
          x += w;
          return rect;
        })}
      </svg>
      <ul className="legend">
        {view.byTender.map((tn) => (
          <li key={tn.kind}>
            <span className="swatch" style={{ background: TENDER_COLORS[tn.kind] ?? '#666' }} />
            {t(`shift.tender.${tn.kind}`)} <span className="num">{money(tn.amountFen)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function DayViewScreen() {
  const { t, i18n } = useTranslation();
  const render = useMsg();
  const money = useMoney();
  const dispatch = useAppDispatch();
  const day = useAppSelector((s) => s.shift.day);
  const [working, setWorking] = useState<string | null>(null);
  useBackKey(working === null);
  useEffect(() => {
    const timer = setInterval(() => void dispatch(loadDayView()), 30_000);
    return () => clearInterval(timer);
  }, [dispatch]);
  const v = day.view;
  const act = async (issue: Issue, action: IssueAction) => {
    setWorking(issue.id);
    try {
      if (await dispatch(settleIssue(issue, action))) await dispatch(loadDayView());
    } finally {
      setWorking(null);
    }
  };
  // The store's clock, not the PC's.
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(i18n.language, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: DEFAULT_TIME_ZONE,
    });
  return (
    <div className="shift-screen" data-testid="day-view">
      <header className="shift-screen-head">
        <h2>{t('shift.day.title')}</h2>
        {v ? <span className="muted">{t('shift.day.date', { date: v.businessDate })}</span> : null}
        {v ? (
          <strong data-testid="day-totals">
            {t('shift.day.totals', { n: v.totals.saleCount, amount: money(v.totals.salesFen) })}
          </strong>
        ) : null}
        <span className="spacer" />
        <Button onClick={() => void dispatch(loadDayView())} disabled={day.loading} data-testid="day-refresh">
          {day.loading ? t('shift.day.loading') : t('shift.day.refresh')}
        </Button>
        <Button
          variant="ghost"
          keyHint="Esc"
          onClick={() => dispatch(screenShown('sale'))}
          data-testid="shift-back"
        >
          {t('shift.back')}
        </Button>
      </header>
      <div className="shift-screen-body day-body">
        {day.error ? (
          <p className="banner banner-error" role="alert" data-testid="day-error">
            {render(day.error)}
          </p>
        ) : null}
        {v ? (
          <>
            <section className="day-cards">
              {v.terminals.map((tm) => {
                const s = tm.shift;
                const variance = s?.varianceFen;
                return (
                  <article
                    key={tm.terminalId}
                    className={`day-card ${s?.state ?? 'none'}`}
                    data-testid="day-card"
                    data-terminal={tm.terminalId}
                    data-state={s?.state ?? 'none'}
                    data-check={s?.check ?? ''}
                  >
                    <header>
                      <strong>{t('shift.day.terminal', { id: tm.terminalId })}</strong>
                      <span className={`pill pill-${s?.state ?? 'none'}`}>
                        {!s
                          ? t('shift.day.noShift')
                          : s.state === 'open'
                            ? t('shift.day.shiftOpen', { name: maskName(s.cashierName ?? s.cashierId) })
                            : t('shift.day.shiftClosed', { n: s.zNo ?? '?' })}
                      </span>
                    </header>
                    <div className="report-row">
                      <span>
                        {t('shift.day.sales')} ×{tm.saleCount}
                      </span>
                      <strong className="num">{money(tm.salesFen)}</strong>
                    </div>
                    <div className="report-row">
                      <span>{t('shift.day.refunds')}</span>
                      <span className="num">{money(-tm.refundsFen)}</span>
                    </div>
                    {variance !== undefined ? (
                      <div className={`report-row ${variance === 0 ? 'ok' : 'variance-bad'}`}>
                        <span>{t('shift.day.variance')}</span>
                        <strong className="num" data-testid="day-variance">
                          {variance > 0 ? '+' : ''}
                          {money(variance)}
                        </strong>
                      </div>
                    ) : null}
                    {s?.check ? (
                      <p className={s.check === 'balanced' ? 'text-ok' : 'text-error'}>
                        {t(`shift.day.check.${s.check}`)}
                      </p>
                    ) : null}
                    <p className="muted">
                      {tm.lastSeenAt
                        ? t('shift.day.lastSeen', { time: time(tm.lastSeenAt) })
                        : t('shift.day.never')}
                    </p>
                  </article>
                );
              })}
            </section>
            <section className="day-charts">
              <div>
                <h3>{t('shift.day.byHour')}</h3>
                {v.byHour.length ? <HourChart view={v} /> : <p className="muted">{t('shift.day.noSales')}</p>}
              </div>
              <div>
                <h3>{t('shift.day.byTender')}</h3>
                {v.byTender.length ? (
                  <TenderChart view={v} />
                ) : (
                  <p className="muted">{t('shift.day.noSales')}</p>
                )}
              </div>
            </section>
            <section className="day-issues">
              <h3>{t('shift.day.issues')}</h3>
              {v.issues.length === 0 ? (
                <p className="muted" data-testid="day-no-issues">
                  {t('shift.day.noIssues')}
                </p>
              ) : (
                <ul>
                  {v.issues.map((issue) => (
                    <li key={issue.id} data-testid="day-issue" data-kind={issue.kind}>
                      <div>
                        <strong>{t(`sync.kind.${issue.kind}`)}</strong> {issue.title}
                      </div>
                      <div className="issue-actions">
                        {issue.actions.map((a) => (
                          <Button
                            key={a}
                            disabled={working !== null}
                            onClick={() => void act(issue, a)}
                            data-testid={`day-issue-${a}`}
                          >
                            {t(`sync.action.${a}`)}
                          </Button>
                        ))}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        ) : day.loading ? (
          <p className="muted">{t('shift.day.loading')}</p>
        ) : null}
      </div>
    </div>
  );
}
