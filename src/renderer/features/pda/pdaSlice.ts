// The handheld's own state: the product being checked (price, member prices by tier, stock here and nearby),
// the product shown as an online mall QR, whether the camera is open, and the last scan problem per tab.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ProductStock } from '../../../shared/crm';
import type { UiMessage } from '../../app/uiMessage';

export const PDA_TABS = ['pda:member', 'pda:price', 'pickup:verify', 'pda:order'] as const;
export type PdaTab = (typeof PDA_TABS)[number];

export interface PdaProduct {
  id: string;
  barcode: string;
  name: string;
  nameEn: string;
  categoryId: string;
  categoryName: string | null;
  /** Per piece, or per kg for weighed goods. */
  priceFen: number;
  unit: 'piece' | 'kg';
}

export interface TierPrice {
  code: string;
  name: string;
  rateBp: number;
  priceFen: number;
}

export type StockPhase = 'idle' | 'loading' | 'loaded' | 'offline' | 'noCrm' | 'failed';

export interface PdaState {
  camera: boolean;
  /** Shown on the tab that got the scan; seq changes with each, so a repeat still beeps. */
  error: UiMessage | null;
  errorSeq: number;
  price: {
    busy: boolean;
    product: PdaProduct | null;
    /** null: the membership rules were never fetched (a till that never reached the CRM). */
    tiers: TierPrice[] | null;
    stock: { phase: StockPhase; data: ProductStock | null };
  };
  order: {
    busy: boolean;
    product: PdaProduct | null;
    url: string | null;
    code: string | null;
    /** issued: a CRM code; offline: composed here, checked by the CRM against its staff list. */
    method: 'issued' | 'offline' | null;
  };
}

const initialState: PdaState = {
  camera: false,
  error: null,
  errorSeq: 0,
  price: { busy: false, product: null, tiers: null, stock: { phase: 'idle', data: null } },
  order: { busy: false, product: null, url: null, code: null, method: null },
};

export const pdaSlice = createSlice({
  name: 'pda',
  initialState,
  reducers: {
    cameraOpened(state) {
      state.camera = true;
    },
    cameraClosed(state) {
      state.camera = false;
    },
    pdaFailed(state, action: PayloadAction<UiMessage>) {
      state.error = action.payload;
      state.errorSeq += 1;
      state.price.busy = false;
      state.order.busy = false;
    },
    pdaErrorCleared(state) {
      state.error = null;
    },
    priceLookupStarted(state) {
      state.price.busy = true;
      state.error = null;
    },
    priceFound(state, action: PayloadAction<{ product: PdaProduct; tiers: TierPrice[] | null }>) {
      state.price = {
        busy: false,
        product: action.payload.product,
        tiers: action.payload.tiers,
        stock: { phase: 'idle', data: null },
      };
    },
    stockChanged(
      state,
      action: PayloadAction<{ productId: string; phase: StockPhase; data?: ProductStock }>,
    ) {
      // A slow answer for the product scanned before this one is dropped.
      if (state.price.product?.id !== action.payload.productId) return;
      state.price.stock = {
        phase: action.payload.phase,
        data: action.payload.data ?? state.price.stock.data,
      };
    },
    orderStarted(state, action: PayloadAction<PdaProduct>) {
      state.error = null;
      state.order = { busy: true, product: action.payload, url: null, code: null, method: null };
    },
    orderReady(state, action: PayloadAction<{ url: string; code: string; method: 'issued' | 'offline' }>) {
      state.order = { ...state.order, busy: false, ...action.payload };
    },
    orderCleared(state) {
      state.order = initialState.order;
    },
  },
});

export const {
  cameraOpened,
  cameraClosed,
  pdaFailed,
  pdaErrorCleared,
  priceLookupStarted,
  priceFound,
  stockChanged,
  orderStarted,
  orderReady,
  orderCleared,
} = pdaSlice.actions;
