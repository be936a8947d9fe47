// The benchmarks that need the real till in real Chromium: scan to painted cart line over a 200,000-product
// cache, and the strict sale commit against a raw IndexedDB transaction. The page is the built web till
// (dist/renderer, the same server start:web uses) opened with ?bench=1, driven through window.__bench.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Product } from '../src/domain/model';
import type { BenchHandle, ScanTiming } from '../src/renderer/app/benchHandle';
import { startWebServer } from '../scripts/webServer';
import { checkGoals, round, summarize, type BenchEntry, type BenchResult } from './stats';
import { DEFAULT_SCAN_PLAN, isScannable, planScans, type ScanStep } from './scanPlan';

export { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium';
const DIST = fileURLToPath(new URL('../dist/renderer', import.meta.url));
const LOAD_CHUNK = 1000;
type Log = (line: string) => void;

export interface BrowserBenchOptions {
  /** The generated catalog (seed 42), as the page will generate it: the plan picks its codes from it. */
  products: readonly Product[];
  seed: number;
  log: Log;
  scanSamples?: number;
  commitSamples?: number;
  /** Which benchmarks to run (all by default); the scan one loads the catalog whether asked or not. */
  wanted?: (name: string) => boolean;
}

export const BROWSER_BENCHES = ['catalog_load_200k_idb', 'scan_to_line_200k', 'sale_commit'] as const;

type Bench = Pick<BenchHandle, keyof BenchHandle>;

/** Calls a method of window.__bench in the page with JSON arguments. */
function call<K extends keyof Bench>(
  page: Page,
  method: K,
  ...args: Parameters<Bench[K]>
): Promise<Awaited<ReturnType<Bench[K]>>> {
  return page.evaluate(
    async ({ method, args }) => {
      const bench = window.__bench;
      if (!bench) throw new Error('window.__bench is missing: was the page opened with ?bench=1?');
      const fn = bench[method] as (...a: unknown[]) => Promise<unknown>;
      return fn(...args);
    },
    { method, args: args as unknown[] },
  ) as Promise<Awaited<ReturnType<Bench[K]>>>;
}

const fail = (e: unknown): BenchEntry => ({ error: e instanceof Error ? e.message : String(e) });

async function runScanSteps(page: Page, steps: ScanStep[], log: Log, label: string): Promise<ScanTiming[]> {
  const timings: ScanTiming[] = [];
  const scans = steps.filter((s) => s.kind === 'scan').length;
  let done = 0;
  for (const step of steps) {
    if (step.kind === 'clear') {
      await call(page, 'clearCart');
      continue;
    }
    const t = await call(page, 'scanToLine', step.code, { delayMs: step.delayMs });
    if (t.change !== step.change) {
      throw new Error(
        `scan of ${step.code} changed the cart by a ${t.change}, the plan expected a ${step.change}`,
      );
    }
    timings.push(t);
    done++;
    if (done % 50 === 0 || done === scans) log(`[bench] ${label} ${done}/${scans}`);
  }
  return timings;
}

async function benchCatalogLoad(page: Page, products: readonly Product[], seed: number, log: Log) {
  log(`[bench] loading ${products.length} products into IndexedDB ...`);
  const r = await call(page, 'loadCatalog', { count: products.length, seed, chunkSize: LOAD_CHUNK });
  const seconds = r.loadMs / 1000;
  const rate = r.total / seconds;
  return {
    unit: 'records/s',
    median: round(rate),
    p95: round(rate),
    n: 1,
    seconds: round(seconds),
    records: r.total,
    written: r.written,
    skipped: r.skipped,
    chunkSize: LOAD_CHUNK,
    generateInPageMs: round(r.generateMs),
    measures:
      'one CatalogRepo.bulkLoad of the whole catalog in the page; skipped = the demo products the till already had',
  } satisfies BenchResult;
}

async function benchScanToLine(page: Page, products: readonly Product[], samples: number, log: Log) {
  const plan = planScans(products, { ...DEFAULT_SCAN_PLAN, samples });
  await runScanSteps(page, plan.warmup, log, 'scan warm-up');
  const timings = await runScanSteps(page, plan.steps, log, 'scan_to_line_200k');
  await call(page, 'clearCart');
  const paint = summarize(timings.map((t) => t.paintMs));
  const dom = summarize(timings.map((t) => t.domMs));
  const spread = plan.steps.flatMap((s) => (s.kind === 'scan' ? [s.productIndex] : []));
  const result: BenchResult = {
    unit: 'ms',
    // Rendered = React has committed the line to the DOM: the app's whole share. The wait for the next frame
    // (up to one 16.7 ms vsync, whenever the scan happened to arrive) is the display's, reported as paint*.
    median: round(dom.median),
    p95: round(dom.p95),
    n: dom.n,
    max: round(dom.max),
    goal: { p95Max: 16 },
    paintMedian: round(paint.median),
    paintP95: round(paint.p95),
    newLines: timings.filter((t) => t.change === 'line').length,
    qtyIncrements: timings.filter((t) => t.change === 'qty').length,
    warmupScans: plan.warmup.filter((s) => s.kind === 'scan').length,
    productIndexRange: [Math.min(...spread), Math.max(...spread)],
    measures:
      'scanReceived dispatched -> the line (or its new qty) rendered in the DOM; paint* go on to the next requestAnimationFrame + a task (painted)',
  };
  result.goalMet = checkGoals(result, { p95Max: 16 });
  return result;
}

async function benchSaleCommit(page: Page, products: readonly Product[], samples: number) {
  const linesPerSale = 5;
  const r = await call(page, 'commitBench', {
    n: samples,
    warmup: 10,
    products: products.slice(0, 2000).filter(isScannable).slice(0, 100),
    linesPerSale,
    dbPrefix: 'bench-sale-commit',
  });
  const commit = summarize(r.commitMs);
  const raw = summarize(r.rawMs);
  const result: BenchResult = {
    unit: 'ms',
    median: round(commit.median),
    p95: round(commit.p95),
    n: commit.n,
    baseline: round(raw.median),
    ratio: round(commit.median / raw.median),
    baselineP95: round(raw.p95),
    linesPerSale,
    goal: { p95Max: 15, ratioMax: 2 },
    measures:
      'commitSale (Dexie, strict) vs a raw strict IndexedDB transaction writing the same records, alternated A/B, B/A',
  };
  result.goalMet = checkGoals(result, { p95Max: 15, ratioMax: 2 });
  return result;
}

/** Runs `fn` into results[name], or its error; never throws. */
async function record(
  results: Record<string, BenchEntry>,
  name: string,
  fn: () => Promise<BenchResult>,
): Promise<boolean> {
  try {
    results[name] = await fn();
    return true;
  } catch (e) {
    results[name] = fail(e);
    return false;
  }
}

export async function runBrowserBenches(opts: BrowserBenchOptions): Promise<Record<string, BenchEntry>> {
  const { products, seed, log } = opts;
  const results: Record<string, BenchEntry> = {};
  const wanted = opts.wanted ?? (() => true);
  const names = BROWSER_BENCHES.filter(wanted);
  if (names.length === 0) return results;
  if (!existsSync(join(DIST, 'index.html'))) {
    const error = 'dist/renderer is not built (npm run bench builds it first)';
    return Object.fromEntries(names.map((n) => [n, { error }]));
  }

  const server = await startWebServer({ root: DIST, host: '127.0.0.1', port: 0 });
  // A real profile on disk: an in-memory (incognito) context would make "strict" durability meaningless.
  const profile = await mkdtemp(join(tmpdir(), 'till-bench-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]')) log(m.text());
      else if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        log(`[page] ${m.text()}`);
    });
    page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    await page.goto(`${server.url}/?db=bench&bench=1`);
    await page.waitForFunction(() => window.__bench !== undefined, undefined, { timeout: 120_000 });

    // The scan benchmark needs the big catalog, so it is loaded whenever either is asked for.
    let loaded = false;
    if (wanted('catalog_load_200k_idb') || wanted('scan_to_line_200k')) {
      loaded = await record(results, 'catalog_load_200k_idb', () =>
        benchCatalogLoad(page, products, seed, log),
      );
    }
    if (wanted('scan_to_line_200k')) {
      if (loaded) {
        await record(results, 'scan_to_line_200k', () =>
          benchScanToLine(page, products, opts.scanSamples ?? 300, log),
        );
      } else results.scan_to_line_200k = { error: 'not run: the 200k catalog did not load' };
    }
    if (wanted('sale_commit')) {
      await record(results, 'sale_commit', () => benchSaleCommit(page, products, opts.commitSamples ?? 200));
    }
  } catch (e) {
    for (const name of names) results[name] ??= fail(e);
  } finally {
    await context?.close().catch(() => undefined);
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
  return results;
}
