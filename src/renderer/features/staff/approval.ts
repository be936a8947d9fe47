// The one way any feature asks for a manager's approval (void after tender, refund, price override,
// drawer without sale, cash variance, offline redemption over the cap, revealing a phone number...).
// Owned by the staff feature: it opens the approval overlay (manager PIN or badge scan), records the
// approval in the audit log, and resolves with the approver, or null when the cashier cancels.
// A manager logged in at the till approves by their own session (their PIN opened it): no overlay, unless a
// note is required, then the overlay asks for the note only. Every outcome is an audit entry: who asked,
// who approved, what (action + detail), why (note / reason), when.
import type { AuditDetailValue } from '../../../domain/staff/auditChain';
import { can } from '../../../domain/staff/roles';
import { appendAudit, checkStaffBadge, checkStaffPin, type StaffCheck } from '../../../offline/staff';
import type { AppThunk } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg } from '../../app/uiMessage';
import {
  approvalClosed,
  approvalFailed,
  approvalOpened,
  approvalWorking,
  type PendingApproval,
} from './staffSlice';
import { outboxGrew } from '../sync/refreshSyncStatus';
import { checkFailureMessage } from './staffText';

export type ApprovalAction =
  | 'voidAfterTender'
  | 'refund'
  | 'priceOverride'
  | 'discountOverLimit'
  | 'noSaleDrawer'
  | 'cashVariance'
  | 'offlineRedemptionOverCap'
  | 'offlinePickupOverThreshold'
  | 'revealPhone'
  | 'settings'
  /** Settle one of the CRM's issues from the sync panel. */
  | 'resolveIssue'
  /** Lift another employee's PIN lockout before it runs out. */
  | 'unlockStaff'
  /** Open a till locked by a cashier who is not there. */
  | 'unlockTill';

export interface ApprovalRequest {
  action: ApprovalAction;
  /** What is being approved, for the overlay and the audit entry (amounts in fen, receipt numbers...). */
  detail: Record<string, string | number | boolean>;
  /** Shown to the manager: why it needs approval (already translated, or a key). */
  reasonKey?: string;
  /** The manager must write why (a cash variance, a drawer opened without a sale). */
  noteRequired?: boolean;
}

export interface Approval {
  approverId: string;
  approverName: string;
  action: ApprovalAction;
  note?: string;
  at: string;
  /** The audit entry that records it. */
  auditEntryId?: string;
}

/** The callers waiting on the overlay, by request id (promises do not belong in the store). */
const waiting = new Map<string, (a: Approval | null) => void>();

function settle(id: string, result: Approval | null): void {
  const resolve = waiting.get(id);
  waiting.delete(id);
  resolve?.(result);
}

/** Audit entries go to the CRM only from a till that has one (docs/decisions/0034). */
const audit = (extra: Extra) => ({
  now: extra.now,
  newId: extra.newId,
  toOutbox: extra.services.get().sync !== undefined,
});

const deps = (extra: Extra) => {
  const { ledger, cache, sync } = extra.services.get();
  return { ledger, cache, now: extra.now, newId: extra.newId, toOutbox: sync !== undefined };
};

function auditDetail(
  req: ApprovalRequest,
  via: 'pin' | 'badge' | 'session',
  note: string | undefined,
): Record<string, AuditDetailValue> {
  return {
    ...req.detail,
    action: req.action,
    via,
    ...(req.reasonKey ? { reason: req.reasonKey } : {}),
    ...(note ? { note } : {}),
  };
}

/**
 * Resolves with the approval, or null if cancelled. A newer request replaces one still open (which resolves
 * null), so a caller is never left waiting.
 */
export function requestApproval(req: ApprovalRequest): AppThunk<Promise<Approval | null>> {
  return async (dispatch, getState, extra) => {
    const s = getState();
    const me = s.session;
    const self =
      me.role && me.cashierId && can(me.role, 'approve') ? { id: me.cashierId, name: me.cashierName } : null;
    if (self && !req.noteRequired) {
      const entry = await appendAudit(
        extra.services.get().ledger,
        {
          action: 'approval.granted',
          actorId: self.id,
          approvedBy: self.id,
          detail: auditDetail(req, 'session', undefined),
        },
        audit(extra),
      );
      void dispatch(outboxGrew());
      return {
        approverId: self.id,
        approverName: self.name,
        action: req.action,
        at: entry.at,
        auditEntryId: entry.entryId,
      };
    }
    const open = s.staff.approval;
    if (open) settle(open.id, null);
    const id = extra.newId();
    const pending: PendingApproval = { ...req, id, requestedBy: me.cashierId, selfApprover: self };
    return new Promise<Approval | null>((resolve) => {
      waiting.set(id, resolve);
      dispatch(approvalOpened(pending));
    });
  };
}

function finish(p: PendingApproval, r: StaffCheck, note: string | undefined): AppThunk<boolean> {
  return (dispatch) => {
    void dispatch(outboxGrew()); // the attempt's audit entry goes to the CRM
    if (!r.ok) {
      dispatch(approvalFailed(checkFailureMessage(r, 'approval')));
      return false;
    }
    dispatch(approvalClosed());
    settle(p.id, {
      approverId: r.staff.id,
      approverName: r.staff.name,
      action: p.action,
      ...(note ? { note } : {}),
      at: r.audit?.at ?? new Date().toISOString(),
      ...(r.audit ? { auditEntryId: r.audit.entryId } : {}),
    });
    return true;
  };
}

function noteProblem(p: PendingApproval, note: string): boolean {
  return !!p.noteRequired && note.trim().length === 0;
}

/** A manager typed their employee number and PIN in the overlay. */
export const approveWithPin =
  (typedId: string, pin: string, note: string): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, extra) => {
    const p = getState().staff.approval;
    if (!p || getState().staff.approvalBusy) return false;
    if (noteProblem(p, note)) {
      dispatch(approvalFailed(msg('staff.approval.noteRequired')));
      return false;
    }
    dispatch(approvalWorking());
    const clean = note.trim() || undefined;
    const r = await checkStaffPin(deps(extra), {
      typedId,
      pin,
      purpose: 'approval',
      permission: 'approve',
      onSuccess: (m) => ({
        action: 'approval.granted',
        actorId: p.requestedBy || m.id,
        approvedBy: m.id,
        detail: auditDetail(p, 'pin', clean),
      }),
    });
    return dispatch(finish(p, r, clean));
  };

/** A manager's badge scanned while the overlay is open (routed here by routeScan). */
export const approveWithBadge =
  (code: string, note: string): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, extra) => {
    const p = getState().staff.approval;
    if (!p || getState().staff.approvalBusy) return false;
    if (noteProblem(p, note)) {
      dispatch(approvalFailed(msg('staff.approval.noteRequired')));
      return false;
    }
    dispatch(approvalWorking());
    const clean = note.trim() || undefined;
    const r = await checkStaffBadge(deps(extra), {
      code,
      purpose: 'approval',
      permission: 'approve',
      onSuccess: (m) => ({
        action: 'approval.granted',
        actorId: p.requestedBy || m.id,
        approvedBy: m.id,
        detail: auditDetail(p, 'badge', clean),
      }),
    });
    return dispatch(finish(p, r, clean));
  };

/** The logged-in manager confirms with the note the request needs. */
export const approveAsSelf =
  (note: string): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, extra) => {
    const p = getState().staff.approval;
    if (!p?.selfApprover || getState().staff.approvalBusy) return false;
    if (noteProblem(p, note)) {
      dispatch(approvalFailed(msg('staff.approval.noteRequired')));
      return false;
    }
    dispatch(approvalWorking());
    const clean = note.trim() || undefined;
    const me = p.selfApprover;
    const entry = await appendAudit(
      extra.services.get().ledger,
      {
        action: 'approval.granted',
        actorId: me.id,
        approvedBy: me.id,
        detail: auditDetail(p, 'session', clean),
      },
      audit(extra),
    );
    void dispatch(outboxGrew());
    dispatch(approvalClosed());
    settle(p.id, {
      approverId: me.id,
      approverName: me.name,
      action: p.action,
      ...(clean ? { note: clean } : {}),
      at: entry.at,
      auditEntryId: entry.entryId,
    });
    return true;
  };

/** The cashier backs out: the caller gets null; the request is still recorded. */
export const cancelApproval = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const p = getState().staff.approval;
  if (!p) return;
  dispatch(approvalClosed());
  settle(p.id, null);
  if (!extra.services.ready) return;
  await appendAudit(
    extra.services.get().ledger,
    {
      action: 'approval.cancelled',
      actorId: p.requestedBy || '?',
      detail: { ...p.detail, action: p.action },
    },
    audit(extra),
  );
  void dispatch(outboxGrew());
};
