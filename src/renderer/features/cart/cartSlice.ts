import { createSlice, current, isDraft, type PayloadAction } from '@reduxjs/toolkit';
import type { ApprovalProofData } from '../../../domain/staff/approvalProof';
import type { Product } from '../../../domain/model';
import {
  emptyCart,
  setLineQty,
  tryAddProduct,
  voidLine,
  type Cart,
  type ScaleReading,
} from '../../../domain/cart';
import { priceCart, type CartPricing } from '../../../domain/membership/pricing';
import type { LineDiscount } from '../../../domain/model';
import { overrideLinePrice, withManualDiscount } from '../../../domain/discountPolicy';
import type { CouponRefusal, CouponTerms } from '../../../domain/membership/coupons';

export interface CartState {
  cart: Cart;
  /** The line F4/Del act on; follows the last scan, moved with the arrow keys. */
  selectedLineId: string | null;
  /** Bumped on every add so the view scrolls the line into view even when the same line grew. */
  addSeq: number;
  /** The attached member's tier prices (member feature); null: list prices. */
  pricing: CartPricing | null;
  /** Coupons on the sale, in the order applied. */
  coupons: CouponTerms[];
  /** Coupons taken off by the last change (a void left the sale under a threshold), for the member panel. */
  couponsDropped: { code: string; title: string; reason: CouponRefusal }[];
  /** Proofs of the managers' approvals of price overrides and large discounts, by line (decision 0040). */
  lineApprovals: LineApproval[];
}

export interface LineApproval {
  lineId: string;
  action: 'priceOverride' | 'discountOverLimit';
  approval: ApprovalProofData;
}

const initialState: CartState = {
  cart: emptyCart(),
  selectedLineId: null,
  addSeq: 0,
  pricing: null,
  coupons: [],
  couponsDropped: [],
  lineApprovals: [],
};

/** The newest approval of a line's override or discount replaces the one before (none: the line has none). */
function keepApproval(
  state: CartState,
  lineId: string,
  action: LineApproval['action'],
  approval: ApprovalProofData | undefined,
): void {
  const others = state.lineApprovals.filter((a) => !(a.lineId === lineId && a.action === action));
  state.lineApprovals = approval ? [...others, { lineId, action, approval }] : others;
}

/** Member prices and coupons follow every change of the lines (derived again, never patched). */
function reprice(state: CartState): void {
  if (!state.pricing && state.coupons.length === 0 && !state.cart.memberId) return;
  const plain = <T>(x: T): T => (isDraft(x) ? (current(x as never) as T) : x);
  const r = priceCart(
    plain(state.cart) as Cart,
    state.pricing ? (plain(state.pricing) as CartPricing) : null,
    [...(plain(state.coupons) as CouponTerms[])],
  );
  state.cart = r.cart;
  if (r.dropped.length) {
    const gone = new Set(r.dropped.map((d) => d.coupon.id));
    state.coupons = state.coupons.filter((c) => !gone.has(c.id));
    state.couponsDropped = r.dropped.map((d) => ({
      code: d.coupon.code,
      title: d.coupon.title,
      reason: d.reason,
    }));
  }
}

export const cartSlice = createSlice({
  name: 'cart',
  initialState,
  reducers: {
    productAdded(
      state,
      action: PayloadAction<{ product: Product; lineId: string; scannedCode: string; scale?: ScaleReading }>,
    ) {
      const { product, lineId, scannedCode, scale } = action.payload;
      // The scan handler checked with tryAddProduct first; a refusal here changes nothing.
      const r = tryAddProduct(
        current(state.cart) as Cart,
        product,
        scale ? { lineId, scannedCode, scale } : { lineId, scannedCode },
      );
      if (!r.ok) return;
      state.cart = r.cart;
      state.selectedLineId = r.lineId;
      state.addSeq += 1;
      reprice(state);
    },
    /** Only dispatched after setLineQty said yes (see setSelectedQty), so the reducer cannot fail. */
    qtySet(state, action: PayloadAction<{ lineId: string; qty: number }>) {
      const r = setLineQty(current(state.cart) as Cart, action.payload.lineId, action.payload.qty);
      if (r.ok) state.cart = r.cart;
      reprice(state);
    },
    lineVoided(state, action: PayloadAction<string>) {
      const lines = state.cart.lines;
      const i = lines.findIndex((l) => l.lineId === action.payload);
      if (i < 0) return;
      state.cart = voidLine(current(state.cart) as Cart, action.payload);
      const next = state.cart.lines[Math.min(i, state.cart.lines.length - 1)];
      state.selectedLineId = next ? next.lineId : null;
      reprice(state);
    },
    /** A member attached (tier prices on every line) or detached (null: list prices, coupons off). */
    memberPricingSet(state, action: PayloadAction<CartPricing | null>) {
      state.pricing = action.payload;
      if (!action.payload) state.coupons = [];
      state.couponsDropped = [];
      reprice(state);
      if (!action.payload) delete state.cart.memberId;
    },
    /** The member feature checked the coupon (state, dates, owner, stacking, policy, scope, threshold). */
    couponApplied(state, action: PayloadAction<CouponTerms>) {
      if (state.coupons.some((c) => c.id === action.payload.id)) return;
      state.coupons.push(action.payload);
      state.couponsDropped = [];
      reprice(state);
    },
    couponRemoved(state, action: PayloadAction<string>) {
      state.coupons = state.coupons.filter((c) => c.id !== action.payload);
      state.couponsDropped = [];
      reprice(state);
    },
    selectionMoved(state, action: PayloadAction<1 | -1>) {
      const lines = state.cart.lines;
      if (!lines.length) return;
      const i = lines.findIndex((l) => l.lineId === state.selectedLineId);
      const j = i < 0 ? lines.length - 1 : Math.max(0, Math.min(lines.length - 1, i + action.payload));
      state.selectedLineId = lines[j]?.lineId ?? null;
    },
    /** A manager approved the new unit price (checked with overrideLinePrice first). */
    linePriceOverridden(
      state,
      action: PayloadAction<{
        lineId: string;
        unitPriceFen: number;
        approverId: string;
        approval?: ApprovalProofData;
      }>,
    ) {
      const { lineId, unitPriceFen, approverId, approval } = action.payload;
      const r = overrideLinePrice(current(state.cart) as Cart, lineId, unitPriceFen, approverId);
      if (!r.ok) return;
      state.cart = r.cart;
      keepApproval(state, lineId, 'priceOverride', approval);
      reprice(state);
    },
    /** A manual discount within the cashier's limit, or approved beyond it; replaces an earlier one. */
    lineDiscounted(
      state,
      action: PayloadAction<{
        lineId: string;
        discount: LineDiscount;
        staffId: string;
        approval?: ApprovalProofData;
      }>,
    ) {
      const { lineId, discount, staffId, approval } = action.payload;
      if (!state.cart.lines.some((l) => l.lineId === lineId)) return;
      state.cart = withManualDiscount(current(state.cart) as Cart, lineId, discount, staffId);
      keepApproval(state, lineId, 'discountOverLimit', approval);
      reprice(state);
    },
    lineSelected(state, action: PayloadAction<string>) {
      if (state.cart.lines.some((l) => l.lineId === action.payload)) state.selectedLineId = action.payload;
    },
    cartCleared() {
      return initialState;
    },
  },
});

export const {
  productAdded,
  qtySet,
  lineVoided,
  selectionMoved,
  lineSelected,
  cartCleared,
  memberPricingSet,
  couponApplied,
  couponRemoved,
  linePriceOverridden,
  lineDiscounted,
} = cartSlice.actions;
