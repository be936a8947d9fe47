// What the shell shows on the till side: the update as main reports it (quietly: only in settings).
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { UpdateStatus } from '../../../shared/platform';

export interface ShellState {
  update: UpdateStatus | null;
}

const initialState: ShellState = { update: null };

export const shellSlice = createSlice({
  name: 'shell',
  initialState,
  reducers: {
    updateStatusRead(state, action: PayloadAction<UpdateStatus>) {
      state.update = action.payload;
    },
  },
});

export const { updateStatusRead } = shellSlice.actions;
