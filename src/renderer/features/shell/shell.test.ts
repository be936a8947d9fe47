// The shell's renderer side without a browser: the real store and reducers, Node's real BroadcastChannel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateCatalog } from '../../../domain/catalogSeed';
import type { Product, Sale } from '../../../domain/model';
import {
  CUSTOMER_DISPLAY_CHANNEL,
  CustomerDisplayViewSchema,
  type CustomerDisplayView,
} from '../../../shared/customerDisplay';
import { ServicesHolder, type Extra } from '../../app/services';
import { createAppStore } from '../../app/store';
import { cartCleared, productAdded } from '../cart/cartSlice';
import { nextSaleStarted, saleCompleted } from '../receipt/receiptSlice';
import { syncStatusRead } from '../sync/syncSlice';
import { memberAttached, type AttachedMember } from '../member/memberSlice';
import { busyOf, startBusyReporter } from './busyReporter';
import { startCustomerDisplayFeed } from './customerDisplayFeed';
import { customerViewOf } from './customerView';

const catalog = generateCatalog({ count: 100, seed: 3 });
const pieces = catalog.products.filter((p) => p.active && p.unit === 'piece');
const product = (i: number): Product => pieces[i]!;

function makeStore() {
  const extra: Extra = {
    services: new ServicesHolder(),
    newId: () => crypto.randomUUID(),
    now: () => new Date(),
  };
  return createAppStore(extra);
}

const add = (store: ReturnType<typeof makeStore>, p: Product, lineId: string) =>
  store.dispatch(productAdded({ product: p, lineId, scannedCode: p.barcode }));

function saleOf(store: ReturnType<typeof makeStore>): Sale {
  const lines = store.getState().cart.cart.lines;
  const due = lines.reduce((s, l) => s + l.amountFen - l.discountFen, 0);
  return {
    id: '01936f3e-2b4c-7d5e-8f60-123456789abc',
    receiptNo: 'S001-T03-20261126-1',
    storeId: 'S001',
    terminalId: 'T03',
    cashierId: 'c1',
    businessDate: '2026-11-26',
    createdAt: '2026-11-26T02:00:00.000Z',
    lines,
    tenders: [{ id: 't1', kind: 'cash', amountFen: due, tenderedFen: due + 1000, changeFen: 1000 }],
    totals: { itemCount: lines.length, grossFen: due, discountFen: 0, dueFen: due },
    roundingFen: 0,
    changeFen: 1000,
    status: 'completed',
  } as Sale;
}

const channels: BroadcastChannel[] = [];
function listen(): { views: CustomerDisplayView[]; channel: BroadcastChannel } {
  const channel = new BroadcastChannel(CUSTOMER_DISPLAY_CHANNEL);
  channels.push(channel);
  const views: CustomerDisplayView[] = [];
  channel.onmessage = (e: MessageEvent) => {
    const m = e.data as { type: string; view?: unknown };
    if (m.type === 'view') views.push(CustomerDisplayViewSchema.parse(m.view));
  };
  return { views, channel };
}
const settle = () => new Promise((r) => setTimeout(r, 20));

afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

describe('customer view', () => {
  it('welcome, then the cart with the last line, then thanks with paid and change', () => {
    const store = makeStore();
    expect(customerViewOf(store.getState())).toMatchObject({ phase: 'idle', lines: [], dueFen: 0 });
    add(store, product(0), 'l1');
    add(store, product(1), 'l2');
    const sale = customerViewOf(store.getState());
    expect(sale).toMatchObject({ phase: 'sale', lastLineId: 'l2', itemCount: 2, storeName: '天河店' });
    expect(sale.dueFen).toBe(product(0).priceFen + product(1).priceFen);
    expect(sale.lines.map((l) => l.code)).toEqual([product(0).barcode, product(1).barcode]);

    store.dispatch(saleCompleted({ sale: saleOf(store), lines: [], at: 1 }));
    store.dispatch(cartCleared());
    const thanks = customerViewOf(store.getState());
    expect(thanks).toMatchObject({
      phase: 'thanks',
      changeFen: 1000,
      dueFen: sale.dueFen,
      paidFen: sale.dueFen + 1000,
    });
    expect(CustomerDisplayViewSchema.safeParse({ ...thanks, seq: 1 }).success).toBe(true);
  });
});

describe('member on the customer display', () => {
  it('shows the masked name and the provisional balance while selling, and the points earned after', () => {
    const store = makeStore();
    store.dispatch(
      memberAttached({
        id: 'm1',
        cardMasked: 'M******0001',
        nameMasked: '张*',
        phoneMasked: '138****5678',
        tier: 'gold',
        tierName: '金卡',
        balance: 1234,
        provisional: true,
        source: 'cache',
        expiringSoon: [],
        coupons: [],
        profile: null,
        rules: {} as AttachedMember['rules'],
        attachedAt: '2026-11-26T02:00:00.000Z',
      }),
    );
    expect(customerViewOf(store.getState())).toMatchObject({
      phase: 'sale',
      member: { name: '张*', points: 1234, provisional: true },
    });
    const withReceipt = {
      ...store.getState(),
      member: {
        ...store.getState().member,
        receipts: { s1: { label: '138****5678', pointsEarned: 12, pointsBalance: 1246, provisional: true } },
      },
      receipt: { ...store.getState().receipt, sale: { ...saleOf(store), id: 's1' } },
    };
    expect(customerViewOf(withReceipt).member).toEqual({
      name: '138****5678',
      points: 1246,
      provisional: true,
      earned: 12,
    });
  });
});

describe('customer display feed', () => {
  it('publishes each change once over BroadcastChannel and to the pole display, and answers a hello', async () => {
    const store = makeStore();
    const showCustomerView = vi.fn(async () => ({ ok: true as const, value: undefined }));
    const display = listen();
    const feed = startCustomerDisplayFeed(store, { showCustomerView, log: vi.fn() });
    add(store, product(0), 'l1');
    store.dispatch(
      syncStatusRead({ online: true, pending: 1, oldestPendingAt: null, rejected: 0, checkedAt: 'x' }),
    );
    add(store, product(0), 'l1b'); // same product: qty 2 on the same line
    await settle();
    // The welcome at start, then one view per change of the cart.
    expect(display.views.map((v) => [v.seq, v.phase, v.lines[0]?.qty])).toEqual([
      [1, 'idle', undefined],
      [2, 'sale', 1],
      [3, 'sale', 2],
    ]);
    // The sync status changed the state but not the view: nothing extra was sent.
    expect(showCustomerView.mock.calls.map((c) => (c as unknown as [CustomerDisplayView])[0].seq)).toEqual([
      1, 2, 3,
    ]);

    // A customer window opened mid-sale asks, and gets the current view.
    const late = listen();
    late.channel.postMessage({ type: 'hello' });
    await settle();
    expect(late.views.map((v) => v.seq)).toEqual([3]);

    store.dispatch(cartCleared());
    store.dispatch(nextSaleStarted());
    await settle();
    expect(display.views.at(-1)?.phase).toBe('idle');
    feed.stop();
    add(store, product(1), 'l9');
    await settle();
    expect(display.views.at(-1)?.phase).toBe('idle');
  });

  it('a failing pole display never breaks the feed', async () => {
    const store = makeStore();
    const display = listen();
    startCustomerDisplayFeed(store, {
      showCustomerView: vi.fn(async () => Promise.reject(new Error('gone'))),
      log: vi.fn(),
    });
    add(store, product(0), 'l1');
    await settle();
    expect(display.views.map((v) => v.phase)).toEqual(['idle', 'sale']);
  });
});

describe('busy report', () => {
  it('is busy with cart lines, a payment, a member, or unsynced records', () => {
    const store = makeStore();
    expect(busyOf(store.getState())).toEqual({ saleOpen: false, pendingOutbox: 0 });
    add(store, product(0), 'l1');
    expect(busyOf(store.getState()).saleOpen).toBe(true);
    store.dispatch(cartCleared());
    store.dispatch(
      syncStatusRead({ online: false, pending: 3, oldestPendingAt: null, rejected: 1, checkedAt: 'x' }),
    );
    expect(busyOf(store.getState())).toEqual({ saleOpen: false, pendingOutbox: 3 });
  });

  it('reports on change only (and on its timer), and keeps the update status for settings', async () => {
    vi.useFakeTimers();
    try {
      const store = makeStore();
      const reportBusy = vi.fn(async () => ({ ok: true as const, value: undefined }));
      const updateStatus = vi.fn(async () => ({
        ok: true as const,
        value: { state: 'ready' as const, version: '0.2.0', busy: false },
      }));
      const stop = startBusyReporter(store, { reportBusy, updateStatus }, { everyMs: 1000 });
      add(store, product(0), 'l1');
      add(store, product(1), 'l2');
      store.dispatch(cartCleared());
      expect(reportBusy.mock.calls.map((c) => (c as unknown as [{ saleOpen: boolean }])[0].saleOpen)).toEqual(
        [false, true, false],
      );
      await vi.advanceTimersByTimeAsync(1000);
      expect(reportBusy).toHaveBeenCalledTimes(4);
      expect(store.getState().shell.update).toEqual({ state: 'ready', version: '0.2.0', busy: false });
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(reportBusy).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
