// The staff feature's screen state: the login/lock screen's message, the pending manager approval (the promise
// that waits for it lives in approval.ts, outside the store), and whether the staff list is there yet.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { UiMessage } from '../../app/uiMessage';
import type { ApprovalRequest } from './approval';

export interface PendingApproval extends ApprovalRequest {
  id: string;
  /** Who asked (the logged-in cashier). */
  requestedBy: string;
  /** A manager is logged in: the overlay asks only for the note, the manager's session is the approval. */
  selfApprover: { id: string; name: string } | null;
}

export interface StaffState {
  /** Staff known to this till (null: not read yet). Zero while a CRM has not sent the staff list. */
  staffCount: number | null;
  login: { busy: boolean; error: UiMessage | null; lockedStaffId: string | null };
  approval: PendingApproval | null;
  approvalBusy: boolean;
  approvalError: UiMessage | null;
  /** The overlay's note as typed, so a badge scan (which arrives outside the overlay) carries it too. */
  approvalNote: string;
}

const initialState: StaffState = {
  staffCount: null,
  login: { busy: false, error: null, lockedStaffId: null },
  approval: null,
  approvalBusy: false,
  approvalError: null,
  approvalNote: '',
};

export const staffSlice = createSlice({
  name: 'staff',
  initialState,
  reducers: {
    staffCounted(s, a: PayloadAction<number>) {
      s.staffCount = a.payload;
    },
    loginStarted(s) {
      s.login.busy = true;
      s.login.error = null;
    },
    loginFailed(s, a: PayloadAction<{ error: UiMessage; lockedStaffId?: string }>) {
      s.login.busy = false;
      s.login.error = a.payload.error;
      s.login.lockedStaffId = a.payload.lockedStaffId ?? null;
    },
    loginDone(s) {
      s.login = initialState.login;
    },
    approvalOpened(s, a: PayloadAction<PendingApproval>) {
      s.approval = a.payload;
      s.approvalBusy = false;
      s.approvalError = null;
      s.approvalNote = '';
    },
    approvalNoteChanged(s, a: PayloadAction<string>) {
      s.approvalNote = a.payload.slice(0, 200);
    },
    approvalWorking(s) {
      s.approvalBusy = true;
      s.approvalError = null;
    },
    approvalFailed(s, a: PayloadAction<UiMessage>) {
      s.approvalBusy = false;
      s.approvalError = a.payload;
    },
    approvalClosed(s) {
      s.approval = null;
      s.approvalBusy = false;
      s.approvalError = null;
      s.approvalNote = '';
    },
  },
});

export const {
  staffCounted,
  loginStarted,
  loginFailed,
  loginDone,
  approvalOpened,
  approvalNoteChanged,
  approvalWorking,
  approvalFailed,
  approvalClosed,
} = staffSlice.actions;
