import { createSlice } from '@reduxjs/toolkit';
import { maskName } from './mask';

// A demo cashier until the shifts work adds a real login.
export interface SessionState {
  cashierId: string;
  cashierName: string;
}

const initialState: SessionState = { cashierId: 'E1001', cashierName: '王小明' };

export const sessionSlice = createSlice({ name: 'session', initialState, reducers: {} });

export const selectCashierMasked = (s: { session: SessionState }) => maskName(s.session.cashierName);
