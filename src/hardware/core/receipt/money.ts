// A tiny fen formatter of our own so the receipt does not wait on the domain's locale formatting.
// Receipts print '12.80' in item lines and '￥12.80' on totals: the full-width ￥ (GB18030 A3A4), because a
// half-width ¥ becomes four bytes in GB18030 and prints as garbage.

export const YUAN_SIGN = '￥';

export function formatFenPlain(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${fen < 0 ? '-' : ''}${yuan}.${cents}`;
}

/** '￥12.80', '-￥1.28'. */
export function formatYuan(fen: number): string {
  const plain = formatFenPlain(fen);
  return plain.startsWith('-') ? `-${YUAN_SIGN}${plain.slice(1)}` : `${YUAN_SIGN}${plain}`;
}

/** Integer grams as kilograms with three decimals: 525 -> '0.525'. */
export function formatKg(grams: number): string {
  if (!Number.isSafeInteger(grams) || grams < 0)
    throw new RangeError(`grams must be a non-negative integer, got ${grams}`);
  return `${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, '0')}`;
}
