import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Tender } from '../../../domain/model';
import type { UiMessage } from '../../app/uiMessage';

/** 'points': the member's points (member feature), offered when a member is on the sale. */
export type TenderMode = 'cash' | 'card' | 'mobile' | 'points';

export interface TenderState {
  /** Made when payment starts and kept through retries: commitSale is idempotent on it. */
  saleId: string | null;
  mode: TenderMode;
  tenders: Tender[];
  /** True while a payment or the commit runs: every confirm is disabled, so a double Enter is one sale. */
  working: boolean;
  /** What is happening now (e.g. waiting for the customer's WeChat). */
  status: UiMessage | null;
  error: UiMessage | null;
  errorSeq: number;
}

const initialState: TenderState = {
  saleId: null,
  mode: 'cash',
  tenders: [],
  working: false,
  status: null,
  error: null,
  errorSeq: 0,
};

export const tenderSlice = createSlice({
  name: 'tender',
  initialState,
  reducers: {
    tenderStarted(state, action: PayloadAction<{ saleId: string; mode: TenderMode }>) {
      if (state.saleId !== action.payload.saleId) {
        state.tenders = [];
      }
      state.saleId = action.payload.saleId;
      state.mode = action.payload.mode;
      state.error = null;
      state.status = null;
    },
    modeChanged(state, action: PayloadAction<TenderMode>) {
      if (state.working) return;
      state.mode = action.payload;
      state.error = null;
    },
    tenderAdded(state, action: PayloadAction<{ tender: Tender }>) {
      // A tender id is applied once, whatever retries or double taps deliver it again.
      if (state.tenders.some((t) => t.id === action.payload.tender.id)) return;
      state.tenders.push(action.payload.tender);
      state.error = null;
    },
    workStarted(state, action: PayloadAction<UiMessage | undefined>) {
      state.working = true;
      state.status = action.payload ?? null;
      state.error = null;
    },
    workEnded(state) {
      state.working = false;
      state.status = null;
    },
    tenderFailed(state, action: PayloadAction<UiMessage>) {
      state.working = false;
      state.status = null;
      state.error = action.payload;
      state.errorSeq += 1;
    },
    tenderErrorCleared(state) {
      state.error = null;
    },
    tenderReset() {
      return initialState;
    },
  },
});

export const {
  tenderStarted,
  modeChanged,
  tenderAdded,
  workStarted,
  workEnded,
  tenderFailed,
  tenderErrorCleared,
  tenderReset,
} = tenderSlice.actions;
