// The pickup counter's state: verifying a code, the order shown, the optional item check, a proxy collector,
// the handover and its slip; and the pickup queue with the orders sync brought in.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { HandoverFacts, ItemCheck } from '../../../domain/pickup';
import type { PickupOrder } from '../../../shared/crm';
import type { ReceiptDoc } from '../../../shared/receiptDoc';
import type { VerifyRefusal } from '../../../offline/pickup';
import type { UiMessage } from '../../app/uiMessage';

export type PickupPhase = 'idle' | 'checking' | 'refused' | 'found' | 'saving' | 'done';

/** Why the shown code cannot be handed over, with what the message needs (rendered by the view). */
export interface PickupRefusal {
  reason: VerifyRefusal | 'badCode' | 'notAPickupCode';
  code?: string;
  offline?: boolean;
  state?: PickupOrder['state'];
  pickupBy?: string;
  storeId?: string;
  handover?: HandoverFacts;
}

export interface PickupDone {
  handoverId: string;
  code: string;
  at: string;
  offline: boolean;
  collector: { kind: 'customer' | 'proxy'; name?: string; idLast4?: string };
  print: 'printing' | 'printed' | 'duplicate' | 'failed';
  printError?: string;
  slip: ReceiptDoc;
}

export interface QueueOrder {
  order: PickupOrder;
  /** Marked ready at this till, not yet echoed by the CRM. */
  markedLocal: boolean;
  isNew: boolean;
}

export interface PickupState {
  phase: PickupPhase;
  refusal: PickupRefusal | null;
  order: PickupOrder | null;
  source: 'crm' | 'cache' | null;
  verifiedBy: 'qr' | 'typed' | null;
  check: ItemCheck | null;
  checkNote: { tone: 'ok' | 'warn'; message: UiMessage } | null;
  proxy: { enabled: boolean; name: string; idLast4: string };
  /** A problem with the handover itself (proxy fields, no staff, approval refused, save failed). */
  error: UiMessage | null;
  /** The item check is incomplete and the staff pressed confirm once: the next confirm goes through. */
  confirmIncomplete: boolean;
  done: PickupDone | null;
  queue: {
    orders: QueueOrder[];
    newCount: number;
    unreadable: number;
    loadedAt: string | null;
    marking: string | null;
    note: UiMessage | null;
  };
}

const initialProxy = { enabled: false, name: '', idLast4: '' };

export const initialPickupState: PickupState = {
  phase: 'idle',
  refusal: null,
  order: null,
  source: null,
  verifiedBy: null,
  check: null,
  checkNote: null,
  proxy: initialProxy,
  error: null,
  confirmIncomplete: false,
  done: null,
  queue: { orders: [], newCount: 0, unreadable: 0, loadedAt: null, marking: null, note: null },
};

export const pickupSlice = createSlice({
  name: 'pickup',
  initialState: initialPickupState,
  reducers: {
    pickupCleared(state) {
      return { ...initialPickupState, queue: state.queue };
    },
    verifyStarted(state) {
      Object.assign(state, { ...initialPickupState, queue: state.queue, phase: 'checking' });
    },
    verifyRefused(state, action: PayloadAction<PickupRefusal>) {
      state.phase = 'refused';
      state.refusal = action.payload;
      state.order = null;
    },
    orderFound(
      state,
      action: PayloadAction<{ order: PickupOrder; source: 'crm' | 'cache'; verifiedBy: 'qr' | 'typed' }>,
    ) {
      state.phase = 'found';
      state.refusal = null;
      state.order = action.payload.order;
      state.source = action.payload.source;
      state.verifiedBy = action.payload.verifiedBy;
    },
    itemCheckToggled(state, action: PayloadAction<ItemCheck | null>) {
      state.check = action.payload;
      state.checkNote = null;
      state.confirmIncomplete = false;
    },
    itemChecked(state, action: PayloadAction<{ check: ItemCheck; tone: 'ok' | 'warn'; message: UiMessage }>) {
      state.check = action.payload.check;
      state.checkNote = { tone: action.payload.tone, message: action.payload.message };
      state.confirmIncomplete = false;
    },
    proxyChanged(state, action: PayloadAction<Partial<PickupState['proxy']>>) {
      state.proxy = { ...state.proxy, ...action.payload };
      state.error = null;
    },
    handoverBlocked(state, action: PayloadAction<{ error: UiMessage; confirmIncomplete?: boolean }>) {
      state.phase = state.order ? 'found' : state.phase;
      state.error = action.payload.error;
      state.confirmIncomplete = action.payload.confirmIncomplete ?? false;
    },
    handoverSaving(state) {
      state.phase = 'saving';
      state.error = null;
    },
    handoverDone(state, action: PayloadAction<PickupDone>) {
      state.phase = 'done';
      state.done = action.payload;
      state.error = null;
    },
    slipPrinted(
      state,
      action: PayloadAction<{ print: PickupDone['print']; error?: string; slip?: ReceiptDoc }>,
    ) {
      if (!state.done) return;
      state.done.print = action.payload.print;
      if (action.payload.error !== undefined) state.done.printError = action.payload.error;
      else delete state.done.printError;
      if (action.payload.slip) state.done.slip = action.payload.slip;
    },
    queueLoaded(
      state,
      action: PayloadAction<{ orders: QueueOrder[]; newCount: number; unreadable: number; loadedAt: string }>,
    ) {
      Object.assign(state.queue, action.payload);
    },
    queueMarking(state, action: PayloadAction<string | null>) {
      state.queue.marking = action.payload;
    },
    queueNote(state, action: PayloadAction<UiMessage | null>) {
      state.queue.note = action.payload;
    },
  },
});

export const {
  pickupCleared,
  verifyStarted,
  verifyRefused,
  orderFound,
  itemCheckToggled,
  itemChecked,
  proxyChanged,
  handoverBlocked,
  handoverSaving,
  handoverDone,
  slipPrinted,
  queueLoaded,
  queueMarking,
  queueNote,
} = pickupSlice.actions;
