import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Sale } from '../../../domain/model';
import type { PrinterStatus } from '../../../shared/platform';

/** 'queued': the printer has a problem; the job waits in the print queue and prints once it is fixed. */
export type PrintState = 'printing' | 'printed' | 'duplicate' | 'queued' | 'failed';

export interface ReceiptState {
  /** The sale just completed; the till shows its receipt until the next sale starts. */
  sale: Sale | null;
  lines: string[];
  print: PrintState | null;
  printError: string | null;
  /** The print job of this receipt, so the status poll can tell when a queued one has printed. */
  jobId: string | null;
  /** Why a queued receipt waits (the printer's state). */
  printProblem: PrinterStatus['state'] | null;
  /** When the receipt appeared (epoch ms), so a bounced double Enter cannot dismiss it unseen. */
  shownAt: number;
}

const initialState: ReceiptState = {
  sale: null,
  lines: [],
  print: null,
  printError: null,
  jobId: null,
  printProblem: null,
  shownAt: 0,
};

export const receiptSlice = createSlice({
  name: 'receipt',
  initialState,
  reducers: {
    saleCompleted(state, action: PayloadAction<{ sale: Sale; lines: string[]; at: number }>) {
      const { sale, lines, at } = action.payload;
      return {
        sale,
        lines,
        print: 'printing',
        printError: null,
        jobId: null,
        printProblem: null,
        shownAt: at,
      };
    },
    printFinished(
      state,
      action: PayloadAction<{
        print: PrintState;
        error?: string;
        jobId?: string;
        problem?: PrinterStatus['state'];
      }>,
    ) {
      // A late answer for another receipt's job (the next sale already started) changes nothing here.
      if (!state.sale || (action.payload.jobId && state.jobId && action.payload.jobId !== state.jobId))
        return;
      state.print = action.payload.print;
      state.printError = action.payload.error ?? null;
      state.jobId = action.payload.jobId ?? state.jobId;
      state.printProblem = action.payload.problem ?? null;
    },
    printSent(state, action: PayloadAction<{ jobId: string }>) {
      if (state.sale) state.jobId = action.payload.jobId;
    },
    nextSaleStarted() {
      return initialState;
    },
  },
});

export const { saleCompleted, printSent, printFinished, nextSaleStarted } = receiptSlice.actions;
