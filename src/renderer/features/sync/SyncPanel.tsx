// The sync panel (F11 or the badge): everything a cashier or manager needs to know about the CRM link, "sync
// now", and the CRM's issues with their details and a manager's resolution actions.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../shared/crm';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogClosed } from '../../app/uiSlice';
import { useMoney, useMsg } from '../../app/useMsg';
import type { AttentionItem } from '../../../offline/sync';
import {
  exportQuarantinedRecords,
  readAttention,
  readEpoch,
  readIssues,
  settleIssue,
  syncNow,
  type IssueAction,
} from './syncThunks';
import { ageMessage, clockSkewMessage, errorMessage } from './syncText';
import { useNow } from './useNow';

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="sync-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

export function SyncPanel() {
  const { t } = useTranslation();
  const render = useMsg();
  const money = useMoney();
  const dispatch = useAppDispatch();
  const s = useAppSelector((st) => st.sync);
  const settings = useAppSelector((st) => st.settings);
  const now = useNow(1000);
  const [working, setWorking] = useState(false);
  const [issues, setIssues] = useState<{ issues: Issue[]; unreadable: number }>({
    issues: [],
    unreadable: 0,
  });
  const [epoch, setEpoch] = useState<number | null>(null);
  const [attention, setAttention] = useState<AttentionItem[]>([]);
  const [confirm, setConfirm] = useState<{ issue: Issue; action: IssueAction } | null>(null);
  const close = useCallback(() => {
    // Esc first backs out of a pending confirmation, then closes the panel.
    if (confirm) setConfirm(null);
    else dispatch(dialogClosed());
  }, [confirm, dispatch]);

  // Re-read the cached issues whenever the runner reports a new count or a finished cycle.
  useEffect(() => {
    let live = true;
    void dispatch(readIssues()).then((r) => live && setIssues(r));
    void dispatch(readEpoch()).then((e) => live && setEpoch(e));
    return () => {
      live = false;
    };
  }, [dispatch, s.issues, s.lastSuccessAt]);

  // Records that stop the queue change with a failed or a finished cycle.
  useEffect(() => {
    let live = true;
    void dispatch(readAttention()).then((a) => live && setAttention(a));
    return () => {
      live = false;
    };
  }, [dispatch, s.attention, s.rejected, s.pending, s.lastError, s.lastSuccessAt]);

  const runNow = async () => {
    setWorking(true);
    try {
      await dispatch(syncNow());
    } finally {
      setWorking(false);
    }
  };
  const resolve = async () => {
    if (!confirm) return;
    const { issue, action } = confirm;
    setConfirm(null);
    setWorking(true);
    try {
      await dispatch(settleIssue(issue, action));
    } finally {
      setWorking(false);
    }
  };
  const busy = working || s.phase === 'pushing' || s.phase === 'pulling' || s.phase === 'probing';
  const when = (iso: string | null) =>
    iso
      ? `${new Date(iso).toLocaleString(settings.locale)} (${render(ageMessage(iso, now)) ?? ''})`
      : t('sync.panel.never');

  return (
    <Dialog title={t('sync.panel.title')} onClose={close} testId="sync-panel" wide>
      {!s.crm ? (
        <p className="dialog-lead" data-testid="sync-no-crm">
          {t('sync.panel.noCrm')}
        </p>
      ) : null}
      <dl className="sync-facts">
        <Row label={t('sync.panel.state')} testId="sync-state">
          <span className={`dot ${s.online && s.crm ? 'dot-ok' : 'dot-warn'}`} aria-hidden="true" />{' '}
          {!s.crm ? t('sync.noCrm') : s.online ? t('sync.online') : t('sync.offline')} ·{' '}
          {t(`sync.phaseName.${s.phase}`)}
        </Row>
        {s.crm ? (
          <Row label={t('sync.panel.crm')} testId="sync-crm">
            {s.crmUrl || `${globalThis.location?.origin ?? ''} (${t('sync.panel.sameOrigin')})`}
          </Row>
        ) : null}
        <Row label={t('sync.panel.terminal')} testId="sync-terminal">
          {settings.storeId} / {settings.terminalId} / {epoch ?? settings.epoch ?? '—'}
        </Row>
        <Row label={t('sync.panel.pending')} testId="sync-pending">
          <strong className="num">{s.pending}</strong>
        </Row>
        <Row label={t('sync.panel.oldest')}>
          {s.oldestPendingAt ? render(ageMessage(s.oldestPendingAt, now)) : t('sync.panel.none')}
        </Row>
        {clockSkewMessage(s.clockOffsetMs) ? (
          <Row label={t('sync.panel.clock')} testId="sync-clock">
            <span className="text-error" title={t('sync.clock.hint')}>
              {render(clockSkewMessage(s.clockOffsetMs)!)} · {t('sync.clock.hint')}
            </span>
          </Row>
        ) : null}
        <Row label={t('sync.panel.lastSuccess')} testId="sync-last-success">
          {when(s.lastSuccessAt)}
        </Row>
        {s.nextAttemptAt && (s.phase === 'backoff' || s.phase === 'blocked') ? (
          <Row label={t('sync.panel.nextAttempt')}>
            {render({
              key: 'sync.age.s',
              params: { n: Math.max(0, Math.round((s.nextAttemptAt - now) / 1000)) },
            })}
          </Row>
        ) : null}
        <Row label={t('sync.panel.lastError')} testId="sync-last-error">
          {s.lastError ? (
            <span className="text-error" title={s.lastError.detail}>
              {render(errorMessage(s.lastError))}
            </span>
          ) : (
            t('sync.panel.none')
          )}
        </Row>
        <Row label={t('sync.panel.rejected')}>
          <span className={s.rejected ? 'text-error' : ''}>{s.rejected}</span>
        </Row>
        <Row label={t('sync.panel.catalog')} testId="sync-catalog">
          {s.products !== null ? t('sync.panel.catalogValue', { n: s.products }) : '—'}
        </Row>
      </dl>
      {s.crm ? (
        <div className="sync-actions">
          <Button variant="primary" onClick={() => void runNow()} disabled={busy} data-testid="sync-now">
            {busy ? t('sync.panel.syncing') : t('sync.panel.syncNow')}
          </Button>
        </div>
      ) : null}
      {attention.length > 0 ? (
        <section className="sync-issues" data-testid="sync-attention">
          <h3>{t('syncQueue.title', { n: attention.length })}</h3>
          <p className="hint">{t('syncQueue.lead')}</p>
          <ul className="issue-list">
            {attention.map((a) => (
              <li
                key={a.seq}
                className="issue"
                data-testid="sync-attention-item"
                data-seq={a.seq}
                data-quarantined={a.quarantined ? 'true' : 'false'}
              >
                <div className="issue-head">
                  <strong>{t(`syncQueue.type.${a.type}`, { defaultValue: a.type })}</strong>
                  <span className="muted">
                    {' '}
                    · #{a.seq} ·{' '}
                    {a.receiptNo
                      ? t('syncQueue.receipt', { no: a.receiptNo })
                      : t('syncQueue.entity', { id: a.entityId })}
                  </span>
                </div>
                <div className={a.quarantined ? 'muted' : 'text-error'}>
                  {a.delivered
                    ? t('syncQueue.state.quarantined')
                    : a.quarantined
                      ? t('syncQueue.state.quarantining')
                      : t('syncQueue.state.attention', { n: a.failures })}
                </div>
                <div className="muted" title={a.detail}>
                  {t('syncQueue.error', {
                    error: `${a.status !== undefined ? `HTTP ${a.status} ` : ''}${a.code}${a.detail ? ` — ${a.detail}` : ''}`,
                  })}{' '}
                  · {new Date(a.since).toLocaleString(settings.locale)}
                </div>
              </li>
            ))}
          </ul>
          {attention.some((a) => a.quarantined) ? (
            <div className="sync-actions">
              <Button
                onClick={() => void dispatch(exportQuarantinedRecords())}
                data-testid="sync-export-quarantined"
              >
                {t('syncQueue.export')}
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
      {s.crm ? (
        <section className="sync-issues" data-testid="sync-issues">
          <h3>{t('sync.panel.issues', { n: issues.issues.length })}</h3>
          <p className="hint">{t('staff.sync.managerNote')}</p>
          {issues.unreadable ? (
            <p className="text-error">{t('sync.panel.unreadable', { n: issues.unreadable })}</p>
          ) : null}
          {issues.issues.length === 0 ? (
            <p className="muted" data-testid="sync-no-issues">
              {t('sync.panel.noIssues')}
            </p>
          ) : (
            <ul className="issue-list">
              {issues.issues.map((issue) => (
                <li key={issue.id} className="issue" data-testid="sync-issue" data-kind={issue.kind}>
                  <div className="issue-head">
                    <strong>{t(`sync.kind.${issue.kind}`)}</strong>
                    <span className="muted"> · {issue.title}</span>
                  </div>
                  <table className="issue-refs">
                    <tbody>
                      {issue.refs.map((r, i) => (
                        <tr key={i}>
                          <td>
                            {t('sync.panel.ref.receipt')} {r.receiptNo ?? '—'}
                          </td>
                          <td>
                            {t('sync.panel.ref.till')} {r.terminalId ?? '—'}
                          </td>
                          <td>
                            {t('sync.panel.ref.staff')} {r.staffId ?? '—'}
                          </td>
                          <td className="num">{r.amountFen !== undefined ? money(r.amountFen) : ''}</td>
                          <td className="muted">
                            {r.at ? new Date(r.at).toLocaleString(settings.locale) : ''}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <div className="issue-actions">
                    {issue.actions.map((a) => (
                      <Button
                        key={a}
                        onClick={() => setConfirm({ issue, action: a })}
                        disabled={working}
                        data-testid={`issue-action-${a}`}
                      >
                        {t(`sync.action.${a}`)}
                      </Button>
                    ))}
                  </div>
                  {confirm?.issue.id === issue.id ? (
                    <div className="issue-confirm" role="alertdialog" data-testid="issue-confirm">
                      <p>
                        {t('staff.sync.confirm', {
                          title: t(`sync.kind.${issue.kind}`),
                          action: t(`sync.action.${confirm.action}`),
                        })}
                      </p>
                      <Button variant="danger" onClick={() => void resolve()} data-testid="issue-confirm-yes">
                        {t('sync.panel.confirmYes')}
                      </Button>
                      <Button variant="ghost" onClick={() => setConfirm(null)}>
                        {t('sync.panel.cancel')}
                      </Button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </Dialog>
  );
}
