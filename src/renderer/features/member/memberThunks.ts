// Identifying the customer and using their membership on this sale: attach (QR token, card, phone lookup),
// coupons, the profile's history pages, the manager's phone reveal. Every failure becomes a translated message
// next to where the cashier looks and a structured log line; nothing on the sale is lost by a failed lookup.
import { maskMemberCard } from '../../../domain/membership/memberCard';
import type { ApprovalProof } from '../../../shared/crm/approvals';
import { businessDateOf } from '../../../domain/businessDate';
import { classifyScan } from '../../../domain/codes';
import { couponRefusal } from '../../../domain/membership/coupons';
import {
  forgetUsedCoupons,
  identifyMember,
  memberConfigFor,
  memberCrm,
  type IdentifyDeps,
  type IdentifyInput,
  type Identified,
} from '../../../offline/members';
import type { AppThunk, RootState } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg } from '../../app/uiMessage';
import { dialogClosed, dialogOpened, toastShown } from '../../app/uiSlice';
import { couponApplied, couponRemoved, memberPricingSet } from '../cart/cartSlice';
import { nextSaleStarted } from '../receipt/receiptSlice';
import { requestApproval } from '../staff/approval';
import {
  historyFailed,
  historyLoaded,
  historyLoading,
  lookupFailed,
  lookupStarted,
  matchesFound,
  memberAttached,
  memberDetached,
  phoneRevealed,
  canSpend,
  type AttachedMember,
} from './memberSlice';

export const HISTORY_PAGE_SIZE = 5;

/** The CRM counts as reachable when a CRM is configured and the sync runner last saw it answer. */
export const selectCrmOnline = (s: RootState): boolean => s.sync.crm && s.sync.online;

function deps(extra: Extra, s: RootState): IdentifyDeps {
  const { ledger, cache, sync } = extra.services.get();
  return {
    ledger,
    cache,
    crm: sync ? memberCrm(sync.client) : null,
    online: selectCrmOnline(s),
    now: () => extra.now(),
  };
}

function log(extra: Extra, level: 'info' | 'warn' | 'error', m: string, data: Record<string, unknown>): void {
  extra.services.get().platform.log({ level, msg: m, data });
}

function toAttached(v: Identified, now: Date, proof: string | undefined): AttachedMember {
  const m = v.member;
  return {
    ...(proof ? { proof } : {}),
    id: m.id,
    cardMasked: maskMemberCard(m.cardLast4),
    nameMasked: m.nameMasked,
    phoneMasked: m.phoneMasked,
    tier: m.tier,
    tierName: m.tierName,
    balance: v.balance.balance,
    provisional: v.balance.provisional,
    source: v.source,
    expiringSoon: m.expiringSoon,
    coupons: m.coupons,
    profile: v.profile,
    rules: v.rules,
    attachedAt: now.toISOString(),
  };
}

/** Identify, then put the member on the sale: tier prices on every line, the panel filled. */
const attach =
  (input: IdentifyInput, via: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    if (s.member.busy) return;
    if (s.tender.tenders.length > 0) {
      // Prices would change under money already taken: finish or void the payment first.
      dispatch(dialogOpened('member'));
      dispatch(lookupFailed(msg('member.error.paymentStarted')));
      return;
    }
    dispatch(lookupStarted());
    const r = await identifyMember(deps(extra, s), input);
    if (!r.ok) {
      log(extra, 'warn', 'member not identified', { via, reason: r.reason });
      if (getState().ui.dialog !== 'member') dispatch(dialogOpened('member'));
      dispatch(lookupFailed(msg(`member.error.${r.reason}`)));
      return;
    }
    // Only a scanned member code proves the customer is here: it lets the sale spend their points and coupons.
    const member = toAttached(r.value, extra.now(), input.kind === 'token' ? input.token : undefined);
    log(extra, 'info', 'member attached', {
      via,
      memberId: member.id,
      canSpend: canSpend(member),
      source: member.source,
      provisional: member.provisional,
    });
    if (getState().receipt.sale) dispatch(nextSaleStarted());
    // Another customer's card replaces the member: the previous member's coupons leave the sale with them.
    const before = getState().member.attached;
    if (before && before.id !== member.id) dispatch(memberPricingSet(null));
    dispatch(memberAttached(member));
    dispatch(memberPricingSet({ memberId: member.id, tier: member.tier, rules: member.rules }));
    if (getState().ui.dialog === 'member') dispatch(dialogClosed());
    dispatch(
      toastShown({
        ...msg(member.source === 'cache' ? 'member.attachedOffline' : 'member.attached', {
          name: member.nameMasked,
          tier: member.tierName,
        }),
        tone: 'info',
      }),
    );
  };

/** A scan (sale screen or member dialog): a member QR token or a card number. */
export const attachFromScan =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch) => {
    const scan = classifyScan(raw, 'member');
    if (scan.kind === 'memberToken') return dispatch(attach({ kind: 'token', token: scan.token }, 'qr'));
    if (scan.kind === 'memberCard') return dispatch(attach({ kind: 'card', cardNo: scan.cardNo }, 'card'));
    dispatch(dialogOpened('member'));
    dispatch(
      lookupFailed(
        msg(
          scan.kind === 'invalid' && scan.reason === 'checkDigit'
            ? 'member.error.checkDigit'
            : 'member.error.notAMemberCode',
        ),
      ),
    );
  };

/** What the cashier typed in the member dialog: a card number, a phone number, or a pasted token. */
export const attachFromInput =
  (text: string): AppThunk<Promise<void>> =>
  async (dispatch) => {
    const t = text.trim().replace(/[\s-]/g, '');
    if (/^1\d{10}$/.test(t)) return dispatch(lookupByPhone(t));
    return dispatch(attachFromScan(text));
  };

export const attachById =
  (memberId: string): AppThunk<Promise<void>> =>
  (dispatch) =>
    dispatch(attach({ kind: 'id', memberId }, 'phone'));

/** Phone lookup is online only (a phone number is personal data the till does not keep). */
export const lookupByPhone =
  (phone: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    const d = deps(extra, s);
    if (!d.crm || !d.online) {
      dispatch(lookupFailed(msg('member.error.phoneOffline')));
      return;
    }
    dispatch(lookupStarted());
    const r = await d.crm.lookupPhone(phone);
    if (!r.ok) {
      log(extra, 'warn', 'member phone lookup failed', { code: r.failure.code, kind: r.failure.kind });
      dispatch(
        lookupFailed(
          msg(r.failure.kind === 'transient' ? 'member.error.phoneOffline' : 'member.error.lookupFailed'),
        ),
      );
      return;
    }
    if (r.value.length === 0) dispatch(lookupFailed(msg('member.error.notFound')));
    else if (r.value.length === 1) await dispatch(attachById(r.value[0]!.id));
    else dispatch(matchesFound(r.value));
  };

/** Member off the sale: list prices again, coupons off. Not once points paid part of it. */
export const detachMember = (): AppThunk => (dispatch, getState) => {
  const s = getState();
  if (s.tender.tenders.some((t) => t.kind === 'points' || t.kind === 'coupon') || s.tender.working) {
    dispatch(toastShown({ ...msg('member.error.paymentStarted'), tone: 'error' }));
    return;
  }
  dispatch(memberPricingSet(null));
  dispatch(memberDetached());
  dispatch(dialogClosed());
};

/** A coupon from the member's list on this sale, after every rule (dates, owner, stacking, policy, threshold). */
export const applyCoupon =
  (couponId: string): AppThunk<boolean> =>
  (dispatch, getState, extra) => {
    const s = getState();
    const m = s.member.attached;
    const coupon = m?.coupons.find((c) => c.id === couponId);
    if (!m || !coupon) return false;
    if (s.tender.tenders.length > 0) {
      dispatch(lookupFailed(msg('member.error.paymentStarted')));
      return false;
    }
    if (!coupon.bearer && !canSpend(m)) {
      log(extra, 'info', 'coupon refused', { couponId, refusal: 'needsMemberCode' });
      dispatch(lookupFailed(msg('member.proof.required')));
      return false;
    }
    const { identity } = extra.services.get();
    const refusal = couponRefusal(coupon, s.cart.cart.lines, {
      today: businessDateOf(extra.now().toISOString(), identity.timeZone),
      memberId: m.id,
      online: selectCrmOnline(s) && m.source === 'crm',
      applied: s.cart.coupons,
      rules: m.rules,
    });
    if (refusal) {
      log(extra, 'info', 'coupon refused', { couponId, refusal });
      dispatch(
        lookupFailed(
          msg(`member.coupon.refused.${refusal}`, { code: coupon.code, amount: coupon.minSpendFen }),
        ),
      );
      return false;
    }
    dispatch(couponApplied(coupon));
    dispatch(
      toastShown({
        ...msg('member.coupon.applied', { code: coupon.code, title: coupon.title }),
        tone: 'info',
      }),
    );
    return true;
  };

export const removeCoupon =
  (couponId: string): AppThunk =>
  (dispatch, getState) => {
    if (getState().tender.tenders.length > 0) {
      dispatch(lookupFailed(msg('member.error.paymentStarted')));
      return;
    }
    dispatch(couponRemoved(couponId));
  };

export const loadHistory =
  (page: number): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const s = getState();
    const m = s.member.attached;
    if (!m) return;
    const d = deps(extra, s);
    if (!d.crm || !d.online) {
      dispatch(historyFailed(msg('member.profile.needsCrm')));
      return;
    }
    dispatch(historyLoading());
    const r = await d.crm.purchases(m.id, page, HISTORY_PAGE_SIZE);
    if (r.ok) dispatch(historyLoaded(r.value));
    else {
      log(extra, 'warn', 'member history failed', { code: r.failure.code });
      dispatch(historyFailed(msg('member.profile.historyFailed')));
    }
  };

/** A manager's approval (audited by the staff feature), then the CRM's number, shown until the profile closes. */
export const revealPhone = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const s = getState();
  const m = s.member.attached;
  if (!m) return;
  const d = deps(extra, s);
  if (!d.crm || !d.online) {
    dispatch(historyFailed(msg('member.profile.needsCrm')));
    return;
  }
  const approval = await dispatch(
    requestApproval({
      action: 'revealPhone',
      detail: { memberId: m.id, phoneMasked: m.phoneMasked },
      reasonKey: 'member.profile.revealReason',
      proofFor: { action: 'revealPhone', subjectId: m.id, amountFen: 0 },
    }),
  );
  if (!approval) {
    dispatch(toastShown({ ...msg('member.profile.revealRefused'), tone: 'info' }));
    return;
  }
  const r = await d.crm.revealPhone(
    m.id,
    s.session.cashierId,
    approval.approverId,
    approval.proof as ApprovalProof | undefined,
  );
  if (!r.ok) {
    log(extra, 'warn', 'phone reveal failed', { code: r.failure.code });
    dispatch(toastShown({ ...msg('member.profile.revealFailed'), tone: 'error' }));
    return;
  }
  dispatch(phoneRevealed({ memberId: m.id, phone: r.value }));
};

/** Keys and rules fresh while the CRM answers (the top bar calls this whenever the till comes online). */
export const refreshMemberConfig = (): AppThunk<Promise<void>> => async (_dispatch, getState, extra) => {
  if (!extra.services.ready || !selectCrmOnline(getState())) return;
  await memberConfigFor(deps(extra, getState()));
};

/** After a member sale is committed: its coupons leave the member's cached list (best effort, logged). */
export const memberSaleCommitted =
  (memberId: string, couponIds: string[]): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, extra) => {
    try {
      await forgetUsedCoupons(extra.services.get().cache, memberId, couponIds);
    } catch (e) {
      log(extra, 'warn', 'cached coupons not updated', { memberId, error: String(e) });
    }
  };
