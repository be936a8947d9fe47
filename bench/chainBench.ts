// chain_herd: 2,000 tills (500 stores x 4) trading live at 500 sales/s for push latency (lighter simulated
// tills), the same chain draining 300 sales each into one CRM on PostgreSQL, and the write path's ceiling by
// pgbench on the same machine. CHAIN_TERMINALS / CHAIN_SALES / CHAIN_TRADE_SECONDS shrink it for a quick look.
import pg from 'pg';
import { admissionFor, DEFAULT_HERD, runHerd, type HerdResult } from '../load/herd';
import { pgbenchCeiling } from '../load/pgbenchCeiling';
import type { BenchEntry } from './stats';

const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);

export async function runChainBench(opts: {
  log: (line: string) => void;
  wanted: (name: string) => boolean;
}): Promise<Record<string, BenchEntry>> {
  if (!opts.wanted('chain_herd')) return {};
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    opts.log('[bench] chain_herd skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
    return { chain_herd: { error: 'no PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL' } };
  }
  const terminals = num(process.env.CHAIN_TERMINALS, 2000);
  const sales = num(process.env.CHAIN_SALES, 300);
  const poolMax = DEFAULT_HERD.poolMax;
  const base = { ...DEFAULT_HERD, databaseUrl, poolMax, admission: admissionFor(poolMax), terminals };
  try {
    // Trading first, on a quiet database: after the herd, autovacuum of its 600,000 fresh rows and the
    // checkpoints that follow would be measured as the trading latency.
    await settle(databaseUrl, opts.log);
    opts.log(`[bench] chain_herd: ${terminals} tills trading live at 500 sales/s ...`);
    const trade = await runHerd({
      ...base,
      mode: 'trade',
      // The same records, client and backoff with the ledger in memory: Dexie on fake-indexeddb costs ~9 ms of
      // CPU a sale, and at 500 sales/s the generator would take both cores from the CRM it measures.
      till: 'lite',
      workers: 2,
      rate: 500,
      seconds: num(process.env.CHAIN_TRADE_SECONDS, 60),
      salesPerTerminal: 0,
      deadlineMs: 10 * 60_000,
      log: (l) => opts.log(`  ${l}`),
    });
    await settle(databaseUrl, opts.log);
    opts.log(`[bench] chain_herd: ${terminals} tills x ${sales} sales ...`);
    const herd = await runHerd({
      ...base,
      salesPerTerminal: sales,
      deadlineMs: 20 * 60_000,
      log: (l) => opts.log(`  ${l}`),
    });
    await settle(databaseUrl, opts.log);
    opts.log(`[bench] chain_herd: pgbench ceiling ...`);
    const ceiling = await pgbenchCeiling({ databaseUrl, batch: DEFAULT_HERD.batchSize, seconds: 20 });
    return { chain_herd: chainEntry(herd, trade, ceiling) };
  } catch (e) {
    return { chain_herd: { error: e instanceof Error ? e.message : String(e) } };
  }
}

/** A checkpoint before a phase, so one is not due in the middle of it (needs a superuser; skipped if not). */
async function settle(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.query('CHECKPOINT');
  } catch (e) {
    log(`  (no checkpoint before the phase: ${e instanceof Error ? e.message : String(e)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function chainEntry(
  herd: HerdResult,
  trade: HerdResult,
  ceiling: Awaited<ReturnType<typeof pgbenchCeiling>>,
): BenchEntry {
  const goal = {
    drainSecondsMax: 600,
    tradePushP99MsMax: 200,
    // The latency goal holds at the offered rate, not at whatever rate the CRM managed.
    tradeAchievedRateMin: 475,
    lostMax: 0,
    doubledMax: 0,
  };
  return {
    unit: 'mutations/s',
    median: herd.mutationsPerSecond,
    p95: herd.push.p99Ms,
    n: herd.push.n,
    // The herd's drain rate against what PostgreSQL alone sustains for the same writes on this machine.
    baseline: ceiling.mutationsPerSecond,
    ratio: Math.round((herd.mutationsPerSecond / ceiling.mutationsPerSecond) * 1000) / 1000,
    terminals: herd.terminals,
    stores: herd.stores,
    salesPerTerminal: herd.salesPerTerminal,
    mutations: herd.mutations,
    drainSeconds: herd.drainSeconds,
    till: herd.till,
    pushP50Ms: herd.push.p50Ms,
    pushP99Ms: herd.push.p99Ms,
    pullP99Ms: herd.pull.p99Ms,
    served: herd.served,
    shed429: herd.push.shed429,
    crmErrors: herd.crmErrors,
    lost: herd.lost,
    doubled: herd.doubled,
    cpu: herd.cpu,
    trade: {
      offeredRate: 500,
      achievedRate: trade.mutationsPerSecond,
      mutations: trade.mutations,
      till: trade.till,
      terminals: trade.terminals,
      pushP50Ms: trade.push.p50Ms,
      pushP99Ms: trade.push.p99Ms,
      pullP99Ms: trade.pull.p99Ms,
      shed429: trade.push.shed429,
      served: trade.served,
      lost: trade.lost,
      doubled: trade.doubled,
      cpu: trade.cpu,
    },
    pgbench: ceiling,
    goal,
    goalMet: {
      drainSecondsMax: herd.left === 0 && herd.drainSeconds <= goal.drainSecondsMax,
      tradePushP99MsMax: trade.left === 0 && trade.push.p99Ms <= goal.tradePushP99MsMax,
      tradeAchievedRateMin: trade.mutationsPerSecond >= goal.tradeAchievedRateMin,
      lostMax: herd.lost === 0 && trade.lost === 0,
      doubledMax: herd.doubled === 0 && trade.doubled === 0,
    },
  };
}
