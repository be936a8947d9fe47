// The sync panel's actions: "sync now", reading the cached issues, a manager's resolution.
import type { ApprovalProof } from '../../../shared/crm/approvals';
import type { Issue } from '../../../shared/crm';
import {
  exportQuarantined,
  listAttention,
  listCachedIssues,
  readEnrollment,
  resolveIssue,
  type AttentionItem,
} from '../../../offline/sync';
import type { AppThunk } from '../../app/store';
import { toastShown } from '../../app/uiSlice';
import { msg } from '../../app/uiMessage';
import { refreshSyncStatus } from './refreshSyncStatus';
import { requestApproval } from '../staff/approval';

export type IssueAction = Issue['actions'][number];

export const syncNow = (): AppThunk<Promise<boolean>> => async (dispatch, _getState, extra) => {
  if (!extra.services.ready) return false;
  const sync = extra.services.get().sync;
  if (!sync) return false;
  const r = await sync.runner.syncNow();
  await dispatch(refreshSyncStatus());
  if (r.ok) dispatch(toastShown({ ...msg('sync.panel.syncDone'), tone: 'info' }));
  return r.ok;
};

/** The CRM-issued epoch once enrolled (the settings show the one known at start-up). */
export const readEpoch = (): AppThunk<Promise<number | null>> => async (_d, _g, extra) => {
  if (!extra.services.ready) return null;
  const e = await readEnrollment(extra.services.get().ledger);
  return e?.epoch ?? null;
};

export const readIssues =
  (): AppThunk<Promise<{ issues: Issue[]; unreadable: number }>> => async (_d, _g, extra) => {
    if (!extra.services.ready || !extra.services.get().sync) return { issues: [], unreadable: 0 };
    return listCachedIssues(extra.services.get().cache, 'open');
  };

/** Records the CRM keeps failing, and quarantined ones (docs/decisions/0041), for the sync panel. */
export const readAttention = (): AppThunk<Promise<AttentionItem[]>> => async (_d, _g, extra) => {
  if (!extra.services.ready) return [];
  return listAttention(extra.services.get().ledger);
};

/** The quarantined originals as a JSON file the manager can hand to head office. */
export const exportQuarantinedRecords =
  (): AppThunk<Promise<number>> => async (dispatch, _getState, extra) => {
    if (!extra.services.ready) return 0;
    const json = await exportQuarantined(extra.services.get().ledger);
    const n = (JSON.parse(json) as unknown[]).length;
    const doc = globalThis.document;
    if (n > 0 && doc && typeof URL.createObjectURL === 'function') {
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const a = doc.createElement('a');
      a.href = url;
      a.download = `quarantined-${extra.now().toISOString().replace(/[:.]/g, '-')}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    dispatch(toastShown({ ...msg('syncQueue.exported', { n }), tone: 'info' }));
    return n;
  };

export const settleIssue =
  (issue: Issue, action: IssueAction): AppThunk<Promise<boolean>> =>
  async (dispatch, _getState, extra) => {
    const s = extra.services.get();
    if (!s.sync) return false;
    // A manager decides: the logged-in manager, or one who approves at the cashier's till (audited either way).
    const approval = await dispatch(
      requestApproval({
        action: 'resolveIssue',
        detail: { issueKind: issue.kind, issueTitle: issue.title.slice(0, 200), decision: action },
        proofFor: { action: 'resolveIssue', subjectId: issue.id, amountFen: 0 },
      }),
    );
    if (!approval) return false;
    const r = await resolveIssue(
      s.sync.client,
      issue,
      action,
      approval.approverId,
      approval.note,
      approval.proof as ApprovalProof | undefined,
    );
    if (!r.ok) {
      s.platform.log({ level: 'warn', msg: 'issue not resolved', data: { id: issue.id, ...r.failure } });
      dispatch(
        toastShown({ ...msg('sync.panel.resolveFailed', { detail: r.failure.detail }), tone: 'error' }),
      );
      return false;
    }
    s.platform.log({
      level: 'info',
      msg: 'issue resolved',
      data: { id: issue.id, action, staffId: approval.approverId },
    });
    dispatch(toastShown({ ...msg('sync.panel.resolved'), tone: 'info' }));
    // The cache learns the new state from the issues stream.
    void dispatch(syncNow());
    return true;
  };
