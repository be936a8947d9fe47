// Logging in and out, locking the till, the staff list, and the staff actions that need a manager.
import {
  appendAudit,
  checkStaffPin,
  ensureDemoStaff,
  liftLockout,
  listCachedStaff,
} from '../../../offline/staff';
import { parseStaffBadge } from '../../../domain/staff/badge';
import type { AppThunk } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg } from '../../app/uiMessage';
import { dialogClosed, screenShown, toastShown } from '../../app/uiSlice';
import {
  saveSession,
  staffLoggedIn,
  staffLoggedOut,
  tillLocked,
  tillUnlocked,
} from '../session/sessionSlice';
import { outboxGrew } from '../sync/refreshSyncStatus';
import { approveWithBadge, requestApproval } from './approval';
import { loginDone, loginFailed, loginStarted, staffCounted } from './staffSlice';
import { checkFailureMessage } from './staffText';

const deps = (extra: Extra) => {
  const { ledger, cache, sync } = extra.services.get();
  return { ledger, cache, now: extra.now, newId: extra.newId, toOutbox: sync !== undefined };
};
/** Audit entries go to the CRM only from a till that has one (docs/decisions/0034). */
const audit = (extra: Extra) => ({
  now: extra.now,
  newId: extra.newId,
  toOutbox: extra.services.get().sync !== undefined,
});

/**
 * How many active staff this till knows. A till with no CRM link (the demo) gets the demo staff first; with a
 * CRM, staff come only from its staff stream, so a new till can log in once it has reached the CRM once.
 */
export const loadStaff = (): AppThunk<Promise<number>> => async (dispatch, _getState, extra) => {
  if (!extra.services.ready) return 0;
  const s = extra.services.get();
  if (!s.sync) await ensureDemoStaff(s.cache, s.identity.storeId);
  const { staff, unreadable } = await listCachedStaff(s.cache);
  if (unreadable)
    s.platform.log({ level: 'warn', msg: 'unreadable staff records in the cache', data: { unreadable } });
  const n = staff.filter((x) => x.active).length;
  dispatch(staffCounted(n));
  return n;
};

export const login =
  (typedId: string, pin: string): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, extra) => {
    if (!extra.services.ready || getState().staff.login.busy) return false;
    const { config, platform } = extra.services.get();
    dispatch(loginStarted());
    const r = await checkStaffPin(deps(extra), {
      typedId,
      pin,
      purpose: 'login',
      mode: config.mode === 'pda' ? 'pda' : 'cashier',
      onSuccess: (s) => ({
        action: 'staff.login',
        actorId: s.id,
        detail: { role: s.role, mode: config.mode },
      }),
    });
    void dispatch(outboxGrew()); // the attempt's audit entry goes to the CRM
    if (!r.ok) {
      platform.log({
        level: 'warn',
        msg: 'login refused',
        data: { reason: r.reason, staffId: r.staff?.id ?? null },
      });
      if (r.reason === 'unknown' && getState().staff.staffCount === 0)
        dispatch(loginFailed({ error: msg('staff.error.noStaffYet') }));
      else
        dispatch(
          loginFailed({
            error: checkFailureMessage(r, 'login'),
            ...(r.reason === 'locked' && r.staff ? { lockedStaffId: r.staff.id } : {}),
          }),
        );
      return false;
    }
    const at = r.audit?.at ?? extra.now().toISOString();
    dispatch(staffLoggedIn({ id: r.staff.id, name: r.staff.name, role: r.staff.role, at }));
    saveSession(getState().session);
    dispatch(loginDone());
    platform.log({
      level: 'info',
      msg: 'staff logged in',
      data: { staffId: r.staff.id, role: r.staff.role },
    });
    return true;
  };

/** The cashier who locked the till opens it again with their PIN. */
export const unlockTill =
  (pin: string): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, extra) => {
    const me = getState().session;
    if (!me.cashierId || getState().staff.login.busy) return false;
    dispatch(loginStarted());
    const r = await checkStaffPin(deps(extra), {
      typedId: me.cashierId,
      pin,
      purpose: 'unlock',
      onlyStaffId: me.cashierId,
      onSuccess: (s) => ({ action: 'till.unlocked', actorId: s.id, detail: {} }),
    });
    void dispatch(outboxGrew());
    if (!r.ok) {
      dispatch(loginFailed({ error: checkFailureMessage(r, 'unlock') }));
      return false;
    }
    dispatch(tillUnlocked());
    saveSession(getState().session);
    dispatch(loginDone());
    return true;
  };

/** A manager opens a till whose cashier is not there (or is locked out). */
export const managerUnlockTill = (): AppThunk<Promise<boolean>> => async (dispatch, getState, extra) => {
  const me = getState().session;
  const ok = await dispatch(requestApproval({ action: 'unlockTill', detail: { cashierId: me.cashierId } }));
  if (!ok) return false;
  await appendAudit(
    extra.services.get().ledger,
    { action: 'till.unlocked', actorId: me.cashierId, approvedBy: ok.approverId, detail: {} },
    audit(extra),
  );
  void dispatch(outboxGrew());
  dispatch(tillUnlocked());
  saveSession(getState().session);
  dispatch(loginDone());
  return true;
};

export const lockTill = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const me = getState().session;
  if (!me.cashierId || me.locked) return;
  dispatch(tillLocked());
  saveSession(getState().session);
  await appendAudit(
    extra.services.get().ledger,
    { action: 'till.locked', actorId: me.cashierId, detail: {} },
    audit(extra),
  );
  void dispatch(outboxGrew());
};

/**
 * Switch cashier: this cashier logs out, the shift stays open, the next one logs in. Not in the middle of a
 * sale: the cart would change hands.
 */
export const switchCashier = (): AppThunk<Promise<boolean>> => async (dispatch, getState, extra) => {
  const s = getState();
  if (!s.session.cashierId) return false;
  if (s.cart.cart.lines.length > 0 || s.tender.working || s.tender.tenders.length > 0) {
    dispatch(toastShown({ ...msg('staff.error.saleInProgress'), tone: 'error' }));
    // Behind the lock screen the toast is not visible: say it there.
    if (s.session.locked) dispatch(loginFailed({ error: msg('staff.error.saleInProgress') }));
    return false;
  }
  await appendAudit(
    extra.services.get().ledger,
    { action: 'staff.logout', actorId: s.session.cashierId, detail: { reason: 'switchCashier' } },
    audit(extra),
  );
  void dispatch(outboxGrew());
  dispatch(dialogClosed());
  dispatch(screenShown('sale'));
  dispatch(staffLoggedOut());
  saveSession(getState().session);
  return true;
};

/** A manager lifts an employee's lockout (from the login screen's lockout message). */
export const liftStaffLockout =
  (staffId: string): AppThunk<Promise<boolean>> =>
  async (dispatch, _getState, extra) => {
    const ok = await dispatch(requestApproval({ action: 'unlockStaff', detail: { staffId } }));
    if (!ok) return false;
    await liftLockout(deps(extra), staffId, ok.approverId);
    void dispatch(outboxGrew());
    dispatch(loginDone());
    dispatch(toastShown({ ...msg('staff.login.unlocked', { id: staffId }), tone: 'info' }));
    return true;
  };

/** Opening the drawer without a sale (change for the float, a cheque...): a manager approves, with why. */
export const openDrawerNoSale = (): AppThunk<Promise<boolean>> => async (dispatch, getState, extra) => {
  const me = getState().session;
  const ok = await dispatch(
    requestApproval({
      action: 'noSaleDrawer',
      detail: {},
      noteRequired: true,
      proofFor: { action: 'noSaleDrawer', subjectId: 'drawer', amountFen: 0 },
    }),
  );
  if (!ok) return false;
  const { platform, ledger } = extra.services.get();
  const r = await platform.openDrawer();
  await appendAudit(
    ledger,
    {
      action: 'drawer.noSale',
      actorId: me.cashierId,
      approvedBy: ok.approverId,
      ...(ok.proof ? { approval: ok.proof } : {}),
      detail: { opened: r.ok, ...(ok.note ? { note: ok.note } : {}), ...(r.ok ? {} : { error: r.message }) },
    },
    audit(extra),
  );
  void dispatch(outboxGrew());
  dispatch(dialogClosed());
  dispatch(
    toastShown(
      r.ok
        ? { ...msg('staff.drawer.opened'), tone: 'info' }
        : { ...msg('staff.drawer.failed', { detail: r.message }), tone: 'error' },
    ),
  );
  return r.ok;
};

/** Whether a scan belongs to the staff feature now: a badge for the overlay, or nothing behind the login screen. */
export function staffTakesScan(s: {
  staff: { approval: unknown };
  session: { cashierId: string; locked: boolean };
}): boolean {
  return s.staff.approval !== null || !s.session.cashierId || s.session.locked;
}

/** A scan while the overlay is open is a manager's badge; behind the login/lock screen it goes nowhere. */
export const staffScanned =
  (code: string): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const s = getState();
    if (s.staff.approval) {
      await dispatch(approveWithBadge(code, s.staff.approvalNote));
      return;
    }
    dispatch(
      loginFailed({
        error: msg(parseStaffBadge(code) ? 'staff.login.badgeNotForLogin' : 'staff.login.scanIgnored'),
      }),
    );
  };
