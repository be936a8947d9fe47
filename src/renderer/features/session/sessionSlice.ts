import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from '../../../domain/staff/roles';
import { maskName } from './mask';

// Who is logged in at this till (staff feature, docs/decisions/0034). `cashierId`/`cashierName` are what sales
// and receipts carry; empty while nobody is logged in. The session outlives a reload of the page (the
// window's sessionStorage), not a restart of the till: after a power cut the next person logs in.
export interface SessionState {
  cashierId: string;
  cashierName: string;
  role: StaffRole | null;
  loggedInAt: string | null;
  /** The till is locked: the session stays (cart, shift), the screen asks for the cashier's PIN. */
  locked: boolean;
}

export const SESSION_STORAGE_KEY = 'pos.session';

const SavedSessionSchema = z.object({
  cashierId: z.string().min(1).max(64),
  cashierName: z.string().max(100),
  role: z.enum(STAFF_ROLES),
  loggedInAt: z.iso.datetime({ offset: true }),
  locked: z.boolean(),
});

const NOBODY: SessionState = { cashierId: '', cashierName: '', role: null, loggedInAt: null, locked: false };

/** The session of this window before a reload, if any and if it parses. */
export function restoreSession(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.sessionStorage,
): SessionState {
  try {
    const raw = storage?.getItem(SESSION_STORAGE_KEY);
    if (!raw) return NOBODY;
    const parsed = SavedSessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : NOBODY;
  } catch {
    return NOBODY;
  }
}

export function saveSession(s: SessionState, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    if (!s.cashierId) storage?.removeItem(SESSION_STORAGE_KEY);
    else storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(s));
  } catch {
    // private mode or quota: the session lasts until the page reloads
  }
}

export const sessionSlice = createSlice({
  name: 'session',
  initialState: (): SessionState => restoreSession(),
  reducers: {
    staffLoggedIn(_s, a: PayloadAction<{ id: string; name: string; role: StaffRole; at: string }>) {
      return {
        cashierId: a.payload.id,
        cashierName: a.payload.name,
        role: a.payload.role,
        loggedInAt: a.payload.at,
        locked: false,
      };
    },
    staffLoggedOut() {
      return NOBODY;
    },
    tillLocked(s) {
      if (s.cashierId) s.locked = true;
    },
    tillUnlocked(s) {
      s.locked = false;
    },
  },
});

export const { staffLoggedIn, staffLoggedOut, tillLocked, tillUnlocked } = sessionSlice.actions;

type WithSession = { session: SessionState };
export const selectCashierMasked = (s: WithSession) => maskName(s.session.cashierName);
export const selectLoggedIn = (s: WithSession) => s.session.cashierId !== '';
/** The login or lock screen stands in front of the till. */
export const selectStaffGate = (s: WithSession): 'login' | 'locked' | null =>
  !s.session.cashierId ? 'login' : s.session.locked ? 'locked' : null;
