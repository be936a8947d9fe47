// The till's side of sync without a browser: a committed sale wakes the runner and is counted at once, and the
// runner's probe (not navigator.onLine) decides "online" once a CRM is configured.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../../domain/catalogSeed';
import { DEFAULT_TERMINAL_CONFIG } from '../../../shared/config';
import { CatalogRepo } from '../../../offline/catalog';
import { openCache, openLedger, type CacheDb, type LedgerDb } from '../../../offline/db';
import { newId } from '../../../offline/ids';
import { SimulatedPaymentProvider } from '../../../offline/payment/simulator';
import { getOrCreateTerminalIdentity } from '../../../offline/terminal';
import {
  markAttention,
  type CrmClient,
  type SyncRunner,
  type SyncState as RunnerState,
} from '../../../offline/sync';
import { WebPlatform } from '../../platform/WebPlatform';
import { routeScan } from '../scan/routeScan';
import { openTender, payCash } from '../tender/tenderThunks';
import { hasCrmLink } from '../../app/boot';
import { ServicesHolder, type Extra } from '../../app/services';
import { createAppStore, type AppStore } from '../../app/store';
import { bootReady } from '../../app/uiSlice';
import { createI18n } from '../../i18n';
import { staffLoggedIn } from '../session/sessionSlice';
import { crmConfigured, runnerStateChanged } from './syncSlice';
import { readAttention, syncNow } from './syncThunks';

const catalog = generateCatalog({ count: 100, seed: 3 });
const piece = catalog.products.find((p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode));

const runnerState: RunnerState = {
  phase: 'backoff',
  online: false,
  enrolled: true,
  pending: 0,
  oldestPendingAt: null,
  rejected: 0,
  lastSuccessAt: null,
  lastError: { kind: 'transient', code: 'network', detail: 'fetch failed', at: '2026-01-01T00:00:00.000Z' },
  issues: 0,
  attention: 0,
  nextAttemptAt: null,
  catalog: null,
  clockOffsetMs: null,
};

let n = 0;
let ledger: LedgerDb;
let cache: CacheDb;
let store: AppStore;
let calls: string[];

beforeEach(async () => {
  n += 1;
  ledger = openLedger(`wiring-${n}-ledger`);
  cache = openCache(`wiring-${n}-cache`);
  const repo = new CatalogRepo(cache);
  await repo.putCategories(catalog.categories);
  await repo.bulkLoad(catalog.products);
  const identity = await getOrCreateTerminalIdentity(ledger, {
    storeId: 'S001',
    storeName: '天河店',
    terminalId: 'T03',
  });
  calls = [];
  const runner = {
    wake: () => calls.push('wake'),
    syncNow: async () => {
      calls.push('syncNow');
      return { ok: true, more: false };
    },
  } as unknown as SyncRunner;
  const simulator = new SimulatedPaymentProvider({ wait: async () => undefined });
  const extra: Extra = { services: new ServicesHolder(), newId: () => newId(), now: () => new Date() };
  extra.services.set({
    platform: new WebPlatform({ fetch: async () => new Response('', { status: 404 }) }),
    config: { ...DEFAULT_TERMINAL_CONFIG, enrollmentCode: 'DEMO-CODE' },
    ledger,
    cache,
    catalog: repo,
    payment: simulator,
    simulator,
    identity,
    ledgerName: ledger.name,
    cacheName: cache.name,
    sync: { runner, client: {} as CrmClient },
  });
  store = createAppStore(extra);
  store.dispatch(bootReady());
  // A cashier is logged in (the staff feature): scans reach the cart only then.
  store.dispatch(
    staffLoggedIn({ id: 'E1002', name: '测试收银甲', role: 'cashier', at: new Date().toISOString() }),
  );
  store.dispatch(crmConfigured({ crmUrl: '' }));
  store.dispatch(runnerStateChanged({ ...runnerState, checkedAt: new Date().toISOString() }));
  if (!piece) throw new Error('catalog too small');
  await routeScan({ source: 'wedge', code: piece.barcode, at: 0 }, store.dispatch, store.getState, extra);
});

afterEach(() => {
  ledger.close();
  cache.close();
});

describe('sync wiring', () => {
  it('wakes the runner after a sale and counts it while the CRM is unreachable', async () => {
    store.dispatch(openTender('cash'));
    await store.dispatch(payCash('1000'));
    expect(store.getState().receipt.sale).not.toBeNull();
    for (let i = 0; i < 100 && store.getState().sync.pending !== 1; i++)
      await new Promise((r) => setTimeout(r, 5));
    const s = store.getState().sync;
    expect(calls).toEqual(['wake']);
    expect(s.pending).toBe(1);
    expect(s.oldestPendingAt).not.toBeNull();
    // The outbox read must not let navigator.onLine (true here) hide that the CRM cannot be reached.
    expect(s.online).toBe(false);
    expect(s.lastError?.code).toBe('network');
  });

  it('runs "sync now" through the runner', async () => {
    expect(await store.dispatch(syncNow())).toBe(true);
    expect(calls).toEqual(['syncNow']);
  });

  it('lists a record the CRM keeps failing, with its receipt and error, for the sync panel', async () => {
    store.dispatch(openTender('cash'));
    await store.dispatch(payCash('1000'));
    const sale = store.getState().receipt.sale!;
    expect(await store.dispatch(readAttention())).toEqual([]);
    const rec = (await ledger.outbox.toArray())[0]!;
    await markAttention(
      ledger,
      rec.seq,
      { kind: 'transient', status: 500, code: 'internal', detail: 'internal error' },
      new Date().toISOString(),
      true,
    );
    expect(await store.dispatch(readAttention())).toEqual([
      expect.objectContaining({
        seq: rec.seq,
        receiptNo: sale.receiptNo,
        code: 'internal',
        status: 500,
        failures: 1,
        quarantined: false,
      }),
    ]);
    // The panel's texts resolve in both languages (equal keys are checked by the i18n test).
    const zh = await createI18n('zh-CN');
    expect(zh.t('syncQueue.type.sale.completed')).toBe('销售');
    expect(zh.t('syncQueue.state.attention', { n: 3 })).toBe('反复失败（单独发送 3 次）');
    const en = await createI18n('en');
    expect(en.t('syncQueue.type.sale.completed')).toBe('Sale');
  });

  it('links to a CRM only when one is configured or the till enrolled before', () => {
    expect(hasCrmLink({ crmUrl: '', enrollmentCode: undefined }, false)).toBe(false);
    expect(hasCrmLink({ crmUrl: '', enrollmentCode: 'ABCD-1234' }, false)).toBe(true);
    expect(hasCrmLink({ crmUrl: 'http://crm.example:8787' }, false)).toBe(true);
    expect(hasCrmLink({ crmUrl: '' }, true)).toBe(true);
  });
});
