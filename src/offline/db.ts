// The terminal's two IndexedDB databases. The ledger holds money and is the source of truth until the CRM
// acknowledges it; the cache holds what can always be pulled again.
import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { Category, OutboxRecord, Product, Sale } from '../domain/model';
import type { PickupHandoverRow, PickupReadyMarkRow, PickupSeenRow } from './pickup/rows';
import type { CouponTerms } from '../domain/membership/coupons';
import { memberCardHash, memberCardLast4 } from '../domain/membership/memberCard';
import type { AuditEntry } from '../domain/staff/auditChain';
import type { LockoutState } from '../domain/staff/lockout';
import type { CashMove, Refund, Shift } from '../domain/shift/model';
import type { ShiftReport } from '../domain/shift/report';

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

/** One audit log entry as stored; `seq` is its 'audit.appended' outbox record's when queued with it. */
export interface AuditRow extends AuditEntry {
  seq?: number;
}

/** A member QR token accepted at this till: refused again until it expires (Unix seconds). */
export interface MemberTokenRow {
  jti: string;
  memberId: string;
  exp: number;
  at: string;
}

/** A sale's points movement for one member (earn - redeem), keyed by the sale's outbox seq. */
export interface PointsDeltaRow {
  seq: number;
  memberId: string;
  delta: number;
  saleId: string;
}

/**
 * A member as cached for offline use: only what the till shows and prices with (masked name and phone, tier,
 * points, soon-expiring points, usable coupons). `balance` is the CRM's at `fetchedAt`; `ackedSeqAtFetch` is
 * this till's highest acknowledged outbox seq then, so later points deltas are added on top (provisional).
 */
export interface CachedMemberRow {
  id: string;
  /**
   * Hex SHA-256 of the card number (`memberCardHash`), to match a scanned card; v5. A till keeps no full card
   * number (docs/decisions/0046).
   */
  cardHash: string;
  /** The card's last 4 digits, to show ('M******1234'). */
  cardLast4: string;
  nameMasked: string;
  phoneMasked: string;
  tier: string;
  tierName: string;
  balance: number;
  expiringSoon: { expiresOn: string; points: number }[];
  coupons: CouponTerms[];
  fetchedAt: string;
  ackedSeqAtFetch: number;
}

/**
 * A shift as stored (v5). `openSeq` is the outbox seq of its 'shift.opened' record and `closeSeq` that of its
 * 'shift.closed' one: the shift's sales, refunds, moves and pickups all lie between them in commit order.
 */
export interface ShiftRow extends Shift {
  openSeq: number;
  closeSeq?: number;
  /** The Z report, frozen at closing. */
  z?: ShiftReport;
}

/** A cash move as stored (v5), with the outbox seq of its 'cash.moved' record. */
export interface CashMoveRow extends CashMove {
  seq: number;
}

/** A refund as stored (v5), with the outbox seq of its 'refund.completed' record. */
export interface RefundRow extends Refund {
  seq: number;
}

export class LedgerDb extends Dexie {
  sales!: EntityTable<SaleRow, 'id'>;
  outbox!: EntityTable<OutboxRecord, 'seq'>;
  counters!: EntityTable<CounterRow, 'name'>;
  terminal!: EntityTable<TerminalRow, 'key'>;
  payments!: EntityTable<PaymentRecord, 'outTradeNo'>;
  syncIssues!: EntityTable<SyncIssueRow, 'id'>;
  /** Membership (v2): ids of member QR tokens already accepted, kept until they expire (replay guard). */
  memberTokens!: EntityTable<MemberTokenRow, 'jti'>;
  /** Membership (v2): each sale's points delta per member, written with the sale (provisional balances). */
  pointsDeltas!: EntityTable<PointsDeltaRow, 'seq'>;
  /** Staff (v4): the append-only audit log, keyed by its index in the hash chain. */
  audit!: EntityTable<AuditRow, 'index'>;
  /** Staff (v4): wrong-PIN counters and lockouts per employee on this till. */
  staffLockouts!: EntityTable<LockoutState, 'staffId'>;
  /** Shifts (v5): open and closed shifts with their Z reports. */
  shifts!: EntityTable<ShiftRow, 'id'>;
  /** Shifts (v5): pay-ins, pay-outs and safe drops. */
  cashMoves!: EntityTable<CashMoveRow, 'id'>;
  /** Shifts (v5): refunds and returns made at this till. */
  refunds!: EntityTable<RefundRow, 'id'>;
  /** Pickup (v3): handovers made at this till, each with its outbox record. */
  pickupHandovers!: EntityTable<PickupHandoverRow, 'id'>;
  /** Pickup (v3): orders marked ready here, until the CRM's copy says so. */
  pickupReadyMarks!: EntityTable<PickupReadyMarkRow, 'id'>;

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
    // Membership (issue 4): the member token replay guard.
    this.version(2).stores({ memberTokens: 'jti, exp', pointsDeltas: 'seq, [memberId+seq]' });
    // Pickup (issue 5): handovers and ready marks, each written with its outbox record.
    this.version(3).stores({
      pickupHandovers: 'id, pickupOrderId, seq',
      pickupReadyMarks: 'id, pickupOrderId, seq',
    });
    // Staff (issue 7): audit log entries (never updated or deleted) and lockout counters.
    this.version(4).stores({
      audit: 'index, &entryId, at, action',
      staffLockouts: 'staffId',
    });
    // Shifts (issue 7): shifts, cash moves and refunds, each written with its outbox record.
    this.version(5).stores({
      shifts: 'id, state, openedAt',
      cashMoves: 'id, shiftId, seq',
      refunds: 'id, &receiptNo, originalSaleId, originalReceiptNo, shiftId, seq',
    });
    // Mutation ids gained the store (T02 exists in every store, so `T02.1.1` collided at the CRM): records
    // not yet acknowledged are renamed, or the CRM would refuse them as malformed and the outbox would stall.
    this.version(6).upgrade(async (tx) => {
      const store = (await tx.table<TerminalRow, string>('terminal').get('storeId'))?.value;
      if (typeof store !== 'string') return;
      await tx
        .table<OutboxRecord, number>('outbox')
        .filter((r) => r.mutationId.split('.').length === 3 && r.state !== 'acked')
        .modify((r) => {
          r.mutationId = `${store}.${r.mutationId}`;
        });
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
  /** Membership (v3): members looked up online, masked, kept for offline use until their TTL. */
  members!: EntityTable<CachedMemberRow, 'id'>;
  /** Pickup (v4): orders the pickup queue has shown, so the ones sync brings later stand out as new. */
  pickupSeen!: EntityTable<PickupSeenRow, 'id'>;
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
    // Membership (issue 4): the member cache, by id and by card number.
    this.version(3).stores({ members: 'id, &cardNo, fetchedAt' });
    // Pickup (issue 5): the queue's seen marks.
    this.version(4).stores({ pickupSeen: 'id' });
    // A stolen till gives away little (issue 16): members keyed by their card's hash; no full card number kept.
    this.version(5)
      .stores({ members: 'id, &cardHash, fetchedAt' })
      .upgrade(async (tx) => {
        await tx
          .table('members')
          .toCollection()
          .modify((row: Record<string, unknown>) => {
            const cardNo = typeof row.cardNo === 'string' ? row.cardNo : '';
            row.cardHash = memberCardHash(cardNo);
            row.cardLast4 = memberCardLast4(cardNo);
            delete row.cardNo;
          });
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
