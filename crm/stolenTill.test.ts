// A stolen till gives away little (issue 16, docs/decisions/0046), on PGlite and (with TEST_DATABASE_URL)
// PostgreSQL, in the attack world: S001 (tills A1, A2) and S011 (till B1) on one CRM. What a till can pull with
// its own credential: only its own store's staff verifiers (argon2id), only its own store's members (home store
// or recently active there, within a cap), and never a full member card number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberCardHash } from '../src/domain/membership/memberCard';
import { TEST_ARGON2 } from '../src/domain/staff/pinHash';
import { verifyPin } from '../src/offline/staff/pin';
import {
  MemberStreamItemSchema,
  PullResponseSchema,
  StaffSchema,
  type PullResponse,
} from '../src/shared/crm';
import { openAttackWorld, type AttackWorld, type TillName } from './attackFixture';
import { refreshMemberScope } from './memberScope';
import { publishMember } from './projections';
import { hashPin } from './seed';
import { setStaffMember } from './staffPins';
import { testBackends } from './testSupport';

/** Every page of a stream from the start, as the till would pull it. */
async function pullAll(w: AttackWorld, till: TillName, stream: string): Promise<PullResponse['items']> {
  const items: PullResponse['items'] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const res = await w.call(
      till,
      'GET',
      `/api/v1/pull?stream=${stream}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const page = PullResponseSchema.parse(res.json());
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return items;
}

/** What a till holds after applying the items: the newest op per entity wins (staff and members only). */
function live(items: PullResponse['items']): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const people = items.filter((it) => it.kind === 'staff' || it.kind === 'member');
  for (const it of people.sort((a, b) => a.version - b.version)) {
    if (it.op === 'delete') out.delete(it.id);
    else out.set(it.id, it.data);
  }
  return out;
}

async function memberSaleAt(
  w: AttackWorld,
  storeId: string,
  memberId: string,
  daysAgo: number,
): Promise<void> {
  const id = `sale-${storeId}-${memberId}-${daysAgo}-${Math.random().toString(36).slice(2, 8)}`;
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  await w.sql(
    `INSERT INTO sales (id, store_id, terminal_id, receipt_no, cashier_id, business_date, created_at, member_id,
                        due_fen, rounding_fen, status, mutation_id, body)
     VALUES ($1, $2, 'T01', $1, 'E1002', $3::date, $3::timestamptz, $4, 100, 0, 'completed', $1, '{}')`,
    [id, storeId, at, memberId],
  );
  await w.db.transaction((tx) => publishMember(tx, memberId));
}

describe.each(testBackends())('a stolen till on $name', (backend) => {
  let w: AttackWorld;
  let cards: Map<string, string>;
  beforeAll(async () => {
    w = await openAttackWorld(backend);
    const rows = await w.sql<{ id: string; card_no: string }>(`SELECT id, card_no FROM members ORDER BY id`);
    cards = new Map(rows.map((r) => [r.id, r.card_no]));
    const r = await w.db.transaction((tx) =>
      setStaffMember(
        tx,
        { id: 'E2001', storeId: 'S011', name: '越秀收银', role: 'cashier', pin: '2468' },
        TEST_ARGON2,
      ),
    );
    expect(r.ok).toBe(true);
  }, 120_000);
  afterAll(async () => w?.close());

  it("a till receives only its own store's staff verifiers, all argon2id", async () => {
    const a = live(await pullAll(w, 'A1', 'staff'));
    const b = live(await pullAll(w, 'B1', 'staff'));
    expect([...a.keys()].sort()).toEqual(['E1001', 'E1002', 'E1003', 'E1004', 'E1005']);
    expect([...b.keys()]).toEqual(['E2001']);
    for (const data of [...a.values(), ...b.values()]) {
      const s = StaffSchema.parse(data);
      expect(s.pinHash).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=1\$/);
    }
    const e2001 = StaffSchema.parse(b.get('E2001'));
    expect(e2001.storeId).toBe('S011');
    expect(await verifyPin('2468', e2001.pinHash)).toBe(true);
    expect(await verifyPin('2469', e2001.pinHash)).toBe(false);
  });

  it("a staff member moved to another store leaves the old store's tills", async () => {
    const moved = await w.db.transaction((tx) =>
      setStaffMember(
        tx,
        { id: 'E2002', storeId: 'S011', name: '调店员工', role: 'cashier', pin: '1357' },
        TEST_ARGON2,
      ),
    );
    expect(moved.ok).toBe(true);
    expect(live(await pullAll(w, 'B1', 'staff')).has('E2002')).toBe(true);
    await w.db.transaction((tx) =>
      setStaffMember(
        tx,
        { id: 'E2002', storeId: 'S001', name: '调店员工', role: 'cashier', pin: '1357' },
        TEST_ARGON2,
      ),
    );
    expect(live(await pullAll(w, 'B1', 'staff')).has('E2002')).toBe(false);
    expect(live(await pullAll(w, 'A1', 'staff')).has('E2002')).toBe(true);
  });

  it('an inactive staff member reaches the tills without a verifier', async () => {
    await w.db.transaction((tx) =>
      setStaffMember(
        tx,
        { id: 'E2003', storeId: 'S011', name: '离职员工', role: 'cashier', pin: '8642', active: false },
        TEST_ARGON2,
      ),
    );
    const s = StaffSchema.parse(live(await pullAll(w, 'B1', 'staff')).get('E2003'));
    expect(s).toMatchObject({ active: false, pinHash: '' });
    expect(await verifyPin('8642', s.pinHash)).toBe(false);
  });

  it("a manager's PIN of 4 (or 5) digits is refused where PINs are set and seeded", async () => {
    for (const pin of ['1234', '13579']) {
      const r = await w.db.transaction((tx) =>
        setStaffMember(tx, { id: 'E2009', storeId: 'S011', name: '店长', role: 'manager', pin }, TEST_ARGON2),
      );
      expect(r).toMatchObject({ ok: false, code: 'manager-pin-too-short' });
    }
    await expect(hashPin('9999', 'manager', TEST_ARGON2)).rejects.toThrow(/managerTooShort/);
    expect(await hashPin('1111', 'cashier', TEST_ARGON2)).toMatch(/^argon2id\$/);
    const rows = await w.sql(`SELECT 1 FROM staff WHERE id = 'E2009'`);
    expect(rows).toHaveLength(0);
  });

  it('the member stream of a till of S011 has no S001-only member, and no stream has a full card number', async () => {
    const aItems = await pullAll(w, 'A1', 'members');
    const bItems = await pullAll(w, 'B1', 'members');
    const a = live(aItems);
    expect(a.size).toBe(cards.size); // every seeded member's home store is S001
    expect(live(bItems).size).toBe(0);
    for (const [id, data] of a) {
      const m = MemberStreamItemSchema.parse(data);
      expect(data).not.toHaveProperty('cardNo');
      expect(m.cardHash).toBe(memberCardHash(cards.get(id)!));
      expect(m.cardLast4).toBe(cards.get(id)!.slice(-4));
      expect(m.homeStoreId).toBe('S001');
    }
    const text = JSON.stringify([aItems, bItems]);
    for (const card of cards.values()) expect(text).not.toContain(card);
  });

  it('a member who buys at S011 reaches its tills, and leaves them once no longer active there', async () => {
    const memberId = [...cards.keys()][0]!;
    await memberSaleAt(w, 'S011', memberId, 0);
    const b = live(await pullAll(w, 'B1', 'members'));
    expect([...b.keys()]).toEqual([memberId]);
    expect(JSON.stringify([...b.values()])).not.toContain(cards.get(memberId)!);

    // 100 days on, with no other purchase there: S011's tills drop them; the home store keeps them.
    const later = new Date(Date.now() + 100 * 86_400_000);
    expect(await refreshMemberScope(w.db, { now: later })).toMatchObject({ removed: 1 });
    expect(live(await pullAll(w, 'B1', 'members')).size).toBe(0);
    expect(live(await pullAll(w, 'A1', 'members')).has(memberId)).toBe(true);
    // Run again: nothing more to do.
    expect(await refreshMemberScope(w.db, { now: later })).toEqual({ published: 0, removed: 0 });
  });

  it("caps a store's members, and a sweep republishes what a store lacks", async () => {
    const r = await refreshMemberScope(w.db, { cap: 3 });
    expect(r.removed).toBe(cards.size - 3);
    expect(live(await pullAll(w, 'A1', 'members')).size).toBe(3);
    expect(await refreshMemberScope(w.db)).toEqual({ published: cards.size - 3, removed: 0 });
    expect(live(await pullAll(w, 'A2', 'members')).size).toBe(cards.size);
  });
});
