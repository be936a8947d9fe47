// The CRM of the herd, in a process of its own (in production it is another machine): a fresh database
// (its own schema on PostgreSQL), the chain provisioned, the HTTP API on loopback with the pool and the
// admission budgets under test. Talks to the herd over the IPC channel.
// Usage (by load/herd.ts): tsx load/crmChild.ts '<CrmChildOptions as JSON>'
import type { AddressInfo } from 'node:net';
import { median, percentile } from '../bench/stats';
import { openBackend } from '../bench/syncBench';
import type { AdmissionOptions } from '../crm/admission';
import { openPgliteDb, type Db } from '../crm/db';
import { migrate } from '../crm/migrate';
import { ensureSeeded } from '../crm/seed';
import { createCrmServer } from '../crm/server';
import { provisionChain, type ChainTerminal } from './provision';

export interface CrmChildOptions {
  backend: 'pglite' | 'postgres';
  databaseUrl?: string;
  terminals: number;
  tillsPerStore: number;
  poolMax: number;
  admission: AdmissionOptions;
}

export type CrmChildMessage =
  | { t: 'ready'; url: string; terminals: ChainTerminal[] }
  | { t: 'verified'; counts: HeldCounts; cpuSeconds: number; served: ServedLatency }
  | { t: 'error'; error: string };

/** What the CRM holds after the herd, counted in SQL. */
export interface HeldCounts {
  sales: number;
  distinctSales: number;
  distinctMutations: number;
  applied: number;
  dueFen: number;
  terminalsWithSales: number;
  openIssues: number;
}

/** Latency as the CRM serves it (request in to response out), apart from the tills' own event-loop delay. */
export interface ServedLatency {
  push: { n: number; p50Ms: number; p99Ms: number };
  pull: { n: number; p50Ms: number; p99Ms: number };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const summary = (xs: number[]) => ({ n: xs.length, p50Ms: r1(median(xs)), p99Ms: r1(percentile(xs, 99)) });

function open(o: CrmChildOptions): Promise<Db> {
  // On PostgreSQL a schema of its own, dropped on close; the pool size is one of the things the herd tunes.
  return o.backend === 'pglite' ? openPgliteDb() : openBackend('postgres', o.databaseUrl, { max: o.poolMax });
}

export async function countHeld(db: Db): Promise<HeldCounts> {
  const r = await db.query<HeldCounts>(
    `SELECT (SELECT count(*)::int FROM sales) AS sales,
            (SELECT count(DISTINCT id)::int FROM sales) AS "distinctSales",
            (SELECT count(DISTINCT mutation_id)::int FROM sales) AS "distinctMutations",
            (SELECT count(*)::int FROM applied_mutations) AS applied,
            (SELECT coalesce(sum(due_fen), 0)::bigint FROM sales) AS "dueFen",
            (SELECT count(DISTINCT (store_id, terminal_id))::int FROM sales) AS "terminalsWithSales",
            (SELECT count(*)::int FROM issues WHERE state = 'open') AS "openIssues"`,
  );
  return r.rows[0]!;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as CrmChildOptions;
  const send = (m: CrmChildMessage) => process.send!(m);
  const db = await open(o);
  await migrate(db);
  await ensureSeeded(db, { products: 200, members: 20, pickupsPerState: 1, pinIterations: 1000 });
  const terminals = await provisionChain(db, { terminals: o.terminals, tillsPerStore: o.tillsPerStore });
  const app = await createCrmServer({
    db,
    admission: o.admission,
    bodyLimit: 16 * 1024 * 1024,
    logger: process.env.CRM_LOG === '1',
    // A whole chain's tills enroll from one address here: the abuse limits would shed the load test itself.
    rateLimits: false,
  });
  const served = { push: [] as number[], pull: [] as number[] };
  app.server.on('request', (req, res) => {
    const kind = req.url?.startsWith('/api/v1/push')
      ? 'push'
      : req.url?.startsWith('/api/v1/pull')
        ? 'pull'
        : null;
    if (!kind) return;
    const t0 = performance.now();
    res.once('finish', () => res.statusCode === 200 && served[kind].push(performance.now() - t0));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  send({ t: 'ready', url: `http://127.0.0.1:${port}`, terminals });
  await new Promise<void>((resolve) => {
    process.on('message', (m: { t: 'verify' } | { t: 'close' }) => {
      if (m.t === 'verify')
        countHeld(db).then(
          (counts) => {
            const cpu = process.cpuUsage();
            send({
              t: 'verified',
              counts,
              cpuSeconds: (cpu.user + cpu.system) / 1e6,
              served: { push: summary(served.push), pull: summary(served.pull) },
            });
          },
          (e: unknown) => send({ t: 'error', error: String(e) }),
        );
      else resolve();
    });
    process.on('disconnect', () => {
      setTimeout(() => process.exit(1), 5000).unref();
      resolve();
    });
  });
  await app.close();
  await db.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.send?.({ t: 'error', error: String(e) });
    process.exit(1);
  },
);
