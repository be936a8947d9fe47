// window.__bench: what `npm run bench` drives inside the real till. Installed only with `?bench=1` and loaded
// as its own chunk, so a shop till never carries it. Unlike window.__pos it writes: it loads a big catalog into
// the cache and commits sales, but only into ledgers of its own (never the till's ledger).
import { generateCatalog } from '../../domain/catalogSeed';
import { addProduct, cartTotals, emptyCart, type Cart } from '../../domain/cart';
import { canonicalJson, sha256Hex } from '../../domain/hash';
import type { OutboxRecord, Product, Sale } from '../../domain/model';
import { openLedger } from '../../offline/db';
import { newId } from '../../offline/ids';
import { commitSale, saleCompletedPayload, type SaleDraft } from '../../offline/sales';
import { getOrCreateTerminalIdentity } from '../../offline/terminal';
import { cartCleared } from '../features/cart/cartSlice';
import { scanReceived } from '../features/scan/scanSlice';
import type { Extra } from './services';
import type { AppStore } from './store';

export interface CatalogLoadResult {
  total: number;
  written: number;
  skipped: number;
  /** Time to generate the products in the page (not part of the load). */
  generateMs: number;
  /** CatalogRepo.bulkLoad alone. */
  loadMs: number;
}

export interface ScanTiming {
  /** Scan action dispatched -> the line (or its new qty) is in the DOM. */
  domMs: number;
  /** Scan action dispatched -> that DOM has been painted (next frame + a macrotask). */
  paintMs: number;
  /** A new line, or the qty of the line already there went up. */
  change: 'line' | 'qty';
}

export interface CommitBenchOptions {
  /** Timed pairs (one commitSale + one raw transaction each). */
  n: number;
  /** Untimed pairs first, so both sides start with warm code and open databases. */
  warmup: number;
  /** Products to build the sales from; each sale takes `linesPerSale` of them. */
  products: Product[];
  linesPerSale: number;
  /** Prefix of the two databases this benchmark owns (deleted first). */
  dbPrefix: string;
}

export interface CommitBenchResult {
  commitMs: number[];
  rawMs: number[];
}

export interface BenchHandle {
  loadCatalog(opts: { count: number; seed: number; chunkSize?: number }): Promise<CatalogLoadResult>;
  scanToLine(code: string, opts?: { timeoutMs?: number; delayMs?: number }): Promise<ScanTiming>;
  /** Starts the next sale (cart emptied and painted); not timed. */
  clearCart(): Promise<void>;
  commitBench(opts: CommitBenchOptions): Promise<CommitBenchResult>;
}

declare global {
  interface Window {
    __bench?: BenchHandle;
  }
}

const PROGRESS = '[bench]';
const LINE = '[data-testid="cart-line"]';
const QTY = '[data-testid="cart-line-qty"]';

/** After the next frame's paint: rAF runs just before paint, a task posted from it runs after. */
function afterPaint(): Promise<void> {
  return new Promise((ok) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => ok();
      ch.port2.postMessage(null);
    }),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** Resolves when `ready()` is true, checked on every DOM change under `root`; rejects after `timeoutMs`. */
function whenDom(root: Element, ready: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  return new Promise((ok, fail) => {
    if (ready()) {
      ok();
      return;
    }
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      clearTimeout(timer);
      ok();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
    }, timeoutMs);
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

function cartElement(): Element {
  const el = document.querySelector('[data-testid="cart"]');
  if (!el) throw new Error('the till shows no cart (is a dialog or the receipt open?)');
  return el;
}

function lineFor(root: Element, code: string): Element | null {
  for (const row of root.querySelectorAll(LINE)) if (row.getAttribute('data-barcode') === code) return row;
  return null;
}

function progress(label: string, done: number, total: number, last: { pct: number }): void {
  const pct = Math.floor((done / total) * 10) * 10;
  if (pct === last.pct && done !== total) return;
  last.pct = pct;
  console.info(`${PROGRESS} ${label} ${done}/${total}`);
}

/** A sale of `products` at one piece each, paid exactly in cash, as the checkout would hand it over. */
function draftOf(products: Product[], terminal: { storeId: string; terminalId: string }): SaleDraft {
  let cart: Cart = emptyCart();
  for (const p of products) cart = addProduct(cart, p, { lineId: newId(), scannedCode: p.barcode }).cart;
  const totals = cartTotals(cart);
  return {
    id: newId(),
    storeId: terminal.storeId,
    terminalId: terminal.terminalId,
    cashierId: 'C-BENCH',
    lines: cart.lines,
    tenders: [
      { id: newId(), kind: 'cash', amountFen: totals.dueFen, tenderedFen: totals.dueFen, changeFen: 0 },
    ],
    totals,
    roundingFen: 0,
    changeFen: 0,
    status: 'completed',
  };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((ok, fail) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => ok();
    req.onerror = () => fail(req.error);
    req.onblocked = () => fail(new Error(`database ${name} is still open elsewhere`));
  });
}

/** The ledger's stores (same keys and indexes as LedgerDb version 1) opened with the plain API. */
function openRawLedger(name: string): Promise<IDBDatabase> {
  return new Promise((ok, fail) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      const sales = db.createObjectStore('sales', { keyPath: 'id' });
      sales.createIndex('receiptNo', 'receiptNo', { unique: true });
      sales.createIndex('seq', 'seq');
      sales.createIndex('createdAt', 'createdAt');
      sales.createIndex('businessDate', 'businessDate');
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq' });
      outbox.createIndex('mutationId', 'mutationId', { unique: true });
      outbox.createIndex('state', 'state');
      outbox.createIndex('state+seq', ['state', 'seq']);
      outbox.createIndex('entityId', 'entityId');
      outbox.createIndex('createdAt', 'createdAt');
      db.createObjectStore('counters', { keyPath: 'name' });
    };
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
}

/**
 * The floor a sale commit cannot beat: one strict transaction that reads and bumps the counter and puts the
 * sale and its outbox record. The records are built before, so only the database work is timed.
 */
function rawCommit(
  db: IDBDatabase,
  sale: Sale,
  record: Omit<OutboxRecord, 'seq' | 'mutationId'>,
): Promise<void> {
  return new Promise((ok, fail) => {
    const tx = db.transaction(['sales', 'outbox', 'counters'], 'readwrite', { durability: 'strict' });
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error ?? new Error('raw commit aborted'));
    const counters = tx.objectStore('counters');
    const get = counters.get('seq');
    get.onsuccess = () => {
      const seq = ((get.result as { value: number } | undefined)?.value ?? 0) + 1;
      tx.objectStore('sales').put({ ...sale, receiptNo: `${sale.receiptNo}-${seq}`, seq });
      tx.objectStore('outbox').put({ ...record, seq, mutationId: `raw.1.${seq}` });
      counters.put({ name: 'seq', value: seq });
    };
  });
}

export function createBenchHandle(store: AppStore, extra: Extra): BenchHandle {
  const d = store.dispatch;
  return {
    async loadCatalog({ count, seed, chunkSize = 1000 }) {
      const t0 = performance.now();
      const catalog = generateCatalog({ count, seed });
      const generateMs = performance.now() - t0;
      const repo = extra.services.get().catalog;
      const last = { pct: -1 };
      const t1 = performance.now();
      const { written, skipped } = await repo.bulkLoad(catalog.products, {
        chunkSize,
        onProgress: (done, total) => progress('catalog', done, total, last),
      });
      return { total: count, written, skipped, generateMs, loadMs: performance.now() - t1 };
    },

    async scanToLine(code, { timeoutMs = 10_000, delayMs = 0 } = {}) {
      const root = cartElement();
      // A random wait puts the scan at a random point of the frame, as a real scanner's would be.
      if (delayMs > 0) await sleep(delayMs);
      const before = lineFor(root, code)?.querySelector(QTY)?.textContent ?? null;
      const changed = (): boolean => {
        const row = lineFor(root, code);
        if (!row) return false;
        return before === null || row.querySelector(QTY)?.textContent !== before;
      };
      const t0 = performance.now();
      d(scanReceived({ source: 'wedge', code, at: Date.now() }));
      await whenDom(root, changed, timeoutMs, () => {
        const err = store.getState().scan.error;
        return `cart line ${code}${err ? ` (scan error: ${err.key} ${JSON.stringify(err.params ?? {})})` : ''}`;
      });
      const domMs = performance.now() - t0;
      await afterPaint();
      return { domMs, paintMs: performance.now() - t0, change: before === null ? 'line' : 'qty' };
    },

    async clearCart() {
      const root = cartElement();
      d(cartCleared());
      await whenDom(
        root,
        () => root.querySelector(LINE) === null,
        10_000,
        () => 'an empty cart',
      );
      await afterPaint();
    },

    async commitBench({ n, warmup, products, linesPerSale, dbPrefix }) {
      const ledgerName = `${dbPrefix}-commit-ledger`;
      const rawName = `${dbPrefix}-raw-ledger`;
      await deleteDatabase(ledgerName);
      await deleteDatabase(rawName);
      const ledger = openLedger(ledgerName);
      const terminal = await getOrCreateTerminalIdentity(ledger, {
        storeId: 'B900',
        storeName: '基准店',
        terminalId: 'B01',
      });
      const raw = await openRawLedger(rawName);
      const commitMs: number[] = [];
      const rawMs: number[] = [];
      const last = { pct: -1 };
      try {
        for (let i = 0; i < warmup + n; i++) {
          const start = (i * linesPerSale) % Math.max(1, products.length - linesPerSale);
          const draft = draftOf(products.slice(start, start + linesPerSale), terminal);
          // The raw side writes the same records, stamped the same way, built outside its timing.
          const createdAt = new Date().toISOString();
          const sale: Sale = { ...draft, receiptNo: 'B900-B01-raw', createdAt, businessDate: '' };
          const payload = saleCompletedPayload(sale);
          const record = {
            epoch: 1,
            type: 'sale.completed' as const,
            entityId: sale.id,
            payload,
            payloadHash: sha256Hex(canonicalJson(payload)),
            createdAt,
            state: 'pending' as const,
            attempts: 0,
            nextAttemptAt: 0,
          };
          const timeCommit = async (): Promise<number> => {
            const t0 = performance.now();
            await commitSale(ledger, draft);
            return performance.now() - t0;
          };
          const timeRaw = async (): Promise<number> => {
            const t0 = performance.now();
            await rawCommit(raw, { ...sale, id: newId() }, record);
            return performance.now() - t0;
          };
          // A/B then B/A, so drift and noise land on both sides alike.
          let a: number;
          let b: number;
          if (i % 2 === 0) {
            a = await timeCommit();
            b = await timeRaw();
          } else {
            b = await timeRaw();
            a = await timeCommit();
          }
          if (i >= warmup) {
            commitMs.push(a);
            rawMs.push(b);
            progress('sale_commit', i - warmup + 1, n, last);
          }
        }
      } finally {
        ledger.close();
        raw.close();
      }
      // Proof the timed commits were real: every sale and its outbox record are there.
      const check = openLedger(ledgerName);
      const [sales, outbox] = await Promise.all([check.sales.count(), check.outbox.count()]);
      check.close();
      if (sales !== warmup + n || outbox !== warmup + n) {
        throw new Error(`expected ${warmup + n} sales and outbox records, found ${sales} and ${outbox}`);
      }
      return { commitMs, rawMs };
    },
  };
}

export function installBenchHandle(store: AppStore, extra: Extra): void {
  window.__bench = Object.freeze(createBenchHandle(store, extra));
  console.info(`${PROGRESS} handle ready`);
}
