// Tells main whether an update may install: never while a sale is open (cart lines, a payment under way, a
// member attached) or while the outbox holds records the CRM has not acknowledged. Sent on every change and
// again now and then, so a restarted main learns it without waiting for the next sale.
import type { BusyReport, Platform } from '../../../shared/platform';
import type { AppStore, RootState } from '../../app/store';
import { updateStatusRead } from './shellSlice';

export function busyOf(s: Pick<RootState, 'cart' | 'tender' | 'member' | 'sync'>): BusyReport {
  const saleOpen =
    s.cart.cart.lines.length > 0 ||
    s.tender.tenders.length > 0 ||
    s.tender.working ||
    s.member.attached !== null;
  return { saleOpen, pendingOutbox: Math.max(0, Math.trunc(s.sync.pending)) };
}

export interface BusyReporterOptions {
  /** Resend and read the update status this often. */
  everyMs?: number;
}

export function startBusyReporter(
  store: Pick<AppStore, 'getState' | 'subscribe' | 'dispatch'>,
  platform: Pick<Platform, 'reportBusy' | 'updateStatus'>,
  opts: BusyReporterOptions = {},
): () => void {
  let last = '';
  const send = (force: boolean) => {
    const busy = busyOf(store.getState());
    const k = JSON.stringify(busy);
    if (!force && k === last) return;
    last = k;
    void platform.reportBusy(busy).catch(() => undefined);
  };
  const readUpdate = async () => {
    const r = await platform.updateStatus().catch(() => null);
    if (r?.ok) store.dispatch(updateStatusRead(r.value));
  };
  const unsubscribe = store.subscribe(() => send(false));
  send(true);
  void readUpdate();
  const timer = setInterval(() => {
    send(true);
    void readUpdate();
  }, opts.everyMs ?? 60_000);
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
