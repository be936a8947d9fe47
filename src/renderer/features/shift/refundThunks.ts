// F10 refunds: find the sale (local ledger first, works offline; else the CRM), choose lines and quantities, a
// manager approves, mobile payments go back through the provider, then one ledger transaction records the
// refund with its outbox record, and the refund receipt prints (the drawer opens for cash).
import { receiptNoFromCode, refundableLines } from '../../../domain/shift/refund';
import type { RefundRequestLine } from '../../../domain/shift/refund';
import { buildRefundReceipt } from '../../../hardware/core/receipt/refundReceipt';
import {
  commitRefund,
  findLocalSale,
  localRefundsOf,
  previewRefund,
  refundMobileTenders,
  RefundError,
  type SaleForRefund,
} from '../../../offline/refund/refunds';
import { fetchSaleForRefund } from '../../../offline/shift/crmReads';
import type { AppThunk, RootState } from '../../app/store';
import { msg, type UiMessage } from '../../app/uiMessage';
import { screenShown } from '../../app/uiSlice';
import { maskName } from '../session/mask';
import { requestApproval } from '../staff/approval';
import { outboxGrew } from '../sync/refreshSyncStatus';
import {
  refundBusy,
  refundDone,
  refundFailed,
  refundFound,
  refundPlanned,
  refundPrinted,
  refundQtySet,
  refundStarted,
} from './shiftSlice';
import { clockOf, loadShift, shiftGateOn } from './shiftThunks';

export const openRefundScreen = (): AppThunk => (dispatch) => {
  dispatch(refundStarted());
  dispatch(screenShown('shift:refund'));
  void dispatch(loadShift());
};

const requestOf = (s: RootState): RefundRequestLine[] =>
  Object.entries(s.shift.refund.qty)
    .filter(([, qty]) => qty > 0)
    .map(([lineId, qty]) => ({ lineId, qty }));

function refundErrorMessage(e: unknown): UiMessage {
  if (e instanceof RefundError) return msg(`shift.refund.error.${e.code}`, { detail: e.message });
  return msg('shift.refund.error.failed', { detail: e instanceof Error ? e.message : String(e) });
}

export const findRefundSale =
  (code: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    if (getState().shift.refund.busy) return;
    const receiptNo = receiptNoFromCode(code);
    if (!receiptNo) {
      dispatch(refundFailed(msg('shift.refund.error.badCode', { code: code.trim().slice(0, 40) })));
      return;
    }
    const { ledger, sync, platform } = extra.services.get();
    dispatch(refundBusy(msg('shift.refund.finding')));
    const found = async (target: SaleForRefund) => {
      const local = await localRefundsOf(ledger, target.sale.id);
      const known = new Set(local.map((r) => r.id));
      const prior = [...local, ...target.remotePrior.filter((r) => !known.has(r.refundId))];
      const refunded = Object.fromEntries(
        refundableLines(target.sale, prior).map((r) => [r.line.lineId, r.refundedQty]),
      );
      dispatch(refundFound({ target, refunded }));
    };
    const local = await findLocalSale(ledger, receiptNo);
    if (local) {
      await found(local);
      return;
    }
    if (!sync) {
      dispatch(refundFailed(msg('shift.refund.error.notFound', { code: receiptNo })));
      return;
    }
    const r = await fetchSaleForRefund(sync.client, receiptNo);
    if (r.ok) {
      await found(r.value);
      return;
    }
    platform.log({
      level: 'warn',
      msg: 'refund sale lookup failed',
      data: { receiptNo, ...r.failure, problem: undefined },
    });
    dispatch(
      refundFailed(
        r.failure.status === 404
          ? msg('shift.refund.error.notFound', { code: receiptNo })
          : r.failure.code === 'receipt-no-ambiguous'
            ? msg('shift.refund.error.ambiguous', { code: receiptNo })
            : msg('shift.refund.error.offline'),
      ),
    );
  };

export const setRefundQty =
  (lineId: string, qty: number): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    dispatch(refundQtySet({ lineId, qty }));
    const s = getState();
    const target = s.shift.refund.target;
    const request = requestOf(s);
    if (!target || request.length === 0) {
      dispatch(refundPlanned({ plan: null, error: null }));
      return;
    }
    const r = await previewRefund(
      extra.services.get().ledger,
      target,
      request,
      s.settings.cashRoundingToJiao,
    );
    dispatch(
      r.ok
        ? refundPlanned({ plan: r.plan, error: null })
        : refundPlanned({ plan: null, error: msg(`shift.refund.error.${r.reason}`) }),
    );
  };

export const confirmRefund = (): AppThunk<Promise<boolean>> => async (dispatch, getState, extra) => {
  const s = getState();
  const { target, plan, busy } = s.shift.refund;
  if (busy || !target) return false;
  const request = requestOf(s);
  if (!plan || request.length === 0) {
    dispatch(refundFailed(msg('shift.refund.error.noLines')));
    return false;
  }
  if (shiftGateOn() && !(s.shift.current ?? (await dispatch(loadShift())))) {
    dispatch(refundFailed(msg('shift.refund.error.noShift')));
    return false;
  }
  dispatch(refundBusy(msg('shift.refund.approval')));
  // The refund's id is made first: the approval the CRM verifies names it (decision 0040).
  const id = extra.newId();
  const approval = await dispatch(
    requestApproval({
      action: 'refund',
      detail: { receiptNo: target.sale.receiptNo, amountFen: plan.totalFen },
      proofFor: { action: 'refund', subjectId: id, amountFen: plan.totalFen },
    }),
  );
  if (!approval) {
    dispatch(refundFailed(msg('shift.refund.error.cancelled')));
    return false;
  }
  dispatch(refundBusy(msg('shift.refund.working')));
  const { ledger, payment, platform } = extra.services.get();
  try {
    const refundReferences = await refundMobileTenders(payment, id, plan);
    const row = await commitRefund(
      ledger,
      {
        id,
        target,
        request,
        plan,
        staffId: s.session.cashierId || 'unknown',
        approvedBy: approval.approverId,
        ...(approval.proof ? { approval: approval.proof } : {}),
        roundCashToJiao: s.settings.cashRoundingToJiao,
        refundReferences,
        newId: extra.newId,
      },
      clockOf(extra),
    );
    const { seq: _seq, ...refund } = row;
    platform.log({
      level: 'info',
      msg: 'refund completed',
      data: {
        refundId: refund.id,
        receiptNo: refund.receiptNo,
        totalFen: refund.totalFen,
        approvedBy: approval.approverId,
      },
    });
    dispatch(refundDone(refund));
    void dispatch(outboxGrew());
    await dispatch(printRefundReceipt());
    return true;
  } catch (e) {
    platform.log({ level: 'error', msg: 'refund failed', data: { error: String(e) } });
    dispatch(refundFailed(refundErrorMessage(e)));
    return false;
  }
};

export const printRefundReceipt = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const s = getState();
  const refund = s.shift.refund.done;
  if (!refund) return;
  const { platform, config, identity } = extra.services.get();
  const doc = buildRefundReceipt(refund, {
    storeName: s.settings.storeName,
    cashierName: maskName(s.session.cashierName),
    locale: s.settings.locale,
    width: config.printer.paperWidth,
    timeZone: identity.timeZone,
  });
  dispatch(refundPrinted('printing'));
  try {
    const r = await platform.printReceipt({
      jobId: extra.newId(),
      kind: 'receipt',
      doc,
      openDrawer: refund.tenders.some((t) => t.kind === 'cash'),
    });
    dispatch(refundPrinted(r.ok ? 'printed' : 'failed'));
  } catch {
    dispatch(refundPrinted('failed'));
  }
};
