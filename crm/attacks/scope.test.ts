// Attack suite, issue 15 "a credential acts for its own store and terminal only" and issue 16's mall credential:
// till B1 of store S011 (and A2, the other till of S001) goes after S001's sales, shifts, pickups and reads with
// its own valid credential; strangers call every route with none. After each attack the test reads in SQL what
// the CRM holds and checks it is what the rules allow. Runs on PGlite and (TEST_DATABASE_URL) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DayViewResponseSchema,
  PickupCreatedSchema,
  PickupVerifyResponseSchema,
  type PickupOrder,
} from '../../src/shared/crm';
import { cashSale, openAttackWorld, type AttackWorld, type TillName } from '../attackFixture';
import { newId, newSecret } from '../ids';
import { ROUTES } from '../server';
import { addServiceCredential } from '../serviceCredentials';
import { demoBadgeApproval, testBackends } from '../testSupport';

describe.each(testBackends())('store scope and the service credential on $name', (backend) => {
  let w: AttackWorld;
  const mall = newSecret();

  /** Everything S001 holds that an attack from elsewhere must leave as it is. */
  const s001 = async () => ({
    sales: await w.sql(`SELECT id, status FROM sales WHERE store_id = 'S001' ORDER BY id`),
    points: await w.sql(`SELECT entry_id, member_id, delta, kind FROM points_ledger ORDER BY entry_id`),
    balances: await w.sql(`SELECT id, points_balance FROM members ORDER BY id`),
    pickups: await w.sql(
      `SELECT id, state, ready_at, pickup_by, cancelled_at, expired_at, handed_over_at, readied_by
         FROM pickup_orders WHERE store_id = 'S001' ORDER BY id`,
    ),
    handovers: await w.sql(`SELECT id, order_id, store_id FROM pickup_handovers ORDER BY id`),
    shifts: await w.sql(
      `SELECT id, store_id, terminal_id, state, opened_at, float_fen, closed_at FROM shifts ORDER BY id`,
    ),
    reports: await w.sql(
      `SELECT shift_id, store_id, terminal_id, state FROM shift_reports ORDER BY shift_id`,
    ),
    cash: await w.sql(`SELECT id, shift_id, store_id FROM cash_moves ORDER BY id`),
    issues: await w.sql(`SELECT id, state FROM issues WHERE store_id = 'S001' ORDER BY id`),
    mall: await w.sql(`SELECT id FROM mall_orders ORDER BY id`),
    credit: await w.sql(`SELECT order_id FROM order_attributions ORDER BY order_id`),
  });

  const json = <T>(res: { json: () => unknown }) => res.json() as T;
  const push1 = async (
    till: TillName,
    type: Parameters<AttackWorld['mutation']>[1],
    id: string,
    p: unknown,
  ) => (await w.push(till, [w.mutation(till, type, id, p)])).results[0]!;
  const issuesOf = (storeId: string, subjectId: string) =>
    w.sql<{ kind: string; title: string; refs: unknown }>(
      `SELECT kind, title, refs FROM issues WHERE store_id = $1 AND subject_id = $2 ORDER BY created_at`,
      [storeId, subjectId],
    );

  const memberSale = async (till: TillName) => {
    // A completed S001 sale that earned a member points (the ledger entry as the CRM books an earn).
    const sale = cashSale(w, till);
    expect((await push1(till, 'sale.completed', sale.id, { sale, coupons: [] })).status).toBe('applied');
    const member = (await w.sql<{ id: string }>(`SELECT id FROM members ORDER BY id LIMIT 1`))[0]!.id;
    await w.sql(
      `INSERT INTO points_ledger (entry_id, member_id, delta, kind, mutation_id, sale_id) VALUES ($1, $2, 250, 'earn', NULL, $3)`,
      [newId(), member, sale.id],
    );
    await w.sql(`UPDATE members SET points_balance = points_balance + 250 WHERE id = $1`, [member]);
    await w.sql(`UPDATE sales SET member_id = $2 WHERE id = $1`, [sale.id, member]);
    return sale;
  };
  const voidOf = (sale: { id: string; receiptNo: string }) => ({
    saleId: sale.id,
    receiptNo: sale.receiptNo,
    voidedBy: 'E1002',
    reason: 'customer changed their mind',
    voidedAt: new Date().toISOString(),
  });
  const dayView = async (till: TillName) => {
    const res = await w.call(till, 'GET', '/api/v1/shifts/day');
    expect(res.statusCode, res.body).toBe(200);
    return DayViewResponseSchema.parse(res.json());
  };

  const createPickup = async (
    storeId: string,
    ready: boolean,
  ): Promise<{ order: PickupOrder; token: string }> => {
    const res = await callAs(mall, 'POST', '/api/v1/pickup-orders', {
      storeId,
      customerName: '测试顾客',
      phone: '13800001234',
      lines: [{ productId: productId, qty: 1 }],
      ready,
    });
    expect(res.statusCode, res.body).toBe(200);
    return PickupCreatedSchema.parse(res.json());
  };
  let productId = '';
  const callAs = (token: string | null, method: 'GET' | 'POST', url: string, body?: unknown) =>
    w.app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  /** An answer without the parts that echo the request (instance, detail naming the id asked for). */
  const shape = (res: { statusCode: number; json: () => unknown }) => {
    const { instance: _i, detail: _d, ...rest } = res.json() as Record<string, unknown>;
    return { status: res.statusCode, ...rest };
  };

  beforeAll(async () => {
    w = await openAttackWorld(backend);
    await addServiceCredential(w.db, 'mall', mall);
    productId = (
      await w.sql<{ id: string }>(
        `SELECT id FROM products WHERE active AND unit = 'piece' ORDER BY id LIMIT 1`,
      )
    )[0]!.id;
    await w.sql(
      `INSERT INTO staff (id, store_id, name, role, pin_hash) VALUES ('E9001', 'S011', '越秀店长', 'manager', 'x')`,
    );
  }, 120_000);
  afterAll(async () => w?.close());

  describe('voids', () => {
    it("S011 voiding an S001 sale changes nothing there, reveals nothing, and raises an issue for S011's manager", async () => {
      const sale = await memberSale('A1');
      const before = await s001();
      const dayBefore = (await dayView('A1')).totals;

      const foreign = await push1('B1', 'sale.voided', sale.id, voidOf(sale));
      const unknownId = newId();
      const unknown = await push1(
        'B1',
        'sale.voided',
        unknownId,
        voidOf({ id: unknownId, receiptNo: sale.receiptNo }),
      );

      // The sale is still completed, its points are not reversed, S001's day is as it was.
      const after = await s001();
      expect(after.sales).toEqual(before.sales);
      expect(after.points).toEqual(before.points);
      expect(after.balances).toEqual(before.balances);
      expect(after.issues).toEqual(before.issues);
      const rows = await w.sql<{ status: string }>(`SELECT status FROM sales WHERE id = $1`, [sale.id]);
      expect(rows).toEqual([{ status: 'completed' }]);
      expect(
        await w.sql(`SELECT 1 FROM points_ledger WHERE sale_id = $1 AND kind = 'reverse'`, [sale.id]),
      ).toEqual([]);
      expect((await dayView('A1')).totals).toEqual(dayBefore);

      // S011's manager has the issue; it reads exactly like a void of a sale the CRM never received.
      expect(foreign.status).toBe('appliedWithConflict');
      expect(unknown.status).toBe('appliedWithConflict');
      const [issue] = await issuesOf('S011', sale.id);
      const [unknownIssue] = await issuesOf('S011', unknownId);
      expect(issue).toMatchObject({ kind: 'sale.voidUnknown' });
      expect(issue!.title).toBe(unknownIssue!.title);
      expect(foreign.issueIds).toHaveLength(1);
      expect(await w.sql(`SELECT store_id FROM issues WHERE id = $1`, [foreign.issueIds![0]])).toEqual([
        { store_id: 'S011' },
      ]);
    });

    it("a void naming another till's sale of the same store changes nothing and raises an issue", async () => {
      const sale = await memberSale('A1');
      const before = await s001();
      const r = await push1('A2', 'sale.voided', sale.id, voidOf(sale));
      expect(r.status).toBe('appliedWithConflict');
      const after = await s001();
      expect(after.sales).toEqual(before.sales);
      expect(after.points).toEqual(before.points);
      expect(after.balances).toEqual(before.balances);
      expect(await issuesOf('S001', sale.id)).toMatchObject([{ kind: 'sale.voidUnknown' }]);
      // The till that made the sale still voids it.
      // With a manager's approval (decision 0040): a void after tender needs one the CRM can verify.
      const approval = demoBadgeApproval(w.tills.A1, 'voidAfterTender', sale.id, 0);
      expect((await push1('A1', 'sale.voided', sale.id, { ...voidOf(sale), approval })).status).toBe(
        'applied',
      );
      expect(await w.sql(`SELECT status FROM sales WHERE id = $1`, [sale.id])).toEqual([
        { status: 'voided' },
      ]);
    });
  });

  describe('pickups', () => {
    it('refuses every move, read and handover of an S001 order from S011 like an unknown one; nothing changes', async () => {
      const ready = await createPickup('S001', true);
      const paid = await createPickup('S001', false);
      const before = await s001();
      const missing = 'PO-does-not-exist';
      for (const path of ['cancel', 'preparing']) {
        const res = await w.call('B1', 'POST', `/api/v1/pickup-orders/${paid.order.id}/${path}`);
        const none = await w.call('B1', 'POST', `/api/v1/pickup-orders/${missing}/${path}`);
        expect(res.statusCode).toBe(404);
        expect(shape(res)).toEqual(shape(none));
        expect(res.body).not.toContain(paid.order.code);
      }
      const token = await w.call('B1', 'GET', `/api/v1/pickup-orders/${ready.order.id}/token`);
      expect(token.statusCode).toBe(404);
      expect(shape(token)).toEqual(
        shape(await w.call('B1', 'GET', `/api/v1/pickup-orders/${missing}/token`)),
      );
      expect(token.body).not.toContain(ready.order.code);

      // Verify: the code and the QR of another store's order answer as an unknown code does.
      const unknownCode = json<unknown>(
        await w.call('B1', 'POST', '/api/v1/pickups/verify', { code: '00000000' }),
      );
      const byCode = await w.call('B1', 'POST', '/api/v1/pickups/verify', { code: ready.order.code });
      expect(byCode.statusCode).toBe(200);
      expect(byCode.json()).toEqual(unknownCode);
      const byToken = PickupVerifyResponseSchema.parse(
        (await w.call('B1', 'POST', '/api/v1/pickups/verify', { token: ready.token })).json(),
      );
      expect(byToken.order).toBeNull();
      // The store's own till still sees it.
      const own = PickupVerifyResponseSchema.parse(
        (await w.call('A1', 'POST', '/api/v1/pickups/verify', { code: ready.order.code })).json(),
      );
      expect(own.order?.id).toBe(ready.order.id);

      // Expire: an overdue S001 order is S001's to expire, not S011's.
      await w.sql(`UPDATE pickup_orders SET pickup_by = now() - interval '1 day' WHERE id = $1`, [
        ready.order.id,
      ]);
      const beforeExpire = await s001();
      const expired = await w.call('B1', 'POST', '/api/v1/pickup-orders/expire');
      expect(expired.json()).toEqual({ expired: [] });
      expect(await s001()).toEqual(beforeExpire);
      await w.sql(`UPDATE pickup_orders SET pickup_by = $2 WHERE id = $1`, [
        ready.order.id,
        ready.order.pickupBy,
      ]);

      // Handing over or readying an S001 order from S011: nothing changes; S011's issue does not name the order.
      const handover = await push1('B1', 'pickup.handedOver', newId(), {
        pickupOrderId: ready.order.id,
        code: ready.order.code,
        verifiedBy: 'typed',
        staffId: 'E9001',
        handedOverAt: new Date().toISOString(),
      });
      const readied = await push1('B1', 'pickup.readied', newId(), {
        pickupOrderId: paid.order.id,
        staffId: 'E9001',
        readiedAt: new Date().toISOString(),
      });
      expect(handover.status).toBe('appliedWithConflict');
      expect(readied.status).toBe('appliedWithConflict');
      expect(await w.sql(`SELECT 1 FROM pickup_handovers WHERE store_id = 'S011'`)).toEqual([]);
      const issues = await issuesOf('S011', ready.order.id);
      expect(issues).toMatchObject([{ kind: 'pickup.notAvailable' }]);
      expect(issues[0]!.title).not.toContain(ready.order.code);
      expect(await s001()).toEqual(before);
    });

    it('creating a pickup order is the mall service credential only: 401 without, 403 with a till', async () => {
      const body = {
        storeId: 'S001',
        customerName: '测试顾客',
        phone: '13800001234',
        lines: [{ productId, qty: 1 }],
      };
      const count = async () => (await w.sql(`SELECT id FROM pickup_orders`)).length;
      const n = await count();
      const none = await w.call(null, 'POST', '/api/v1/pickup-orders', body);
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      for (const till of ['A1', 'B1'] as const)
        expect((await w.call(till, 'POST', '/api/v1/pickup-orders', body)).statusCode).toBe(403);
      expect(
        (await callAs('not-a-credential-at-all', 'POST', '/api/v1/pickup-orders', body)).statusCode,
      ).toBe(401);
      expect(await count()).toBe(n);
      const ok = await callAs(mall, 'POST', '/api/v1/pickup-orders', body);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(await count()).toBe(n + 1);
    });
  });

  describe('mall orders', () => {
    it('are refused without the mall credential (401) and with a till credential (403), placed with it', async () => {
      const { code } = json<{ code: string }>(
        await w.call('A1', 'POST', '/api/v1/pda/attribution-codes', { staffId: 'E1004' }),
      );
      const before = await s001();
      const order = (orderId: string) => ({ orderId, productId, qty: 1, attribution: code });
      expect((await w.call(null, 'POST', '/api/v1/mall/orders', order('mall-attack-1'))).statusCode).toBe(
        401,
      );
      expect((await w.call('A1', 'POST', '/api/v1/mall/orders', order('mall-attack-2'))).statusCode).toBe(
        403,
      );
      expect((await w.call('B1', 'POST', '/api/v1/mall/orders', order('mall-attack-3'))).statusCode).toBe(
        403,
      );
      expect(await s001()).toEqual(before);
      const ok = await callAs(mall, 'POST', '/api/v1/mall/orders', order('mall-real-1'));
      expect(ok.statusCode, ok.body).toBe(200);
      expect(
        await w.sql(`SELECT order_id, store_id FROM order_attributions WHERE order_id = 'mall-real-1'`),
      ).toEqual([{ order_id: 'mall-real-1', store_id: 'S001' }]);
      // The mall's credential is no till: it cannot push, pull or read a store.
      expect((await callAs(mall, 'GET', '/api/v1/shifts/day')).statusCode).toBe(401);
    });
  });

  describe('shifts and cash moves', () => {
    it("another store's or till's cash move, open or Z naming an S001 shift changes nothing and raises an issue", async () => {
      const shiftId = newId();
      const openedAt = new Date().toISOString();
      const businessDate = cashSale(w, 'A1').businessDate;
      expect(
        (
          await push1('A1', 'shift.opened', shiftId, {
            shiftId,
            cashierId: 'E1002',
            businessDate,
            openedAt,
            openingFloatFen: 50000,
          })
        ).status,
      ).toBe('applied');
      const sale = cashSale(w, 'A1', { shiftId });
      expect((await push1('A1', 'sale.completed', sale.id, { sale, coupons: [] })).status).toBe('applied');
      // An S011 sale that names S001's shift: it is S011's sale, it must not count in S001's Z.
      const stray = cashSale(w, 'B1', { shiftId });
      expect((await push1('B1', 'sale.completed', stray.id, { sale: stray, coupons: [] })).status).toBe(
        'applied',
      );
      const before = await s001();

      const move = {
        shiftId,
        kind: 'payOut',
        amountFen: 100_000_00,
        reason: 'x',
        staffId: 'E9001',
        at: openedAt,
      };
      for (const till of ['B1', 'A2'] as const) {
        const moveId = newId();
        const r = await push1(till, 'cash.moved', moveId, { moveId, ...move });
        expect(r.status).toBe('appliedWithConflict');
      }
      const z = {
        shiftId,
        cashierId: 'E9001',
        closedBy: 'E9001',
        businessDate,
        openedAt,
        closedAt: new Date().toISOString(),
        saleCount: 0,
        salesTotalFen: 0,
        openingFloatFen: 0,
        cashExpectedFen: 0,
        cashCountedFen: 0,
        zNo: 1,
      };
      expect((await push1('B1', 'shift.closed', shiftId, z)).status).toBe('appliedWithConflict');
      const reopen = { shiftId, cashierId: 'E9001', businessDate, openedAt, openingFloatFen: 1 };
      expect((await push1('B1', 'shift.opened', shiftId, reopen)).status).toBe('appliedWithConflict');

      // Nothing of S001 changed but the issue A2's cash move raised for S001's own manager.
      const after = await s001();
      expect({ ...after, issues: [] }).toEqual({ ...before, issues: [] });
      expect(after.issues.length).toBe(before.issues.length + 1);
      expect(await w.sql(`SELECT id FROM cash_moves WHERE shift_id = $1`, [shiftId])).toEqual([]);
      expect(await w.sql(`SELECT state, store_id FROM shifts WHERE id = $1`, [shiftId])).toEqual([
        { state: 'open', store_id: 'S001' },
      ]);
      expect(await w.sql(`SELECT 1 FROM shift_reports WHERE shift_id = $1`, [shiftId])).toEqual([]);
      const s011 = await issuesOf('S011', shiftId);
      expect(s011.map((i) => i.kind)).toEqual(['shift.foreign', 'shift.foreign', 'shift.foreign']);
      expect(await issuesOf('S001', shiftId)).toMatchObject([{ kind: 'shift.foreign' }]); // A2's cash move

      // S001's own Z still arrives and balances: the stray S011 sale is not counted.
      const real = {
        ...z,
        cashierId: 'E1002',
        closedBy: 'E1002',
        saleCount: 1,
        salesTotalFen: sale.totals.dueFen,
        openingFloatFen: 50000,
      };
      expect((await push1('A1', 'shift.closed', shiftId, real)).status).not.toBe('duplicate');
      expect(
        await w.sql(`SELECT store_id, terminal_id, state FROM shift_reports WHERE shift_id = $1`, [shiftId]),
      ).toEqual([{ store_id: 'S001', terminal_id: 'T01', state: 'balanced' }]);
    });

    it("an S011 open naming a shift known only from an S001 till's Z does not overwrite it", async () => {
      const shiftId = newId();
      const at = new Date().toISOString();
      const businessDate = cashSale(w, 'A2').businessDate;
      const z = {
        shiftId,
        cashierId: 'E1003',
        closedBy: 'E1003',
        businessDate,
        openedAt: at,
        closedAt: at,
        saleCount: 0,
        salesTotalFen: 0,
        openingFloatFen: 10000,
        cashExpectedFen: 10000,
        cashCountedFen: 10000,
      };
      await push1('A2', 'shift.closed', shiftId, z);
      const before = await s001();
      const open = { shiftId, cashierId: 'E9001', businessDate, openedAt: at, openingFloatFen: 99 };
      expect((await push1('B1', 'shift.opened', shiftId, open)).status).toBe('appliedWithConflict');
      expect(await s001()).toEqual(before);
      expect(await w.sql(`SELECT float_fen, store_id FROM shifts WHERE id = $1`, [shiftId])).toEqual([
        { float_fen: 10000, store_id: 'S001' },
      ]);
    });
  });

  describe('reads', () => {
    it("every read with another store's ids answers for the caller's own store only", async () => {
      const sale = await memberSale('A1');
      const { order } = await createPickup('S001', true);
      // An S001 issue (A2's void of a sale the CRM never got) and an audit entry of S001's T01.
      const ghost = newId();
      await push1('A2', 'sale.voided', ghost, voidOf({ id: ghost, receiptNo: 'S001-T02-20260101-000001' }));
      const [s001Issue] = await issuesOf('S001', ghost);
      expect(s001Issue).toBeDefined();
      await w.sql(
        `INSERT INTO audit_entries (entry_id, store_id, terminal_id, chain_id, idx, prev_hash, hash, action, actor_id, detail, at, mutation_id)
         VALUES ($1, 'S001', 'T01', $2, 0, '0', '1', 'sale.void', 'E1001', '{}', now(), $3)`,
        [newId(), newId(), `audit-${newId()}`],
      );
      const before = await s001();

      // The pickup order's code and QR: as for an unknown order.
      const token = await w.call('B1', 'GET', `/api/v1/pickup-orders/${order.id}/token`);
      expect(token.statusCode).toBe(404);
      expect(token.body).not.toContain(order.code);
      const verify = await w.call('B1', 'POST', '/api/v1/pickups/verify', { code: order.code });
      expect(verify.json()).toEqual({ order: null });

      // Another store's sale is found only for a return, and only while the chain allows cross-store refunds.
      await w.sql(`UPDATE chain_settings SET value = '"deny"' WHERE key = 'refunds.crossStore'`);
      const lookupId = await w.call('B1', 'GET', `/api/v1/sales/lookup?id=${sale.id}`);
      const lookupNo = await w.call('B1', 'GET', `/api/v1/sales/lookup?receiptNo=${sale.receiptNo}`);
      expect([lookupId.statusCode, lookupNo.statusCode]).toEqual([404, 404]);
      expect(lookupId.body + lookupNo.body).not.toContain('E1002');
      await w.sql(`UPDATE chain_settings SET value = '"allow"' WHERE key = 'refunds.crossStore'`);
      const forReturn = await w.call('B1', 'GET', `/api/v1/sales/lookup?id=${sale.id}`);
      expect(forReturn.statusCode).toBe(200);

      const day = await dayView('B1');
      expect(day.storeId).toBe('S011');
      expect(day.issues.every((i) => !JSON.stringify(i).includes(sale.id))).toBe(true);
      expect(day.totals.salesFen).toBe(
        Number(
          (
            await w.sql<{ t: number }>(
              `SELECT coalesce(sum(due_fen), 0)::bigint AS t FROM sales
                WHERE store_id = 'S011' AND business_date = $1 AND status = 'completed'`,
              [day.businessDate],
            )
          )[0]!.t,
        ),
      );

      const audit = json<{ entries: { terminalId: string; actorId: string }[]; chains: unknown[] }>(
        await w.call('B1', 'GET', '/api/v1/audit?terminalId=T01'),
      );
      expect(audit.entries.filter((e) => e.actorId === 'E1001')).toEqual([]);
      const staff = json<{ staff: { id: string }[] }>(await w.call('B1', 'GET', '/api/v1/staff'));
      expect(staff.staff.map((s) => s.id)).toEqual(['E2011', 'E9001']);

      const issues = json<{ issues: { id: string }[] }>(
        await w.call('B1', 'GET', '/api/v1/issues?state=all'),
      );
      expect(issues.issues.map((i) => i.id)).not.toContain(
        (await w.sql<{ id: string }>(`SELECT id FROM issues WHERE store_id = 'S001' LIMIT 1`))[0]!.id,
      );
      const s001Ids = (await w.sql<{ id: string }>(`SELECT id FROM issues WHERE store_id = 'S001'`)).map(
        (r) => r.id,
      );
      expect(issues.issues.filter((i) => s001Ids.includes(i.id))).toEqual([]);
      const resolve = await w.call('B1', 'POST', `/api/v1/issues/${s001Ids[0]}/resolve`, {
        action: 'dismiss',
        staffId: 'E9001',
      });
      expect(resolve.statusCode).toBe(404);
      expect(shape(resolve)).toEqual(
        shape(
          await w.call('B1', 'POST', `/api/v1/issues/no-such-issue/resolve`, {
            action: 'dismiss',
            staffId: 'E9001',
          }),
        ),
      );

      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 86_400_000).toISOString();
      const perf = json<{ storeId: string }>(
        await w.call('B1', 'GET', `/api/v1/pickups/performance?from=${from}&to=${to}`),
      );
      expect(perf.storeId).toBe('S011');
      expect((await w.call('B1', 'GET', '/api/v1/attributions?storeId=S001')).statusCode).toBe(403);
      expect(
        (await w.call('B1', 'POST', '/api/v1/pda/attribution-codes', { staffId: 'E1004' })).statusCode,
      ).toBe(403);

      for (const stream of ['pickups', 'issues'] as const) {
        const page = json<{ items: { id: string; data?: { storeId?: string } }[] }>(
          await w.call('B1', 'GET', `/api/v1/pull?stream=${stream}&limit=500`),
        );
        expect(page.items.filter((c) => c.data?.storeId === 'S001')).toEqual([]);
        expect(page.items.map((c) => c.id)).not.toContain(order.id);
      }
      expect(await s001()).toEqual(before);
    });
  });

  describe('no credential', () => {
    it('every route that needs a credential answers 401 without one and changes nothing', async () => {
      const before = await s001();
      const guarded = ROUTES.filter((r) => r.auth !== false);
      expect(guarded.length).toBeGreaterThan(20);
      // The mall's calls are no exception.
      expect(guarded.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['POST /mall/orders', 'POST /pickup-orders']),
      );
      const failures: string[] = [];
      for (const r of guarded) {
        const url =
          '/api/v1' +
          r.path.replace(/:(\w+)/g, (_m, name: string) => (name === 'cardNo' ? 'M0000000000' : 'PO000001'));
        for (const token of [null, 'garbage-credential']) {
          const res = await callAs(token, r.method, url, r.method === 'POST' ? {} : undefined);
          if (res.statusCode !== 401)
            failures.push(`${r.method} ${r.path} (${token ?? 'none'}): ${res.statusCode}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await s001()).toEqual(before);
    });

    it('documents which credential each route takes', async () => {
      const doc = json<{
        paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
        components: { securitySchemes: Record<string, unknown> };
      }>(await w.call(null, 'GET', '/api/v1/openapi.json'));
      expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
        'memberSession',
        'serviceCredential',
        'terminalCredential',
      ]);
      expect(doc.paths['/api/v1/mall/orders']!.post!.security).toEqual([{ serviceCredential: [] }]);
      expect(doc.paths['/api/v1/pickup-orders']!.post!.security).toEqual([{ serviceCredential: [] }]);
      expect(doc.paths['/api/v1/push']!.post!.security).toEqual([{ terminalCredential: [] }]);
    });
  });
});
