// Taking payment. Every step checks `working` first and sets it before any await, so a double Enter or a
// double tap cannot apply a tender twice or commit two sales; the sale id made at the start makes the commit
// itself idempotent as well.
import { classifyScan } from '../../../domain/codes';
import { parseYuanToFen, roundCashToJiao } from '../../../domain/money';
import {
  makeCardTender,
  makeCashTender,
  makeMobileTender,
  makeVoucherTender,
  tenderSummary,
} from '../../../domain/tender';
import { quoteRedemption } from '../../../domain/membership/points';
import { canSpend, memberSaleRecorded } from '../member/memberSlice';
import { pointsTendered, saleMembership } from '../member/saleMembership';
import { memberSaleCommitted, selectCrmOnline } from '../member/memberThunks';
import { requestApproval } from '../staff/approval';
import { checkShiftForSale, shiftGateOn } from '../shift/shiftThunks';
import { commitSale } from '../../../offline/sales';
import { outboxGrew } from '../sync/refreshSyncStatus';
import {
  payWithMobile,
  type MobilePayOptions,
  type MobilePayResult,
} from '../../../offline/payment/mobilePayment';
import type { SimulatedPayOutcome } from '../../../offline/payment/simulator';
import type { SimulatorMode } from '../settings/settingsSlice';
import { createSelector } from '@reduxjs/toolkit';
import type { AppThunk, RootState } from '../../app/store';
import { msg } from '../../app/uiMessage';
import { dialogClosed, dialogOpened, toastShown } from '../../app/uiSlice';
import { cartCleared } from '../cart/cartSlice';
import { selectTotals } from '../cart/selectors';
import { saleCompleted } from '../receipt/receiptSlice';
import { buildReceiptLines } from '../receipt/printReceipt';
import {
  tenderAdded,
  tenderFailed,
  tenderReset,
  tenderStarted,
  workEnded,
  workStarted,
  type TenderMode,
} from './tenderSlice';

/** What is still to pay; cash rounding already taken counts towards what is payable. */
export const selectPayment = createSelector(
  [selectTotals, (s: RootState) => s.tender.tenders],
  (totals, tenders) => ({
    totals,
    ...tenderSummary(totals.dueFen, tenders),
  }),
);

/** Unknown outcomes are settled quickly enough for a cashier to wait: two queries 1.5 s apart, then reverse. */
export const DEMO_PAYMENT_RESOLVE: MobilePayOptions = {
  maxQueries: 2,
  queryIntervalMs: 1500,
  reverseIntervalMs: 500,
};

const SIMULATED_OUTCOME: Record<SimulatorMode, SimulatedPayOutcome> = {
  success: { kind: 'success' },
  decline: { kind: 'decline', reason: 'insufficientFunds' },
  timeout: { kind: 'timeout', charged: false, delayMs: 2000 },
};

// Provider names are shown as the provider calls itself in both languages.
const providerLabel = (provider: 'wechat' | 'alipay') =>
  provider === 'wechat' ? '微信支付 WeChat Pay' : '支付宝 Alipay';

/** The amount a cash customer is asked for: rounded to the jiao where the store rounds cash. */
export function cashDueFen(remainingFen: number, roundToJiao: boolean): number {
  return roundToJiao ? roundCashToJiao(remainingFen).roundedFen : remainingFen;
}

export const openTender =
  (mode: TenderMode): AppThunk =>
  (dispatch, getState, extra) => {
    const s = getState();
    if (s.tender.working) return;
    if (s.cart.cart.lines.length === 0) {
      dispatch(toastShown({ ...msg('tender.error.emptyCart'), tone: 'error' }));
      return;
    }
    // Selling needs an open shift (F12); the check reads the ledger once, then comes back here.
    if (shiftGateOn() && !s.shift.current) {
      void dispatch(checkShiftForSale()).then((ok) => ok && dispatch(openTender(mode)));
      return;
    }
    dispatch(tenderStarted({ saleId: s.tender.saleId ?? extra.newId(), mode }));
    dispatch(dialogOpened('tender'));
  };

export const payCash =
  (tenderedText: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    if (s.tender.working) return;
    const pay = selectPayment(s);
    if (pay.complete) return dispatch(completeSale());
    const tenderedFen = tenderedText.trim() === '' ? pay.remainingFen : parseYuanToFen(tenderedText);
    if (tenderedFen === null || tenderedFen <= 0) {
      dispatch(tenderFailed(msg('tender.error.badAmount', { text: tenderedText })));
      return;
    }
    const r = makeCashTender({
      id: extra.newId(),
      dueRemainingFen: pay.remainingFen,
      tenderedFen,
      roundToJiao: s.settings.cashRoundingToJiao,
    });
    if (!r.ok) {
      const due = cashDueFen(pay.remainingFen, s.settings.cashRoundingToJiao);
      dispatch(
        tenderFailed(
          r.reason === 'short'
            ? msg('tender.error.short', { short: due - tenderedFen, due })
            : msg('tender.error.badAmount', { text: tenderedText }),
        ),
      );
      return;
    }
    dispatch(tenderAdded({ tender: r.tender }));
    if (selectPayment(getState()).complete) await dispatch(completeSale());
  };

export const payCard =
  (amountText: string, reference: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    if (s.tender.working) return;
    const pay = selectPayment(s);
    if (pay.complete) return dispatch(completeSale());
    const amountFen = amountText.trim() === '' ? pay.remainingFen : parseYuanToFen(amountText);
    if (amountFen === null || amountFen <= 0 || amountFen > pay.remainingFen) {
      dispatch(tenderFailed(msg('tender.error.cardAmount', { max: pay.remainingFen })));
      return;
    }
    const ref = reference.trim();
    // The card terminal's reference (凭证号/参考号) is what reconciles the two systems at day end.
    if (!/^[A-Za-z0-9-]{4,32}$/.test(ref)) {
      dispatch(tenderFailed(msg('tender.error.cardReference')));
      return;
    }
    const r = makeCardTender({
      id: extra.newId(),
      dueRemainingFen: pay.remainingFen,
      amountFen,
      reference: ref,
    });
    if (!r.ok) {
      dispatch(tenderFailed(msg(`tender.error.card.${r.reason}`, { max: pay.remainingFen })));
      return;
    }
    dispatch(tenderAdded({ tender: r.tender }));
    if (selectPayment(getState()).complete) await dispatch(completeSale());
  };

export const payMobile =
  (code: string, amountText = ''): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    if (s.tender.working || !s.tender.saleId) return;
    const pay = selectPayment(s);
    if (pay.complete) return dispatch(completeSale());
    const scan = classifyScan(code.trim(), 'payment');
    if (scan.kind !== 'payment') {
      dispatch(tenderFailed(msg('tender.error.notAPaymentCode')));
      return;
    }
    const amountFen = amountText.trim() === '' ? pay.remainingFen : parseYuanToFen(amountText);
    if (amountFen === null || amountFen <= 0 || amountFen > pay.remainingFen) {
      dispatch(tenderFailed(msg('tender.error.cardAmount', { max: pay.remainingFen })));
      return;
    }
    const { ledger, payment, simulator } = extra.services.get();
    const mode = s.settings.simulatorMode;
    // The demo switch scripts the simulator's next answer; a real provider ignores the setting.
    simulator?.setNextOutcome(SIMULATED_OUTCOME[mode]);
    dispatch(workStarted(msg('tender.mobileWaiting', { provider: providerLabel(scan.provider) })));
    let r: MobilePayResult;
    try {
      r = await payWithMobile(
        ledger,
        payment,
        { saleId: s.tender.saleId, amountFen, authCode: scan.authCode, provider: scan.provider },
        DEMO_PAYMENT_RESOLVE,
      );
    } catch (e) {
      extra.services
        .get()
        .platform.log({ level: 'error', msg: 'mobile payment threw', data: { error: String(e) } });
      dispatch(tenderFailed(msg('tender.error.mobileFailed')));
      return;
    }
    if (r.status !== 'paid') {
      const key =
        r.status === 'invalid'
          ? 'tender.error.notAPaymentCode'
          : simulator && mode === 'timeout'
            ? 'tender.mobileResult.timeout'
            : `tender.mobileResult.${r.status}`;
      dispatch(tenderFailed(msg(key)));
      return;
    }
    const made = makeMobileTender({
      id: extra.newId(),
      dueRemainingFen: pay.remainingFen,
      amountFen,
      provider: r.provider,
      authCode: scan.authCode,
      transactionId: r.transactionId,
    });
    if (!made.ok) {
      // Paid at the gateway but refused here cannot happen with the checks above; say so rather than lose it.
      extra.services.get().platform.log({
        level: 'error',
        msg: 'paid but tender refused',
        data: { ...r, reason: made.reason },
      });
      dispatch(tenderFailed(msg('tender.mobileResult.failed')));
      return;
    }
    dispatch(workEnded());
    dispatch(tenderAdded({ tender: made.tender }));
    if (selectPayment(getState()).complete) await dispatch(completeSale());
  };

/**
 * Member points as a tender: within the balance (provisional offline), the share of the sale points may pay,
 * the per-sale maximum, and offline the cap, which a manager may lift. The tender's reference is the ledger
 * entry id of the redemption, made here so a re-sent sale can never redeem twice.
 */
export const payPoints =
  (pointsText: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    const m = s.member.attached;
    if (s.tender.working || !m) return;
    const pay = selectPayment(s);
    if (pay.complete) return dispatch(completeSale());
    if (!canSpend(m)) {
      // Attached by card or phone: member prices and earning, but spending needs the member's scanned code.
      dispatch(tenderFailed(msg('member.proof.required')));
      return;
    }
    const requested = Number(pointsText.trim());
    const already = pointsTendered(s).points;
    const base = {
      balance: m.balance,
      saleDueFen: pay.totals.dueFen,
      remainingFen: pay.remainingFen,
      alreadyPoints: already,
      rules: m.rules,
      requested: Number.isSafeInteger(requested) ? requested : -1,
    };
    const offline = m.source === 'cache' || !selectCrmOnline(s);
    let q = quoteRedemption({ ...base, offline });
    if (!q.ok && q.reason === 'overOfflineCap') {
      dispatch(workStarted(msg('member.points.approval')));
      const approval = await dispatch(
        requestApproval({
          action: 'offlineRedemptionOverCap',
          detail: { memberId: m.id, points: requested, cap: m.rules.redeem.offlineCapPoints },
        }),
      );
      dispatch(workEnded());
      if (approval) q = quoteRedemption({ ...base, offline: false });
    }
    if (!q.ok) {
      extra.services.get().platform.log({
        level: 'info',
        msg: 'points tender refused',
        data: { reason: q.reason, requested: pointsText, max: q.limits.maxPoints },
      });
      dispatch(
        tenderFailed(
          msg(`member.points.refused.${q.reason}`, { most: q.limits.maxPoints, least: q.limits.minPoints }),
        ),
      );
      return;
    }
    const made = makeVoucherTender({
      id: extra.newId(),
      kind: 'points',
      dueRemainingFen: pay.remainingFen,
      amountFen: q.amountFen,
      reference: extra.newId(),
    });
    if (!made.ok) {
      dispatch(tenderFailed(msg('member.points.refused.overLimit', { most: 0, least: 0 })));
      return;
    }
    dispatch(tenderAdded({ tender: made.tender }));
    if (selectPayment(getState()).complete) await dispatch(completeSale());
  };

/** Commits the sale; "done" and the receipt only once the ledger transaction has resolved. */
export const completeSale = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const s = getState();
  if (s.tender.working || !s.tender.saleId) return;
  const pay = selectPayment(s);
  if (!pay.complete) return;
  dispatch(workStarted(msg('tender.committing')));
  const { ledger, identity, config, platform } = extra.services.get();
  // Points earned and redeemed and coupons used go into the sale's own mutation (one ledger transaction).
  const membership = saleMembership(s, extra.newId);
  try {
    const sale = await commitSale(
      ledger,
      {
        id: s.tender.saleId,
        storeId: identity.storeId,
        terminalId: identity.terminalId,
        cashierId: s.session.cashierId,
        ...(s.shift.current ? { shiftId: s.shift.current.id } : {}),
        lines: s.cart.cart.lines,
        tenders: s.tender.tenders,
        totals: pay.totals,
        roundingFen: pay.roundingFen,
        changeFen: pay.changeFen,
        ...(s.cart.cart.memberId ? { memberId: s.cart.cart.memberId } : {}),
        status: 'completed',
      },
      undefined,
      {
        ...membership.intents,
        ...(s.cart.lineApprovals.length > 0 ? { approvals: s.cart.lineApprovals } : {}),
      },
    );
    if (membership.receipt) dispatch(memberSaleRecorded({ saleId: sale.id, receipt: membership.receipt }));
    if (sale.memberId && membership.intents.coupons?.length)
      void dispatch(
        memberSaleCommitted(
          sale.memberId,
          membership.intents.coupons.map((c) => c.couponId),
        ),
      );
    const lines = buildReceiptLines(sale, getState(), config.printer.paperWidth, identity.timeZone);
    dispatch(dialogClosed());
    dispatch(cartCleared());
    dispatch(tenderReset());
    dispatch(saleCompleted({ sale, lines, at: extra.now().getTime() }));
    void dispatch(outboxGrew());
  } catch (e) {
    platform.log({ level: 'error', msg: 'commitSale failed', data: { error: String(e) } });
    // Nothing is lost: the cart and the tenders stay, and Enter tries the same sale id again.
    dispatch(tenderFailed(msg('tender.error.commitFailed')));
  }
};

/** F8: only while no money has moved electronically; card and mobile tenders need a refund instead. */
export const voidSale = (): AppThunk => (dispatch, getState) => {
  const s = getState();
  if (s.tender.working) return;
  if (s.tender.tenders.some((t) => t.kind !== 'cash')) {
    dispatch(dialogClosed());
    dispatch(toastShown({ ...msg('voidSale.error.paid'), tone: 'error' }));
    return;
  }
  dispatch(cartCleared());
  dispatch(tenderReset());
  dispatch(dialogClosed());
  dispatch(toastShown({ ...msg('voidSale.done'), tone: 'info' }));
};
