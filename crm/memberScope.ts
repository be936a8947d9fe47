// Which members each store's tills hold (issue 16, docs/decisions/0046): the member stream carries a member to a
// store only while they belong there (their home store, or a purchase there within MEMBER_ACTIVE_DAYS), at most
// MEMBER_STORE_CAP per store (home members first, then the most recently active). publishMember adds a member
// to a store as they become active there; this sweep removes those whose time there ran out or who fell below
// the cap (a tombstone for that store only), and publishes any member in scope that a store's tills lack (the
// first start after migration 0013, which dropped the old unscoped rows).
import { recordChange } from './changeLog';
import type { Db, Queryable } from './db';
import { MEMBER_ACTIVE_DAYS, MEMBER_STORE_CAP, memberStreamData, type MemberRow } from './projections';

export interface MemberScopeOptions {
  now?: Date;
  activeDays?: number;
  cap?: number;
}

export interface MemberScopeSweep {
  published: number;
  removed: number;
}

/** (store, member) pairs that should be on that store's tills now. */
async function wanted(tx: Queryable, since: Date, cap: number): Promise<Set<string>> {
  const r = await tx.query<{ store_id: string; member_id: string }>(
    `WITH candidates AS (
       SELECT home_store_id AS store_id, id AS member_id, 'infinity'::timestamptz AS last
         FROM members WHERE home_store_id IS NOT NULL
       UNION ALL
       SELECT store_id, member_id, max(created_at) FROM sales
        WHERE member_id IS NOT NULL AND created_at >= $1
        GROUP BY store_id, member_id
     ), best AS (
       SELECT store_id, member_id, max(last) AS last FROM candidates GROUP BY store_id, member_id
     ), ranked AS (
       SELECT store_id, member_id,
              row_number() OVER (PARTITION BY store_id ORDER BY last DESC, member_id) AS rn
         FROM best
     )
     SELECT store_id, member_id FROM ranked WHERE rn <= $2`,
    [since.toISOString(), cap],
  );
  return new Set(r.rows.map((x) => `${x.store_id}\u0000${x.member_id}`));
}

/** (store, member) pairs whose newest row in the member stream is an upsert: what that store's tills hold. */
async function published(tx: Queryable): Promise<Set<string>> {
  const r = await tx.query<{ store_id: string; entity_id: string; op: string }>(
    `SELECT DISTINCT ON (store_id, entity_id) store_id, entity_id, op FROM change_log
      WHERE stream = 'members' AND kind = 'member' AND store_id IS NOT NULL
      ORDER BY store_id, entity_id, id DESC`,
  );
  return new Set(r.rows.filter((x) => x.op === 'upsert').map((x) => `${x.store_id}\u0000${x.entity_id}`));
}

export async function refreshMemberScope(db: Db, opts: MemberScopeOptions = {}): Promise<MemberScopeSweep> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.activeDays ?? MEMBER_ACTIVE_DAYS) * 86_400_000);
  const cap = opts.cap ?? MEMBER_STORE_CAP;
  return db.transaction(async (tx) => {
    // One sweep at a time (two CRM processes on one server).
    await tx.query(`SELECT pg_advisory_xact_lock(727016)`);
    const want = await wanted(tx, since, cap);
    const have = await published(tx);
    let removed = 0;
    for (const key of have) {
      if (want.has(key)) continue;
      const [storeId, memberId] = key.split('\u0000') as [string, string];
      await recordChange(tx, {
        stream: 'members',
        kind: 'member',
        entityId: memberId,
        storeId,
        op: 'delete',
      });
      removed++;
    }
    const missing = [...want].filter((k) => !have.has(k)).map((k) => k.split('\u0000') as [string, string]);
    if (missing.length === 0) return { published: 0, removed };
    const ids = [...new Set(missing.map(([, m]) => m))];
    const rows = await tx.query<MemberRow>(`SELECT * FROM members WHERE id = ANY($1::text[])`, [ids]);
    const lots = await tx.query<{ member_id: string; points: number; expires_on: string }>(
      `SELECT member_id, remaining AS points, expires_on::text AS expires_on FROM points_lots
        WHERE member_id = ANY($1::text[]) AND remaining > 0 AND expires_on >= current_date
          AND expires_on < current_date + 60
        ORDER BY member_id, expires_on, entry_id`,
      [ids],
    );
    const byId = new Map(rows.rows.map((m) => [m.id, m]));
    const lotsOf = new Map<string, { points: number; expiresOn: string }[]>();
    for (const l of lots.rows) {
      const list = lotsOf.get(l.member_id) ?? [];
      list.push({ points: Number(l.points), expiresOn: l.expires_on });
      lotsOf.set(l.member_id, list);
    }
    let count = 0;
    for (const [storeId, memberId] of missing) {
      const m = byId.get(memberId);
      if (!m) continue;
      await recordChange(tx, {
        stream: 'members',
        kind: 'member',
        entityId: memberId,
        storeId,
        op: 'upsert',
        data: memberStreamData(m, lotsOf.get(memberId) ?? []),
      });
      count++;
    }
    return { published: count, removed };
  });
}
