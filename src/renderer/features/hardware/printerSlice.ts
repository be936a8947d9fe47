// The receipt printer as the till sees it: the last status read (state, paper near its end, jobs waiting in the
// print queue) for the status bar, the problem banner and the printer panel; and the outcome of a reprint.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { PrinterStatus } from '../../../shared/platform';
import type { UiMessage } from '../../app/uiMessage';
import { saleCompleted } from '../receipt/receiptSlice';

export type PrinterProblem = 'offline' | 'paperOut' | 'coverOpen' | 'error';

export interface PrinterState {
  status: PrinterStatus | null;
  /** When the status was read (epoch ms). */
  checkedAt: number;
  reprinting: boolean;
  /** What the last action from the receipt screen or the panel came to, shown next to its button. */
  notice: (UiMessage & { tone: 'info' | 'error' }) | null;
}

const initialState: PrinterState = { status: null, checkedAt: 0, reprinting: false, notice: null };

export const printerSlice = createSlice({
  name: 'printer',
  initialState,
  reducers: {
    printerStatusRead(state, action: PayloadAction<{ status: PrinterStatus; at: number }>) {
      state.status = action.payload.status;
      state.checkedAt = action.payload.at;
    },
    reprintStarted(state) {
      state.reprinting = true;
      state.notice = null;
    },
    printerNotice(state, action: PayloadAction<PrinterState['notice']>) {
      state.reprinting = false;
      state.notice = action.payload;
    },
  },
  extraReducers: (builder) => {
    // A reprint's outcome belongs to the receipt it was for.
    builder.addCase(saleCompleted, (state) => {
      state.notice = null;
    });
  },
});

export const { printerStatusRead, reprintStarted, printerNotice } = printerSlice.actions;

/** A problem the cashier has to fix; 'none' (no printer, e.g. a handheld) and 'ready' are not problems. */
export function printerProblem(status: PrinterStatus | null): PrinterProblem | null {
  if (!status) return null;
  switch (status.state) {
    case 'offline':
    case 'paperOut':
    case 'coverOpen':
    case 'error':
      return status.state;
    default:
      return null;
  }
}

/** The status bar's dot: green ready, amber a problem or waiting jobs, grey no printer. */
export function printerDot(status: PrinterStatus | null): 'ok' | 'warn' | 'off' {
  // No printer behind the till (receipts go to the preview): nothing to print on, so not green.
  if (!status || status.state === 'none' || status.detail === 'preview') return 'off';
  if (printerProblem(status) || status.pending?.length) return 'warn';
  return status.paperNearEnd ? 'warn' : 'ok';
}
