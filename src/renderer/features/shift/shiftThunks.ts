// Shift actions at the till: open with a counted float, cash moves, X, the blind close with a manager's approval
// over the threshold, and the Z (shown, printed, "awaiting sync" until the CRM acknowledged it).
import { cashVariance, DEFAULT_VARIANCE_THRESHOLD_FEN } from '../../../domain/shift/cash';
import { checkCounts, countedFen } from '../../../domain/shift/denominations';
import type { CashMoveKind } from '../../../domain/shift/model';
import { nameCategories, type ShiftReport } from '../../../domain/shift/report';
import { parseYuanToFen } from '../../../domain/money';
import { buildShiftReportDoc } from '../../../hardware/core/receipt/xzReport';
import type { ShiftRow } from '../../../offline/db';
import {
  cashMoveNeedsApproval,
  closeShift,
  currentShift,
  getShift,
  lastClosedShift,
  openShift,
  recordCashMove,
  ShiftError,
  xReport,
  zSyncState,
} from '../../../offline/shift/shifts';
import type { AppThunk } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg, type UiMessage } from '../../app/uiMessage';
import { dialogClosed, dialogOpened, screenShown, toastShown } from '../../app/uiSlice';
import { maskName } from '../session/mask';
import { requestApproval, type Approval } from '../staff/approval';
import { outboxGrew } from '../sync/refreshSyncStatus';
import {
  shiftFailed,
  shiftLoaded,
  shiftWorking,
  xTaken,
  zPrinted,
  zShown,
  zSyncChanged,
  type OpenShift,
} from './shiftSlice';

/**
 * Selling needs an open shift: a rule of the till's page. `?shiftGate=off` lets a demo or a test till sell without
 * one (tests/e2e/helpers/till.ts sets it for the suites that are not about shifts); a till in a store never carries
 * it. Without a page at all (Node tests driving the store) there is no till to gate.
 */
export function shiftGateOn(
  search: string | null = globalThis.location ? globalThis.location.search : null,
): boolean {
  return search !== null && new URLSearchParams(search).get('shiftGate') !== 'off';
}

export const clockOf = (extra: Extra) => ({ now: () => extra.now() });

const toOpen = (row: ShiftRow | undefined): OpenShift | null =>
  row
    ? {
        id: row.id,
        cashierId: row.cashierId,
        cashierName: row.cashierName,
        openedAt: row.openedAt,
        floatFen: row.floatFen,
      }
    : null;

export function shiftErrorMessage(e: unknown): UiMessage {
  if (e instanceof ShiftError) return msg(`shift.error.${e.code}`);
  return msg('shift.error.failed', { detail: e instanceof Error ? e.message : String(e) });
}

function logError(extra: Extra, what: string, e: unknown): void {
  extra.services.get().platform.log({
    level: e instanceof ShiftError ? 'warn' : 'error',
    msg: what,
    data: {
      error: e instanceof Error ? e.message : String(e),
      ...(e instanceof ShiftError ? { code: e.code } : {}),
    },
  });
}

export const loadShift = (): AppThunk<Promise<OpenShift | null>> => async (dispatch, _g, extra) => {
  if (!extra.services.ready) return null;
  const open = toOpen(await currentShift(extra.services.get().ledger));
  dispatch(shiftLoaded(open));
  return open;
};

/** Selling needs an open shift: true when a sale may go on; otherwise says so (with the F12 hint). */
export const checkShiftForSale = (): AppThunk<Promise<boolean>> => async (dispatch, getState) => {
  if (!shiftGateOn()) return true;
  const current = getState().shift.loaded ? getState().shift.current : await dispatch(loadShift());
  if (current) return true;
  dispatch(toastShown({ ...msg('shift.gate.needShift'), tone: 'error' }));
  return false;
};

/** F12: the shift menu, after reading the ledger (another window may have opened or closed a shift). */
export const openShiftMenu = (): AppThunk<Promise<void>> => async (dispatch) => {
  await dispatch(loadShift());
  dispatch(dialogOpened('shift:menu'));
};

export const openShiftNow =
  (counts: Record<string, number>): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    if (s.shift.busy) return false;
    dispatch(shiftWorking(true));
    const { ledger, platform } = extra.services.get();
    try {
      const row = await openShift(
        ledger,
        {
          id: extra.newId(),
          cashierId: s.session.cashierId || 'unknown',
          cashierName: s.session.cashierName,
          floatCounts: counts,
        },
        clockOf(extra),
      );
      dispatch(shiftLoaded(toOpen(row)));
      dispatch(shiftWorking(false));
      dispatch(dialogClosed());
      dispatch(toastShown({ ...msg('shift.open.done', { amount: row.floatFen }), tone: 'info' }));
      platform.log({ level: 'info', msg: 'shift opened', data: { shiftId: row.id, floatFen: row.floatFen } });
      void dispatch(outboxGrew());
      return true;
    } catch (e) {
      logError(extra, 'shift open failed', e);
      dispatch(shiftFailed(shiftErrorMessage(e)));
      return false;
    }
  };

/** Pay-in, pay-out or safe drop; the drawer opens for it. */
export const moveCash =
  (kind: CashMoveKind, amountText: string, reason: string): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    if (s.shift.busy) return false;
    const amountFen = parseYuanToFen(amountText);
    if (amountFen === null || amountFen <= 0) {
      dispatch(shiftFailed(msg('shift.error.badAmount')));
      return false;
    }
    if (kind !== 'drop' && reason.trim() === '') {
      dispatch(shiftFailed(msg('shift.error.reasonRequired')));
      return false;
    }
    // A pay-out or safe drop over the limit needs a manager, with a proof the CRM verifies (decision 0040).
    const id = extra.newId();
    let approval: Approval | null = null;
    if (cashMoveNeedsApproval(kind, amountFen)) {
      approval = await dispatch(
        requestApproval({
          action: 'cashMove',
          detail: { kind, amountFen, reason: reason.trim().slice(0, 200) },
          proofFor: { action: 'cashMove', subjectId: id, amountFen },
        }),
      );
      if (!approval) {
        dispatch(shiftFailed(msg('shift.move.approvalCancelled')));
        return false;
      }
    }
    dispatch(shiftWorking(true));
    const { ledger, platform, sync } = extra.services.get();
    try {
      const move = await recordCashMove(
        ledger,
        {
          id,
          kind,
          amountFen,
          reason,
          staffId: s.session.cashierId || 'unknown',
          ...(approval ? { approvedBy: approval.approverId } : {}),
          ...(approval?.proof ? { approval: approval.proof } : {}),
          audit: { newId: extra.newId, toOutbox: sync !== undefined },
        },
        clockOf(extra),
      );
      dispatch(shiftWorking(false));
      dispatch(dialogClosed());
      dispatch(toastShown({ ...msg(`shift.move.done.${kind}`, { amount: move.amountFen }), tone: 'info' }));
      void dispatch(outboxGrew());
      void platform.openDrawer().catch(() => undefined);
      return true;
    } catch (e) {
      logError(extra, 'cash move failed', e);
      dispatch(shiftFailed(shiftErrorMessage(e)));
      return false;
    }
  };

/** Category names from the catalog, for the report's lines. */
const named =
  (report: ShiftReport): AppThunk<Promise<ShiftReport>> =>
  async (_d, _g, extra) => {
    const categories = await extra.services
      .get()
      .catalog.categories()
      .catch(() => []);
    const byId = new Map(categories.map((c) => [c.id, c]));
    return nameCategories(report, (id) => byId.get(id));
  };

export const takeXReport = (): AppThunk<Promise<void>> => async (dispatch, _g, extra) => {
  try {
    const x = await xReport(extra.services.get().ledger, clockOf(extra));
    dispatch(xTaken(await dispatch(named(x))));
    dispatch(dialogOpened('shift:x'));
  } catch (e) {
    logError(extra, 'x report failed', e);
    dispatch(toastShown({ ...shiftErrorMessage(e), tone: 'error' }));
  }
};

/** Prints an X or Z as a slip; the result goes to the caller (a printer error never undoes anything). */
export const printShiftReport =
  (report: ShiftReport, awaitingSync = false): AppThunk<Promise<{ ok: boolean; error?: string }>> =>
  async (_d, getState, extra) => {
    const { platform, config, identity } = extra.services.get();
    const s = getState();
    const doc = buildShiftReportDoc(report, {
      storeName: s.settings.storeName,
      cashierName: maskName(s.session.cashierName),
      locale: s.settings.locale,
      width: config.printer.paperWidth,
      timeZone: identity.timeZone,
      awaitingSync,
    });
    try {
      const r = await platform.printReceipt({ jobId: extra.newId(), kind: 'slip', doc });
      return r.ok ? { ok: true } : { ok: false, error: r.message };
    } catch (e) {
      return { ok: false, error: String(e) };
    }
  };

export interface CountReview {
  countedFen: number;
  expectedFen: number;
  varianceFen: number;
  needsApproval: boolean;
  /** The shift closed (Z shown); false while a manager's approval is missing. */
  closed: boolean;
}

/**
 * The blind count is submitted: expected cash is computed only now. Within the threshold the shift closes at
 * once; beyond it a manager approves with a note first (requestApproval, 'cashVariance').
 */
export const submitCloseCount =
  (counts: Record<string, number>): AppThunk<Promise<CountReview | null>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    const shift = s.shift.current;
    if (s.shift.busy || !shift) return null;
    const checked = checkCounts(counts);
    if (!checked.ok) {
      dispatch(shiftFailed(msg('shift.error.badCount')));
      return null;
    }
    dispatch(shiftWorking(true));
    const { ledger, platform } = extra.services.get();
    try {
      const x = await xReport(ledger, clockOf(extra));
      const counted = countedFen(checked.counts);
      const v = cashVariance(counted, x.cash.expectedFen, DEFAULT_VARIANCE_THRESHOLD_FEN);
      const review: CountReview = {
        countedFen: counted,
        expectedFen: x.cash.expectedFen,
        varianceFen: v.varianceFen,
        needsApproval: v.needsApproval,
        closed: false,
      };
      let approvedBy: string | undefined;
      let note: string | undefined;
      let proof: Approval['proof'];
      if (v.needsApproval) {
        const approval = await dispatch(
          requestApproval({
            action: 'cashVariance',
            // Keys the overlay knows how to label (staff.detail.*): who counted, and by how much it is off.
            detail: { cashierId: shift.cashierId, varianceFen: v.varianceFen },
            noteRequired: true,
            proofFor: { action: 'cashVariance', subjectId: shift.id, amountFen: Math.abs(v.varianceFen) },
          }),
        );
        if (!approval || !approval.note?.trim()) {
          dispatch(shiftFailed(msg('shift.close.cancelled')));
          return review;
        }
        approvedBy = approval.approverId;
        note = approval.note;
        proof = approval.proof;
      }
      const closed = await closeShift(
        ledger,
        {
          shiftId: shift.id,
          closedBy: s.session.cashierId || shift.cashierId,
          counts: checked.counts,
          ...(note ? { note } : {}),
          ...(approvedBy ? { approvedBy } : {}),
          ...(proof ? { approval: proof } : {}),
        },
        clockOf(extra),
      );
      platform.log({
        level: 'info',
        msg: 'shift closed',
        data: { shiftId: closed.id, zNo: closed.zNo, varianceFen: v.varianceFen, approvedBy },
      });
      dispatch(shiftLoaded(null));
      dispatch(shiftWorking(false));
      void dispatch(outboxGrew());
      await dispatch(showZ(closed.id, true));
      return { ...review, closed: true };
    } catch (e) {
      logError(extra, 'shift close failed', e);
      dispatch(shiftFailed(shiftErrorMessage(e)));
      return null;
    }
  };

/** Shows a closed shift's Z (the last one when no id), printing it when asked. */
export const showZ =
  (shiftId?: string, print = false): AppThunk<Promise<void>> =>
  async (dispatch, _g, extra) => {
    const { ledger } = extra.services.get();
    const row = shiftId ? await getShift(ledger, shiftId) : await lastClosedShift(ledger);
    if (!row?.z) {
      dispatch(toastShown({ ...msg('shift.z.none'), tone: 'info' }));
      return;
    }
    const report = await dispatch(named(row.z));
    const sync = await zSyncState(ledger, row);
    dispatch(zShown({ shiftId: row.id, report, sync }));
    dispatch(screenShown('shift:z'));
    if (print) await dispatch(printZ());
  };

export const printZ = (): AppThunk<Promise<void>> => async (dispatch, getState) => {
  const z = getState().shift.z;
  if (!z || z.print === 'printing') return;
  dispatch(zPrinted({ print: 'printing' }));
  const r = await dispatch(printShiftReport(z.report, z.sync === 'awaitingSync'));
  dispatch(zPrinted(r.ok ? { print: 'printed' } : { print: 'failed', error: r.error ?? '' }));
};

/** Re-reads whether the CRM acknowledged the Z. */
export const refreshZSync = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const z = getState().shift.z;
  if (!z || !extra.services.ready) return;
  const { ledger } = extra.services.get();
  const row = await getShift(ledger, z.shiftId);
  if (!row) return;
  const sync = await zSyncState(ledger, row);
  if (sync !== z.sync) dispatch(zSyncChanged(sync));
};
