// The shared vocabulary of the till. Amounts are integer fen everywhere; quantities of
// weighed goods are integer grams, so no float ever reaches a total.

/** Integer number of fen (1 yuan = 100 fen). */
export type Fen = number;

/** ISO-8601 UTC timestamp, e.g. 2026-11-25T08:30:00.000Z */
export type IsoTime = string;

/** Store business date yyyy-mm-dd (local to the store, not UTC). */
export type BusinessDate = string;

export type SaleUnit = 'piece' | 'kg';

export interface Category {
  id: string;
  name: string; // zh-CN
  nameEn: string;
}

export interface Product {
  id: string;
  /** Primary barcode: EAN-13 (69x prefix) for packaged goods; for weighed goods the 5-digit PLU. */
  barcode: string;
  /** Additional barcodes (EAN-8, UPC-A, ...). */
  altBarcodes: string[];
  name: string; // zh-CN, e.g. 伊利纯牛奶 250ml×24
  nameEn: string;
  /** Pinyin initials of the name in lower case, e.g. 'ylcnn' for 伊利纯牛奶, used by search. */
  pinyin: string;
  categoryId: string;
  /** Price per piece, or per kg for weighed goods. */
  priceFen: Fen;
  unit: SaleUnit;
  /** PLU for in-store variable-measure labels (prefix 2), e.g. '10023'. */
  plu?: string;
  /** Catalog version: the CRM's commit-order version; higher wins in the cache. */
  version: number;
  active: boolean;
}

export interface CartLine {
  lineId: string; // UUIDv7 made on the terminal
  productId: string;
  barcode: string; // the code as scanned
  name: string;
  nameEn: string;
  categoryId: string;
  unit: SaleUnit;
  /** Pieces for unit 'piece'; for weighed lines always 1 (the weight is in weightGrams). */
  qty: number;
  weightGrams?: number;
  /** Unit price at the moment of sale (per piece, or per kg). Never rewritten later. */
  unitPriceFen: Fen;
  /** Price embedded in a price label, when the label carried it. */
  labelPriceFen?: Fen;
  /** Gross line amount before discounts. */
  amountFen: Fen;
  /** Sum of discounts on this line (positive number of fen). */
  discountFen: Fen;
  /** Reasons for discounts (member tier price, coupon, ...) */
  discounts: LineDiscount[];
}

export interface LineDiscount {
  kind: 'member' | 'coupon' | 'manual';
  ref?: string;
  amountFen: Fen;
  /** Percentage discounts are given in basis points (9500 = 95折). */
  rateBp?: number;
}

export interface CartTotals {
  itemCount: number; // pieces + weighed lines
  grossFen: Fen;
  discountFen: Fen;
  dueFen: Fen; // gross - discount
}

export type TenderKind = 'cash' | 'card' | 'wechat' | 'alipay' | 'points' | 'coupon';

export interface Tender {
  id: string; // UUIDv7
  kind: TenderKind;
  /** Amount applied to the sale. For cash this is tendered - change. */
  amountFen: Fen;
  /** Cash only: what the customer handed over. */
  tenderedFen?: Fen;
  /** Cash only: change given back. */
  changeFen?: Fen;
  /** Card: external terminal reference; mobile: provider transaction id; points: ledger entry id. */
  reference?: string;
  /** Mobile payment: the customer's auth code (masked on receipts). */
  authCode?: string;
  /** Cash only: the jiao rounding applied on this tender (signed fen, -4..+5); the sale owes due + rounding. */
  roundingFen?: Fen;
}

export interface Sale {
  id: string; // UUIDv7
  receiptNo: string; // store-terminal-yyyymmdd-seq
  storeId: string;
  terminalId: string;
  cashierId: string;
  shiftId?: string;
  businessDate: BusinessDate;
  createdAt: IsoTime;
  lines: CartLine[];
  tenders: Tender[];
  totals: CartTotals;
  /** Cash rounding to the jiao, when applied (signed fen, usually between -4 and +5). */
  roundingFen: Fen;
  changeFen: Fen;
  memberId?: string;
  status: 'completed' | 'voided';
}

export type OutboxState = 'pending' | 'inflight' | 'acked' | 'rejected';

export type MutationType =
  | 'sale.completed'
  | 'sale.voided'
  | 'pickup.handedOver'
  | 'pickup.readied'
  | 'shift.opened'
  | 'cash.moved'
  | 'shift.closed'
  | 'refund.completed'
  | 'audit.appended'
  /** Sent in place of a record the CRM kept failing (docs/decisions/0041). */
  | 'mutation.quarantined';

export interface OutboxRecord {
  /** Gap-free per terminal and epoch; the Dexie primary key. */
  seq: number;
  /** terminalId.epoch.seq */
  mutationId: string;
  epoch: number;
  type: MutationType;
  entityId: string; // UUIDv7 of the business entity (sale id, ...)
  payload: unknown;
  payloadHash: string; // hex SHA-256 of the canonical JSON payload
  createdAt: IsoTime;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number; // epoch ms
  lastError?: string;
  ack?: unknown;
  /**
   * The CRM kept failing this record on its own (docs/decisions/0041): shown in the sync panel and to the
   * store's manager until it is delivered or quarantined.
   */
  attention?: OutboxAttention;
  /**
   * Sent as a 'mutation.quarantined' in its place (same seq), so the records behind it go on. The original
   * payload above is kept as it was: nothing is lost, and it can be exported.
   */
  quarantine?: {
    at: IsoTime;
    payload: unknown;
    payloadHash: string;
    /** The envelope it goes in: the original's entityId and createdAt, unless those were not well-formed. */
    entityId: string;
    createdAt: IsoTime;
  };
}

export interface OutboxAttention {
  code: string;
  detail: string;
  status?: number;
  since: IsoTime;
  /** Failures of this record alone, with the CRM otherwise answering. */
  failures: number;
}
