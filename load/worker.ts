// A worker thread hosting a slice of the herd's tills. It prepares them (enroll, fill the outbox), says so,
// waits for 'go', drains them all at once and reports what it measured. Bounded by the herd's deadline.
import { parentPort, workerData } from 'node:worker_threads';
import { IDBFactory } from 'fake-indexeddb';
import { generateCatalog } from '../src/domain/catalogSeed';
import type { ChainTerminal } from './provision';
import { LiteTerminal } from './liteTerminal';
import type { RequestSample, SimTill } from './saleMaker';
import { SimTerminal } from './simTerminal';

export interface WorkerInput {
  crmUrl: string;
  terminals: ChainTerminal[];
  salesPerTerminal: number;
  batchSize: number;
  seed: number;
  /** Tills prepared at once (enrollment is a request each; commits are local). */
  prepareConcurrency: number;
  deadlineAt: number;
  /** 'herd': drain a backlog made before 'go'; 'trade': sell live every intervalMs for `seconds`. */
  mode: 'herd' | 'trade';
  intervalMs: number;
  seconds: number;
  /** 'full': Dexie ledger and the real sync runner; 'lite': the same records and client, a ledger in memory. */
  till: 'full' | 'lite';
}

export type WorkerMessage =
  | { t: 'prepared'; dueFen: number; sales: number }
  | { t: 'done'; left: number; samples: RequestSample[]; drainedAt: number; dueFen: number; sales: number }
  | { t: 'error'; error: string };

async function inBatches<T>(items: T[], size: number, fn: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function run(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const products = generateCatalog({ count: 200, seed: 20260101 }).products.filter((p) => p.unit === 'piece');
  const samples: RequestSample[] = [];
  const idb = new IDBFactory();
  const record = (s: RequestSample) => samples.push(s);
  const sims: SimTill[] = input.terminals.map((t, i) =>
    input.till === 'lite'
      ? new LiteTerminal(t, {
          crmUrl: input.crmUrl,
          products,
          seed: input.seed + i,
          batchSize: input.batchSize,
          idleMs: 30_000,
          record,
          deadlineAt: input.deadlineAt,
        })
      : new SimTerminal(t, {
          crmUrl: input.crmUrl,
          salesPerTerminal: input.salesPerTerminal,
          products,
          seed: input.seed + i,
          idb,
          batchSize: input.batchSize,
          record,
          deadlineAt: input.deadlineAt,
        }),
  );
  const backlog = input.mode === 'herd' ? input.salesPerTerminal : 0;
  await inBatches(sims, input.prepareConcurrency, (s) => s.prepare(backlog));
  samples.length = 0; // enrollment is not part of the herd
  const go = new Promise<void>((resolve) => port.once('message', () => resolve()));
  port.postMessage({
    t: 'prepared',
    dueFen: sims.reduce((a, s) => a + s.dueFen, 0),
    sales: sims.length * input.salesPerTerminal,
  } satisfies WorkerMessage);
  await go;
  const left = await Promise.all(
    sims.map((s) => (input.mode === 'herd' ? s.drain() : s.trade(input.intervalMs, input.seconds))),
  );
  const drainedAt = Date.now();
  await Promise.all(sims.map((s) => s.close()));
  port.postMessage({
    t: 'done',
    left: left.reduce((a, b) => a + b, 0),
    samples,
    drainedAt,
    dueFen: sims.reduce((a, s) => a + s.dueFen, 0),
    sales: sims.reduce((a, s) => a + s.made, 0),
  } satisfies WorkerMessage);
}

run(workerData as WorkerInput).catch((e: unknown) => {
  parentPort!.postMessage({
    t: 'error',
    error: e instanceof Error ? (e.stack ?? e.message) : String(e),
  } satisfies WorkerMessage);
});
