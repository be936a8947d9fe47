import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Sale } from '../../../domain/model';

export type PrintState = 'printing' | 'printed' | 'duplicate' | 'failed';

export interface ReceiptState {
  /** The sale just completed; the till shows its receipt until the next sale starts. */
  sale: Sale | null;
  lines: string[];
  print: PrintState | null;
  printError: string | null;
  /** When the receipt appeared (epoch ms), so a bounced double Enter cannot dismiss it unseen. */
  shownAt: number;
}

const initialState: ReceiptState = { sale: null, lines: [], print: null, printError: null, shownAt: 0 };

export const receiptSlice = createSlice({
  name: 'receipt',
  initialState,
  reducers: {
    saleCompleted(state, action: PayloadAction<{ sale: Sale; lines: string[]; at: number }>) {
      const { sale, lines, at } = action.payload;
      return { sale, lines, print: 'printing', printError: null, shownAt: at };
    },
    printFinished(state, action: PayloadAction<{ print: PrintState; error?: string }>) {
      state.print = action.payload.print;
      state.printError = action.payload.error ?? null;
    },
    nextSaleStarted() {
      return initialState;
    },
  },
});

export const { saleCompleted, printFinished, nextSaleStarted } = receiptSlice.actions;
