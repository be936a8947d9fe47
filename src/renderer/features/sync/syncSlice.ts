import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export interface SyncState {
  online: boolean;
  pending: number;
  oldestPendingAt: string | null;
  rejected: number;
  checkedAt: string | null;
}

const initialState: SyncState = {
  online: true,
  pending: 0,
  oldestPendingAt: null,
  rejected: 0,
  checkedAt: null,
};

export const syncSlice = createSlice({
  name: 'sync',
  initialState,
  reducers: {
    syncStatusRead(state, action: PayloadAction<Omit<SyncState, 'checkedAt'> & { checkedAt: string }>) {
      return action.payload;
    },
  },
});

export const { syncStatusRead } = syncSlice.actions;
