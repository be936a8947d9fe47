// Human receipt numbers: store-terminal-yyyymmdd-seq, e.g. 'S001-T03-20261125-000123'. Unique per
// terminal and business date without asking the CRM, readable over the phone, sortable as text.

import type { BusinessDate } from './model';

export interface ReceiptNoParts {
  storeId: string;
  terminalId: string;
  businessDate: BusinessDate;
  seq: number;
}

// Letters and digits only: a '-' inside an id would make the number ambiguous to read back.
const ID = /^[A-Za-z0-9]{1,16}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RECEIPT_NO = /^([A-Za-z0-9]{1,16})-([A-Za-z0-9]{1,16})-(\d{4})(\d{2})(\d{2})-(\d{6,9})$/;
const MAX_SEQ = 999_999_999;

/** A real calendar date (no 2026-02-30). */
export function isBusinessDate(s: string): boolean {
  const m = typeof s === 'string' ? DATE.exec(s) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** Throws RangeError on ids with other than letters/digits, an impossible date, or seq outside 1..999999999. */
export function formatReceiptNo(
  storeId: string,
  terminalId: string,
  businessDate: BusinessDate,
  seq: number,
): string {
  if (!ID.test(storeId)) throw new RangeError(`storeId must be 1-16 letters/digits: ${storeId}`);
  if (!ID.test(terminalId)) throw new RangeError(`terminalId must be 1-16 letters/digits: ${terminalId}`);
  if (!isBusinessDate(businessDate)) throw new RangeError(`not a business date: ${businessDate}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new RangeError(`seq out of range: ${seq}`);
  return `${storeId}-${terminalId}-${businessDate.replace(/-/g, '')}-${String(seq).padStart(6, '0')}`;
}

/** The parts of a receipt number, or null when it is not one (typed by hand, so be strict). */
export function parseReceiptNo(s: string): ReceiptNoParts | null {
  if (typeof s !== 'string') return null;
  const m = RECEIPT_NO.exec(s.trim());
  if (!m) return null;
  const businessDate = `${m[3]}-${m[4]}-${m[5]}`;
  const seq = Number(m[6]);
  // Longer than 6 digits only when needed: '0001234' is not what formatReceiptNo prints.
  if (!isBusinessDate(businessDate) || seq < 1 || (m[6]!.length > 6 && m[6]!.startsWith('0'))) return null;
  return { storeId: m[1]!, terminalId: m[2]!, businessDate, seq };
}

/**
 * Where a till's receipt numbering of a business date starts when the CRM says the day's numbering goes on from
 * `crmSeqFrom` (a reinstalled till, a new epoch, issue 15): the counter to store (the last seq taken as used),
 * or null to keep the local one. Only a day this database has not numbered yet jumps: receipts already printed
 * keep their numbers (the CRM flags any duplicate among them on arrival).
 */
export function continuedReceiptCounter(localLast: number, crmSeqFrom: number | undefined): number | null {
  if (crmSeqFrom === undefined || !Number.isInteger(crmSeqFrom) || crmSeqFrom <= 1) return null;
  if (localLast > 0) return null;
  return Math.min(crmSeqFrom, MAX_SEQ) - 1;
}
