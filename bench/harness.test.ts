import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../src/domain/catalogSeed';
import { DEFAULT_SCAN_PLAN, isScannable, planScans, type ScanStep } from './scanPlan';
import { checkGoals, formatTable, median, percentile, round, summarize, type BenchResult } from './stats';

describe('stats', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);

  it('takes the p95 by nearest rank, a sample really measured', () => {
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile([3, 1, 2], 95)).toBe(3);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
  });

  it('takes the median as the middle, or the mean of the two middles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize(hundred)).toEqual({ median: 50.5, p95: 95, n: 100, min: 1, max: 100 });
  });

  it('rounds to three significant digits', () => {
    expect(round(12.3456)).toBe(12.3);
    expect(round(0.012345)).toBe(0.0123);
    expect(round(791.4)).toBe(791);
    expect(round(123456.7)).toBe(123457);
  });

  it('checks Max goals as upper and Min goals as lower bounds, leaving out fields it lacks', () => {
    const r: BenchResult = { unit: 'ms', median: 4, p95: 17, n: 10, ratio: 1.5 };
    expect(checkGoals(r, { p95Max: 16, ratioMax: 2, ratioMin: 1.6, totalSecondsMax: 30 })).toEqual({
      p95Max: false,
      ratioMax: true,
      ratioMin: false,
    });
  });

  it('prints errors and missed goals in the table', () => {
    const text = formatTable({
      scan: { unit: 'ms', median: 9, p95: 20, n: 300, goal: { p95Max: 16 }, goalMet: { p95Max: false } },
      sync: { error: 'bench/syncBench.ts does not exist yet\nstack' },
    });
    expect(text).toMatch(/scan\s+ms\s+9\s+20\s+300.*p95 <= 16 MISSED/);
    expect(text).toMatch(/sync\s+ERROR.*does not exist yet$/m);
    expect(text).not.toContain('stack');
  });
});

describe('planScans', () => {
  const products = generateCatalog({ count: 20_000, seed: 42 }).products;
  const plan = planScans(products);
  const scans = (steps: ScanStep[]) => steps.flatMap((s) => (s.kind === 'scan' ? [s] : []));

  it('times exactly the asked number of scans, all of scannable products', () => {
    const timed = scans(plan.steps);
    expect(timed).toHaveLength(DEFAULT_SCAN_PLAN.samples);
    for (const s of timed) {
      expect(isScannable(products[s.productIndex]!)).toBe(true);
      expect(s.code).toBe(products[s.productIndex]!.barcode);
      expect(s.delayMs).toBeGreaterThanOrEqual(0);
      expect(s.delayMs).toBeLessThanOrEqual(DEFAULT_SCAN_PLAN.maxDelayMs);
    }
  });

  it('spreads the products over the whole catalog', () => {
    const idx = scans(plan.steps).map((s) => s.productIndex);
    expect(Math.min(...idx)).toBeLessThan(products.length * 0.01);
    expect(Math.max(...idx)).toBeGreaterThan(products.length * 0.99);
    expect(new Set(idx).size).toBe(DEFAULT_SCAN_PLAN.samples - Math.floor(DEFAULT_SCAN_PLAN.samples / 8));
  });

  it('clears the cart at the line limit and repeats only what the sale holds', () => {
    let sale = new Set<string>();
    let qtyScans = 0;
    for (const step of plan.steps) {
      if (step.kind === 'clear') {
        expect(sale.size).toBe(DEFAULT_SCAN_PLAN.linesPerSale);
        sale = new Set();
        continue;
      }
      expect(step.change).toBe(sale.has(step.code) ? 'qty' : 'line');
      if (step.change === 'qty') qtyScans++;
      sale.add(step.code);
      expect(sale.size).toBeLessThanOrEqual(DEFAULT_SCAN_PLAN.linesPerSale);
    }
    expect(qtyScans).toBe(Math.floor(DEFAULT_SCAN_PLAN.samples / DEFAULT_SCAN_PLAN.repeatEvery));
  });

  it('warms up on other products, then starts from an empty cart', () => {
    const timed = new Set(scans(plan.steps).map((s) => s.productIndex));
    const warm = scans(plan.warmup);
    expect(warm).toHaveLength(DEFAULT_SCAN_PLAN.warmup);
    for (const s of warm) expect(timed.has(s.productIndex)).toBe(false);
    expect(plan.warmup.at(-1)).toEqual({ kind: 'clear' });
  });

  it('is the same plan for the same seed', () => {
    expect(planScans(products)).toEqual(plan);
    expect(planScans(products, { ...DEFAULT_SCAN_PLAN, seed: 1 })).not.toEqual(plan);
  });
});
