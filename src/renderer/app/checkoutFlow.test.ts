// The till's checkout logic without a browser: real store, real listeners, real Dexie (fake-indexeddb).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../domain/catalogSeed';
import { makeScaleLabel, DEFAULT_SCALE_TEMPLATES } from '../../domain/scale';
import type { Product } from '../../domain/model';
import { DEFAULT_TERMINAL_CONFIG } from '../../shared/config';
import { CatalogRepo } from '../../offline/catalog';
import { openCache, openLedger, type CacheDb, type LedgerDb } from '../../offline/db';
import { newId } from '../../offline/ids';
import { SimulatedPaymentProvider } from '../../offline/payment/simulator';
import { verifyLedgerIntegrity } from '../../offline/sales';
import { getOrCreateTerminalIdentity } from '../../offline/terminal';
import { WebPlatform } from '../platform/WebPlatform';
import { routeScan } from '../features/scan/routeScan';
import { scanReceived } from '../features/scan/scanSlice';
import { selectTotals } from '../features/cart/selectors';
import { setSelectedQty } from '../features/cart/cartThunks';
import { lineVoided } from '../features/cart/cartSlice';
import {
  completeSale,
  openTender,
  payCard,
  payCash,
  payMobile,
  voidSale,
} from '../features/tender/tenderThunks';
import { modeChanged } from '../features/tender/tenderSlice';
import { simulatorModeChanged } from '../features/settings/settingsSlice';
import { ServicesHolder, type Extra } from './services';
import { createAppStore, type AppStore } from './store';
import { bootReady } from './uiSlice';
import { staffLoggedIn } from '../features/session/sessionSlice';
import { databaseNames, wedgeGapFromQuery } from './boot';

const catalog = generateCatalog({ count: 300, seed: 7 });
const pieces = catalog.products.filter((p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode));
const weighed = catalog.products.find((p) => p.active && p.unit === 'kg' && p.plu);
const product = (i: number): Product => {
  const p = pieces[i];
  if (!p) throw new Error('catalog too small');
  return p;
};

let n = 0;
let ledger: LedgerDb;
let cache: CacheDb;
let store: AppStore;
let extra: Extra;
let platform: WebPlatform;
let simulator: SimulatedPaymentProvider;

beforeEach(async () => {
  n += 1;
  ledger = openLedger(`flow-${n}-ledger`);
  cache = openCache(`flow-${n}-cache`);
  const repo = new CatalogRepo(cache);
  await repo.putCategories(catalog.categories);
  await repo.bulkLoad(catalog.products);
  const identity = await getOrCreateTerminalIdentity(ledger, {
    storeId: 'S001',
    storeName: '天河店',
    terminalId: 'T03',
  });
  platform = new WebPlatform({ fetch: async () => new Response('', { status: 404 }) });
  // Unknown outcomes settle at once in tests: no real waiting.
  simulator = new SimulatedPaymentProvider({ wait: async () => undefined });
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
  // A cashier is logged in (the staff feature): scans reach the cart only then.
  store.dispatch(staffLoggedIn({ id: 'E1002', name: '测试收银甲', role: 'cashier', at: new Date().toISOString() }));
});

afterEach(async () => {
  ledger.close();
  cache.close();
});

const scan = (code: string) =>
  routeScan({ source: 'wedge', code, at: 0 }, store.dispatch, store.getState, extra);
const lines = () => store.getState().cart.cart.lines;

describe('scanning into the cart', () => {
  it('adds a known barcode, and the same one again raises the quantity', async () => {
    await scan(product(0).barcode);
    await scan(product(0).barcode);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]?.qty).toBe(2);
    expect(store.getState().cart.selectedLineId).toBe(lines()[0]?.lineId);
  });

  it('handles two scans arriving at once (the second before the first lookup finished)', async () => {
    await Promise.all([scan(product(0).barcode), scan(product(1).barcode), scan(product(2).barcode)]);
    expect(lines().map((l) => l.barcode)).toEqual([
      product(0).barcode,
      product(1).barcode,
      product(2).barcode,
    ]);
  });

  it('explains an unknown barcode and a bad check digit, keeping the cart', async () => {
    await scan(product(0).barcode);
    await scan('6900000000007');
    expect(store.getState().scan.error).toEqual({
      key: 'scan.error.unknownBarcode',
      params: { code: '6900000000007' },
    });
    const good = product(1).barcode;
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    await scan(bad);
    expect(store.getState().scan.error?.key).toBe('scan.error.checkDigit');
    expect(lines()).toHaveLength(1);
    await scan(product(1).barcode);
    expect(store.getState().scan.error).toBeNull();
  });

  it('adds a weighed item from its scale label, and refuses a label for an unknown PLU', async () => {
    if (!weighed?.plu) throw new Error('catalog has no weighed product');
    const template = DEFAULT_SCALE_TEMPLATES.find((t) => t.id === 'p22-weight');
    if (!template) throw new Error('no weight template');
    await scan(makeScaleLabel(template, { plu: weighed.plu, weightGrams: 1234 }));
    expect(lines()[0]).toMatchObject({ productId: weighed.id, weightGrams: 1234 });
    await scan(makeScaleLabel(template, { plu: '99999', weightGrams: 500 }));
    expect(store.getState().scan.error).toMatchObject({
      key: 'scan.error.unknownPlu',
      params: { plu: '99999' },
    });
  });

  it('refuses to change the quantity of a weighed line and sets it on a piece line', async () => {
    await scan(product(0).barcode);
    expect(store.dispatch(setSelectedQty('5'))).toBeNull();
    expect(lines()[0]?.qty).toBe(5);
    expect(store.dispatch(setSelectedQty('abc'))).toEqual({ key: 'qty.error.notANumber' });
    expect(store.dispatch(setSelectedQty('0'))?.key).toBe('qty.error.badQty');
  });

  it('routes the scan listener: a dispatched scanReceived lands in the cart', async () => {
    store.dispatch(scanReceived({ source: 'hid', code: product(3).barcode, at: 0 }));
    for (let i = 0; i < 50 && lines().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(lines()).toHaveLength(1);
  });
});

describe('taking payment', () => {
  async function cartOfTwo() {
    await scan(product(0).barcode);
    await scan(product(1).barcode);
    return selectTotals(store.getState()).dueFen;
  }

  it('refuses short cash with the amount missing, then commits one sale with change and a receipt', async () => {
    const due = await cartOfTwo();
    store.dispatch(openTender('cash'));
    await store.dispatch(payCash(((due - 100) / 100).toFixed(2)));
    expect(store.getState().tender.error).toMatchObject({
      key: 'tender.error.short',
      params: { short: 100, due },
    });
    expect(await ledger.sales.count()).toBe(0);

    const tendered = Math.ceil((due + 1) / 10000) * 10000;
    await store.dispatch(payCash(String(tendered / 100)));
    const r = store.getState().receipt;
    expect(r.sale?.changeFen).toBe(tendered - due);
    expect(r.lines.join('\n')).toContain(r.sale?.receiptNo ?? 'none');
    expect(lines()).toHaveLength(0);
    expect(store.getState().ui.dialog).toBeNull();
    for (let i = 0; i < 50 && store.getState().receipt.print !== 'printed'; i++)
      await new Promise((x) => setTimeout(x, 5));
    expect(store.getState().receipt.print).toBe('printed');
    expect(platform.printed.size).toBe(1);
    expect(await ledger.sales.count()).toBe(1);
    expect(await ledger.outbox.count()).toBe(1);
    expect((await verifyLedgerIntegrity(ledger)).ok).toBe(true);
  });

  it('makes one sale however often confirm is pressed at once', async () => {
    const due = await cartOfTwo();
    store.dispatch(openTender('cash'));
    const amount = String(Math.ceil(due / 100));
    await Promise.all([
      store.dispatch(payCash(amount)),
      store.dispatch(payCash(amount)),
      store.dispatch(completeSale()),
      store.dispatch(payCash(amount)),
    ]);
    expect(await ledger.sales.count()).toBe(1);
    expect(await ledger.outbox.count()).toBe(1);
  });

  it('splits card and cash; the card needs a reference and may not exceed what is owed', async () => {
    const due = await cartOfTwo();
    store.dispatch(openTender('card'));
    await store.dispatch(payCard('1.00', ''));
    expect(store.getState().tender.error?.key).toBe('tender.error.cardReference');
    await store.dispatch(payCard(String(due / 100 + 1), 'REF1234'));
    expect(store.getState().tender.error?.key).toBe('tender.error.cardAmount');
    await store.dispatch(payCard('1.00', 'REF1234'));
    expect(store.getState().tender.tenders).toHaveLength(1);
    store.dispatch(modeChanged('cash'));
    await store.dispatch(payCash(''));
    const sale = store.getState().receipt.sale;
    expect(sale?.tenders.map((t) => [t.kind, t.amountFen])).toEqual([
      ['card', 100],
      ['cash', due - 100],
    ]);
  });

  it('shows a declined mobile payment and completes after a successful one', async () => {
    await cartOfTwo();
    store.dispatch(openTender('mobile'));
    await store.dispatch(payMobile('6901234567892'));
    expect(store.getState().tender.error?.key).toBe('tender.error.notAPaymentCode');
    store.dispatch(simulatorModeChanged('decline'));
    await store.dispatch(payMobile('134567890123456789'));
    expect(store.getState().tender.error?.key).toBe('tender.mobileResult.declined');
    expect(store.getState().tender.tenders).toHaveLength(0);
    store.dispatch(simulatorModeChanged('success'));
    await store.dispatch(payMobile('134567890123456789'));
    const sale = store.getState().receipt.sale;
    expect(sale?.tenders[0]).toMatchObject({ kind: 'wechat' });
    expect(sale?.tenders[0]?.reference).toMatch(/^SIM/);
  });

  it('sends a product scan in the payment dialog to the dialog, not to the cart', async () => {
    await cartOfTwo();
    store.dispatch(openTender('cash'));
    await scan(product(5).barcode);
    expect(lines()).toHaveLength(2);
    expect(store.getState().tender.error?.key).toBe('tender.error.scanWhilePaying');
  });

  it('voids a sale with only cash intent, but not one with a card payment taken', async () => {
    await cartOfTwo();
    store.dispatch(voidSale());
    expect(lines()).toHaveLength(0);
    await cartOfTwo();
    store.dispatch(openTender('card'));
    await store.dispatch(payCard('1.00', 'REF1234'));
    store.dispatch(voidSale());
    expect(lines()).toHaveLength(2);
    expect(store.getState().ui.toast?.key).toBe('voidSale.error.paid');
  });

  it('starts the next sale with the first scan after a receipt', async () => {
    await cartOfTwo();
    store.dispatch(openTender('cash'));
    await store.dispatch(payCash(''));
    expect(store.getState().receipt.sale).not.toBeNull();
    await scan(product(2).barcode);
    expect(store.getState().receipt.sale).toBeNull();
    expect(lines()).toHaveLength(1);
  });

  it('voids a line and keeps a neighbour selected', async () => {
    await cartOfTwo();
    const [first, second] = lines();
    store.dispatch(lineVoided(second?.lineId ?? ''));
    expect(lines()).toHaveLength(1);
    expect(store.getState().cart.selectedLineId).toBe(first?.lineId);
  });
});

describe('wedgeGapFromQuery', () => {
  it('accepts 10..100 ms and ignores anything else', () => {
    expect(wedgeGapFromQuery('?wedgeGapMs=50')).toBe(50);
    expect(wedgeGapFromQuery('')).toBeUndefined();
    expect(wedgeGapFromQuery('?wedgeGapMs=500')).toBeUndefined();
    expect(wedgeGapFromQuery('?wedgeGapMs=abc')).toBeUndefined();
  });
});

describe('databaseNames', () => {
  it('isolates by ?db= and ignores unsafe names', () => {
    expect(databaseNames('')).toEqual({ ledgerName: 'ledger', cacheName: 'cache' });
    expect(databaseNames('?db=e2e-1')).toEqual({ ledgerName: 'e2e-1-ledger', cacheName: 'e2e-1-cache' });
    expect(databaseNames('?db=../x')).toEqual({ ledgerName: 'ledger', cacheName: 'cache' });
  });
});
