import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { SyncPhase, SyncState as RunnerState } from '../../../offline/sync';

/** The runner's state (one source of truth for its fields) plus what only the till knows. */
export interface SyncState extends Omit<RunnerState, 'phase'> {
  /** A CRM is configured (or the terminal is already enrolled); false = demo till with a local catalog. */
  crm: boolean;
  /** Shown in the sync panel; '' = same origin. */
  crmUrl: string;
  phase: SyncPhase | 'noCrm';
  /** Products in the active catalog generation (read after each state change that may have moved it). */
  products: number | null;
  checkedAt: string | null;
}

const initialState: SyncState = {
  crm: false,
  crmUrl: '',
  phase: 'noCrm',
  online: true,
  enrolled: false,
  pending: 0,
  oldestPendingAt: null,
  rejected: 0,
  lastSuccessAt: null,
  lastError: null,
  issues: 0,
  attention: 0,
  nextAttemptAt: null,
  catalog: null,
  clockOffsetMs: null,
  products: null,
  checkedAt: null,
};

export const syncSlice = createSlice({
  name: 'sync',
  initialState,
  reducers: {
    /** Outbox read without a runner (demo till): counts only. */
    syncStatusRead(
      state,
      action: PayloadAction<{
        online: boolean;
        pending: number;
        oldestPendingAt: string | null;
        rejected: number;
        checkedAt: string;
      }>,
    ) {
      Object.assign(state, action.payload);
    },
    crmConfigured(state, action: PayloadAction<{ crmUrl: string }>) {
      state.crm = true;
      state.crmUrl = action.payload.crmUrl;
      state.phase = 'starting';
      state.online = false;
    },
    runnerStateChanged(state, action: PayloadAction<RunnerState & { checkedAt: string }>) {
      const { catalog, lastError, ...rest } = action.payload;
      Object.assign(state, rest);
      state.catalog = catalog ? { ...catalog } : null;
      state.lastError = lastError ? { ...lastError } : null;
    },
    productCountRead(state, action: PayloadAction<number>) {
      state.products = action.payload;
    },
  },
});

export const { syncStatusRead, crmConfigured, runnerStateChanged, productCountRead } = syncSlice.actions;
