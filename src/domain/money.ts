// Money on the till is an integer number of fen. Every rounding rule lives here, so a total can be
// recomputed anywhere (terminal, CRM, audit) and come out to the same fen.
//
// Rounding rule: ROUND HALF UP on the magnitude (四舍五入), then the sign is put back, so a refund
// mirrors the sale it undoes: 12.345 -> 12.35 and -12.345 -> -12.35.

import type { Fen } from './model';

export type MoneyLocale = 'zh-CN' | 'en';

const BASIS_POINTS = 10_000;

function assertFen(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

/**
 * round(a * b / d) with half up on the magnitude. BigInt only when the product would lose precision,
 * so the everyday path stays fast.
 */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  assertFen(a, 'a');
  assertFen(b, 'b');
  if (!Number.isSafeInteger(d) || d <= 0)
    throw new RangeError(`divisor must be a positive integer, got ${d}`);
  const negative = a < 0 !== b < 0 && a !== 0 && b !== 0;
  const product = Math.abs(a) * Math.abs(b);
  let magnitude: number;
  if (Number.isSafeInteger(product)) {
    const q = Math.floor(product / d);
    const r = product - q * d;
    magnitude = r * 2 >= d ? q + 1 : q;
  } else {
    const p = BigInt(Math.abs(a)) * BigInt(Math.abs(b));
    const bd = BigInt(d);
    const q = p / bd;
    const r = p % bd;
    const rounded = r * 2n >= bd ? q + 1n : q;
    if (rounded > BigInt(Number.MAX_SAFE_INTEGER))
      throw new RangeError('amount out of the safe integer range');
    magnitude = Number(rounded);
  }
  // never -0: it would compare unequal with Object.is and print as "-0.00"
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}

/** Price after a percentage: 9500 bp (95折) of 1999 fen = 1899.05 -> 1899 fen. Half up, per line. */
export function applyRateBp(amountFen: Fen, rateBp: number): Fen {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0)
    throw new RangeError(`rateBp must be an integer >= 0, got ${rateBp}`);
  return mulDivRoundHalfUp(amountFen, rateBp, BASIS_POINTS);
}

/** The discount a rate gives: always amount - applyRateBp, so price + discount adds back to the amount. */
export function discountForRateBp(amountFen: Fen, rateBp: number): Fen {
  return amountFen - applyRateBp(amountFen, rateBp);
}

/** Amount of a weighed line: price per kg x grams / 1000, half up to the fen. */
export function weighedAmountFen(pricePerKgFen: Fen, grams: number): Fen {
  if (!Number.isSafeInteger(grams) || grams < 0)
    throw new RangeError(`grams must be an integer >= 0, got ${grams}`);
  return mulDivRoundHalfUp(pricePerKgFen, grams, 1000);
}

/**
 * Cash rounding to the jiao (10 fen), half up on the magnitude: 1234 -> 1230 (adj -4), 1235 -> 1240 (adj +5).
 * adjustmentFen = roundedFen - fen, always in -4..+5 (mirrored for negatives).
 */
export function roundCashToJiao(fen: Fen): { roundedFen: Fen; adjustmentFen: Fen } {
  const roundedFen = mulDivRoundHalfUp(fen, 1, 10) * 10;
  return { roundedFen, adjustmentFen: roundedFen - fen };
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function splitYuan(fen: Fen): { sign: string; yuan: string; cents: string } {
  assertFen(fen, 'fen');
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs - yuan * 100;
  return { sign: fen < 0 ? '-' : '', yuan: String(yuan), cents: String(cents).padStart(2, '0') };
}

/**
 * Display form with symbol and grouping: zh-CN '￥1,234.50' (full-width ￥, what Chinese receipts and
 * screens show), en 'CN¥1,234.50'. Built by hand rather than Intl so that every ICU build prints the same.
 */
export function formatFen(fen: Fen, locale: MoneyLocale): string {
  const { sign, yuan, cents } = splitYuan(fen);
  const symbol = locale === 'zh-CN' ? '￥' : 'CN¥';
  return `${sign}${symbol}${groupThousands(yuan)}.${cents}`;
}

/** '1234.50': no symbol, no grouping, so it can be put straight back into an input field. */
export function formatFenPlain(fen: Fen): string {
  const { sign, yuan, cents } = splitYuan(fen);
  return `${sign}${yuan}.${cents}`;
}

// A Chinese IME in full-width mode types ０-９，． instead of ASCII.
function toHalfWidth(s: string): string {
  return s.replace(/[\uff10-\uff19\uff0c\uff0e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const PLAIN_YUAN = /^(\d+)?(?:\.(\d{0,2}))?$/;
const GROUPED_YUAN = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{0,2}))?$/;

/**
 * Parses what a cashier types or what formatFen printed: '12', '12.8', '12.80', '￥12.80', 'CN¥12.80',
 * ' 1,234.5 ', '12元'. Returns null for anything else: more than 2 decimals, letters, negatives,
 * misplaced commas, or an amount beyond the safe integer range.
 */
export function parseYuanToFen(input: string): Fen | null {
  if (typeof input !== 'string') return null;
  let s = toHalfWidth(input.trim());
  s = s.replace(/^(?:CN¥|CNY|RMB|[￥¥])\s*/i, '').replace(/\s*元$/, '');
  if (s === '' || s === '.') return null;
  const m = GROUPED_YUAN.exec(s) ?? PLAIN_YUAN.exec(s);
  if (!m) return null;
  const yuanDigits = (m[1] ?? '0').replace(/,/g, '');
  const centDigits = (m[2] ?? '').padEnd(2, '0');
  const yuan = Number(yuanDigits);
  const fen = yuan * 100 + Number(centDigits);
  return Number.isSafeInteger(fen) ? fen : null;
}
