// The one way any feature asks for a manager's approval (void after tender, refund, price override,
// drawer without sale, cash variance, offline redemption over the cap, revealing a phone number...).
// Owned by the staff feature: it opens the approval overlay (manager PIN or badge scan), records the
// approval in the audit log, and resolves with the approver, or null when the cashier cancels.
// A manager logged in at the till approves by their own session (their PIN opened it): no overlay, unless a
// note is required, then the overlay asks for the note only. Every outcome is an audit entry: who asked,
// who approved, what (action + detail), why (note / reason), when.
import type { AuditDetailValue } from '../../../domain/staff/auditChain';
import {
  badgeMac,
  OFFLINE_PIN_APPROVAL_CAP_FEN,
  offlinePinAllowed,
  type ApprovalBinding,
  type ApprovalClaim,
  type ApprovalProofData,
} from '../../../domain/staff/approvalProof';
import { can } from '../../../domain/staff/roles';
import { ApprovalResponseSchema } from '../../../shared/crm/approvals';
import type { CrmFailure } from '../../../offline/sync';
import {
  appendAudit,
  checkStaffBadge,
  checkStaffPin,
  type Staff,
  type StaffCheck,
} from '../../../offline/staff';
import type { AppThunk } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg, type UiMessage } from '../../app/uiMessage';
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
  /** A pay-out or safe drop over the limit. */
  | 'cashMove'
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
  /**
   * The CRM checks this approval (decision 0040): what it is bound to. The approval then carries a proof: online
   * one the CRM signed (PIN or badge sent to POST /approvals), offline a badge HMAC or an unconfirmed PIN within
   * the cap. A logged-in manager re-enters their PIN (or scans their badge): a session proves nothing to the CRM.
   */
  proofFor?: ApprovalBinding;
}

export interface Approval {
  approverId: string;
  approverName: string;
  action: ApprovalAction;
  note?: string;
  at: string;
  /** The audit entry that records it. */
  auditEntryId?: string;
  /** What the CRM verifies (requests with proofFor); travels in the mutation's `approval`. */
  proof?: ApprovalProofData;
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
  proof?: ApprovalProofData,
): Record<string, AuditDetailValue> {
  return {
    ...req.detail,
    action: req.action,
    via,
    ...(proof ? { proof: proof.kind } : {}),
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
    // A session is no proof for the CRM: approvals it checks ask the manager's PIN or badge again.
    const self =
      me.role && me.cashierId && can(me.role, 'approve') && !req.proofFor
        ? { id: me.cashierId, name: me.cashierName }
        : null;
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

function finish(
  p: PendingApproval,
  r: StaffCheck,
  note: string | undefined,
  proof?: ApprovalProofData,
): AppThunk<boolean> {
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
      ...(proof ? { proof } : {}),
    });
    return true;
  };
}

/** How long the overlay waits for the CRM before taking the offline way. */
const ONLINE_APPROVAL_WAIT_MS = 4000;

type ProofOutcome = { ok: true; proof: ApprovalProofData } | { ok: false; error: UiMessage; reason: string };

/**
 * The proof for an approval the CRM checks, once the till's own check passed. Online: the CRM checks the PIN or
 * badge again and signs. The CRM out of reach: a badge signs the claim itself (HMAC under the badge's key), a PIN
 * is an unconfirmed approval within the cap. A CRM that refuses (403, 429) is final.
 */
async function obtainProof(
  extra: Extra,
  binding: ApprovalBinding,
  staff: Staff,
  cred: { pin: string } | { badge: string },
): Promise<ProofOutcome> {
  const { sync, identity } = extra.services.get();
  const client = sync?.client;
  if (client?.request) {
    const asked = client.request('POST', '/approvals', ApprovalResponseSchema, {
      ...binding,
      ...('badge' in cred ? { badge: cred.badge } : { approverId: staff.id, pin: cred.pin }),
    });
    // A manager waits at the till: a CRM that does not answer soon counts as out of reach.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<{ ok: false; failure: CrmFailure }>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, failure: { kind: 'transient', code: 'timeout', detail: 'no answer' } }),
        ONLINE_APPROVAL_WAIT_MS,
      );
    });
    const r = await Promise.race([asked, late]);
    clearTimeout(timer);
    if (r.ok) return { ok: true, proof: r.value.proof };
    if (r.failure.status === 429) {
      const minutes = Math.max(1, Math.ceil((r.failure.retryAfterMs ?? 60_000) / 60_000));
      return { ok: false, error: msg('staff.approval.crmLocked', { minutes }), reason: 'crmLocked' };
    }
    if (r.failure.kind === 'deterministic')
      return { ok: false, error: msg('staff.approval.crmRefused'), reason: r.failure.code };
    // Out of reach (network, timeout, 5xx): the offline proofs below.
  }
  const claim: ApprovalClaim = {
    ...binding,
    approverId: staff.id,
    storeId: identity.storeId,
    terminalId: identity.terminalId,
    at: extra.now().toISOString(),
    nonce: extra.newId(),
  };
  if ('badge' in cred)
    return { ok: true, proof: { kind: 'badge', ...claim, mac: badgeMac(cred.badge, claim) } };
  if (!offlinePinAllowed(binding.amountFen))
    return {
      ok: false,
      error: msg('staff.approval.overOfflineCap', { amount: OFFLINE_PIN_APPROVAL_CAP_FEN }),
      reason: 'overOfflineCap',
    };
  return { ok: true, proof: { kind: 'pin', ...claim } };
}

/** After the till's check passed: the proof, then the one 'approval.granted' entry (or the refusal's). */
function withProof(
  p: PendingApproval & { proofFor: ApprovalBinding },
  r: Extract<StaffCheck, { ok: true }>,
  via: 'pin' | 'badge',
  cred: { pin: string } | { badge: string },
  note: string | undefined,
): AppThunk<Promise<boolean>> {
  return async (dispatch, _getState, extra) => {
    const got = await obtainProof(extra, p.proofFor, r.staff, cred);
    const ledger = extra.services.get().ledger;
    if (!got.ok) {
      await appendAudit(
        ledger,
        {
          action: 'approval.refused',
          actorId: p.requestedBy || r.staff.id,
          detail: { ...p.detail, action: p.action, via, approverId: r.staff.id, reason: got.reason },
        },
        audit(extra),
      );
      void dispatch(outboxGrew());
      dispatch(approvalFailed(got.error));
      return false;
    }
    const entry = await appendAudit(
      ledger,
      {
        action: 'approval.granted',
        actorId: p.requestedBy || r.staff.id,
        approvedBy: r.staff.id,
        detail: auditDetail(p, via, note, got.proof),
      },
      audit(extra),
    );
    return dispatch(finish(p, { ok: true, staff: r.staff, audit: entry }, note, got.proof));
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
    const proofFor = p.proofFor;
    const r = await checkStaffPin(deps(extra), {
      typedId,
      pin,
      purpose: 'approval',
      permission: 'approve',
      // With a proof to get, the granted entry is written once the proof is there (withProof).
      ...(proofFor
        ? {}
        : {
            onSuccess: (m: Staff) => ({
              action: 'approval.granted',
              actorId: p.requestedBy || m.id,
              approvedBy: m.id,
              detail: auditDetail(p, 'pin', clean),
            }),
          }),
    });
    if (r.ok && proofFor) return dispatch(withProof({ ...p, proofFor }, r, 'pin', { pin }, clean));
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
    const proofFor = p.proofFor;
    const r = await checkStaffBadge(deps(extra), {
      code,
      purpose: 'approval',
      permission: 'approve',
      ...(proofFor
        ? {}
        : {
            onSuccess: (m: Staff) => ({
              action: 'approval.granted',
              actorId: p.requestedBy || m.id,
              approvedBy: m.id,
              detail: auditDetail(p, 'badge', clean),
            }),
          }),
    });
    if (r.ok && proofFor)
      return dispatch(withProof({ ...p, proofFor }, r, 'badge', { badge: code.trim() }, clean));
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
