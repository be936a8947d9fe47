// The CRM's storage: one small interface, two engines running the same SQL. PGlite (Postgres in WebAssembly)
// is the embedded default; node-postgres serves DATABASE_URL. Both hand back int8 as number and timestamptz
// as an ISO string, so code above this file never sees an engine difference.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs fn in one transaction (READ COMMITTED); commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const INT8 = 20;
const TIMESTAMPTZ = 1184;
const DATE = 1082;
const toIso = (text: string): string => new Date(text).toISOString();

/** PGlite with a data folder (created on first start), or in memory when dataDir is undefined. */
export async function openPgliteDb(dataDir?: string): Promise<Db> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const parsers = { [INT8]: (v: string) => Number(v), [TIMESTAMPTZ]: toIso, [DATE]: (v: string) => v };
  const lite = dataDir === undefined ? new PGlite({ parsers }) : new PGlite(dataDir, { parsers });
  await lite.waitReady;
  await lite.exec(`SET TIME ZONE 'UTC'`);
  const q = (target: Pick<PGlite, 'query'>): Queryable['query'] =>
    (async (sql: string, params?: unknown[]) => {
      const r = await target.query(sql, params ?? []);
      return { rows: r.rows };
    }) as Queryable['query'];
  return {
    engine: 'pglite',
    query: q(lite),
    // PGlite is one connection: its transactions run one after another, never interleaved.
    transaction: (fn) => lite.transaction((tx) => fn({ query: q(tx) })),
    exec: async (sql) => {
      await lite.exec(sql);
    },
    close: () => lite.close(),
  };
}

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8) return (v: string) => Number(v);
      if (oid === TIMESTAMPTZ) return toIso;
      if (oid === DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format as 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

const MAX_PREPARED = 400;

/** A node-postgres pool on a PostgreSQL server. */
export async function openPostgresDb(url: string, opts: { max?: number } = {}): Promise<Db> {
  // The time zone as a startup parameter: a SET on 'connect' would race the connection's first query.
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: pgTypes(),
    options: '-c TimeZone=UTC',
  });
  // Fail at start, not at the first request.
  await pool.query('select 1');
  // Parameterised statements are prepared once per connection under a name: a push or a pull is a handful
  // of small statements, and parsing and planning each one again was most of PostgreSQL's CPU in the herd.
  // Bounded, so SQL built at run time cannot grow every connection's statement cache without end.
  const names = new Map<string, string>();
  const nameOf = (sql: string): string | undefined => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED) names.set(sql, (name = `crm_${names.size + 1}`));
    return name;
  };
  const wrap =
    (c: pg.Pool | pg.PoolClient): Queryable['query'] =>
    async <T>(sql: string, params?: unknown[]) => {
      const name = params && params.length > 0 ? nameOf(sql) : undefined;
      const r = await c.query(name ? { name, text: sql, values: params } : { text: sql, values: params });
      return { rows: r.rows as T[] };
    };
  return {
    engine: 'postgres',
    query: wrap(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: wrap(client) });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** DATABASE_URL wins; otherwise PGlite in dataDir (or in memory). */
export function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (opts.databaseUrl) return openPostgresDb(opts.databaseUrl);
  return openPgliteDb(opts.dataDir);
}
