import { outboxStatus } from '../../../offline/outbox';
import type { AppThunk } from '../../app/store';
import { syncStatusRead } from './syncSlice';

/**
 * Reads the outbox so the badge counts a sale at once, even while the runner waits out a backoff. Without a
 * CRM "online" is the browser's view; with one it is the runner's probe, which this read leaves alone.
 */
export const refreshSyncStatus = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  if (!extra.services.ready) return;
  const { ledger } = extra.services.get();
  try {
    const st = await outboxStatus(ledger);
    const s = getState().sync;
    dispatch(
      syncStatusRead({
        online: s.crm ? s.online : (globalThis.navigator?.onLine ?? true),
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

/** A sale went into the outbox: count it and wake the runner (it sends as soon as the CRM can be reached). */
export const outboxGrew = (): AppThunk<Promise<void>> => async (dispatch, _getState, extra) => {
  if (!extra.services.ready) return;
  extra.services.get().sync?.runner.wake();
  await dispatch(refreshSyncStatus());
};
