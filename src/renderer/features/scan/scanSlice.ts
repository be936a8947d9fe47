import { createAction, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ScanEvent } from '../../../shared/platform';
import type { UiMessage } from '../../app/uiMessage';

export interface ScanState {
  /** Shown under the scan input; seq changes with every new error so a repeat still beeps. */
  error: UiMessage | null;
  errorSeq: number;
  /** The code of the last unknown barcode, so the search dialog can open prefilled. */
  lastUnknownCode: string | null;
}

const initialState: ScanState = { error: null, errorSeq: 0, lastUnknownCode: null };

/** Every code from every source (wedge, HID via the platform, typed into the scan input) enters here. */
export const scanReceived = createAction<ScanEvent>('scan/received');

export const scanSlice = createSlice({
  name: 'scan',
  initialState,
  reducers: {
    scanFailed(state, action: PayloadAction<{ error: UiMessage; unknownCode?: string }>) {
      state.error = action.payload.error;
      state.errorSeq += 1;
      state.lastUnknownCode = action.payload.unknownCode ?? null;
    },
    scanErrorCleared(state) {
      state.error = null;
    },
  },
});

export const { scanFailed, scanErrorCleared } = scanSlice.actions;
