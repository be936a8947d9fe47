// The shift rules at the till without a browser: real store, real listeners, real Dexie (fake-indexeddb).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../../domain/catalogSeed';
import { DEFAULT_TERMINAL_CONFIG } from '../../../shared/config';
import { CatalogRepo } from '../../../offline/catalog';
import { openCache, openLedger, type CacheDb, type LedgerDb } from '../../../offline/db';
import { newId } from '../../../offline/ids';
import { SimulatedPaymentProvider } from '../../../offline/payment/simulator';
import { getOrCreateTerminalIdentity } from '../../../offline/terminal';
import { WebPlatform } from '../../platform/WebPlatform';
import { routeScan } from '../scan/routeScan';
import { openTender, payCash } from '../tender/tenderThunks';
import { ServicesHolder, type Extra } from '../../app/services';
import { createAppStore, type AppStore } from '../../app/store';
import { bootReady } from '../../app/uiSlice';
import { staffLoggedIn } from '../session/sessionSlice';
import { openShiftNow, shiftGateOn, submitCloseCount } from './shiftThunks';
import { confirmRefund, findRefundSale, openRefundScreen, setRefundQty } from './refundThunks';
import { approveWithPin } from '../staff/approval';
import { ensureDemoStaff } from '../../../offline/staff';

const catalog = generateCatalog({ count: 100, seed: 3 });
const piece = catalog.products.find((p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode))!;

let n = 0;
let ledger: LedgerDb;
let cache: CacheDb;
let store: AppStore;
let extra: Extra;
let platform: WebPlatform;
const realLocation = Object.getOwnPropertyDescriptor(globalThis, 'location');

beforeEach(async () => {
  n += 1;
  // A till page without ?shiftGate=off: the gate is on.
  Object.defineProperty(globalThis, 'location', { value: { search: '?db=x' }, configurable: true });
  ledger = openLedger(`shift-flow-${n}-ledger`);
  cache = openCache(`shift-flow-${n}-cache`);
  const repo = new CatalogRepo(cache);
  await ensureDemoStaff(cache, 'S001', 1000);
  await repo.putCategories(catalog.categories);
  await repo.bulkLoad(catalog.products);
  const identity = await getOrCreateTerminalIdentity(ledger, {
    storeId: 'S001',
    storeName: '天河店',
    terminalId: 'T03',
  });
  platform = new WebPlatform({ fetch: async () => new Response('', { status: 404 }) });
  const simulator = new SimulatedPaymentProvider({ wait: async () => undefined });
  extra = { services: new ServicesHolder(), newId: () => newId(), now: () => new Date() };
  extra.services.set({
    platform,
    config: DEFAULT_TERMINAL_CONFIG,
    ledger,
    cache,
    catalog: repo,
    payment: simulator,
    simulator,
    identity,
    ledgerName: ledger.name,
    cacheName: cache.name,
  });
  store = createAppStore(extra);
  store.dispatch(bootReady());
  // A manager is logged in: approvals are granted by the session itself.
  store.dispatch(
    staffLoggedIn({ id: 'E1001', name: '测试店长', role: 'manager', at: new Date().toISOString() }),
  );
});

afterEach(() => {
  ledger.close();
  cache.close();
  if (realLocation) Object.defineProperty(globalThis, 'location', realLocation);
  else delete (globalThis as { location?: unknown }).location;
});

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the shift gate and the shift id on sales', () => {
  it('reads the gate from the page', () => {
    expect(shiftGateOn('')).toBe(true);
    expect(shiftGateOn('?db=a&shiftGate=off')).toBe(false);
    expect(shiftGateOn(null)).toBe(false);
  });

  it('refuses payment without an open shift, then stamps the shift on the sale and closes it', async () => {
    await routeScan({ source: 'wedge', code: piece.barcode, at: 0 }, store.dispatch, store.getState, extra);
    store.dispatch(openTender('cash'));
    await settle();
    expect(store.getState().ui.dialog).toBeNull();
    expect(store.getState().ui.toast?.key).toBe('shift.gate.needShift');

    expect(await store.dispatch(openShiftNow({ note100: 2 }))).toBe(true);
    expect(store.getState().shift.current?.floatFen).toBe(20000);
    store.dispatch(openTender('cash'));
    await settle();
    expect(store.getState().ui.dialog).toBe('tender');
    await store.dispatch(payCash(''));
    const sale = store.getState().receipt.sale!;
    expect(sale.shiftId).toBe(store.getState().shift.current?.id);

    // Refund the piece: found in the ledger, approved by the logged-in manager, cash back.
    store.dispatch(openRefundScreen());
    await store.dispatch(findRefundSale(`${sale.receiptNo}|${sale.totals.dueFen}`));
    expect(store.getState().shift.refund.target?.source).toBe('ledger');
    await store.dispatch(setRefundQty(sale.lines[0]!.lineId, 1));
    expect(store.getState().shift.refund.plan?.totalFen).toBe(piece.priceFen);
    // Even the logged-in manager re-enters the PIN (decision 0040): no CRM here, so an unconfirmed PIN proof.
    const refunding = store.dispatch(confirmRefund());
    await settle();
    expect(store.getState().staff.approval?.proofFor).toMatchObject({ action: 'refund' });
    expect(await store.dispatch(approveWithPin('E1001', '999999', ''))).toBe(true);
    expect(await refunding).toBe(true);
    expect(store.getState().shift.refund.done?.approval).toMatchObject({ kind: 'pin', approverId: 'E1001' });
    expect(store.getState().shift.refund.done?.tenders).toEqual([
      expect.objectContaining({ kind: 'cash', amountFen: piece.priceFen }),
    ]);

    // Blind count of the float only: the sale was refunded, so it balances and closes without approval.
    const review = await store.dispatch(submitCloseCount({ note100: 2 }));
    expect(review).toMatchObject({ varianceFen: 0, needsApproval: false, closed: true });
    expect(store.getState().shift.current).toBeNull();
    expect(store.getState().shift.z?.report).toMatchObject({ kind: 'Z', zNo: 1, saleCount: 1 });
    expect(store.getState().ui.screen).toBe('shift:z');
  });
});
