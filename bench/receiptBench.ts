// receipt_build: a sale of Chinese-named goods laid out as a 60-line receipt with its QR, barcode and logo, and
// encoded to ESC/POS bytes (GB18030 text, GS ( k QR), as the print queue does for every job. Goal: median <= 2 ms.
// Baseline in the same run: the same receipt as plain text lines encoded to GB18030 with no printer commands, so
// the ratio shows what the command encoding costs over the layout itself.
// `npx tsx bench/receiptBench.ts` runs it alone; bench/run.ts records it with the rest.
import iconv from 'iconv-lite';
import { encodeReceipt } from '../src/hardware/core/escpos/encoder';
import { buildSaleReceipt, renderReceiptLines } from '../src/hardware/core/receipt';
import { demoContext, demoSale } from '../tests/hardware/receiptFixtures';
import { checkGoals, round, summarize, type BenchResult } from './stats';

const TARGET_LINES = 60;

function itemsForLines(target: number): number {
  for (let items = 1; items < 100; items++)
    if (renderReceiptLines(buildSaleReceipt(demoSale(items), demoContext())).length >= target) return items;
  throw new Error(`no sale gives ${target} receipt lines`);
}

function sample(fn: () => unknown, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times;
}

export function benchReceiptBuild(runs = 400): BenchResult {
  const items = itemsForLines(TARGET_LINES);
  const sale = demoSale(items);
  const ctx = demoContext();
  let bytes = 0;
  const build = () => {
    const out = encodeReceipt(buildSaleReceipt(sale, ctx), { openDrawer: true });
    bytes = out.length;
  };
  const plain = () => iconv.encode(renderReceiptLines(buildSaleReceipt(sale, ctx)).join('\n'), 'gb18030');
  // Warm both paths (JIT, the GB18030 tables) before measuring; interleave so machine noise hits both alike.
  sample(build, 50);
  sample(plain, 50);
  const times: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(...sample(build, 1));
    base.push(...sample(plain, 1));
  }
  const s = summarize(times);
  const b = summarize(base);
  const goal = { medianMax: 2 };
  const result: BenchResult = {
    unit: 'ms',
    median: round(s.median),
    p95: round(s.p95),
    n: s.n,
    baseline: round(b.median),
    ratio: round(s.median / b.median),
    lines: renderReceiptLines(buildSaleReceipt(sale, ctx)).length,
    items,
    bytes,
    goal,
  };
  result.goalMet = checkGoals(result, goal);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(benchReceiptBuild(), null, 2));
