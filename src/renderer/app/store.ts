import { combineReducers, configureStore, type ThunkDispatch, type UnknownAction } from '@reduxjs/toolkit';
import { cartSlice } from '../features/cart/cartSlice';
import { scanSlice } from '../features/scan/scanSlice';
import { tenderSlice } from '../features/tender/tenderSlice';
import { receiptSlice } from '../features/receipt/receiptSlice';
import { syncSlice } from '../features/sync/syncSlice';
import { settingsSlice } from '../features/settings/settingsSlice';
import { sessionSlice } from '../features/session/sessionSlice';
import { staffSlice } from '../features/staff/staffSlice';
import { scannerSlice } from '../features/hardware/scannerSlice';
import { printerSlice } from '../features/hardware/printerSlice';
import { memberSlice } from '../features/member/memberSlice';
import { shellSlice } from '../features/shell/shellSlice';
import { pickupSlice } from '../features/pickup/pickupSlice';
import { shiftSlice } from '../features/shift/shiftSlice';
import { pdaSlice } from '../features/pda/pdaSlice';
import { uiSlice } from './uiSlice';
import { createAppListeners } from './listeners';
import type { Extra } from './services';

const rootReducer = combineReducers({
  cart: cartSlice.reducer,
  scan: scanSlice.reducer,
  tender: tenderSlice.reducer,
  receipt: receiptSlice.reducer,
  sync: syncSlice.reducer,
  settings: settingsSlice.reducer,
  session: sessionSlice.reducer,
  staff: staffSlice.reducer,
  scanner: scannerSlice.reducer,
  printer: printerSlice.reducer,
  member: memberSlice.reducer,
  shell: shellSlice.reducer,
  pickup: pickupSlice.reducer,
  shift: shiftSlice.reducer,
  pda: pdaSlice.reducer,
  ui: uiSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;
// Spelled out rather than inferred from the store: the listener middleware needs it before the store exists.
export type AppDispatch = ThunkDispatch<RootState, Extra, UnknownAction>;

export function createAppStore(extra: Extra) {
  const listeners = createAppListeners(extra);
  return configureStore({
    reducer: rootReducer,
    middleware: (gdm) => gdm({ thunk: { extraArgument: extra } }).prepend(listeners.middleware),
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
export type AppThunk<R = void> = (dispatch: AppDispatch, getState: () => RootState, extra: Extra) => R;
