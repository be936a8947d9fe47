// Which codes the scan benchmark scans, in what order, and when the cashier starts the next sale. Pure and
// seeded, so two runs scan the same products and differ only by the machine.
import { mulberry32 } from '../src/domain/catalogSeed';
import type { Product } from '../src/domain/model';

export type ScanStep =
  | { kind: 'scan'; code: string; productIndex: number; change: 'line' | 'qty'; delayMs: number }
  | { kind: 'clear' };

export interface ScanPlanOptions {
  /** Timed scans. */
  samples: number;
  /** Untimed scans first, of other products, so the first timed one does not pay for cold code. */
  warmup: number;
  /** The cart is cleared when a sale reaches this many lines. */
  linesPerSale: number;
  /** Every n-th scan scans a product already in the sale again (its qty goes up). */
  repeatEvery: number;
  seed: number;
  /** A random wait up to this long before each scan puts it at a random point of the frame. */
  maxDelayMs: number;
}

export const DEFAULT_SCAN_PLAN: ScanPlanOptions = {
  samples: 300,
  warmup: 12,
  linesPerSale: 40,
  repeatEvery: 8,
  seed: 20260101,
  maxDelayMs: 17,
};

/** A product a cashier scans by its EAN-13: sold by the piece, active. */
export function isScannable(p: Product): boolean {
  return p.active && p.unit === 'piece' && /^\d{13}$/.test(p.barcode);
}

/** `count` distinct scannable products spread evenly over the whole catalog, starting at `phase` (0..1). */
export function spreadPick(
  products: readonly Product[],
  count: number,
  phase: number,
  taken: Set<number>,
): number[] {
  const picked: number[] = [];
  if (count <= 0 || products.length === 0) return picked;
  const step = products.length / count;
  for (let k = 0; k < count; k++) {
    let i = Math.floor((k + phase) * step);
    while (i < products.length && (taken.has(i) || !isScannable(products[i]!))) i++;
    if (i >= products.length) throw new Error(`not enough scannable products for ${count} picks`);
    taken.add(i);
    picked.push(i);
  }
  return picked;
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * Warm-up scans (then a clear), and the timed steps: `samples` scans, about one in `repeatEvery` a product
 * already in the sale, the cart cleared whenever it holds `linesPerSale` lines.
 */
export function planScans(
  products: readonly Product[],
  opts: ScanPlanOptions = DEFAULT_SCAN_PLAN,
): { warmup: ScanStep[]; steps: ScanStep[] } {
  const rnd = mulberry32(opts.seed);
  const delay = () => Math.floor(rnd() * (opts.maxDelayMs + 1));
  const taken = new Set<number>();
  const repeats = opts.repeatEvery > 0 ? Math.floor(opts.samples / opts.repeatEvery) : 0;
  const distinct = shuffle(spreadPick(products, opts.samples - repeats, 0.5, taken), rnd);
  const warm = spreadPick(products, opts.warmup, 0.1, taken);

  const scan = (i: number, change: 'line' | 'qty'): ScanStep => ({
    kind: 'scan',
    code: products[i]!.barcode,
    productIndex: i,
    change,
    delayMs: delay(),
  });
  const warmup: ScanStep[] = warm.map((i) => scan(i, 'line'));
  if (warmup.length) warmup.push({ kind: 'clear' });

  const steps: ScanStep[] = [];
  let inSale: number[] = [];
  let next = 0;
  for (let s = 1; s <= opts.samples; s++) {
    const repeat = opts.repeatEvery > 0 && s % opts.repeatEvery === 0 && inSale.length > 0;
    if (repeat) {
      steps.push(scan(inSale[Math.floor(rnd() * inSale.length)]!, 'qty'));
      continue;
    }
    if (inSale.length >= opts.linesPerSale) {
      steps.push({ kind: 'clear' });
      inSale = [];
    }
    // A repeat skipped for an empty sale leaves one distinct product spare: take it from the end.
    const i = distinct[next++] ?? distinct[distinct.length - 1]!;
    steps.push(scan(i, inSale.includes(i) ? 'qty' : 'line'));
    inSale.push(i);
  }
  return { warmup, steps };
}
