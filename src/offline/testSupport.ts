// Shared by this room's tests only (not exported from index): fresh databases and sale drafts.
import type { CartLine, Sale } from '../domain/model';
import { openCache, openLedger, type CacheDb, type LedgerDb } from './db';
import { newId } from './ids';
import type { SaleDraft } from './sales';
import { getOrCreateTerminalIdentity, type TerminalIdentity } from './terminal';

let dbCounter = 0;
const uniqueName = (kind: string): string =>
  `${kind}-test-${Date.now()}-${++dbCounter}-${Math.random().toString(36).slice(2)}`;

export const TEST_TERMINAL: TerminalIdentity = {
  storeId: 'S001',
  storeName: '王府井店',
  terminalId: 'T01',
  epoch: 1,
  timeZone: 'Asia/Shanghai',
};

/** A ledger under a name no other test uses, enrolled as TEST_TERMINAL unless told otherwise. */
export async function freshLedger(enrolled = true): Promise<LedgerDb> {
  const ledger = openLedger(uniqueName('ledger'));
  if (enrolled) await getOrCreateTerminalIdentity(ledger, TEST_TERMINAL);
  return ledger;
}

export function freshCache(): CacheDb {
  return openCache(uniqueName('cache'));
}

export function fixedClock(iso: string): { now(): Date } {
  return { now: () => new Date(iso) };
}

/** One line of milk paid in cash: enough of a sale for the ledger, whose job is not the arithmetic. */
export function saleDraft(overrides: Partial<SaleDraft> = {}): SaleDraft {
  const line: CartLine = {
    lineId: newId(),
    productId: 'p-milk',
    barcode: '6901234567892',
    name: '伊利纯牛奶 250ml×24',
    nameEn: 'Yili pure milk 250ml x24',
    categoryId: 'dairy',
    unit: 'piece',
    qty: 2,
    unitPriceFen: 6990,
    amountFen: 13980,
    discountFen: 0,
    discounts: [],
  };
  const draft: SaleDraft = {
    id: newId(),
    storeId: TEST_TERMINAL.storeId,
    terminalId: TEST_TERMINAL.terminalId,
    cashierId: 'C007',
    lines: [line],
    tenders: [{ id: newId(), kind: 'cash', amountFen: 13980, tenderedFen: 15000, changeFen: 1020 }],
    totals: { itemCount: 2, grossFen: 13980, discountFen: 0, dueFen: 13980 },
    roundingFen: 0,
    changeFen: 1020,
    status: 'completed',
    ...overrides,
  };
  return draft;
}

export type { Sale };
