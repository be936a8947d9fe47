// The queries every push, pull and login runs, checked with EXPLAIN: each must be able to use an index
// (sequential scans are switched off, so a plan with one means no index serves it). A herd of 2,000
// tills turns any scan of sales, answers or the change log into minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_AT_CURSOR } from './changeLog';
import type { Db } from './db';
import { testBackends } from './testSupport';

const HOT: { name: string; sql: string; params: unknown[] }[] = [
  {
    name: 'authenticate a terminal by its credential',
    sql: `SELECT store_id, id, current_epoch FROM terminals WHERE credential_hash = $1`,
    params: ['x'],
  },
  {
    name: "lock the terminal's epoch row at the start of a push",
    sql: `SELECT last_applied_seq FROM terminal_epochs WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3 FOR UPDATE`,
    params: ['S001', 'T01', 1],
  },
  {
    name: 'read the stored answers of replayed mutations',
    sql: `SELECT seq, payload_hash, result FROM applied_mutations WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3 AND seq = ANY($4::bigint[])`,
    params: ['S001', 'T01', 1, [1, 2, 3]],
  },
  {
    name: 'find a sale by its business key',
    sql: `SELECT id FROM sales WHERE id = $1`,
    params: ['x'],
  },
  {
    name: 'pull one page of a stream after a cursor',
    sql: `SELECT id, xid, kind, entity_id, op, data FROM change_log
           WHERE stream = $1 AND (xid, id) > ($2::xid8, $3::bigint) AND (store_id IS NULL OR store_id = $4)
           ORDER BY xid, id LIMIT 500`,
    params: ['catalog', '0', 0, 'S001'],
  },
  {
    name: 'the steady-state pull: page, head, horizon and lastAppliedSeq in one statement',
    sql: PULL_AT_CURSOR,
    params: ['issues', 'S001', '0', 0, 501, 'T01', 1],
  },
  {
    name: "a till's receipts of a business day (the Z check)",
    sql: `SELECT receipt_no FROM sales WHERE store_id = $1 AND terminal_id = $2 AND business_date = $3`,
    params: ['S001', 'T01', '2026-11-26'],
  },
];

describe.each(testBackends())('hot queries on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  }, 60_000);
  afterAll(async () => db?.close());

  it.each(HOT)('$name uses an index', async ({ sql, params }) => {
    const plan = await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`);
      const r = await tx.query<Record<string, string>>(`EXPLAIN ${sql}`, params);
      return r.rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).not.toMatch(/Seq Scan/);
    expect(plan).toMatch(/Index/);
  });
});
