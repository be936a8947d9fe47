import { createSlice, current, type PayloadAction } from '@reduxjs/toolkit';
import type { Product } from '../../../domain/model';
import {
  emptyCart,
  setLineQty,
  tryAddProduct,
  voidLine,
  type Cart,
  type ScaleReading,
} from '../../../domain/cart';

export interface CartState {
  cart: Cart;
  /** The line F4/Del act on; follows the last scan, moved with the arrow keys. */
  selectedLineId: string | null;
  /** Bumped on every add so the view scrolls the line into view even when the same line grew. */
  addSeq: number;
}

const initialState: CartState = { cart: emptyCart(), selectedLineId: null, addSeq: 0 };

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
    },
    /** Only dispatched after setLineQty said yes (see setSelectedQty), so the reducer cannot fail. */
    qtySet(state, action: PayloadAction<{ lineId: string; qty: number }>) {
      const r = setLineQty(current(state.cart) as Cart, action.payload.lineId, action.payload.qty);
      if (r.ok) state.cart = r.cart;
    },
    lineVoided(state, action: PayloadAction<string>) {
      const lines = state.cart.lines;
      const i = lines.findIndex((l) => l.lineId === action.payload);
      if (i < 0) return;
      state.cart = voidLine(current(state.cart) as Cart, action.payload);
      const next = state.cart.lines[Math.min(i, state.cart.lines.length - 1)];
      state.selectedLineId = next ? next.lineId : null;
    },
    selectionMoved(state, action: PayloadAction<1 | -1>) {
      const lines = state.cart.lines;
      if (!lines.length) return;
      const i = lines.findIndex((l) => l.lineId === state.selectedLineId);
      const j = i < 0 ? lines.length - 1 : Math.max(0, Math.min(lines.length - 1, i + action.payload));
      state.selectedLineId = lines[j]?.lineId ?? null;
    },
    lineSelected(state, action: PayloadAction<string>) {
      if (state.cart.lines.some((l) => l.lineId === action.payload)) state.selectedLineId = action.payload;
    },
    cartCleared() {
      return initialState;
    },
  },
});

export const { productAdded, qtySet, lineVoided, selectionMoved, lineSelected, cartCleared } =
  cartSlice.actions;
