// Storage and protocol tests of the reference CRM, on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import type { Sale } from '../src/domain/model';
import {
  PullResponseSchema,
  PushResponseSchema,
  type Mutation,
  type MutationTypeName,
  type PushResponse,
  type SaleCompletedPayload,
} from '../src/shared/crm';
import { compactChangeLog, decodeCursor, readChanges, recordChange } from './changeLog';
import type { Db } from './db';
import { newId } from './ids';
import { ensureDemoEnrollment, ensureSeeded } from './seed';
import { issueMemberToken, loadRules } from './members';
import { pointsEarned } from '../src/domain/membership/points';
import { createCrmServer } from './server';
import { testBackends } from './testSupport';

function sale(overrides: Partial<Sale> = {}): Sale {
  const id = newId();
  return {
    id,
    receiptNo: `S001-T03-20261125-${Math.floor(Math.random() * 1e6)}`,
    storeId: 'S001',
    terminalId: 'T03',
    cashierId: 'E1002',
    shiftId: undefined,
    businessDate: '2026-11-25',
    createdAt: '2026-11-25T08:30:00.000Z',
    lines: [
      {
        lineId: newId(),
        productId: 'P1',
        barcode: '6900000000001',
        name: '测试商品',
        nameEn: 'Test item',
        categoryId: 'C1',
        unit: 'piece',
        qty: 2,
        unitPriceFen: 1250,
        amountFen: 2500,
        discountFen: 0,
        discounts: [],
      },
    ],
    tenders: [{ id: newId(), kind: 'cash', amountFen: 2500, tenderedFen: 3000, changeFen: 500 }],
    totals: { itemCount: 2, grossFen: 2500, discountFen: 0, dueFen: 2500 },
    roundingFen: 0,
    changeFen: 500,
    status: 'completed',
    ...overrides,
  };
}

function mutation(
  epoch: number,
  seq: number,
  type: MutationTypeName,
  entityId: string,
  payload: unknown,
): Mutation {
  const clean = JSON.parse(JSON.stringify(payload)) as unknown;
  return {
    seq,
    mutationId: `S001.T03.${epoch}.${seq}`,
    type,
    entityId,
    payload: clean,
    payloadHash: sha256Hex(canonicalJson(clean)),
    createdAt: '2026-11-25T08:30:01.000Z',
  };
}

function saleMutation(
  epoch: number,
  seq: number,
  extra: Partial<SaleCompletedPayload> = {},
  s: Sale = sale(),
): Mutation {
  return mutation(epoch, seq, 'sale.completed', s.id, { sale: s, coupons: [], ...extra });
}

describe.each(testBackends())('CRM on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let token = '';
  let epoch = 0;
  let seq = 0;
  const auth = () => ({ authorization: `Bearer ${token}` });

  const pushRaw = (body: unknown, headers: Record<string, string> = auth()) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const push = async (mutations: Mutation[]): Promise<PushResponse> => {
    const res = await pushRaw({ terminalId: 'T03', epoch, mutations });
    expect(res.statusCode, res.body).toBe(200);
    return PushResponseSchema.parse(res.json());
  };
  const next = () => ++seq;
  const count = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

  beforeAll(async () => {
    db = await backend.open();
    await ensureSeeded(db, { products: 60, members: 30, pickupsPerState: 2, pinIterations: 1000 });
    app = await createCrmServer({ db, corsOrigins: ['http://127.0.0.1:8080'] });
    const { code } = await ensureDemoEnrollment(db);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId: 'T03', code },
    });
    expect(res.statusCode, res.body).toBe(200);
    token = res.json<{ credential: string }>().credential;
    epoch = res.json<{ epoch: number }>().epoch;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('serves a valid OpenAPI 3.1 document with every path', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/enroll',
      '/api/v1/push',
      '/api/v1/pull',
      '/api/v1/issues',
      '/api/v1/issues/{id}/resolve',
      '/api/v1/health',
    ])
      expect(doc.paths[p], p).toBeDefined();
    const pushBody = (
      doc.paths['/api/v1/push']!.post as {
        requestBody: { content: Record<string, { schema: { required: string[] } }> };
      }
    ).requestBody.content['application/json']!.schema;
    expect(pushBody.required).toEqual(expect.arrayContaining(['terminalId', 'epoch', 'mutations']));
  });

  it('answers 401 problem+json without or with a wrong credential', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const res = await pushRaw({ terminalId: 'T03', epoch, mutations: [] }, headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    }
  });

  it('refuses a used enrollment code, but replays it for the same installation', async () => {
    const { code } = await ensureDemoEnrollment(db, { terminalId: 'T04' });
    const installationId = newId();
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId: 'T04', code, installationId },
    });
    expect(first.statusCode).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId: 'T04', code, installationId },
    });
    expect(again.json()).toMatchObject({ epoch: first.json<{ epoch: number }>().epoch });
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId: 'T04', code },
    });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'enrollment-code-used' });
  });

  it('applies a sale once and replays the stored result', async () => {
    const m = saleMutation(epoch, next());
    const first = await push([m]);
    expect(first.results).toEqual([{ seq: m.seq, mutationId: m.mutationId, status: 'applied' }]);
    expect(first.lastAppliedSeq).toBe(m.seq);
    const replay = await push([m]);
    expect(replay.results).toEqual([
      { seq: m.seq, mutationId: m.mutationId, status: 'applied', replayed: true },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM sales WHERE id = $1`, [m.entityId])).toBe(1);
  });

  it('flags a replay whose payload hash differs, as one issue however often it comes', async () => {
    const m = saleMutation(epoch, next());
    await push([m]);
    const changed = saleMutation(epoch, m.seq, {}, sale());
    const a = await push([changed]);
    const b = await push([changed]);
    expect(a.results[0]).toMatchObject({
      status: 'duplicate',
      hashMismatch: true,
      reason: 'payload-hash-mismatch',
    });
    expect(b.results[0]!.issueIds).toEqual(a.results[0]!.issueIds);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM issues WHERE kind = 'mutation.hashMismatch' AND subject_id = $1`,
        [m.mutationId],
      ),
    ).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM sales WHERE id = $1`, [changed.entityId])).toBe(0);
  });

  it('refuses a gap with the expected seq, applying what came before it', async () => {
    const a = saleMutation(epoch, seq + 1);
    const skipped = saleMutation(epoch, seq + 3);
    const res = await push([a, skipped]);
    expect(res.results.map((r) => r.seq)).toEqual([a.seq]);
    expect(res.expectedSeq).toBe(a.seq + 1);
    expect(res.lastAppliedSeq).toBe(a.seq);
    expect(await count(`SELECT count(*)::int AS n FROM sales WHERE id = $1`, [skipped.entityId])).toBe(0);
    seq = a.seq;
  });

  it('answers 400 problem+json for a malformed push and changes nothing', async () => {
    const before = await count(`SELECT count(*)::int AS n FROM applied_mutations`);
    const good = saleMutation(epoch, seq + 1);
    const badHash = { ...saleMutation(epoch, seq + 2), payloadHash: 'a'.repeat(64) };
    const cases: unknown[] = [
      { terminalId: 'T03', epoch, mutations: [good, badHash] },
      { terminalId: 'T03', epoch, mutations: [{ ...good, seq: 'one' }] },
      { terminalId: 'T03', epoch, mutations: [{ ...good, mutationId: 'T03.9.9' }] },
      { terminalId: 'T03', epoch },
    ];
    for (const body of cases) {
      const res = await pushRaw(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json<{ errors: unknown[] }>().errors.length).toBeGreaterThan(0);
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.headers['content-type']).toContain('application/problem+json');
    expect(await count(`SELECT count(*)::int AS n FROM applied_mutations`)).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM sales WHERE id = $1`, [good.entityId])).toBe(0);
  });

  it('keeps a sale id unique forever: the same sale under a new seq is a duplicate', async () => {
    const s = sale();
    await push([saleMutation(epoch, next(), {}, s)]);
    const again = await push([saleMutation(epoch, next(), {}, s)]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', reason: 'business-key-exists' });
    expect(again.lastAppliedSeq).toBe(seq);
  });

  it('accepts both sales of a coupon used twice and raises exactly one issue listing both receipts', async () => {
    const coupon = (
      await db.query<{ id: string; code: string }>(
        // A bearer coupon (a printed flyer): anyone may use it, so only the second use is the conflict here.
        `SELECT id, code FROM coupons WHERE state = 'issued' AND bearer ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    const use = { couponId: coupon.id, code: coupon.code, discountFen: 1000 };
    // Within the flyer's dates (it runs from a week ago).
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // Stamped now, so the CRM's clock check (business date against time) has nothing to say.
    const now = new Date().toISOString();
    const first = saleMutation(
      epoch,
      next(),
      { coupons: [use] },
      sale({ businessDate: today, createdAt: now }),
    );
    const second = saleMutation(
      epoch,
      next(),
      { coupons: [use] },
      sale({ businessDate: today, createdAt: now }),
    );
    const res = await push([first, second]);
    expect(res.results[0]!.status).toBe('applied');
    expect(res.results[1]!.status).toBe('appliedWithConflict');
    await push([second]); // a replay must not add a second issue
    const issues = await db.query<{ id: string; refs: { saleId: string }[] }>(
      `SELECT id, refs FROM issues WHERE kind = 'coupon.usedTwice' AND subject_id = $1`,
      [coupon.id],
    );
    expect(issues.rows).toHaveLength(1);
    expect(res.results[1]!.issueIds).toEqual([issues.rows[0]!.id]);
    expect(issues.rows[0]!.refs.map((r) => r.saleId)).toEqual([first.entityId, second.entityId]);
    expect(
      await count(`SELECT count(*)::int AS n FROM sales WHERE id IN ($1, $2)`, [
        first.entityId,
        second.entityId,
      ]),
    ).toBe(2);
  });

  it('applies points once and raises an issue when a redemption drives the balance negative', async () => {
    const member = (
      await db.query<{ id: string; points_balance: number; tier: string }>(
        `SELECT id, points_balance, tier FROM members ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    // The CRM computes what the sale earns (the same rules module as the till): ¥25.00 paid in cash.
    const earnSale = sale({ memberId: member.id });
    const rules = await loadRules(db);
    const points = pointsEarned({ lines: earnSale.lines, tier: member.tier, rules, pointsPaidFen: 0 }).points;
    const earn = saleMutation(
      epoch,
      next(),
      { points: { memberId: member.id, earn: points, earnEntryId: newId(), redeem: 0 } },
      earnSale,
    );
    await push([earn, earn].map((m) => m));
    const after = (
      await db.query<{ points_balance: number }>(`SELECT points_balance FROM members WHERE id = $1`, [
        member.id,
      ])
    ).rows[0]!;
    expect(points).toBeGreaterThan(0);
    expect(after.points_balance).toBe(member.points_balance + points);
    // More points than the balance, all of the sale paid with them, with the member's scanned code.
    const fen = after.points_balance + 10;
    const spendSale = sale({
      memberId: member.id,
      lines: [{ ...earnSale.lines[0]!, lineId: newId(), qty: 1, unitPriceFen: fen, amountFen: fen }],
      tenders: [{ id: newId(), kind: 'points', amountFen: fen }],
      totals: { itemCount: 1, grossFen: fen, discountFen: 0, dueFen: fen },
      changeFen: 0,
    });
    const proof = (await issueMemberToken(db, member.id, new Date(spendSale.createdAt)))!.token;
    const tooMuch = saleMutation(
      epoch,
      next(),
      {
        points: { memberId: member.id, earn: 0, redeem: fen, redeemEntryId: newId() },
        memberProof: { token: proof },
      },
      spendSale,
    );
    const res = await push([tooMuch]);
    expect(res.results[0]!.status).toBe('appliedWithConflict');
    expect(
      await count(
        `SELECT count(*)::int AS n FROM issues WHERE kind = 'points.negative' AND subject_id = $1`,
        [member.id],
      ),
    ).toBe(1);
  });

  it('raises an issue when a pickup is handed over twice', async () => {
    const order = (
      await db.query<{ id: string; code: string }>(
        `SELECT id, code FROM pickup_orders WHERE state = 'ready' ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    const handover = () =>
      mutation(epoch, next(), 'pickup.handedOver', newId(), {
        pickupOrderId: order.id,
        code: order.code,
        verifiedBy: 'typed',
        staffId: 'E1004',
        handedOverAt: '2026-11-25T09:00:00.000Z',
      });
    const res = await push([handover(), handover()]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'appliedWithConflict']);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM issues WHERE kind = 'pickup.handedOverTwice' AND subject_id = $1`,
        [order.id],
      ),
    ).toBe(1);
  });

  it('rejects a payload that does not parse, consuming the seq so the till is not stuck', async () => {
    const m = mutation(epoch, next(), 'sale.completed', newId(), { sale: { id: 'not a sale' } });
    const res = await push([m]);
    expect(res.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid-payload' });
    expect(res.lastAppliedSeq).toBe(m.seq);
  });

  it('lets a manager resolve an issue with a verified approval; a cashier or a named manager may not', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/issues?state=open', headers: auth() });
    const issue = list.json<{ issues: { id: string; actions: string[] }[] }>().issues[0]!;
    const url = `/api/v1/issues/${issue.id}/resolve`;
    const cashier = await app.inject({
      method: 'POST',
      url,
      headers: auth(),
      payload: { action: issue.actions[0], staffId: 'E1002' },
    });
    expect(cashier.statusCode).toBe(403);
    // Naming the manager is not enough (decision 0040): the CRM checks the manager's PIN and signs the approval.
    const named = await app.inject({
      method: 'POST',
      url,
      headers: auth(),
      payload: { action: issue.actions[0], staffId: 'E1001', note: '已核实' },
    });
    expect(named.statusCode).toBe(403);
    const granted = await app.inject({
      method: 'POST',
      url: '/api/v1/approvals',
      headers: auth(),
      payload: { action: 'resolveIssue', subjectId: issue.id, approverId: 'E1001', pin: '999999' },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const ok = await app.inject({
      method: 'POST',
      url,
      headers: auth(),
      payload: {
        action: issue.actions[0],
        staffId: 'E1001',
        note: '已核实',
        approval: granted.json<{ proof: unknown }>().proof,
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      state: 'resolved',
      resolution: { action: issue.actions[0], staffId: 'E1001' },
    });
  });

  it('pulls a stream in pages with tombstones and the last applied seq', async () => {
    const ids = ['X1', 'X2', 'X3'];
    for (const id of ids)
      await db.transaction((tx) =>
        recordChange(tx, {
          stream: 'staff',
          kind: 'staff',
          entityId: id,
          storeId: 'S001',
          op: 'upsert',
          data: { id, storeId: 'S001', name: '测试', role: 'cashier', pinHash: 'x', active: true },
        }),
      );
    await db.transaction((tx) =>
      recordChange(tx, { stream: 'staff', kind: 'staff', entityId: 'X2', storeId: 'S001', op: 'delete' }),
    );
    await db.transaction((tx) =>
      recordChange(tx, { stream: 'staff', kind: 'staff', entityId: 'OTHER', storeId: 'S999', op: 'delete' }),
    );
    const seen: { id: string; op: string; version: number }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/pull?stream=staff&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: auth(),
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = PullResponseSchema.parse(res.json());
      expect(page.lastAppliedSeq).toBe(seq);
      seen.push(...page.items.map((i) => ({ id: i.id, op: i.op, version: i.version })));
      cursor = page.nextCursor;
      pages++;
      if (!page.hasMore) break;
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen.filter((s) => s.id.startsWith('X')).map((s) => `${s.id}:${s.op}`)).toEqual([
      'X1:upsert',
      'X2:upsert',
      'X3:upsert',
      'X2:delete',
    ]);
    expect(seen.some((s) => s.id === 'OTHER')).toBe(false); // another store's row
    const versions = seen.map((s) => s.version);
    expect(new Set(versions).size).toBe(versions.length);
    // Nothing new: the same cursor comes back with no items.
    const idle = await app.inject({
      method: 'GET',
      url: `/api/v1/pull?stream=staff&cursor=${cursor}`,
      headers: auth(),
    });
    expect(idle.json()).toMatchObject({ items: [], hasMore: false, nextCursor: cursor });
  });

  it('resets a cursor older than the compacted log and still serves a full snapshot without tombstones', async () => {
    const old = await readChanges(db, { stream: 'staff', storeId: 'S001', cursor: undefined, limit: 1 });
    const oldCursor = decodeCursor(old.nextCursor, 'staff')!;
    const full = await readChanges(db, { stream: 'staff', storeId: 'S001', cursor: undefined, limit: 1000 });
    // On PostgreSQL a concurrent transaction elsewhere in the cluster (autoanalyze) can hold the horizon
    // back for a moment; compaction then covers less, which is correct but not what this test looks at.
    for (let i = 0; i < 100; i++) {
      await compactChangeLog(db, new Date(Date.now() + 60_000));
      if (
        (await count(
          `SELECT count(*)::int AS n FROM change_log WHERE stream = 'staff' AND op = 'delete'`,
        )) === 0
      )
        break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await readChanges(db, { stream: 'staff', storeId: 'S001', cursor: oldCursor, limit: 1000 });
    expect(res.reset).toBe(true);
    const liveBefore = new Set(full.items.filter((i) => i.op === 'upsert').map((i) => i.id));
    liveBefore.delete('X2');
    expect(new Set(res.items.map((i) => i.id))).toEqual(liveBefore);
    expect(res.items.every((i) => i.op === 'upsert')).toBe(true);
    // A snapshot read in small pages after the reset is never reset again.
    let c = (await readChanges(db, { stream: 'staff', storeId: 'S001', cursor: oldCursor, limit: 1 }))
      .nextCursor;
    for (let i = 0; i < liveBefore.size; i++) {
      const page = await readChanges(db, {
        stream: 'staff',
        storeId: 'S001',
        cursor: decodeCursor(c, 'staff')!,
        limit: 1,
      });
      expect(page.reset).toBeUndefined();
      c = page.nextCursor;
    }
    // A cursor at the head is not reset.
    const head = await readChanges(db, {
      stream: 'staff',
      storeId: 'S001',
      cursor: decodeCursor(res.nextCursor, 'staff')!,
      limit: 10,
    });
    expect(head.reset).toBeUndefined();
    const bad = await app.inject({
      method: 'GET',
      url: `/api/v1/pull?stream=members&cursor=${res.nextCursor}`,
      headers: auth(),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('limits CORS to the configured origins', async () => {
    const ok = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/push',
      headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'POST' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8080');
    const evil = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/push',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  if (backend.name === 'postgres') {
    it('never skips a row committed out of order (two real connections)', async () => {
      const url = (db as Db & { url: string }).url;
      const a = new pg.Client({ connectionString: url });
      const b = new pg.Client({ connectionString: url });
      await a.connect();
      await b.connect();
      try {
        const start = await readChanges(db, {
          stream: 'issues',
          storeId: 'S001',
          cursor: undefined,
          limit: 10_000,
        });
        let cursor = decodeCursor(start.nextCursor, 'issues')!;
        const change = (id: string) => ({
          stream: 'issues' as const,
          kind: 'issue' as const,
          entityId: id,
          storeId: 'S001',
          op: 'delete' as const,
        });
        await a.query('BEGIN');
        await recordChange(a, change('early')); // takes the lower xid and the lower id
        await b.query('BEGIN');
        await recordChange(b, change('late'));
        await b.query('COMMIT'); // the later transaction commits first
        const mid = await readChanges(db, { stream: 'issues', storeId: 'S001', cursor, limit: 100 });
        // 'late' must wait until 'early' has ended: otherwise the cursor would pass 'early' for good.
        expect(mid.items.map((i) => i.id)).toEqual([]);
        cursor = decodeCursor(mid.nextCursor, 'issues')!;
        await a.query('COMMIT');
        const after = await readChanges(db, { stream: 'issues', storeId: 'S001', cursor, limit: 100 });
        expect(after.items.map((i) => i.id)).toEqual(['early', 'late']);
      } finally {
        await a.end();
        await b.end();
      }
    });
  } else {
    it('runs PGlite transactions one after another, so commit order is xid order', async () => {
      const events: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const first = db.transaction(async (tx) => {
        events.push('first:start');
        await recordChange(tx, {
          stream: 'issues',
          kind: 'issue',
          entityId: 'p1',
          storeId: 'S001',
          op: 'delete',
        });
        await gate;
        events.push('first:end');
      });
      const second = db.transaction(async (tx) => {
        events.push('second:start');
        await recordChange(tx, {
          stream: 'issues',
          kind: 'issue',
          entityId: 'p2',
          storeId: 'S001',
          op: 'delete',
        });
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(events).toEqual(['first:start']);
      release();
      await Promise.all([first, second]);
      expect(events).toEqual(['first:start', 'first:end', 'second:start']);
    });
  }
});
