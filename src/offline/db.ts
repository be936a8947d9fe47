// The terminal's two IndexedDB databases. The ledger holds money and is the source of truth until the CRM
// acknowledges it; the cache holds what can always be pulled again.
import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { Category, OutboxRecord, Product, Sale } from '../domain/model';

/** One row of the ledger's key/value `counters` table: 'seq' (outbox) and 'receipt:<businessDate>'. */
export interface CounterRow {
  name: string;
  value: number;
}

/** Key/value facts about this terminal (terminalId, storeId, storeName, epoch, timeZone, ...). */
export interface TerminalRow {
  key: string;
  value: unknown;
}

export type MobileProviderName = 'wechat' | 'alipay';

export type PaymentPointState =
  | 'started' // recorded before the provider was called: a crash here must be resolved at restart
  | 'success'
  | 'declined'
  | 'unknown' // the answer was lost or unclear (and nothing settled it yet): query before anything else
  | 'settled' // an unknown payment later confirmed as charged
  | 'reversed'; // an unknown payment refunded/cancelled at the gateway

/** A recovery point for one mobile payment attempt, written before the provider is called. */
export interface PaymentRecord {
  outTradeNo: string;
  saleId: string;
  amountFen: number;
  provider: MobileProviderName;
  /** Never the full auth code: it is a bearer credential for the customer's wallet. */
  authCodeMasked: string;
  state: PaymentPointState;
  transactionId?: string;
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

/** A problem from sync that a manager has to settle (filled by the sync engine later). */
export interface SyncIssueRow {
  id: string;
  createdAt: string;
  kind: string;
  detail: unknown;
  resolvedAt?: string;
}

/** A product as cached: search keys are derived from the name and pinyin when it is stored. */
export interface CachedProduct extends Product {
  /** Every suffix of the pinyin initials, so 'nn' finds 伊利纯牛奶 ('ylcnn'). */
  pinyinKeys: string[];
  /** Short substrings of the Chinese name starting at each Chinese character (substring search). */
  nameKeys: string[];
}

/** A sale as stored: `seq` is the outbox seq of its 'sale.completed' record (commit order, unlike createdAt). */
export interface SaleRow extends Sale {
  seq: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/** A category as cached: `version` is the CRM's commit-order version (absent for the demo catalog). */
export type CachedCategory = Category & { version?: number };

/**
 * Each pulled stream keeps two generations, 'a' and 'b': a snapshot after a reset loads into the one not
 * shown and is switched in by one small meta write, so a reader never sees an empty or half-loaded stream.
 */
export type Generation = 'a' | 'b';

/** An item of a stream kept as pulled (issues, members, coupons, pickups, staff), in one generation. */
export interface StreamItemRow {
  gen: Generation;
  kind: string;
  id: string;
  version: number;
  data: unknown;
}

export class LedgerDb extends Dexie {
  sales!: EntityTable<SaleRow, 'id'>;
  outbox!: EntityTable<OutboxRecord, 'seq'>;
  counters!: EntityTable<CounterRow, 'name'>;
  terminal!: EntityTable<TerminalRow, 'key'>;
  payments!: EntityTable<PaymentRecord, 'outTradeNo'>;
  syncIssues!: EntityTable<SyncIssueRow, 'id'>;

  constructor(name: string, options: DexieOptions = {}) {
    // Since Chrome 121 the default is relaxed: "complete" can fire before the data is on disk.
    super(name, { ...options, chromeTransactionDurability: 'strict' });
    // Later versions add `this.version(2).stores({...}).upgrade(tx => ...)`; never edit version 1.
    this.version(1).stores({
      sales: 'id, &receiptNo, seq, createdAt, businessDate',
      outbox: 'seq, &mutationId, state, [state+seq], entityId, createdAt',
      counters: 'name',
      terminal: 'key',
      payments: 'outTradeNo, saleId, state',
      syncIssues: 'id, createdAt',
    });
  }
}

const PRODUCT_INDEXES =
  'id, &barcode, *altBarcodes, plu, pinyin, name, categoryId, version, *pinyinKeys, *nameKeys';

export class CacheDb extends Dexie {
  /** Catalog generation 'a' (the version-1 tables, so a cache from before sync keeps its products). */
  products!: Table<CachedProduct, string>;
  categories!: Table<CachedCategory, string>;
  /** Catalog generation 'b'. */
  productsB!: Table<CachedProduct, string>;
  categoriesB!: Table<CachedCategory, string>;
  streamItems!: Table<StreamItemRow, [Generation, string, string]>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name: string, options: DexieOptions = {}) {
    // Relaxed is fine: everything here can be pulled from the CRM again.
    super(name, { chromeTransactionDurability: 'relaxed', ...options });
    this.version(1).stores({
      products: PRODUCT_INDEXES,
      categories: 'id',
      meta: 'key',
    });
    this.version(2).stores({
      productsB: PRODUCT_INDEXES,
      categoriesB: 'id',
      streamItems: '[gen+kind+id]',
    });
  }
}

/** Test hooks: a private IDBFactory per test (fake-indexeddb), or the browser's by default. */
export type DbOptions = Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>;

export function openLedger(name = 'ledger', options: DbOptions = {}): LedgerDb {
  return new LedgerDb(name, options);
}

export function openCache(name = 'cache', options: DbOptions = {}): CacheDb {
  return new CacheDb(name, options);
}
