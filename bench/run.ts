// `npm run bench`: every benchmark in one run, written to bench/results.json (keyed by benchmark name:
// unit, median, p95, n, and baseline + ratio where a baseline is measured in the same run) and printed as a
// table. The machine is shared and noisy, so nothing here fails on a time: goals are recorded, not enforced.
// A benchmark that cannot run records { error } and the run goes on.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { generateCatalog } from '../src/domain/catalogSeed';
import type { Product } from '../src/domain/model';
import { BROWSER_BENCHES, runBrowserBenches } from './browserBench';
import { benchCameraFixtures } from './cameraBench';
import { benchFirstSyncLongTasks } from './firstSyncBench';
import { benchReceiptBuild } from './receiptBench';
import { benchPinKdf } from './pinKdfBench';
import { runMemberBenches } from './memberBench';
import { runChainBench } from './chainBench';
import {
  checkGoals,
  formatTable,
  isFailure,
  RESULT_PREFIX,
  round,
  summarize,
  type BenchEntry,
  type BenchResult,
} from './stats';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const SYNC_BENCH = fileURLToPath(new URL('./syncBench.ts', import.meta.url));
const SYNC_CHILD = fileURLToPath(new URL('./syncChild.ts', import.meta.url));
const CATALOG = { count: 200_000, seed: 42 } as const;
// Each sync benchmark gets at most this long, and less when the whole run would pass its budget.
const SYNC_TIMEOUT_MS = Number(process.env.BENCH_SYNC_TIMEOUT_S ?? 180) * 1000;
const SYNC_MIN_TIMEOUT_MS = 60_000;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 470) * 1000;

const started = performance.now();
const elapsed = (): string => `${Math.round((performance.now() - started) / 1000)}s`.padStart(5);
const log = (line: string): void => console.log(`${elapsed()} ${line}`);

function syncTimeoutMs(): number {
  const left = BUDGET_MS - (performance.now() - started);
  return Math.round(Math.min(SYNC_TIMEOUT_MS, Math.max(SYNC_MIN_TIMEOUT_MS, left)));
}

// BENCH_ONLY=sale_commit,scan_to_line_200k runs just those (for working on one); the file then holds only them.
const only = process.env.BENCH_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const wanted = (name: string): boolean => !only?.length || only.includes(name);

function benchCatalogGenerate(runs: number): { entry: BenchResult; products: Product[] } {
  const times: number[] = [];
  let products: Product[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    products = generateCatalog(CATALOG).products;
    times.push(performance.now() - t0);
  }
  const s = summarize(times);
  return {
    entry: { unit: 'ms', median: round(s.median), p95: round(s.p95), n: s.n, products: CATALOG.count },
    products,
  };
}

const childResult = z.looseObject({
  unit: z.string(),
  median: z.number(),
  p95: z.number(),
  n: z.number(),
});

/** One syncBench function in a child process; a crash, a bad answer or a timeout becomes { error }. */
function runSyncChild(fn: string, opts: Record<string, unknown>): Promise<BenchEntry> {
  const timeoutMs = syncTimeoutMs();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SYNC_CHILD, fn, JSON.stringify(opts)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let last: string | undefined;
    let stderrTail = '';
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(RESULT_PREFIX)) last = line.slice(RESULT_PREFIX.length);
        else if (line.trim()) log(`  [${fn}] ${line}`);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    const timer = setTimeout(() => {
      log(`  [${fn}] no result after ${timeoutMs / 1000} s: stopping it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (buffered.startsWith(RESULT_PREFIX)) last = buffered.slice(RESULT_PREFIX.length);
      if (last === undefined) {
        const why =
          signal === 'SIGKILL'
            ? `timed out after ${timeoutMs / 1000} s (BENCH_SYNC_TIMEOUT_S, BENCH_BUDGET_S)`
            : `exited ${code}`;
        resolve({
          error: `${fn} ${why} without a result. ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`,
        });
        return;
      }
      try {
        const raw: unknown = JSON.parse(last);
        if (raw && typeof raw === 'object' && typeof (raw as { error?: unknown }).error === 'string') {
          resolve({ error: (raw as { error: string }).error });
          return;
        }
        const parsed = childResult.safeParse(raw);
        resolve(
          parsed.success
            ? (parsed.data as BenchResult)
            : { error: `${fn} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}` },
        );
      } catch (e) {
        resolve({ error: `${fn} printed an unreadable result: ${String(e)}` });
      }
    });
  });
}

/** The sync goals from the issue, unless the benchmark recorded its own. */
function withGoal(entry: BenchEntry, goal: Record<string, number>): BenchEntry {
  if (isFailure(entry)) return entry;
  const g = entry.goal ?? goal;
  return { ...entry, goal: g, goalMet: entry.goalMet ?? checkGoals(entry, g) };
}

async function runSyncBenches(): Promise<Record<string, BenchEntry>> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const names = [
    'backlog_drain_10k_pglite',
    ...(databaseUrl ? ['backlog_drain_10k_postgres'] : []),
    'catalog_sync_200k',
  ].filter(wanted);
  if (names.length === 0) return {};
  if (!existsSync(SYNC_BENCH)) {
    const error = 'bench/syncBench.ts does not exist yet';
    return Object.fromEntries(names.map((n) => [n, { error }]));
  }
  const out: Record<string, BenchEntry> = {};
  if (names.includes('backlog_drain_10k_pglite')) {
    log('[bench] backlog_drain_10k_pglite ...');
    out.backlog_drain_10k_pglite = withGoal(
      await runSyncChild('benchBacklogDrain', { backend: 'pglite', sales: 10_000 }),
      { totalSecondsMax: 30 },
    );
  }
  if (databaseUrl && names.includes('backlog_drain_10k_postgres')) {
    log('[bench] backlog_drain_10k_postgres ...');
    out.backlog_drain_10k_postgres = withGoal(
      await runSyncChild('benchBacklogDrain', { backend: 'postgres', sales: 10_000, databaseUrl }),
      { totalSecondsMax: 15 },
    );
  } else if (!databaseUrl) {
    log('[bench] backlog_drain_10k_postgres skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  }
  if (names.includes('catalog_sync_200k')) {
    log('[bench] catalog_sync_200k ...');
    out.catalog_sync_200k = withGoal(await runSyncChild('benchCatalogSync', { products: CATALOG.count }), {
      ratioMin: 0.8,
    });
  }
  return out;
}

const results: Record<string, BenchEntry> = {};

log('[bench] catalog_generate_200k ...');
// Always generated: the scan benchmark picks its codes from these products.
const generated = benchCatalogGenerate(wanted('catalog_generate_200k') ? 5 : 1);
if (wanted('catalog_generate_200k')) results.catalog_generate_200k = generated.entry;

if (BROWSER_BENCHES.some(wanted)) {
  log(`[bench] Chromium: ${BROWSER_BENCHES.filter(wanted).join(', ')} ...`);
  Object.assign(
    results,
    await runBrowserBenches({ products: generated.products, seed: CATALOG.seed, log, wanted }),
  );
}

Object.assign(results, await runSyncBenches());
Object.assign(results, await runMemberBenches({ log, wanted }));

if (wanted('receipt_build')) {
  log('[bench] receipt_build ...');
  try {
    results.receipt_build = benchReceiptBuild();
  } catch (e) {
    results.receipt_build = { error: e instanceof Error ? e.message : String(e) };
  }
}

// camera_<set>: the ZXing blackbox photographs through the camera pipeline (bench/cameraBench.ts).
Object.assign(results, await benchCameraFixtures({ log, wanted }));

if (wanted('pin_kdf')) {
  log('[bench] pin_kdf ...');
  try {
    results.pin_kdf = await benchPinKdf();
  } catch (e) {
    results.pin_kdf = { error: e instanceof Error ? e.message : String(e) };
  }
}

if (wanted('first_sync_longtasks_200k')) {
  log('[bench] first_sync_longtasks_200k ...');
  try {
    results.first_sync_longtasks_200k = await benchFirstSyncLongTasks({ products: 200_000, log });
  } catch (e) {
    results.first_sync_longtasks_200k = { error: e instanceof Error ? e.message : String(e) };
  }
}

// Last: the longest, and it measures the CRM that everything above already exercised.
Object.assign(results, await runChainBench({ log, wanted }));

await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
const minutes = (performance.now() - started) / 60_000;
console.log(`\n${formatTable(results)}\n`);
log(
  `[bench] wrote ${RESULTS} in ${minutes.toFixed(1)} min (medians and ratios from one run; goals are informative)`,
);
// PGlite or a stray handle in a library must not keep a finished run alive.
process.exit(0);
