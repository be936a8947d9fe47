// The member on the current sale (what the cashier sees: masked), the lookup dialog's state, the profile's
// history pages, and what each completed sale's receipt says about the member.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ReceiptMember } from '../../../hardware/core/receipt/saleReceipt';
import type { MemberRules } from '../../../domain/membership/rules';
import type { CouponTerms } from '../../../domain/membership/coupons';
import type { Member, MemberPurchasePage, MemberTillProfile } from '../../../shared/crm';
import type { UiMessage } from '../../app/uiMessage';
import { cartCleared } from '../cart/cartSlice';

export interface AttachedMember {
  id: string;
  /** 'M******1234': the till keeps no full card number (docs/decisions/0046). */
  cardMasked: string;
  nameMasked: string;
  phoneMasked: string;
  tier: string;
  tierName: string;
  /** Provisional balance: last synced plus this till's pending deltas (see src/offline/members). */
  balance: number;
  provisional: boolean;
  source: 'crm' | 'cache';
  expiringSoon: { expiresOn: string; points: number }[];
  /** Coupons the member may use (issued, not past their end). */
  coupons: CouponTerms[];
  /** The CRM's profile when it answered; null offline (history, tags and suggestions need the CRM). */
  profile: MemberTillProfile | null;
  rules: MemberRules;
  attachedAt: string;
  /**
   * The scanned member code (MT1. token) when the member was identified by it: the proof the CRM needs to let
   * this sale spend the member's points or coupons. Absent when attached by card number or phone lookup.
   */
  proof?: string;
}

/** Spending points or the member's own coupons needs the member's scanned code on this sale. */
export function canSpend(m: Pick<AttachedMember, 'proof'> | null | undefined): boolean {
  return !!m?.proof;
}

export interface MemberState {
  attached: AttachedMember | null;
  busy: boolean;
  error: UiMessage | null;
  errorSeq: number;
  /** Phone lookup answers to pick from. */
  matches: Member[];
  history: { page: MemberPurchasePage | null; loading: boolean; error: UiMessage | null };
  /** A full phone number a manager revealed, shown until the profile closes. */
  revealed: { memberId: string; phone: string } | null;
  /** Per completed sale: the member part of its receipt (kept for the last few, for reprints). */
  receipts: Record<string, ReceiptMember>;
  receiptOrder: string[];
}

const initialState: MemberState = {
  attached: null,
  busy: false,
  error: null,
  errorSeq: 0,
  matches: [],
  history: { page: null, loading: false, error: null },
  revealed: null,
  receipts: {},
  receiptOrder: [],
};

const KEEP_RECEIPTS = 20;

export const memberSlice = createSlice({
  name: 'member',
  initialState,
  reducers: {
    lookupStarted(state) {
      state.busy = true;
      state.error = null;
    },
    lookupFailed(state, action: PayloadAction<UiMessage>) {
      state.busy = false;
      state.error = action.payload;
      state.errorSeq += 1;
    },
    matchesFound(state, action: PayloadAction<Member[]>) {
      state.busy = false;
      state.matches = action.payload;
    },
    memberAttached(state, action: PayloadAction<AttachedMember>) {
      state.busy = false;
      state.error = null;
      state.matches = [];
      state.attached = action.payload;
      state.history = { page: null, loading: false, error: null };
      state.revealed = null;
    },
    memberDetached(state) {
      state.attached = null;
      state.history = { page: null, loading: false, error: null };
      state.revealed = null;
    },
    memberErrorCleared(state) {
      state.error = null;
      state.matches = [];
    },
    historyLoading(state) {
      state.history.loading = true;
      state.history.error = null;
    },
    historyLoaded(state, action: PayloadAction<MemberPurchasePage>) {
      state.history = { page: action.payload, loading: false, error: null };
    },
    historyFailed(state, action: PayloadAction<UiMessage>) {
      state.history.loading = false;
      state.history.error = action.payload;
    },
    phoneRevealed(state, action: PayloadAction<{ memberId: string; phone: string }>) {
      state.revealed = action.payload;
    },
    phoneHidden(state) {
      state.revealed = null;
    },
    memberSaleRecorded(state, action: PayloadAction<{ saleId: string; receipt: ReceiptMember }>) {
      state.receipts[action.payload.saleId] = action.payload.receipt;
      state.receiptOrder.push(action.payload.saleId);
      while (state.receiptOrder.length > KEEP_RECEIPTS) delete state.receipts[state.receiptOrder.shift()!];
    },
  },
  extraReducers: (b) => {
    // A completed or voided sale ends with an empty cart: the member leaves with the customer.
    b.addCase(cartCleared, (state) => {
      state.attached = null;
      state.matches = [];
      state.revealed = null;
      state.history = { page: null, loading: false, error: null };
    });
  },
});

export const {
  lookupStarted,
  lookupFailed,
  matchesFound,
  memberAttached,
  memberDetached,
  memberErrorCleared,
  historyLoading,
  historyLoaded,
  historyFailed,
  phoneRevealed,
  phoneHidden,
  memberSaleRecorded,
} = memberSlice.actions;
