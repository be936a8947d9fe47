// Start-up: config, the two databases, the terminal identity, the demo catalog (with visible progress),
// persistent storage, unsettled mobile payments; then the scanners are connected and the till opens.
import { DEFAULT_TERMINAL_CONFIG, type TerminalConfig } from '../../shared/config';
import type { Platform } from '../../shared/platform';
import { openCache, openLedger, type CacheDb, type LedgerDb } from '../../offline/db';
import { CatalogRepo } from '../../offline/catalog';
import { getOrCreateTerminalIdentity, readTerminalIdentity } from '../../offline/terminal';
import { requestPersistentStorage } from '../../offline/storage';
import { SimulatedPaymentProvider } from '../../offline/payment/simulator';
import { recoverPendingPayments } from '../../offline/payment/mobilePayment';
import { DEMO_PAYMENT_RESOLVE } from '../features/tender/tenderThunks';
import { attachKeyboardWedge } from '../../hardware/web/keyboardWedge';
import type { AppStore } from './store';
import type { Extra } from './services';
import { bootFailed, bootReady, bootStep, toastShown } from './uiSlice';
import { msg } from './uiMessage';
import { localeChanged, terminalConfigured, type Locale } from '../features/settings/settingsSlice';
import { LOCALE_KEY } from './localePref';
import { scanReceived } from '../features/scan/scanSlice';
import { refreshSyncStatus } from '../features/sync/refreshSyncStatus';
import { installDebugHandle } from './debugHandle';
import {
  createCrmClient,
  createSyncRunner,
  readEnrollment,
  requestDemoEnrollment,
  type SyncRunner,
} from '../../offline/sync';
import { crmConfigured, productCountRead, runnerStateChanged } from '../features/sync/syncSlice';
import { SCAN_INPUT_ID } from '../features/scan/ScanInput';
import { insertTyped } from '../../hardware/web/keyboardWedge';

export const DEMO_CATALOG = { count: 2000, seed: 42 } as const;
const SYNC_REFRESH_MS = 5000;

/**
 * `?wedgeGapMs=N` (10..100) widens the scanner gap for slow scanners or a loaded test machine; the default
 * stays the detector's 30 ms. People type 100 ms and slower, so even 100 never takes typing for a scan.
 */
export function wedgeGapFromQuery(search: string): number | undefined {
  const raw = Number(new URLSearchParams(search).get('wedgeGapMs'));
  return Number.isInteger(raw) && raw >= 10 && raw <= 100 ? raw : undefined;
}

/** A CRM to sync with: an enrollment code or an address configured, or an enrollment made before. */
export function hasCrmLink(
  config: Pick<TerminalConfig, 'crmUrl' | 'enrollmentCode'>,
  enrolled: boolean,
): boolean {
  return Boolean(config.enrollmentCode) || config.crmUrl !== '' || enrolled;
}

/** `?db=NAME` isolates a test's databases as NAME-ledger / NAME-cache. */
export function databaseNames(search: string): { ledgerName: string; cacheName: string } {
  const raw = new URLSearchParams(search).get('db');
  const name = raw && /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : null;
  return name
    ? { ledgerName: `${name}-ledger`, cacheName: `${name}-cache` }
    : { ledgerName: 'ledger', cacheName: 'cache' };
}

function readSavedLocale(): Locale | null {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_KEY);
    return v === 'zh-CN' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

export async function bootTill(store: AppStore, extra: Extra, platform: Platform): Promise<() => void> {
  const d = store.dispatch;
  let sync: { runner: SyncRunner; client: ReturnType<typeof createCrmClient> } | undefined;
  try {
    d(bootStep(msg('boot.config')));
    const cfg = await platform.getConfig();
    const config = cfg.ok ? cfg.value : DEFAULT_TERMINAL_CONFIG;
    if (!cfg.ok) {
      platform.log({
        level: 'error',
        msg: 'terminal config invalid',
        data: { code: cfg.code, message: cfg.message },
      });
      d(toastShown({ ...msg('boot.configInvalid', { detail: cfg.message }), tone: 'error' }));
    }

    d(bootStep(msg('boot.ledger')));
    const { ledgerName, cacheName } = databaseNames(globalThis.location?.search ?? '');
    const ledger = openLedger(ledgerName);
    const cache = openCache(cacheName);
    // A first start with no enrollment code (no web server hands one out): a demo CRM enrolls the till as a new
    // terminal of its demo store; any other CRM says it is not a demo and the till stays unenrolled (issue 16).
    let enrollmentCode = config.enrollmentCode;
    let defaults = { storeId: config.storeId, storeName: config.storeName, terminalId: config.terminalId };
    if (!enrollmentCode && !(await readTerminalIdentity(ledger))) {
      const demo = await requestDemoEnrollment(config.crmUrl);
      if (demo) {
        enrollmentCode = demo.code;
        defaults = { storeId: demo.storeId, storeName: demo.storeName, terminalId: demo.terminalId };
        platform.log({ level: 'info', msg: 'demo enrollment', data: { terminalId: demo.terminalId } });
      }
    }
    const identity = await getOrCreateTerminalIdentity(ledger, defaults);
    d(
      terminalConfigured({
        storeId: identity.storeId,
        storeName: identity.storeName,
        terminalId: identity.terminalId,
        mode: config.mode,
        epoch: identity.epoch,
        locale: config.locale,
        cashRoundingToJiao: config.cashRoundingToJiao,
        paperWidth: config.printer.paperWidth,
      }),
    );

    // The cashier's own language choice outlives a restart; the terminal config only sets the default.
    const savedLocale = readSavedLocale();
    if (savedLocale) d(localeChanged(savedLocale));

    const catalog = new CatalogRepo(cache);
    // A CRM configured (or enrolled before): the catalog comes from it, after start-up, with its own progress bar.
    const enrolled = await readEnrollment(ledger);
    const hasCrm = hasCrmLink({ crmUrl: config.crmUrl, enrollmentCode }, enrolled !== undefined);
    if (hasCrm) {
      d(crmConfigured({ crmUrl: config.crmUrl }));
      d(productCountRead(await catalog.count()));
    } else {
      d(bootStep(msg('boot.catalog', { done: 0, total: DEMO_CATALOG.count })));
      await catalog.ensureDemoCatalog(DEMO_CATALOG.count, DEMO_CATALOG.seed, {
        onProgress: (done, total) => d(bootStep(msg('boot.catalog', { done, total }))),
      });
    }

    d(bootStep(msg('boot.storage')));
    const storage = await requestPersistentStorage();
    d(terminalConfigured({ persistent: storage.supported ? storage.persisted : null }));

    d(bootStep(msg('boot.payments')));
    const simulator = new SimulatedPaymentProvider();
    const recovered = await recoverPendingPayments(ledger, simulator, DEMO_PAYMENT_RESOLVE);
    for (const r of recovered) {
      platform.log({ level: 'warn', msg: 'mobile payment settled at start-up', data: { ...r } });
      // Money taken for a sale that never completed: the customer must get it back or the sale finished.
      if (r.result.status === 'paid' && !r.saleCommitted) {
        d(toastShown({ ...msg('boot.orphanPayment', { amount: r.amountFen }), tone: 'error' }));
      }
    }
    const printer = await platform.printerStatus();
    d(terminalConfigured({ printer: printer.ok ? printer.value.state : 'error' }));

    if (hasCrm) sync = startSync(store, config.crmUrl, enrollmentCode, { ledger, cache, catalog, platform });
    extra.services.set({
      ...(sync ? { sync } : {}),
      platform,
      config,
      ledger,
      cache,
      catalog,
      payment: simulator,
      simulator,
      identity,
      ledgerName,
      cacheName,
    });
    installDebugHandle(extra);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    platform.log({ level: 'error', msg: 'start-up failed', data: { error: text } });
    d(bootFailed(text));
    return () => undefined;
  }

  const toCart = (code: string, source: 'hid' | 'wedge' | 'camera') =>
    d(scanReceived({ source, code, at: Date.now() }));
  const stopHid = platform.onScan((e) => d(scanReceived(e)));
  const maxGapMs = wedgeGapFromQuery(globalThis.location?.search ?? '');
  const stopWedge = attachKeyboardWedge({
    ...(maxGapMs ? { maxGapMs } : {}),
    onScan: (e) => toCart(e.code, e.source),
    // Typing with no field focused (nothing open): the characters go to the scan field.
    onStrayTyping: (text) => {
      if (store.getState().ui.dialog) return;
      const field = document.getElementById(SCAN_INPUT_ID);
      if (field instanceof HTMLInputElement) {
        field.focus();
        insertTyped(field, text);
      }
    },
  });
  d(bootReady());
  sync?.runner.start();
  await d(refreshSyncStatus());
  const timer = setInterval(() => void d(refreshSyncStatus()), SYNC_REFRESH_MS);
  // navigator.onLine only hints: the runner probes the CRM before it believes the network is back.
  const onOnline = () => {
    sync?.runner.notifyOnline();
    void d(refreshSyncStatus());
  };
  const onOffline = () => void d(refreshSyncStatus());
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  return () => {
    stopHid();
    stopWedge();
    clearInterval(timer);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    void sync?.runner.stop();
  };
}

/** The CRM client and the sync runner; the runner's state goes to the store for the badge and the panel. */
function startSync(
  store: AppStore,
  crmUrl: string,
  enrollmentCode: string | undefined,
  deps: { ledger: LedgerDb; cache: CacheDb; catalog: CatalogRepo; platform: Platform },
): { runner: SyncRunner; client: ReturnType<typeof createCrmClient> } {
  const log = (e: { level: 'info' | 'warn' | 'error'; msg: string; data?: Record<string, unknown> }) =>
    deps.platform.log({ level: e.level, msg: e.msg, ...(e.data ? { data: e.data } : {}) });
  const client = createCrmClient({ baseUrl: crmUrl, log });
  let lastSuccess: string | null = null;
  let loading = false;
  const runner = createSyncRunner({
    ledger: deps.ledger,
    cache: deps.cache,
    client,
    ...(enrollmentCode ? { enrollmentCode } : {}),
    log,
    onState: (st) => {
      store.dispatch(runnerStateChanged({ ...st, checkedAt: new Date().toISOString() }));
      // The product count moves when a catalog load ends or a pull succeeded.
      const ended = loading && st.catalog === null;
      loading = st.catalog !== null;
      if (ended || st.lastSuccessAt !== lastSuccess) {
        lastSuccess = st.lastSuccessAt;
        void deps.catalog.count().then(
          (n) => store.dispatch(productCountRead(n)),
          () => undefined,
        );
      }
    },
  });
  return { runner, client };
}
