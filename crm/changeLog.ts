// The change log behind pull, in commit order (docs/decisions/0010-pull-cursor-commit-order.md).
// Each row carries its writing transaction's xid. A pull returns only rows whose xid is below the oldest
// transaction still running, ordered by (xid, id): every transaction below that point has ended, so no
// row can later appear behind a cursor that was handed out.
import type { PullItem, Stream } from '../src/shared/crm';
import { StreamSchema } from '../src/shared/crm';
import type { Queryable } from './db';

export interface Change {
  stream: Stream;
  kind: PullItem['kind'];
  entityId: string;
  /** null: every store sees it (catalog, coupons); otherwise only that store's terminals (members: decision 0046). */
  storeId: string | null;
  op: 'upsert' | 'delete';
  data?: unknown;
}

/**
 * Appends one change. Call it after the write that locked the entity's row, so two writers of one entity
 * get increasing ids (the item's version) in the order they commit.
 */
export async function recordChange(tx: Queryable, c: Change): Promise<number> {
  const r = await tx.query<{ id: number }>(
    `INSERT INTO change_log (stream, kind, entity_id, store_id, op, data) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [c.stream, c.kind, c.entityId, c.storeId, c.op, c.op === 'delete' ? null : JSON.stringify(c.data)],
  );
  return r.rows[0]!.id;
}

/** Many changes in one statement (seed, bulk catalog import). */
export async function recordChanges(tx: Queryable, changes: Change[]): Promise<void> {
  for (let i = 0; i < changes.length; i += 1000) {
    const chunk = changes.slice(i, i + 1000).map((c) => ({
      stream: c.stream,
      kind: c.kind,
      entity_id: c.entityId,
      store_id: c.storeId,
      op: c.op,
      data: c.op === 'delete' ? null : c.data,
    }));
    await tx.query(
      `INSERT INTO change_log (stream, kind, entity_id, store_id, op, data)
       SELECT stream, kind, entity_id, store_id, op, data
       FROM jsonb_to_recordset($1::jsonb) AS x(stream text, kind text, entity_id text, store_id text, op text, data jsonb)`,
      [JSON.stringify(chunk)],
    );
  }
}

export interface CursorPosition {
  stream: Stream;
  /** xid8 as decimal text (it can exceed 2^53). */
  xid: string;
  id: number;
  /** The compaction horizon (its id) when the cursor was issued: a later compaction may make it stale. */
  horizon: number;
}

const START = (stream: Stream, horizon: number): CursorPosition => ({ stream, xid: '0', id: 0, horizon });

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, s: p.stream, x: p.xid, i: p.id, h: p.horizon })).toString(
    'base64url',
  );
}

/** The position in a cursor, or null when it is not one of ours (or belongs to another stream). */
export function decodeCursor(cursor: string, stream: Stream): CursorPosition | null {
  try {
    const o = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const s = StreamSchema.safeParse(o.s);
    if (o.v !== 1 || !s.success || s.data !== stream) return null;
    if (typeof o.x !== 'string' || !/^\d{1,20}$/.test(o.x)) return null;
    if (typeof o.i !== 'number' || !Number.isSafeInteger(o.i) || o.i < 0) return null;
    if (typeof o.h !== 'number' || !Number.isSafeInteger(o.h) || o.h < 0) return null;
    return { stream, xid: o.x, id: o.i, horizon: o.h };
  } catch {
    return null;
  }
}

function compare(a: { xid: string; id: number }, b: { xid: string; id: number }): number {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  if (ax !== bx) return ax < bx ? -1 : 1;
  return a.id - b.id;
}

export interface ChangePage {
  items: PullItem[];
  nextCursor: string;
  hasMore: boolean;
  reset?: true;
  /** With the first page of a snapshot: rows left for this store, for the till's progress bar. */
  remaining?: number;
}

interface Row {
  id: number;
  xid: string;
  kind: string;
  entity_id: string;
  op: 'upsert' | 'delete';
  data: unknown;
}

type PageQuery = { stream: Stream; storeId: string; cursor: CursorPosition | undefined; limit: number };

/**
 * One page of a stream after `cursor` (undefined: from the start, which is a full snapshot). With `applied`,
 * also the terminal's lastAppliedSeq for that epoch, read in the same snapshot when it costs nothing extra.
 */
export async function readChanges(
  db: Queryable & { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> },
  q: PageQuery & { applied?: { terminalId: string; epoch: number } },
): Promise<ChangePage & { lastAppliedSeq?: number }> {
  // The steady state (a till with a cursor, no compaction since): one statement, so one snapshot, and one
  // round trip instead of six; a till pulls after every push, so under a herd this is most of the reads.
  if (q.cursor !== undefined) {
    const fast = await readPageAtCursor(db, { ...q, cursor: q.cursor });
    if (fast) return fast;
  }
  // One snapshot for the horizon and the page, so a compaction cannot slip in between them.
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return readPage(tx, q);
  });
}

// Each part reads the (stream, xid, id) index on its own: a shared CTE would be materialised whole, every
// row after the cursor, for every page. The page of this store's rows and the stream's head (any store)
// come from one snapshot, so an exhausted page can move the cursor past other stores' rows without passing
// one of ours.
const PAGE_AND_HEAD = `WITH page AS (
       SELECT id, xid, kind, entity_id, op, data FROM change_log
        WHERE stream = $1 AND (xid, id) > ($3::xid8, $4::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
          AND (store_id IS NULL OR store_id = $2)
        ORDER BY xid, id LIMIT $5
     ), head AS (
       SELECT id, xid, kind, entity_id, op FROM change_log
        WHERE stream = $1 AND (xid, id) > ($3::xid8, $4::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY xid DESC, id DESC LIMIT 1
     )
     SELECT 'item' AS t, id, xid::text AS xid, kind, entity_id, op, data FROM page
     UNION ALL
     SELECT 'head' AS t, id, xid::text AS xid, kind, entity_id, op, NULL FROM head`;

/** The steady-state pull in one statement: the page, the head, the horizon, and the till's lastAppliedSeq. */
export const PULL_AT_CURSOR = `${PAGE_AND_HEAD}
     UNION ALL
     SELECT 'horizon' AS t, id, xid::text AS xid, NULL, NULL, NULL, NULL FROM change_log_horizon WHERE stream = $1
     UNION ALL
     SELECT 'applied' AS t, last_applied_seq::bigint, NULL, NULL, NULL, NULL, NULL FROM terminal_epochs
      WHERE store_id = $2 AND terminal_id = $6 AND epoch = $7`;

type PageRow = Row & { t: 'item' | 'head' | 'horizon' | 'applied' };

/** The page after a cursor, or null when a compaction passed the cursor (the caller starts a snapshot). */
async function readPageAtCursor(
  db: Queryable,
  q: PageQuery & { cursor: CursorPosition; applied?: { terminalId: string; epoch: number } },
): Promise<(ChangePage & { lastAppliedSeq?: number }) | null> {
  const { cursor } = q;
  const r = await db.query<PageRow>(PULL_AT_CURSOR, [
    q.stream,
    q.storeId,
    cursor.xid,
    cursor.id,
    q.limit + 1,
    q.applied?.terminalId ?? null,
    q.applied?.epoch ?? null,
  ]);
  const h = r.rows.find((row) => row.t === 'horizon');
  const hid = h ? Number(h.id) : 0;
  if (h !== undefined && cursor.horizon !== hid && compare(cursor, h) < 0) return null;
  const page = assemblePage(r.rows, q.stream, cursor, hid, q.limit);
  if (!q.applied) return page;
  const applied = r.rows.find((row) => row.t === 'applied');
  return { ...page, lastAppliedSeq: applied ? Number(applied.id) : 0 };
}

function assemblePage(
  rows: PageRow[],
  stream: Stream,
  from: CursorPosition,
  hid: number,
  limit: number,
): ChangePage {
  const all = rows.filter((row) => row.t === 'item').sort((a, b) => compare(a, b));
  const head = rows.find((row) => row.t === 'head');
  const page = all.slice(0, limit);
  const hasMore = all.length > limit;
  const last = page[page.length - 1];
  const end = hasMore ? last : (head ?? last);
  const next = end ? { stream, xid: end.xid, id: end.id, horizon: hid } : { ...from, horizon: hid };
  return { items: page.map((row) => toItem(row)), nextCursor: encodeCursor(next), hasMore };
}

async function readPage(db: Queryable, q: PageQuery): Promise<ChangePage> {
  const horizon = await db.query<{ xid: string; id: number }>(
    `SELECT xid::text AS xid, id FROM change_log_horizon WHERE stream = $1`,
    [q.stream],
  );
  const h = horizon.rows[0];
  const hid = h?.id ?? 0;
  let from = q.cursor ?? START(q.stream, hid);
  let reset: true | undefined;
  // Rows up to the horizon were compacted away, tombstones included: a cursor issued before that
  // compaction and still below the horizon must start over. One issued since (a snapshot in pages) is fine.
  if (q.cursor !== undefined && h !== undefined && q.cursor.horizon !== hid && compare(q.cursor, h) < 0) {
    from = START(q.stream, hid);
    reset = true;
  }
  const r = await db.query<PageRow>(PAGE_AND_HEAD, [q.stream, q.storeId, from.xid, from.id, q.limit + 1]);
  const page = assemblePage(r.rows, q.stream, from, hid, q.limit);
  if (reset) page.reset = true;
  if (q.cursor === undefined || reset) {
    // Same snapshot as the page (REPEATABLE READ): what a full load will deliver, superseded rows included.
    const n = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM change_log
        WHERE stream = $1 AND (store_id IS NULL OR store_id = $2) AND (xid, id) > ($3::xid8, $4::bigint)
          AND xid < pg_snapshot_xmin(pg_current_snapshot())`,
      [q.stream, q.storeId, from.xid, from.id],
    );
    page.remaining = n.rows[0]?.n ?? 0;
  }
  return page;
}

function toItem(row: Row): PullItem {
  const base = { kind: row.kind, id: row.entity_id, version: row.id, op: row.op };
  if (row.op === 'delete' || row.data === null) return base as PullItem;
  // The catalog's Product carries its version inside the data as well.
  const data = row.kind === 'product' ? { ...(row.data as object), version: row.id } : row.data;
  return { ...base, data } as PullItem;
}

/**
 * Compacts each stream's log up to the newest finished row written before `before`: older versions of an
 * entity (per store: a member is published to each store in its scope, decision 0046) and tombstones go; the newest upsert of every live entity stays, so reading from the start is
 * still a full snapshot. Cursors older than the new horizon get a reset.
 */
export async function compactChangeLog(
  db: { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> },
  before: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    let removed = 0;
    const streams = await tx.query<{ stream: string; xid: string; id: number }>(
      `SELECT DISTINCT ON (stream) stream, xid::text AS xid, id
         FROM change_log
        WHERE created_at < $1 AND xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY stream, xid DESC, id DESC`,
      [before.toISOString()],
    );
    for (const s of streams.rows) {
      const del = await tx.query<{ id: number }>(
        `DELETE FROM change_log c
          WHERE c.stream = $1 AND (c.xid, c.id) <= ($2::xid8, $3::bigint)
            AND (c.op = 'delete' OR EXISTS (
                  SELECT 1 FROM change_log n
                   WHERE n.stream = c.stream AND n.kind = c.kind AND n.entity_id = c.entity_id
                     AND n.store_id IS NOT DISTINCT FROM c.store_id AND n.id > c.id))
          RETURNING c.id`,
        [s.stream, s.xid, s.id],
      );
      removed += del.rows.length;
      await tx.query(
        `INSERT INTO change_log_horizon (stream, xid, id) VALUES ($1, $2::xid8, $3)
         ON CONFLICT (stream) DO UPDATE SET xid = EXCLUDED.xid, id = EXCLUDED.id
          WHERE (change_log_horizon.xid, change_log_horizon.id) < (EXCLUDED.xid, EXCLUDED.id)`,
        [s.stream, s.xid, s.id],
      );
    }
    return removed;
  });
}
