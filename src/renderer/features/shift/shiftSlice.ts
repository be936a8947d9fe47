// The shift feature's state: the open shift (selling needs one), the last Z with its sync state, the X reading,
// the refund in progress and the manager's day view. Forms keep their own local state.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Refund } from '../../../domain/shift/model';
import type { RefundPlan } from '../../../domain/shift/refund';
import type { ShiftReport } from '../../../domain/shift/report';
import type { SaleForRefund } from '../../../offline/refund/refunds';
import type { ZSyncState } from '../../../offline/shift/shifts';
import type { DayView } from '../../../shared/crm/api';
import type { UiMessage } from '../../app/uiMessage';

export interface OpenShift {
  id: string;
  cashierId: string;
  cashierName: string;
  openedAt: string;
  floatFen: number;
}

export type PrintPhase = 'printing' | 'printed' | 'failed' | null;

export interface ShiftState {
  /** The ledger was read at least once (the open shift is known). */
  loaded: boolean;
  current: OpenShift | null;
  busy: boolean;
  error: UiMessage | null;
  x: ShiftReport | null;
  z: {
    shiftId: string;
    report: ShiftReport;
    sync: ZSyncState;
    print: PrintPhase;
    printError?: string;
  } | null;
  refund: {
    target: SaleForRefund | null;
    /** Pieces of each line refunded before (here and, when known, at other tills). */
    refunded: Record<string, number>;
    qty: Record<string, number>;
    plan: RefundPlan | null;
    error: UiMessage | null;
    busy: UiMessage | null;
    done: Refund | null;
    print: PrintPhase;
  };
  day: { view: DayView | null; loading: boolean; error: UiMessage | null };
}

const noRefund: ShiftState['refund'] = {
  target: null,
  refunded: {},
  qty: {},
  plan: null,
  error: null,
  busy: null,
  done: null,
  print: null,
};

const initialState: ShiftState = {
  loaded: false,
  current: null,
  busy: false,
  error: null,
  x: null,
  z: null,
  refund: noRefund,
  day: { view: null, loading: false, error: null },
};

export const shiftSlice = createSlice({
  name: 'shift',
  initialState,
  reducers: {
    shiftLoaded(s, a: PayloadAction<OpenShift | null>) {
      s.loaded = true;
      s.current = a.payload;
    },
    shiftWorking(s, a: PayloadAction<boolean>) {
      s.busy = a.payload;
      if (a.payload) s.error = null;
    },
    shiftFailed(s, a: PayloadAction<UiMessage | null>) {
      s.busy = false;
      s.error = a.payload;
    },
    xTaken(s, a: PayloadAction<ShiftReport | null>) {
      s.x = a.payload;
    },
    zShown(s, a: PayloadAction<{ shiftId: string; report: ShiftReport; sync: ZSyncState }>) {
      s.z = { ...a.payload, print: s.z?.shiftId === a.payload.shiftId ? s.z.print : null };
    },
    zSyncChanged(s, a: PayloadAction<ZSyncState>) {
      if (s.z) s.z.sync = a.payload;
    },
    zPrinted(s, a: PayloadAction<{ print: PrintPhase; error?: string }>) {
      if (!s.z) return;
      s.z.print = a.payload.print;
      if (a.payload.error) s.z.printError = a.payload.error;
      else delete s.z.printError;
    },
    refundStarted(s) {
      s.refund = noRefund;
    },
    refundFound(s, a: PayloadAction<{ target: SaleForRefund; refunded: Record<string, number> }>) {
      s.refund = { ...noRefund, target: a.payload.target, refunded: a.payload.refunded };
    },
    refundQtySet(s, a: PayloadAction<{ lineId: string; qty: number }>) {
      s.refund.qty[a.payload.lineId] = a.payload.qty;
    },
    refundPlanned(s, a: PayloadAction<{ plan: RefundPlan | null; error: UiMessage | null }>) {
      s.refund.plan = a.payload.plan;
      s.refund.error = a.payload.error;
    },
    refundBusy(s, a: PayloadAction<UiMessage | null>) {
      s.refund.busy = a.payload;
      if (a.payload) s.refund.error = null;
    },
    refundFailed(s, a: PayloadAction<UiMessage>) {
      s.refund.busy = null;
      s.refund.error = a.payload;
    },
    refundDone(s, a: PayloadAction<Refund>) {
      s.refund.busy = null;
      s.refund.error = null;
      s.refund.done = a.payload;
      s.refund.print = 'printing';
    },
    refundPrinted(s, a: PayloadAction<PrintPhase>) {
      s.refund.print = a.payload;
    },
    dayLoading(s) {
      s.day.loading = true;
      s.day.error = null;
    },
    dayLoaded(s, a: PayloadAction<{ view: DayView | null; error: UiMessage | null }>) {
      s.day = { loading: false, view: a.payload.view ?? s.day.view, error: a.payload.error };
    },
  },
});

export const {
  shiftLoaded,
  shiftWorking,
  shiftFailed,
  xTaken,
  zShown,
  zSyncChanged,
  zPrinted,
  refundStarted,
  refundFound,
  refundQtySet,
  refundPlanned,
  refundBusy,
  refundFailed,
  refundDone,
  refundPrinted,
  dayLoading,
  dayLoaded,
} = shiftSlice.actions;
