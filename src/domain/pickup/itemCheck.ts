// Checking the goods before they leave: each item scanned counts up on its line; an item that is not on
// the order, or one more than ordered, is a warning and counts nothing.

export interface CheckLine {
  productId: string;
  name: string;
  qty: number;
  /** Barcodes that identify this line's product (primary and alternatives), when known. */
  barcodes?: readonly string[];
}

export interface ItemCheck {
  lines: { productId: string; name: string; qty: number; scanned: number }[];
}

export type ItemScanOutcome =
  | { kind: 'counted'; index: number; check: ItemCheck }
  | { kind: 'wrongItem'; check: ItemCheck }
  | { kind: 'tooMany'; index: number; check: ItemCheck };

export function startItemCheck(lines: readonly CheckLine[]): ItemCheck {
  return { lines: lines.map((l) => ({ productId: l.productId, name: l.name, qty: l.qty, scanned: 0 })) };
}

/**
 * Counts one scanned item, identified by its product id (looked up from the barcode in the catalog). The
 * first line of that product still short of its quantity takes it.
 */
export function scanCheckItem(check: ItemCheck, productId: string | undefined): ItemScanOutcome {
  const matches = check.lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => productId !== undefined && l.productId === productId);
  if (matches.length === 0) return { kind: 'wrongItem', check };
  const open = matches.find(({ l }) => l.scanned < l.qty);
  if (!open) return { kind: 'tooMany', index: matches[0]!.i, check };
  const lines = check.lines.map((l, i) => (i === open.i ? { ...l, scanned: l.scanned + 1 } : l));
  return { kind: 'counted', index: open.i, check: { lines } };
}

export function itemCheckTotals(check: ItemCheck): { scanned: number; expected: number; complete: boolean } {
  const scanned = check.lines.reduce((s, l) => s + l.scanned, 0);
  const expected = check.lines.reduce((s, l) => s + l.qty, 0);
  return { scanned, expected, complete: check.lines.every((l) => l.scanned === l.qty) };
}
