// The herd: every till of a retail group reconnecting at once and draining its morning backlog into one
// CRM. Tills run in worker threads (load/worker.ts), the CRM in its own process (load/crmChild.ts).
// Afterwards the CRM's database is counted: nothing lost, nothing doubled, to the fen.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AdmissionOptions } from '../crm/admission';
import { median, percentile } from '../bench/stats';
import type { CrmChildMessage, CrmChildOptions, HeldCounts, ServedLatency } from './crmChild';
import type { ChainTerminal } from './provision';
import type { RequestSample } from './saleMaker';
import type { WorkerInput, WorkerMessage } from './worker';

export interface HerdOptions {
  terminals: number;
  salesPerTerminal: number;
  tillsPerStore: number;
  workers: number;
  batchSize: number;
  backend: 'pglite' | 'postgres';
  databaseUrl?: string;
  poolMax: number;
  admission: AdmissionOptions;
  /** The whole herd stops by itself after this, drained or not. */
  deadlineMs: number;
  prepareConcurrency: number;
  seed: number;
  /** 'herd' drains a backlog made offline; 'trade' has every till sell live at `rate` sales/s in all. */
  mode: 'herd' | 'trade';
  /** Sales per second over the whole chain ('trade'). */
  rate: number;
  /** How long the tills trade ('trade'). */
  seconds: number;
  /**
   * 'full': every till a Dexie ledger on in-memory IndexedDB with the real sync runner (about 9 ms of CPU a
   * sale); 'lite': the same sale records, client and backoff with the ledger in memory, so the generator
   * leaves the cores to the CRM it measures.
   */
  till: 'full' | 'lite';
  log?: (line: string) => void;
}

export interface HerdResult {
  mode: 'herd' | 'trade';
  till: 'full' | 'lite';
  terminals: number;
  stores: number;
  salesPerTerminal: number;
  mutations: number;
  drainSeconds: number;
  mutationsPerSecond: number;
  push: { n: number; p50Ms: number; p99Ms: number; shed429: number };
  pull: { n: number; p50Ms: number; p99Ms: number };
  crmErrors: { http5xx: number; network: number };
  /** The same requests timed inside the CRM process. */
  served: ServedLatency;
  held: HeldCounts;
  /**
   * CPU seconds of the CRM process (its whole life) and of the simulated tills during the run: on a small
   * box they share the cores, and the tills' in-memory IndexedDB is the heavier of the two.
   */
  cpu: { crmSeconds: number; tillsSeconds: number };
  expectedDueFen: number;
  left: number;
  lost: number;
  doubled: number;
  ok: boolean;
}

/** Sized for one PostgreSQL on a small box: pushes hold most connections, pulls keep a few of their own. */
export function admissionFor(poolMax: number): AdmissionOptions {
  const read = Math.max(2, Math.floor(poolMax / 4));
  return {
    write: {
      maxConcurrent: Math.max(1, poolMax - read),
      maxQueue: 256,
      queueTimeoutMs: 5_000,
      retryAfterS: 2,
    },
    read: { maxConcurrent: read, maxQueue: 256, queueTimeoutMs: 5_000, retryAfterS: 1 },
  };
}

export const DEFAULT_HERD: Omit<HerdOptions, 'terminals' | 'salesPerTerminal'> = {
  tillsPerStore: 4,
  workers: 4,
  batchSize: 100,
  backend: 'postgres',
  poolMax: 16,
  admission: admissionFor(16),
  deadlineMs: 15 * 60_000,
  prepareConcurrency: 16,
  seed: 20261126,
  mode: 'herd',
  rate: 500,
  seconds: 60,
  till: 'full',
};

function startCrm(
  o: CrmChildOptions,
): Promise<{ child: ChildProcess; url: string; terminals: ChainTerminal[] }> {
  const child = spawn(
    process.execPath,
    [
      // LOAD_CRM_PROFILE=<dir>: a V8 CPU profile of the CRM process, to see where a herd's time goes.
      ...(process.env.LOAD_CRM_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOAD_CRM_PROFILE}`]
        : []),
      '--import',
      'tsx',
      fileURLToPath(new URL('./crmChild.ts', import.meta.url)),
      JSON.stringify(o),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the CRM process ended (${code})`)));
    child.once('message', (m: CrmChildMessage) => {
      if (m.t === 'ready') resolve({ child, url: m.url, terminals: m.terminals });
      else reject(new Error(m.t === 'error' ? m.error : 'the CRM process did not start'));
    });
  });
}

function ask(
  child: ChildProcess,
): Promise<{ counts: HeldCounts; cpuSeconds: number; served: ServedLatency }> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: CrmChildMessage) =>
      m.t === 'verified'
        ? resolve({ counts: m.counts, cpuSeconds: m.cpuSeconds, served: m.served })
        : reject(new Error(m.t === 'error' ? m.error : 'no counts')),
    );
    child.send({ t: 'verify' });
  });
}

const WORKER_BOOT = `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(
  fileURLToPath(new URL('./worker.ts', import.meta.url)),
)}, ${JSON.stringify(import.meta.url)}))`;

type Done = { left: number; samples: RequestSample[]; drainedAt: number; dueFen: number; sales: number };

const r1 = (x: number) => Math.round(x * 10) / 10;

export async function runHerd(opts: HerdOptions): Promise<HerdResult> {
  const log = opts.log ?? (() => undefined);
  const deadlineAt = Date.now() + opts.deadlineMs;
  const crm = await startCrm({
    backend: opts.backend,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    terminals: opts.terminals,
    tillsPerStore: opts.tillsPerStore,
    poolMax: opts.poolMax,
    admission: opts.admission,
  });
  const workers: Worker[] = [];
  try {
    log(`crm ready at ${crm.url}; preparing ${opts.terminals} tills x ${opts.salesPerTerminal} sales`);
    const slices: ChainTerminal[][] = Array.from({ length: opts.workers }, () => []);
    crm.terminals.forEach((t, i) => slices[i % opts.workers]!.push(t));
    const prepared: Promise<{ dueFen: number; sales: number }>[] = [];
    const done: Promise<Done>[] = [];
    slices.forEach((terminals, w) => {
      if (terminals.length === 0) return;
      const input: WorkerInput = {
        crmUrl: crm.url,
        terminals,
        salesPerTerminal: opts.salesPerTerminal,
        batchSize: opts.batchSize,
        seed: opts.seed + w * 100_000,
        prepareConcurrency: opts.prepareConcurrency,
        deadlineAt,
        mode: opts.mode,
        // Each till sells every terminals/rate seconds, so the chain sells `rate` a second.
        intervalMs: (opts.terminals / opts.rate) * 1000,
        seconds: opts.seconds,
        till: opts.till,
      };
      // A worker does not inherit tsx's loader: it registers it, then imports the TypeScript worker.
      const worker = new Worker(WORKER_BOOT, {
        eval: true,
        workerData: input,
        resourceLimits: { maxOldGenerationSizeMb: 4096 },
      });
      workers.push(worker);
      let onPrepared!: (v: { dueFen: number; sales: number }) => void;
      let onDone!: (v: Done) => void;
      let fail!: (e: Error) => void;
      const failures = new Promise<never>((_, reject) => (fail = reject));
      prepared.push(
        Promise.race([new Promise<{ dueFen: number; sales: number }>((r) => (onPrepared = r)), failures]),
      );
      done.push(Promise.race([new Promise<Done>((r) => (onDone = r)), failures]));
      worker.on('message', (m: WorkerMessage) => {
        if (m.t === 'prepared') onPrepared({ dueFen: m.dueFen, sales: m.sales });
        else if (m.t === 'done') onDone(m);
        else fail(new Error(`worker ${w}: ${m.error}`));
      });
      worker.on('error', (e) => fail(e));
      worker.on('exit', (code) => code !== 0 && fail(new Error(`worker ${w} exited with ${code}`)));
      failures.catch(() => undefined);
    });
    const ready = await Promise.all(prepared);
    log(`prepared ${ready.reduce((a, r) => a + r.sales, 0)} sales; the ${opts.mode} goes`);
    const goAt = Date.now();
    const cpuAtGo = process.cpuUsage();
    for (const w of workers) w.postMessage('go');
    const results = await Promise.all(done);
    const expectedDueFen = results.reduce((a, r) => a + r.dueFen, 0);
    const mutations = results.reduce((a, r) => a + r.sales, 0);
    const drainSeconds = (Math.max(...results.map((r) => r.drainedAt)) - goAt) / 1000;
    const samples = results.flatMap((r) => r.samples);
    const genCpu = process.cpuUsage(cpuAtGo);
    // LOAD_SAMPLES=<file>: every request's timing, relative to 'go', for a look at the run over time.
    if (process.env.LOAD_SAMPLES)
      writeFileSync(
        process.env.LOAD_SAMPLES,
        samples.map((s) => `${s.at - goAt}\t${s.kind}\t${s.status}\t${s.ms.toFixed(1)}`).join('\n'),
      );
    const { counts: held, cpuSeconds: crmCpuSeconds, served } = await ask(crm.child);
    const pushOk = samples.filter((s) => s.kind === 'push' && s.status === 200).map((s) => s.ms);
    const pullOk = samples.filter((s) => s.kind === 'pull' && s.status === 200).map((s) => s.ms);
    const left = results.reduce((a, r) => a + r.left, 0);
    const lost = Math.max(0, mutations - held.distinctSales);
    const doubled = held.sales - held.distinctSales + (held.applied - held.distinctMutations);
    const result: HerdResult = {
      mode: opts.mode,
      till: opts.till,
      terminals: opts.terminals,
      stores: Math.ceil(opts.terminals / opts.tillsPerStore),
      salesPerTerminal: opts.salesPerTerminal,
      mutations,
      drainSeconds: r1(drainSeconds),
      mutationsPerSecond: r1(held.distinctSales / Math.max(drainSeconds, 0.001)),
      push: {
        n: pushOk.length,
        p50Ms: r1(median(pushOk)),
        p99Ms: r1(percentile(pushOk, 99)),
        shed429: samples.filter((s) => s.kind === 'push' && s.status === 429).length,
      },
      pull: { n: pullOk.length, p50Ms: r1(median(pullOk)), p99Ms: r1(percentile(pullOk, 99)) },
      crmErrors: {
        http5xx: samples.filter((s) => s.status >= 500).length,
        network: samples.filter((s) => s.status === 0).length,
      },
      served,
      held,
      cpu: { crmSeconds: r1(crmCpuSeconds), tillsSeconds: r1((genCpu.user + genCpu.system) / 1e6) },
      expectedDueFen,
      left,
      lost,
      doubled,
      ok:
        left === 0 &&
        lost === 0 &&
        doubled === 0 &&
        held.sales === mutations &&
        held.applied === mutations &&
        held.dueFen === expectedDueFen,
    };
    return result;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    const ended = new Promise<void>((r) => crm.child.once('exit', () => r()));
    crm.child.send({ t: 'close' });
    await Promise.race([ended, new Promise((r) => setTimeout(r, 30_000))]);
    if (crm.child.exitCode === null) crm.child.kill('SIGKILL');
  }
}
