// Sync benchmarks (bench/run.ts runs each in a child process): a backlog of queued sales drained to the
// real CRM over HTTP on loopback, and a full catalog sync compared with a raw Dexie bulkPut of the same
// records in the same run (a ratio, because the machines are shared and noisy).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPgliteDb, openPostgresDb, type Db } from '../crm/db';
import { issueEnrollmentCode } from '../crm/enrollment';
import { migrate } from '../crm/migrate';
import { DEMO_STORE, ensureSeeded } from '../crm/seed';
import { createCrmServer } from '../crm/server';
import { generateCatalog } from '../src/domain/catalogSeed';
import { toCachedProduct } from '../src/offline/catalog';
import { openCache, openLedger } from '../src/offline/db';
import { newId } from '../src/offline/ids';
import { commitSale } from '../src/offline/sales';
import { getOrCreateTerminalIdentity } from '../src/offline/terminal';
import { createCrmClient } from '../src/offline/sync/crmClient';
import { ensureEnrolled } from '../src/offline/sync/enrollment';
import { pullStream } from '../src/offline/sync/pull';
import { createSyncRunner } from '../src/offline/sync/syncRunner';
import { median, percentile } from './stats';

interface Crm {
  url: string;
  /** A one-time enrollment code for `terminalId`, made by the CRM. */
  code: string;
  /** Sales the CRM holds for the terminal (the drain's check). */
  salesOf(terminalId: string): Promise<number>;
  close(): Promise<void>;
}

interface CrmOptions {
  backend: 'pglite' | 'postgres';
  products: number;
  terminalId: string;
  databaseUrl?: string;
}

export async function openBackend(
  backend: 'pglite' | 'postgres',
  databaseUrl?: string,
  pool: { max?: number } = {},
): Promise<Db> {
  if (backend === 'pglite') return openPgliteDb();
  const url = databaseUrl ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('postgres backend needs databaseUrl (or DATABASE_URL / TEST_DATABASE_URL)');
  // A schema of its own, dropped afterwards: the bench never touches anyone's data.
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPostgresDb(u.toString(), pool);
  return {
    ...db,
    close: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function startCrmHere(opts: CrmOptions): Promise<Crm> {
  const db = await openBackend(opts.backend, opts.databaseUrl);
  await migrate(db);
  await ensureSeeded(db, { products: opts.products, members: 20, pickupsPerState: 1, pinIterations: 1000 });
  const code = await issueEnrollmentCode(db, { storeId: DEMO_STORE.id, terminalId: opts.terminalId });
  const app = await createCrmServer({ db, bodyLimit: 64 * 1024 * 1024 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    code,
    salesOf: async (terminalId) => {
      const n = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1`, [
        terminalId,
      ]);
      return n.rows[0]!.n;
    },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

type CrmMessage =
  { t: 'ready'; url: string; code: string } | { t: 'sales'; n: number } | { t: 'error'; error: string };

/**
 * The CRM as a server of its own (bench/syncChild.ts crmServer): in production it is another machine, so
 * the bench must not charge its work to the till's thread. Talks to the parent over the IPC channel.
 */
export async function crmServer(opts: CrmOptions): Promise<void> {
  const send = (m: CrmMessage) => process.send!(m);
  const crm = await startCrmHere(opts);
  send({ t: 'ready', url: crm.url, code: crm.code });
  await new Promise<void>((resolve) => {
    process.on('message', (m: { t: 'sales'; terminalId: string } | { t: 'close' }) => {
      if (m.t === 'sales')
        crm.salesOf(m.terminalId).then(
          (n) => send({ t: 'sales', n }),
          (e: unknown) => send({ t: 'error', error: String(e) }),
        );
      else resolve();
    });
    process.on('disconnect', () => {
      // The bench process died: do not outlive it, even if closing hangs on its half-open connections.
      setTimeout(() => process.exit(1), 5000).unref();
      resolve();
    });
  });
  await crm.close();
}

function startCrmChild(opts: CrmOptions): Promise<Crm> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./syncChild.ts', import.meta.url)),
      'crmServer',
      JSON.stringify(opts),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = (): Promise<CrmMessage> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the CRM process ended (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: CrmMessage) => {
        child.off('exit', onExit);
        if (m.t === 'error') reject(new Error(m.error));
        else resolve(m);
      });
    });
  return next().then((ready) => {
    if (ready.t !== 'ready') throw new Error('the CRM process did not start');
    return {
      url: ready.url,
      code: ready.code,
      salesOf: async (terminalId) => {
        const answer = next();
        child.send({ t: 'sales', terminalId });
        const m = await answer;
        return m.t === 'sales' ? m.n : -1;
      },
      close: async () => {
        const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.send({ t: 'close' });
        await ended;
      },
    };
  });
}

/** In a child process unless `inline` (the old way: CRM and till share one thread). */
function startCrm(opts: CrmOptions & { inline?: boolean }): Promise<Crm> {
  return opts.inline ? startCrmHere(opts) : startCrmChild(opts);
}

/** Rates between consecutive progress marks: a median that a single slow batch cannot move. */
function rates(marks: { at: number; done: number }[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < marks.length; i++) {
    const dt = (marks[i]!.at - marks[i - 1]!.at) / 1000;
    const dn = marks[i]!.done - marks[i - 1]!.done;
    if (dt > 0 && dn > 0) out.push(dn / dt);
  }
  return out;
}

const round = (x: number) => Math.round(x * 10) / 10;

export async function benchBacklogDrain(opts: {
  backend: 'pglite' | 'postgres';
  sales: number;
  databaseUrl?: string;
  inline?: boolean;
}): Promise<{
  unit: 'sales/s';
  median: number;
  p95: number;
  n: number;
  totalSeconds: number;
  salesPerSecond: number;
}> {
  const terminalId = 'T09';
  const crm = await startCrm({
    backend: opts.backend,
    products: 200,
    terminalId,
    ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.inline !== undefined ? { inline: opts.inline } : {}),
  });
  const idb = { indexedDB: new IDBFactory(), IDBKeyRange };
  const ledger = openLedger('bench-ledger', idb);
  const cache = openCache('bench-cache', idb);
  try {
    const code = crm.code;
    await getOrCreateTerminalIdentity(ledger, {
      storeId: DEMO_STORE.id,
      storeName: DEMO_STORE.name,
      terminalId,
    });
    const client = createCrmClient({ baseUrl: crm.url, timeoutMs: 120_000 });
    const enrolled = await ensureEnrolled({ ledger, client, code });
    if (!enrolled.ok) throw new Error(`enrollment failed: ${JSON.stringify(enrolled)}`);

    // The backlog: a day of a busy till queued offline (not timed).
    const products = generateCatalog({ count: 200, seed: 20260101 }).products.filter(
      (p) => p.unit === 'piece',
    );
    for (let i = 0; i < opts.sales; i++) {
      const p = products[i % products.length]!;
      const qty = 1 + (i % 3);
      const amount = p.priceFen * qty;
      await commitSale(ledger, {
        id: newId(),
        storeId: DEMO_STORE.id,
        terminalId,
        cashierId: 'E1002',
        lines: [
          {
            lineId: newId(),
            productId: p.id,
            barcode: p.barcode,
            name: p.name,
            nameEn: p.nameEn,
            categoryId: p.categoryId,
            unit: 'piece',
            qty,
            unitPriceFen: p.priceFen,
            amountFen: amount,
            discountFen: 0,
            discounts: [],
          },
        ],
        tenders: [{ id: newId(), kind: 'card', amountFen: amount, reference: `REF${i}` }],
        totals: { itemCount: qty, grossFen: amount, discountFen: 0, dueFen: amount },
        roundingFen: 0,
        changeFen: 0,
        status: 'completed',
      });
    }

    const marks: { at: number; done: number }[] = [];
    const runner = createSyncRunner({
      ledger,
      cache,
      client,
      lock: { name: 'bench-sync' },
      options: { batchSize: 250, streams: [] },
      onState: (s) => {
        const done = opts.sales - s.pending;
        if (s.phase === 'pushing' && (marks.length === 0 || marks.at(-1)!.done !== done))
          marks.push({ at: performance.now(), done });
      },
    });
    const t0 = performance.now();
    marks.push({ at: t0, done: 0 });
    for (let i = 0; i < 20; i++) {
      const r = await runner.syncNow();
      if (!r.ok) throw new Error(`drain failed: ${JSON.stringify(r.failure)}`);
      if (runner.state().pending === 0) break;
    }
    const totalSeconds = (performance.now() - t0) / 1000;
    const left = runner.state().pending;
    if (left !== 0) throw new Error(`${left} sales still pending`);
    const held = await crm.salesOf(terminalId);
    if (held !== opts.sales) throw new Error(`CRM holds ${held} of ${opts.sales} sales`);
    const r = rates(marks);
    return {
      unit: 'sales/s',
      median: round(median(r)),
      p95: round(percentile(r, 95)),
      n: r.length,
      totalSeconds: round(totalSeconds),
      salesPerSecond: round(opts.sales / totalSeconds),
    };
  } finally {
    ledger.close();
    cache.close();
    await crm.close();
  }
}

export async function benchCatalogSync(opts: { products: number; inline?: boolean }): Promise<{
  unit: 'records/s';
  median: number;
  p95: number;
  n: number;
  ratio: number;
  baseline: number;
  totalSeconds: number;
  recordsPerSecond: number;
}> {
  const terminalId = 'T08';
  const crm = await startCrm({
    backend: 'pglite',
    products: opts.products,
    terminalId,
    ...(opts.inline !== undefined ? { inline: opts.inline } : {}),
  });
  const idb = { indexedDB: new IDBFactory(), IDBKeyRange };
  const ledger = openLedger('bench-ledger', idb);
  const cache = openCache('bench-cache', idb);
  const raw = openCache('bench-raw', idb);
  try {
    const code = crm.code;
    await getOrCreateTerminalIdentity(ledger, {
      storeId: DEMO_STORE.id,
      storeName: DEMO_STORE.name,
      terminalId,
    });
    const client = createCrmClient({ baseUrl: crm.url, timeoutMs: 120_000 });
    const enrolled = await ensureEnrolled({ ledger, client, code });
    if (!enrolled.ok) throw new Error(`enrollment failed: ${JSON.stringify(enrolled)}`);
    client.useCredential(enrolled.enrollment.credential);

    const marks: { at: number; done: number }[] = [];
    const t0 = performance.now();
    marks.push({ at: t0, done: 0 });
    const r = await pullStream(client, cache, 'catalog', {
      limit: 2000,
      chunkSize: 1000,
      onProgress: (p) => marks.push({ at: performance.now(), done: p.done }),
    });
    const seconds = (performance.now() - t0) / 1000;
    if (!r.ok) throw new Error(`catalog sync failed: ${JSON.stringify(r.failure)}`);
    const synced = await cache.productsB.count();
    if (synced !== opts.products) throw new Error(`synced ${synced} of ${opts.products} products`);
    const records = r.items;

    // The same records, written the plainest way: bulkPut in chunks of 1,000.
    const rows = generateCatalog({ count: opts.products, seed: 20260101 }).products.map(toCachedProduct);
    const b0 = performance.now();
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await raw.transaction('rw', raw.products, () => raw.products.bulkPut(chunk));
    }
    const rawSeconds = (performance.now() - b0) / 1000;
    const syncRate = records / seconds;
    const rawRate = rows.length / rawSeconds;
    const perPage = rates(marks);
    return {
      unit: 'records/s',
      median: round(median(perPage)),
      p95: round(percentile(perPage, 95)),
      n: perPage.length,
      ratio: Math.round((syncRate / rawRate) * 1000) / 1000,
      baseline: round(rawRate),
      totalSeconds: round(seconds),
      recordsPerSecond: round(syncRate),
    };
  } finally {
    ledger.close();
    cache.close();
    raw.close();
    await crm.close();
  }
}
