import { outboxStatus } from '../../../offline/outbox';
import type { AppThunk } from '../../app/store';
import { syncStatusRead } from './syncSlice';

/** Reads the outbox; "online" is the browser's view until the sync engine probes the CRM. */
export const refreshSyncStatus = (): AppThunk<Promise<void>> => async (dispatch, _getState, extra) => {
  if (!extra.services.ready) return;
  const { ledger } = extra.services.get();
  try {
    const st = await outboxStatus(ledger);
    dispatch(
      syncStatusRead({
        online: globalThis.navigator?.onLine ?? true,
        pending: st.pending,
        oldestPendingAt: st.oldestPendingAt ?? null,
        rejected: st.rejected,
        checkedAt: extra.now().toISOString(),
      }),
    );
  } catch {
    // A failed read leaves the last known count; the next tick tries again.
  }
};
