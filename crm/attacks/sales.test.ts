// Issue 15, "Sales are checked when they arrive": absurd, inconsistent, foreign-scoped and clock-skewed sales are
// stored under the credential's store and terminal, flagged, their points, coupons and member purchase held, and
// one issue tells the store's manager why. The day view keeps its own schema; a normal sale is not flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../src/domain/model';
import {
  DayViewResponseSchema,
  NewEpochResponseSchema,
  type MutationResult,
  type SaleCompletedPayload,
} from '../../src/shared/crm';
import { businessDateOf, cashSale, openAttackWorld, type AttackWorld, type TillName } from '../attackFixture';
import { newId } from '../ids';
import { demoBadgeApproval, testBackends } from '../testSupport';

const DAY_MS = 24 * 3600_000;

describe.each(testBackends())('sales checked on arrival on $name', (backend) => {
  let w: AttackWorld;
  let member: { id: string; points: number };
  let coupon: { id: string; code: string };
  const shiftId = newId();

  beforeAll(async () => {
    w = await openAttackWorld(backend);
    const c = await w.sql<{ id: string; code: string; member_id: string }>(
      `SELECT id, code, member_id FROM coupons WHERE state = 'issued' AND member_id IS NOT NULL
        AND valid_to >= current_date AND valid_from <= current_date AND min_spend_fen <= 2500 ORDER BY id LIMIT 1`,
    );
    coupon = { id: c[0]!.id, code: c[0]!.code };
    const m = await w.sql<{ id: string; points_balance: string }>(
      `SELECT id, points_balance FROM members WHERE id = $1`,
      [c[0]!.member_id],
    );
    member = { id: m[0]!.id, points: Number(m[0]!.points_balance) };
    // A2's shift opened an hour ago (by the till's clock).
    const openedAt = new Date(Date.now() - 3600_000).toISOString();
    const r = await w.push('A2', [
      w.mutation('A2', 'shift.opened', shiftId, {
        shiftId,
        cashierId: 'E1002',
        businessDate: businessDateOf(new Date(openedAt)),
        openedAt,
        openingFloatFen: 50000,
        denominations: {},
      }),
    ]);
    expect(r.results[0]!.status).toBe('applied');
  }, 180_000);
  afterAll(async () => w?.close());

  /** A member sale of A2 in its shift that earns points and uses the member's coupon. */
  function memberSale(till: TillName, over: Partial<Sale> = {}, amountFen = 2500): SaleCompletedPayload {
    const sale = cashSale(w, till, { memberId: member.id, shiftId, ...over }, amountFen);
    return {
      sale,
      points: { memberId: member.id, earn: 25, earnEntryId: newId(), redeem: 0 },
      coupons: [{ couponId: coupon.id, code: coupon.code, discountFen: 0 }],
    };
  }

  async function pushSale(till: TillName, p: SaleCompletedPayload): Promise<MutationResult> {
    const r = await w.push(till, [w.mutation(till, 'sale.completed', p.sale.id, p)]);
    return r.results[0]!;
  }

  /** What the CRM holds after a flagged sale: stored under the credential, flagged, effects held, one issue. */
  async function expectFlagged(till: TillName, p: SaleCompletedPayload, r: MutationResult, codes: string[]) {
    const t = w.tills[till];
    expect(r.status).toBe('appliedWithConflict');
    const rows = await w.sql<{
      store_id: string;
      terminal_id: string;
      body: Sale;
      flags: { code: string; text: string }[] | null;
      effects_held: boolean;
    }>(`SELECT store_id, terminal_id, body, flags, effects_held FROM sales WHERE id = $1`, [p.sale.id]);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect([row.store_id, row.terminal_id]).toEqual([t.storeId, t.terminalId]);
    expect([row.body.storeId, row.body.terminalId]).toEqual([t.storeId, t.terminalId]);
    expect(row.effects_held).toBe(true);
    for (const code of codes) expect(row.flags?.map((f) => f.code)).toContain(code);
    // Held: no points, the coupon still issued, no purchase in the member's history.
    const pts = await w.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM points_ledger WHERE sale_id = $1`,
      [p.sale.id],
    );
    expect(pts[0]!.n).toBe(0);
    const cs = await w.sql<{ state: string; used_sale_id: string | null }>(
      `SELECT state, used_sale_id FROM coupons WHERE id = $1`,
      [coupon.id],
    );
    expect(cs[0]).toEqual({ state: 'issued', used_sale_id: null });
    const mp = await w.sql<{ n: number }>(`SELECT count(*)::int AS n FROM member_purchases WHERE id = $1`, [
      p.sale.id,
    ]);
    expect(mp[0]!.n).toBe(0);
    const balance = await w.sql<{ points_balance: string }>(
      `SELECT points_balance FROM members WHERE id = $1`,
      [member.id],
    );
    expect(Number(balance[0]!.points_balance)).toBe(member.points);
    // One issue for the store's manager, with the reasons.
    const issues = await w.sql<{
      kind: string;
      store_id: string;
      title: string;
      actions: string[];
      reasons: { code: string; text: string }[];
    }>(
      `SELECT kind, store_id, title, actions, reasons FROM issues WHERE kind = 'sale.flagged' AND subject_id = $1`,
      [p.sale.id],
    );
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.store_id).toBe(t.storeId);
    expect(issue.actions).toEqual(['releaseEffects', 'keepHeld']);
    expect(r.issueIds).toBeDefined();
    for (const code of codes) expect(issue.reasons.map((x) => x.code)).toContain(code);
    expect(issue.title).toContain(p.sale.receiptNo);
    // The manager's day view still answers under its own schema.
    for (const date of [businessDateOf(new Date()), p.sale.businessDate]) {
      const day = await w.call(till, 'GET', `/api/v1/shifts/day?date=${date}`);
      expect(day.statusCode, day.body).toBe(200);
      DayViewResponseSchema.parse(day.json());
    }
    return issue;
  }

  /** An applied member sale burned the coupon and moved the balance: the next tests start from there. */
  async function afterAppliedSale() {
    await w.sql(
      `UPDATE coupons SET state = 'issued', used_sale_id = NULL, used_mutation_id = NULL WHERE id = $1`,
      [coupon.id],
    );
    const b = await w.sql<{ points_balance: string }>(`SELECT points_balance FROM members WHERE id = $1`, [
      member.id,
    ]);
    member.points = Number(b[0]!.points_balance);
  }

  it('a normal member sale is not flagged and earns its points', async () => {
    const p = memberSale('A2');
    const r = await pushSale('A2', p);
    // Points and coupon rules of their own may raise issues; the sale check raises none.
    expect(['applied', 'appliedWithConflict']).toContain(r.status);
    const flagged = await w.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM issues WHERE kind = 'sale.flagged' AND subject_id = $1`,
      [p.sale.id],
    );
    expect(flagged[0]!.n).toBe(0);
    const row = await w.sql<{ flags: unknown; effects_held: boolean }>(
      `SELECT flags, effects_held FROM sales WHERE id = $1`,
      [p.sale.id],
    );
    expect(row[0]).toEqual({ flags: null, effects_held: false });
    const mp = await w.sql<{ n: number }>(`SELECT count(*)::int AS n FROM member_purchases WHERE id = $1`, [
      p.sale.id,
    ]);
    expect(mp[0]!.n).toBe(1);
    await afterAppliedSale();
  });

  it('a plain cash sale (the fast path) is not flagged', async () => {
    const s = cashSale(w, 'A2', { shiftId });
    const r = await pushSale('A2', { sale: s, coupons: [] });
    expect(r.status).toBe('applied');
  });

  it('plain sales (no member, the batched fast path) that fail go the careful way, in order', async () => {
    const a = cashSale(w, 'A2', { shiftId });
    const ma = w.mutation('A2', 'sale.completed', a.id, { sale: a, coupons: [] });
    const bad = cashSale(w, 'A2', { shiftId });
    Object.assign(bad.lines[0]!, { qty: 1e15, amountFen: 1e15, unitPriceFen: 1 });
    bad.totals = { itemCount: 1e15, grossFen: 1e15, discountFen: 0, dueFen: 1e15 };
    bad.tenders[0] = { ...bad.tenders[0]!, amountFen: 1e15, tenderedFen: 1e15 };
    const mb = w.mutation('A2', 'sale.completed', bad.id, { sale: bad, coupons: [] });
    const c = cashSale(w, 'A2', { shiftId, receiptNo: a.receiptNo });
    const mc = w.mutation('A2', 'sale.completed', c.id, { sale: c, coupons: [] });
    const r = await w.push('A2', [ma, mb, mc]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'appliedWithConflict', 'appliedWithConflict']);
    await expectFlagged('A2', { sale: bad, coupons: [] }, r.results[1]!, ['qty-out-of-range']);
    await expectFlagged('A2', { sale: c, coupons: [] }, r.results[2]!, ['receipt-duplicate']);
  });

  it('negative totals', async () => {
    const p = memberSale('A2');
    const l = p.sale.lines[0]!;
    Object.assign(l, { unitPriceFen: 0, amountFen: -100_000 });
    p.sale.totals = { ...p.sale.totals, grossFen: -100_000, dueFen: -100_000 };
    p.sale.tenders[0] = { ...p.sale.tenders[0]!, amountFen: -100_000, tenderedFen: 0, changeFen: 0 };
    const issue = await expectFlagged('A2', p, await pushSale('A2', p), ['amount-out-of-range']);
    expect(issue.reasons.find((x) => x.code === 'amount-out-of-range')!.text).toContain('-100000');
  });

  it('a quantity of 10^15', async () => {
    const p = memberSale('A2', {}, 1);
    const q = 1e15;
    Object.assign(p.sale.lines[0]!, { qty: q, amountFen: q });
    p.sale.totals = { itemCount: q, grossFen: q, discountFen: 0, dueFen: q };
    p.sale.tenders[0] = { ...p.sale.tenders[0]!, amountFen: q, tenderedFen: q };
    const issue = await expectFlagged('A2', p, await pushSale('A2', p), [
      'qty-out-of-range',
      'amount-out-of-range',
    ]);
    expect(issue.reasons.map((x) => x.text).join(' ')).toContain('1000000000000000');
  });

  it('2^53-1 fen, twice (the day view sums them)', async () => {
    const big = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < 2; i++) {
      const p = memberSale('A2');
      Object.assign(p.sale.lines[0]!, { unitPriceFen: big, amountFen: big });
      p.sale.totals = { itemCount: 1, grossFen: big, discountFen: 0, dueFen: big };
      p.sale.tenders[0] = { ...p.sale.tenders[0]!, amountFen: big, tenderedFen: big };
      await expectFlagged('A2', p, await pushSale('A2', p), ['amount-out-of-range']);
    }
  });

  it('totals that are not the sum of the lines', async () => {
    const p = memberSale('A2');
    p.sale.totals = { ...p.sale.totals, grossFen: 250_000, dueFen: 250_000 };
    p.sale.tenders[0] = { ...p.sale.tenders[0]!, amountFen: 250_000, tenderedFen: 250_000 };
    const issue = await expectFlagged('A2', p, await pushSale('A2', p), ['totals-mismatch']);
    expect(issue.reasons.find((x) => x.code === 'totals-mismatch')!.text).toContain('￥2,500.00');
  });

  it('tenders that do not cover the amount due', async () => {
    const p = memberSale('A2');
    p.sale.tenders[0] = { ...p.sale.tenders[0]!, amountFen: 100, tenderedFen: 100 };
    const issue = await expectFlagged('A2', p, await pushSale('A2', p), ['tenders-short']);
    expect(issue.reasons.find((x) => x.code === 'tenders-short')!.text).toContain('￥24.00');
  });

  it('change from a card', async () => {
    const p = memberSale('A2');
    p.sale.tenders = [{ id: newId(), kind: 'card', amountFen: 2500, changeFen: 7500, reference: 'POS1' }];
    p.sale.changeFen = 7500;
    await expectFlagged('A2', p, await pushSale('A2', p), ['change-invalid']);
  });

  it('a body naming another store and till', async () => {
    const p = memberSale('A2', { storeId: 'S011', terminalId: 'T01' });
    await expectFlagged('A2', p, await pushSale('A2', p), ['store-mismatch']);
  });

  const skewed = (offsetMs: number, businessDate?: string) => {
    const at = new Date(Date.now() + offsetMs);
    return memberSale('A2', {
      createdAt: at.toISOString(),
      businessDate: businessDate ?? businessDateOf(at),
    });
  };

  it('a clock 2 hours ahead', async () => {
    const p = skewed(2 * 3600_000);
    const issue = await expectFlagged('A2', p, await pushSale('A2', p), ['clock-skew']);
    expect(issue.reasons.find((x) => x.code === 'clock-skew')!.text).toMatch(/晚 (2 小时|1\d\d 分钟)/);
  });

  it('a clock 30 days behind (before the shift opened)', async () => {
    const p = skewed(-30 * DAY_MS);
    const issue = await expectFlagged('A2', p, await pushSale('A2', p), ['clock-skew']);
    expect(issue.reasons.find((x) => x.code === 'clock-skew')!.text).toContain('30 天');
  });

  it('a clock 365 days ahead', async () => {
    const p = skewed(365 * DAY_MS);
    await expectFlagged('A2', p, await pushSale('A2', p), ['clock-skew']);
  });

  it('a business date its time does not have', async () => {
    const p = skewed(0, businessDateOf(new Date(Date.now() + 2 * DAY_MS)));
    await expectFlagged('A2', p, await pushSale('A2', p), ['clock-skew']);
  });

  it('a duplicate receipt number after a new epoch', async () => {
    const first = memberSale('A1', { shiftId: undefined });
    delete first.sale.shiftId;
    expect(['applied', 'appliedWithConflict']).toContain((await pushSale('A1', first)).status);
    await afterAppliedSale();
    // A reinstall: a new epoch, seq from 1 again. The CRM says where the day's numbering goes on.
    const res = await w.call('A1', 'POST', '/api/v1/epochs');
    expect(res.statusCode, res.body).toBe(200);
    const epoch = NewEpochResponseSchema.parse(res.json());
    expect(epoch.receiptSeqFrom).toBe(2);
    expect(epoch.businessDate).toBe(businessDateOf(new Date()));
    w.tills.A1.epoch = epoch.epoch;
    w.tills.A1.seq = 0;
    // A till that ignores it restarts at ...000001.
    const again = memberSale('A1', { receiptNo: first.sale.receiptNo });
    delete again.sale.shiftId;
    const r = await pushSale('A1', again);
    await expectFlagged('A1', again, r, ['receipt-duplicate']);
    const dup = await w.sql<{ kind: string }>(
      `SELECT kind FROM issues WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY kind`,
      [JSON.stringify(r.issueIds)],
    );
    expect(dup.map((d) => d.kind)).toEqual(['receipt.duplicate', 'sale.flagged']);
    // A refund by that number is told there are two, not handed the newest.
    const look = await w.call('A2', 'GET', `/api/v1/sales/lookup?receiptNo=${first.sale.receiptNo}`);
    expect(look.statusCode).toBe(409);
    expect(look.json<{ code: string }>().code).toBe('receipt-no-ambiguous');
    const byId = await w.call('A2', 'GET', `/api/v1/sales/lookup?id=${first.sale.id}`);
    expect(byId.statusCode).toBe(200);
  });

  it('a manager releases held effects once; keepHeld keeps them held', async () => {
    const p = skewed(2 * 3600_000);
    const r = await pushSale('A2', p);
    const issue = await expectFlagged('A2', p, r, ['clock-skew']);
    void issue;
    const [issueId] = (
      await w.sql<{ id: string }>(`SELECT id FROM issues WHERE kind = 'sale.flagged' AND subject_id = $1`, [
        p.sale.id,
      ])
    ).map((x) => x.id);
    const manager = await w.sql<{ id: string }>(
      `SELECT id FROM staff WHERE store_id = 'S001' AND role = 'manager' AND active ORDER BY id LIMIT 1`,
    );
    // Resolving an issue takes a manager's verifiable approval (decision 0040), one per resolution.
    const resolve = (action: string) =>
      w.call('A2', 'POST', `/api/v1/issues/${issueId}/resolve`, {
        action,
        staffId: manager[0]!.id,
        approval: demoBadgeApproval(w.tills.A2, 'resolveIssue', issueId!, 0, manager[0]!.id),
      });
    const res = await resolve('releaseEffects');
    expect(res.statusCode, res.body).toBe(200);
    expect((await resolve('releaseEffects')).statusCode).toBe(200);
    const held = await w.sql<{ effects_held: boolean }>(`SELECT effects_held FROM sales WHERE id = $1`, [
      p.sale.id,
    ]);
    expect(held[0]!.effects_held).toBe(false);
    const mp = await w.sql<{ n: number }>(`SELECT count(*)::int AS n FROM member_purchases WHERE id = $1`, [
      p.sale.id,
    ]);
    expect(mp[0]!.n).toBe(1);

    const q = skewed(365 * DAY_MS);
    await pushSale('A2', q);
    const [qIssue] = (
      await w.sql<{ id: string }>(`SELECT id FROM issues WHERE kind = 'sale.flagged' AND subject_id = $1`, [
        q.sale.id,
      ])
    ).map((x) => x.id);
    const kept = await w.call('A2', 'POST', `/api/v1/issues/${qIssue}/resolve`, {
      action: 'keepHeld',
      staffId: manager[0]!.id,
      approval: demoBadgeApproval(w.tills.A2, 'resolveIssue', qIssue!, 0, manager[0]!.id),
    });
    expect(kept.statusCode, kept.body).toBe(200);
    const still = await w.sql<{ effects_held: boolean }>(`SELECT effects_held FROM sales WHERE id = $1`, [
      q.sale.id,
    ]);
    expect(still[0]!.effects_held).toBe(true);
  });

  it('the day view counts the normal sales only, under its own schema', async () => {
    const date = businessDateOf(new Date());
    const day = DayViewResponseSchema.parse(
      (await w.call('A2', 'GET', `/api/v1/shifts/day?date=${date}`)).json(),
    );
    const t02 = day.terminals.find((t) => t.terminalId === 'T02')!;
    const counted = await w.sql<{ n: number; total: string }>(
      `SELECT count(*)::int AS n, coalesce(sum(due_fen + rounding_fen), 0)::bigint AS total FROM sales
        WHERE store_id = 'S001' AND terminal_id = 'T02' AND business_date = $1 AND counted`,
      [date],
    );
    expect(t02.saleCount).toBe(counted[0]!.n);
    expect(t02.salesFen).toBe(Number(counted[0]!.total));
    expect(t02.salesFen).toBeLessThan(1_000_000_000);
  });
});
