// Side effects that follow actions: a scan becomes a cart line (or goes to the dialog that expects a code);
// a completed sale prints its receipt and refreshes the outbox count.
import { createListenerMiddleware, type ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { AppDispatch, RootState } from './store';
import type { Extra } from './services';
import { scanReceived } from '../features/scan/scanSlice';
import { routeScan } from '../features/scan/routeScan';
import { saleCompleted } from '../features/receipt/receiptSlice';
import { printSaleReceipt } from '../features/receipt/printReceipt';
import { refreshSyncStatus } from '../features/sync/refreshSyncStatus';
import { localeChanged } from '../features/settings/settingsSlice';
import { LOCALE_KEY } from './localePref';

export function createAppListeners(extra: Extra): ListenerMiddlewareInstance<RootState, AppDispatch, Extra> {
  const listeners = createListenerMiddleware<RootState, AppDispatch, Extra>({ extra });
  const start = listeners.startListening.withTypes<RootState, AppDispatch, Extra>();

  start({
    actionCreator: scanReceived,
    effect: async (action, api) => {
      await routeScan(action.payload, api.dispatch, api.getState, api.extra);
    },
  });

  start({
    actionCreator: saleCompleted,
    effect: async (action, api) => {
      await api.dispatch(printSaleReceipt(action.payload.sale));
      await api.dispatch(refreshSyncStatus());
    },
  });

  start({
    actionCreator: localeChanged,
    effect: (action) => {
      // Only the cashier's switch is remembered, not the config's default.
      try {
        globalThis.localStorage?.setItem(LOCALE_KEY, action.payload);
      } catch {
        // private mode or quota: the choice lasts for this session only
      }
    },
  });

  return listeners;
}
