// Buy online, pick up in store at the CRM (issue 5), on PGlite and (with TEST_DATABASE_URL) PostgreSQL: the life
// cycle paid -> preparing -> ready -> handedOver | cancelled | expired, the signed QR, every refusal the till
// shows (computed with the same domain rules from the CRM's verify answer), crediting the store and the staff
// member, and two tills handing over the same order offline -> exactly one issue naming both.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidPickupCode, PICKUP_TOKEN_PREFIX } from '../src/domain/codes';
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import { checkOrder } from '../src/domain/pickup';
import { base64UrlDecode, newSigningKey, signToken, verifyToken } from '../src/domain/signedToken';
import {
  IssueSchema,
  PickupCreatedSchema,
  PickupPerformanceSchema,
  PickupVerifyResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  MemberConfigSchema,
  type Mutation,
  type MutationTypeName,
  type PickupOrder,
  type PushResponse,
} from '../src/shared/crm';
import type { Db } from './db';
import { newId, newSecret } from './ids';
import { expireOverduePickups, setHoldDays } from './pickupOrders';
import { ensureDemoEnrollment, ensureSeeded } from './seed';
import { createCrmServer } from './server';
import { addServiceCredential } from './serviceCredentials';
import { testBackends } from './testSupport';

interface Till {
  id: string;
  token: string;
  epoch: number;
  seq: number;
}

describe.each(testBackends())('pickup at the CRM on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let t03: Till;
  let t04: Till;
  /** The online mall places the orders, with its service credential (docs/decisions/0042). */
  const mall: Till = { id: 'mall', token: newSecret(), epoch: 0, seq: 0 };
  let products: string[] = [];

  const auth = (t: Till) => ({ authorization: `Bearer ${t.token}` });
  const api = async (t: Till, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...auth(t), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    return res;
  };
  const enroll = async (terminalId: string): Promise<Till> => {
    const { code } = await ensureDemoEnrollment(db, { terminalId });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId, code },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ credential: string; epoch: number }>();
    return { id: terminalId, token: body.credential, epoch: body.epoch, seq: 0 };
  };
  const mutation = (t: Till, type: MutationTypeName, payload: unknown, entityId = newId()): Mutation => {
    const seq = ++t.seq;
    return {
      seq,
      mutationId: `S001.${t.id}.${t.epoch}.${seq}`,
      type,
      entityId,
      payload,
      payloadHash: sha256Hex(canonicalJson(payload)),
      createdAt: new Date().toISOString(),
    };
  };
  const push = async (t: Till, mutations: Mutation[]): Promise<PushResponse> => {
    const res = await api(t, 'POST', '/push', { terminalId: t.id, epoch: t.epoch, mutations });
    expect(res.statusCode, res.body).toBe(200);
    return PushResponseSchema.parse(res.json());
  };
  const create = async (opts: { ready?: boolean; qty?: number } = {}) => {
    const res = await api(mall, 'POST', '/pickup-orders', {
      storeId: 'S001',
      customerName: '测试顾客',
      phone: '13800001234',
      lines: [
        { productId: products[0], qty: opts.qty ?? 2 },
        { productId: products[1], qty: 1 },
      ],
      ...(opts.ready ? { ready: true } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
    return PickupCreatedSchema.parse(res.json());
  };
  const verify = async (body: { code?: string; token?: string }, t: Till = t03) => {
    const res = await api(t, 'POST', '/pickups/verify', body);
    expect(res.statusCode, res.body).toBe(200);
    return PickupVerifyResponseSchema.parse(res.json());
  };
  const refusal = (order: PickupOrder | null, now = new Date()) => {
    const r = checkOrder(order ?? undefined, { storeId: 'S001', now });
    return r.ok ? 'ok' : r.reason;
  };
  const handover = (t: Till, order: PickupOrder, staffId = 'E1002', extra: Record<string, unknown> = {}) =>
    mutation(t, 'pickup.handedOver', {
      pickupOrderId: order.id,
      code: order.code,
      verifiedBy: 'qr',
      staffId,
      handedOverAt: new Date().toISOString(),
      ...extra,
    });

  beforeAll(async () => {
    db = await backend.open();
    await ensureSeeded(db, { products: 60, members: 30, pickupsPerState: 2, pinIterations: 1000 });
    app = await createCrmServer({ db });
    await addServiceCredential(db, 'mall', mall.token);
    t03 = await enroll('T03');
    t04 = await enroll('T04');
    const p = await db.query<{ id: string }>(
      `SELECT id FROM products WHERE active AND unit = 'piece' ORDER BY id LIMIT 2`,
    );
    products = p.rows.map((r) => r.id);
    await db.query(`INSERT INTO stores (id, name, name_en) VALUES ('S002', '珠江店', 'Zhujiang Store')`);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('documents every pickup route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    for (const p of [
      '/api/v1/pickups/verify',
      '/api/v1/pickup-orders',
      '/api/v1/pickup-orders/{id}/token',
      '/api/v1/pickup-orders/{id}/cancel',
      '/api/v1/pickups/performance',
    ])
      expect(doc.paths[p], p).toBeDefined();
  });

  it('creates a paid order with a valid 8-digit code and a QR signed by a published key', async () => {
    const { order, token } = await create();
    expect(order.state).toBe('paid');
    expect(isValidPickupCode(order.code)).toBe(true);
    expect(order.customerNameMasked).toBe('测***');
    expect(order.phoneMasked).toBe('138****1234');
    expect(order.totalFen).toBe(order.lines.reduce((s, l) => s + l.amountFen, 0));
    expect(order.lines[0]!.barcode).toMatch(/^\d+$/);
    // Tills get the keys with the membership config (crm/routes/members.ts): one set of CRM QR keys.
    const keys = MemberConfigSchema.parse((await api(t03, 'GET', '/members/config')).json()).keys;
    const publicKeys = Object.fromEntries(keys.map((k) => [k.kid, base64UrlDecode(k.publicKey)!]));
    const v = verifyToken(token, PICKUP_TOKEN_PREFIX, publicKeys, Math.floor(Date.now() / 1000));
    expect(v).toMatchObject({ ok: true, claims: { sub: order.id, code: order.code, store: 'S001' } });
  });

  it("sends new orders to the store's tills through the pickups stream", async () => {
    const { order } = await create();
    const res = await api(t03, 'GET', '/pull?stream=pickups&limit=2000');
    const page = PullResponseSchema.parse(res.json());
    const item = page.items.filter((i) => i.id === order.id).at(-1);
    expect(item?.data).toMatchObject({ id: order.id, code: order.code, state: 'paid' });
  });

  it("moves paid -> preparing -> ready by the mark-ready mutation, with the store's hold days", async () => {
    await setHoldDays(db, 'S001', 5);
    const { order } = await create();
    const prep = await api(t03, 'POST', `/pickup-orders/${order.id}/preparing`);
    expect(prep.json()).toMatchObject({ state: 'preparing' });
    expect(refusal((await verify({ code: order.code })).order)).toBe('notReady');
    const readiedAt = '2030-01-10T08:00:00.000Z';
    const m = mutation(t03, 'pickup.readied', {
      pickupOrderId: order.id,
      code: order.code,
      staffId: 'E1004',
      readiedAt,
      location: 'A-03',
    });
    const res = await push(t03, [m]);
    expect(res.results[0]).toMatchObject({ status: 'applied' });
    const after = (await verify({ code: order.code })).order!;
    expect(after).toMatchObject({ state: 'ready', readyAt: readiedAt, pickupBy: '2030-01-15T08:00:00.000Z' });
    // Marking again changes nothing.
    const again = await push(t03, [
      mutation(t03, 'pickup.readied', {
        pickupOrderId: order.id,
        staffId: 'E1004',
        readiedAt: '2030-01-11T08:00:00.000Z',
      }),
    ]);
    expect(again.results[0]).toMatchObject({ status: 'applied' });
    expect((await verify({ code: order.code })).order).toMatchObject({ readyAt: readiedAt });
    await setHoldDays(db, 'S001', 3);
  });

  it('refuses: unknown code, forged token, another store, not ready, cancelled, expired', async () => {
    expect(await verify({ code: '00000000' })).toEqual({ order: null });
    expect(refusal(null)).toBe('unknownCode');

    const { order, token } = await create({ ready: true });
    expect(refusal((await verify({ code: order.code })).order)).toBe('ok');
    expect((await verify({ token })).token).toBe('valid');
    // Signed by someone else's key, or a genuine signature over other claims.
    const evil = newSigningKey();
    const forged = signToken(
      PICKUP_TOKEN_PREFIX,
      { sub: order.id, iat: 1, exp: 4e9, jti: 'x', kid: 'kEvil', code: order.code, store: 'S001' },
      evil.secretKey,
    );
    expect(await verify({ token: forged })).toEqual({ order: null, token: 'forged' });
    const spliced = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    expect((await verify({ token: spliced })).token).toBe('forged');

    // Another store's order, by its code: answered exactly like an unknown code (issue 15: a till learns
    // nothing about another store's order).
    await db.query(
      `INSERT INTO pickup_orders (id, store_id, code, customer_name, phone, channel, state, lines, total_fen, ordered_at)
       VALUES ('PO-S002-1', 'S002', '99999997', '测试', '13900000000', 'online', 'ready', '[]', 0, now())`,
    );
    expect(await verify({ code: '99999997' })).toEqual({ order: null });

    const paid = (await create()).order;
    expect(refusal((await verify({ code: paid.code })).order)).toBe('notReady');

    const cancelled = (await create({ ready: true })).order;
    expect((await api(t03, 'POST', `/pickup-orders/${cancelled.id}/cancel`)).json()).toMatchObject({
      state: 'cancelled',
    });
    expect(refusal((await verify({ code: cancelled.code })).order)).toBe('cancelled');

    const late = (await create({ ready: true })).order;
    // Overdue already reads as expired at the till; the sweep makes it so at the CRM.
    const future = new Date(Date.parse(late.pickupBy!) + 1000);
    expect(refusal((await verify({ code: late.code })).order, future)).toBe('expired');
    const expired = await expireOverduePickups(db, future);
    expect(expired).toContain(late.id);
    expect((await verify({ code: late.code })).order?.state).toBe('expired');
    expect(refusal((await verify({ code: late.code })).order)).toBe('expired');
    // Final states stay final.
    expect((await api(t03, 'POST', `/pickup-orders/${late.id}/cancel`)).statusCode).toBe(409);
  });

  it('hands over once, credits the store and the staff member, and says when/where/by whom afterwards', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const { order } = await create({ ready: true });
    const proxy = { kind: 'proxy', name: '李四', idLast4: '123X' };
    const res = await push(t03, [
      handover(t03, order, 'E1002', { collector: proxy, itemCheck: { scanned: 3, expected: 3 } }),
    ]);
    expect(res.results[0]).toMatchObject({ status: 'applied' });
    const seen = (await verify({ code: order.code })).order!;
    expect(seen.state).toBe('handedOver');
    expect(seen.handover).toMatchObject({
      storeId: 'S001',
      terminalId: 'T03',
      staffId: 'E1002',
      staffName: '测****',
    });
    expect(checkOrder(seen, { storeId: 'S001', now: new Date() })).toMatchObject({
      reason: 'alreadyHandedOver',
      handover: { terminalId: 'T03', staffId: 'E1002' },
    });
    const row = await db.query<{ collector: unknown; credited: boolean }>(
      `SELECT collector, credited FROM pickup_handovers WHERE order_id = $1`,
      [order.id],
    );
    expect(row.rows).toEqual([{ collector: proxy, credited: true }]);
    const perf = PickupPerformanceSchema.parse(
      (
        await api(
          t03,
          'GET',
          `/pickups/performance?from=${from}&to=${new Date(Date.now() + 60_000).toISOString()}`,
        )
      ).json(),
    );
    expect(perf.store).toEqual({ orders: 1, amountFen: order.totalFen });
    expect(perf.staff).toEqual([{ staffId: 'E1002', orders: 1, amountFen: order.totalFen }]);
    // A cancellation after the goods left is refused.
    expect((await api(t03, 'POST', `/pickup-orders/${order.id}/cancel`)).statusCode).toBe(409);
  });

  it('turns two offline handovers of one order at two tills into exactly one issue naming both', async () => {
    const window = `from=${new Date(Date.now() - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const credited = async () =>
      PickupPerformanceSchema.parse((await api(t03, 'GET', `/pickups/performance?${window}`)).json()).store
        .orders;
    const before = await credited();
    const { order } = await create({ ready: true });
    const a = handover(t03, order, 'E1002', { offline: true });
    const b = handover(t04, order, 'E1003', { offline: true });
    expect((await push(t03, [a])).results[0]).toMatchObject({ status: 'applied' });
    const second = await push(t04, [b]);
    expect(second.results[0]).toMatchObject({ status: 'appliedWithConflict' });
    // Replays change nothing.
    await push(t04, [b]);
    const issues = await db.query<{ id: string }>(
      `SELECT id FROM issues WHERE kind = 'pickup.handedOverTwice' AND subject_id = $1`,
      [order.id],
    );
    expect(issues.rows).toHaveLength(1);
    expect(second.results[0]!.issueIds).toEqual([issues.rows[0]!.id]);
    const listed = (await api(t03, 'GET', '/issues?state=open'))
      .json<{ issues: unknown[] }>()
      .issues.map((i) => IssueSchema.parse(i));
    const issue = listed.find((i) => i.subjectId === order.id)!;
    expect(issue.refs.map((r) => [r.terminalId, r.staffId])).toEqual([
      ['T03', 'E1002'],
      ['T04', 'E1003'],
    ]);
    expect(issue.refs.every((r) => r.at && r.amountFen === order.totalFen)).toBe(true);
    // Both handovers kept; only the first credited.
    const rows = await db.query<{ terminal_id: string; credited: boolean }>(
      `SELECT terminal_id, credited FROM pickup_handovers WHERE order_id = $1 ORDER BY received_at, terminal_id`,
      [order.id],
    );
    expect(rows.rows).toEqual([
      { terminal_id: 'T03', credited: true },
      { terminal_id: 'T04', credited: false },
    ]);
    expect(await credited()).toBe(before + 1);
    // A third till adds itself to the same issue.
    const t05 = await enroll('T05');
    await push(t05, [handover(t05, order, 'E1001')]);
    const again = await db.query<{ refs: unknown[] }>(
      `SELECT refs FROM issues WHERE kind = 'pickup.handedOverTwice' AND subject_id = $1`,
      [order.id],
    );
    expect(again.rows).toHaveLength(1);
    expect(again.rows[0]!.refs).toHaveLength(3);
  });

  it('counts a handover re-sent under another mutation once (business key)', async () => {
    const { order } = await create({ ready: true });
    const m = handover(t03, order);
    await push(t03, [m]);
    const copy = mutation(t03, 'pickup.handedOver', m.payload, m.entityId);
    expect((await push(t03, [copy])).results[0]).toMatchObject({
      status: 'duplicate',
      reason: 'business-key-exists',
    });
  });

  it('raises an issue when goods are readied for a cancelled order, or handed over after cancellation', async () => {
    const { order } = await create();
    await api(t03, 'POST', `/pickup-orders/${order.id}/cancel`);
    const r = await push(t03, [
      mutation(t03, 'pickup.readied', {
        pickupOrderId: order.id,
        staffId: 'E1004',
        readiedAt: new Date().toISOString(),
      }),
      handover(t03, order),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['appliedWithConflict', 'appliedWithConflict']);
    expect((await verify({ code: order.code })).order?.state).toBe('cancelled');
  });
});
