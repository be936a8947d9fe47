// Attack suite (issue 15): points and coupons only with the member's proof. A till sends what it likes; the CRM
// computes what a sale earns, spends points and member coupons only with the member's scanned code (valid at the
// sale's time, naming the sale's member, used once), and computes what a refund moves from the original sale.
// After each attack, SQL shows that balances, ledger and coupons are what the rules allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenToPoints, pointsEarned } from '../../src/domain/membership/points';
import type { MemberRules } from '../../src/domain/membership/rules';
import type { Sale } from '../../src/domain/model';
import type { RefundCompletedPayload, SaleCompletedPayload } from '../../src/shared/crm';
import {
  businessDateOf,
  cashSale,
  openAttackWorld,
  storeBadgeApproval,
  type AttackWorld,
  type TillName,
} from '../attackFixture';
import { newId } from '../ids';
import { issueMemberToken, loadRules } from '../members';
import { testBackends } from '../testSupport';

describe.each(testBackends())('points and coupons need the member’s proof, on $name', (backend) => {
  let w: AttackWorld;
  let rules: MemberRules;
  /** Members with enough points to spend, each attack its own. */
  let rich: string[] = [];

  beforeAll(async () => {
    w = await openAttackWorld(backend);
    rules = await loadRules(w.db);
    // Enough points for every attack below, whatever the seed gave.
    await w.sql(`UPDATE members SET points_balance = points_balance + 5000`);
    rich = (await w.sql<{ id: string }>(`SELECT id FROM members WHERE active ORDER BY id`)).map((r) => r.id);
  }, 180_000);
  afterAll(async () => w?.close());

  const balance = async (memberId: string) =>
    Number(
      (await w.sql<{ b: number }>(`SELECT points_balance AS b FROM members WHERE id = $1`, [memberId]))[0]!.b,
    );
  const ledger = async (saleId: string) =>
    (
      await w.sql<{ kind: string; member_id: string; delta: number }>(
        `SELECT kind, member_id, delta FROM points_ledger WHERE sale_id = $1 ORDER BY kind, delta`,
        [saleId],
      )
    ).map((r) => ({ kind: r.kind, member: r.member_id, delta: Number(r.delta) }));
  const issueKinds = async (ids: string[] | undefined) =>
    ids && ids.length
      ? (await w.sql<{ kind: string }>(`SELECT kind FROM issues WHERE id = ANY($1::text[])`, [ids])).map(
          (r) => r.kind,
        )
      : [];
  const tierOf = async (memberId: string) =>
    (await w.sql<{ tier: string }>(`SELECT tier FROM members WHERE id = $1`, [memberId]))[0]!.tier;
  const token = async (memberId: string, at = new Date()) =>
    (await issueMemberToken(w.db, memberId, at))!.token;

  /** A consistent member sale: goods worth cash + points, paid so; what the CRM's rules say it earns. */
  async function memberSale(
    till: TillName,
    memberId: string | undefined,
    opts: { cashFen: number; pointsFen?: number; couponFen?: number; over?: Partial<Sale> },
  ): Promise<{ sale: Sale; earn: number; redeem: number }> {
    const pointsFen = opts.pointsFen ?? 0;
    const couponFen = opts.couponFen ?? 0;
    const gross = opts.cashFen + pointsFen + couponFen;
    const base = cashSale(w, till, {}, gross);
    const line = {
      ...base.lines[0]!,
      discountFen: couponFen,
      discounts: couponFen ? [{ kind: 'coupon' as const, amountFen: couponFen, ref: 'coupon' }] : [],
    };
    const sale: Sale = {
      ...base,
      ...(memberId ? { memberId } : {}),
      lines: [line],
      tenders: [
        ...(pointsFen
          ? [{ id: newId(), kind: 'points' as const, amountFen: pointsFen, reference: newId() }]
          : []),
        { id: newId(), kind: 'cash', amountFen: opts.cashFen, tenderedFen: opts.cashFen, changeFen: 0 },
      ],
      totals: { itemCount: 1, grossFen: gross, discountFen: couponFen, dueFen: gross - couponFen },
      ...opts.over,
    };
    const tier = memberId ? await tierOf(memberId) : 'normal';
    const earn = memberId
      ? pointsEarned({ lines: sale.lines, tier, rules, pointsPaidFen: pointsFen }).points
      : 0;
    return { sale, earn, redeem: pointsFen ? fenToPoints(pointsFen, rules) : 0 };
  }

  async function pushSale(till: TillName, payload: SaleCompletedPayload) {
    const r = await w.push(till, [w.mutation(till, 'sale.completed', payload.sale.id, payload)]);
    return r.results[0]!;
  }

  it('points minted by a till: 1,000,000 claimed on a ¥1.00 sale, the CRM’s own figure is booked', async () => {
    const m = rich[0]!;
    const before = await balance(m);
    const { sale, earn } = await memberSale('B1', m, { cashFen: 100 });
    const r = await pushSale('B1', {
      sale,
      coupons: [],
      points: { memberId: m, earn: 1_000_000, earnEntryId: newId(), redeem: 0 },
    });
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toContain('points.earnMismatch');
    expect(earn).toBeLessThan(10);
    expect(await balance(m)).toBe(before + earn);
    expect(await ledger(sale.id)).toEqual(earn > 0 ? [{ kind: 'earn', member: m, delta: earn }] : []);
  });

  it('a member sale with no points intent still earns by the CRM’s rules', async () => {
    const m = rich[0]!;
    const before = await balance(m);
    const { sale, earn } = await memberSale('A1', m, { cashFen: 12_345 });
    const r = await pushSale('A1', { sale, coupons: [] });
    expect(earn).toBeGreaterThan(0);
    expect(r.status).toBe('applied');
    expect(await balance(m)).toBe(before + earn);
  });

  it('points spent without a member code (attached by card): not taken, an issue; the sale still earns', async () => {
    const m = rich[1]!;
    const before = await balance(m);
    const { sale, earn, redeem } = await memberSale('A1', m, { cashFen: 5000, pointsFen: 800 });
    const r = await pushSale('A1', {
      sale,
      coupons: [],
      points: { memberId: m, earn, earnEntryId: newId(), redeem, redeemEntryId: newId() },
    });
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toEqual(['member.proofInvalid']);
    expect(await balance(m)).toBe(before + earn);
    expect(await ledger(sale.id)).toEqual([{ kind: 'earn', member: m, delta: earn }]);
  });

  it('points of a member spent in a sale with no member attached: nothing moves, an issue', async () => {
    const victim = rich[2]!;
    const before = await balance(victim);
    const { sale } = await memberSale('B1', undefined, { cashFen: 100, pointsFen: 900 });
    const r = await pushSale('B1', {
      sale,
      coupons: [],
      points: { memberId: victim, earn: 0, redeem: 900, redeemEntryId: newId() },
      memberProof: { token: await token(victim) },
    });
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toContain('member.proofInvalid');
    expect(await balance(victim)).toBe(before);
    expect(await ledger(sale.id)).toEqual([]);
  });

  it('points spent with another member’s code: not taken, an issue', async () => {
    const m = rich[3]!;
    const other = rich[4]!;
    const [before, otherBefore] = [await balance(m), await balance(other)];
    const { sale, earn, redeem } = await memberSale('A2', m, { cashFen: 2000, pointsFen: 500 });
    const r = await pushSale('A2', {
      sale,
      coupons: [],
      points: { memberId: m, earn, earnEntryId: newId(), redeem, redeemEntryId: newId() },
      memberProof: { token: await token(other) },
    });
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toEqual(['member.proofInvalid']);
    expect(await balance(m)).toBe(before + earn);
    expect(await balance(other)).toBe(otherBefore);
    expect((await ledger(sale.id)).filter((e) => e.kind === 'redeem')).toEqual([]);
  });

  it('with the member’s own code the points are spent; the same code for a second sale is refused', async () => {
    const m = rich[5]!;
    const before = await balance(m);
    const proof = await token(m);
    const first = await memberSale('A1', m, { cashFen: 3000, pointsFen: 400 });
    const r1 = await pushSale('A1', {
      sale: first.sale,
      coupons: [],
      points: {
        memberId: m,
        earn: first.earn,
        earnEntryId: newId(),
        redeem: first.redeem,
        redeemEntryId: newId(),
      },
      memberProof: { token: proof },
    });
    expect(r1.status).toBe('applied');
    expect(await balance(m)).toBe(before + first.earn - first.redeem);
    // The same scanned code again, at another till of the store: it paid for one sale already.
    const second = await memberSale('A2', m, { cashFen: 1000, pointsFen: 600 });
    const r2 = await pushSale('A2', {
      sale: second.sale,
      coupons: [],
      points: {
        memberId: m,
        earn: second.earn,
        earnEntryId: newId(),
        redeem: second.redeem,
        redeemEntryId: newId(),
      },
      memberProof: { token: proof },
    });
    expect(r2.status).toBe('appliedWithConflict');
    expect(await issueKinds(r2.issueIds)).toEqual(['member.proofInvalid']);
    expect(await balance(m)).toBe(before + first.earn - first.redeem + second.earn);
    const used = await w.sql<{ sale_id: string }>(`SELECT sale_id FROM member_proofs WHERE member_id = $1`, [
      m,
    ]);
    expect(used.map((u) => u.sale_id)).toEqual([first.sale.id]);
  });

  it('a code that had expired at the sale’s time pays for nothing', async () => {
    const m = rich[6]!;
    const before = await balance(m);
    const stale = await token(m, new Date(Date.now() - (rules.tokenTtlS + 300) * 1000));
    const { sale, earn, redeem } = await memberSale('A1', m, { cashFen: 2000, pointsFen: 700 });
    const r = await pushSale('A1', {
      sale,
      coupons: [],
      points: { memberId: m, earn, earnEntryId: newId(), redeem, redeemEntryId: newId() },
      memberProof: { token: stale },
    });
    expect(r.status).toBe('appliedWithConflict');
    const title = await w.sql<{ title: string }>(`SELECT title FROM issues WHERE id = $1`, [r.issueIds![0]]);
    expect(title[0]!.title).toContain('过期');
    expect(await balance(m)).toBe(before + earn);
  });

  it('a code scanned when the customer arrived pays for that sale minutes later, not half an hour later', async () => {
    const m = rich[6]!;
    const ttl = rules.tokenTtlS;
    const spend = async (scannedAgoS: number) => {
      const scannedAt = new Date(Date.now() - scannedAgoS * 1000);
      const { sale, earn, redeem } = await memberSale('A2', m, { cashFen: 1000, pointsFen: 200 });
      const before = await balance(m);
      const r = await pushSale('A2', {
        sale,
        coupons: [],
        points: { memberId: m, earn, earnEntryId: newId(), redeem, redeemEntryId: newId() },
        memberProof: { token: await token(m, scannedAt), scannedAt: scannedAt.toISOString() },
      });
      return { r, moved: (await balance(m)) - before, earn, redeem };
    };
    const tenMinutes = await spend(10 * 60 + ttl);
    expect(tenMinutes.r.status).toBe('applied');
    expect(tenMinutes.moved).toBe(tenMinutes.earn - tenMinutes.redeem);
    const halfAnHour = await spend(30 * 60);
    expect(halfAnHour.r.status).toBe('appliedWithConflict');
    expect(halfAnHour.moved).toBe(halfAnHour.earn);
  });

  async function memberCoupon(notOf?: string) {
    const today = businessDateOf(new Date());
    const rows = await w.sql<{ id: string; code: string; member_id: string }>(
      `SELECT id, code, member_id FROM coupons
        WHERE state = 'issued' AND NOT bearer AND member_id IS NOT NULL AND member_id IS DISTINCT FROM $2
          AND valid_from <= $1::date AND valid_to >= $1::date
          AND NOT EXISTS (SELECT 1 FROM issues WHERE subject_id = coupons.id)
        ORDER BY id LIMIT 1`,
      [today, notOf ?? null],
    );
    return rows[0]!;
  }
  const couponState = async (id: string) =>
    (
      await w.sql<{ state: string; used_sale_id: string | null }>(
        `SELECT state, used_sale_id FROM coupons WHERE id = $1`,
        [id],
      )
    )[0]!;

  it('another member’s coupon burned in a sale with no member: not burned, an issue', async () => {
    const c = await memberCoupon();
    const { sale } = await memberSale('B1', undefined, { cashFen: 20_000, couponFen: 1000 });
    const r = await pushSale('B1', {
      sale,
      coupons: [{ couponId: c.id, code: c.code, discountFen: 1000 }],
    });
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toEqual(['coupon.invalid']);
    expect(await couponState(c.id)).toEqual({ state: 'issued', used_sale_id: null });
  });

  it('another member’s coupon in a member’s sale, even with that member’s own code: not burned', async () => {
    const buyer = rich[7]!;
    const c = await memberCoupon(buyer);
    const { sale } = await memberSale('A1', buyer, { cashFen: 20_000, couponFen: 1000 });
    const r = await pushSale('A1', {
      sale,
      coupons: [{ couponId: c.id, code: c.code, discountFen: 1000 }],
      memberProof: { token: await token(buyer) },
    });
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toContain('coupon.invalid');
    expect(await couponState(c.id)).toEqual({ state: 'issued', used_sale_id: null });
  });

  it('the member’s own coupon: not burned without their code, burned with it', async () => {
    const c = await memberCoupon();
    const owner = c.member_id;
    const noProof = await memberSale('A2', owner, { cashFen: 20_000, couponFen: 1000 });
    const r1 = await pushSale('A2', {
      sale: noProof.sale,
      coupons: [{ couponId: c.id, code: c.code, discountFen: 1000 }],
    });
    expect(await issueKinds(r1.issueIds)).toContain('member.proofInvalid');
    expect(await couponState(c.id)).toEqual({ state: 'issued', used_sale_id: null });
    const withProof = await memberSale('A2', owner, { cashFen: 20_000, couponFen: 1000 });
    const r2 = await pushSale('A2', {
      sale: withProof.sale,
      coupons: [{ couponId: c.id, code: c.code, discountFen: 1000 }],
      memberProof: { token: await token(owner) },
    });
    expect(r2.status).toBe('applied');
    expect(await couponState(c.id)).toEqual({ state: 'used', used_sale_id: withProof.sale.id });
  });

  it('a bearer coupon (a printed flyer) may be used in any sale', async () => {
    const [c] = await w.sql<{ id: string; code: string }>(
      `SELECT id, code FROM coupons WHERE bearer AND state = 'issued' ORDER BY id LIMIT 1`,
    );
    const { sale } = await memberSale('B1', undefined, { cashFen: 20_000, couponFen: 1000 });
    const r = await pushSale('B1', {
      sale,
      coupons: [{ couponId: c!.id, code: c!.code, discountFen: 1000 }],
    });
    expect(r.status).toBe('applied');
    expect(await couponState(c!.id)).toEqual({ state: 'used', used_sale_id: sale.id });
  });

  function refund(
    till: TillName,
    original: { id: string; receiptNo: string; lines: Sale['lines'] },
    totalFen: number,
    extra: Partial<RefundCompletedPayload> = {},
  ): RefundCompletedPayload {
    const t = w.tills[till];
    return {
      refundId: newId(),
      originalSaleId: original.id,
      originalReceiptNo: original.receiptNo,
      receiptNo: `${t.storeId}-${t.terminalId}-R-${Math.floor(Math.random() * 1e6)}`,
      lines: original.lines,
      tenders: [{ id: newId(), kind: 'cash', amountFen: totalFen }],
      totalFen,
      staffId: 'E1002',
      approvedBy: 'E1001',
      createdAt: new Date().toISOString(),
      couponsRestored: [],
      roundingFen: 0,
      ...extra,
    };
  }
  async function pushRefund(till: TillName, p: RefundCompletedPayload) {
    // Every refund carries a manager's verifiable approval (decision 0040), so only the points rules speak here.
    const approval = storeBadgeApproval(w, till, 'refund', p.refundId, p.totalFen);
    const r = await w.push(till, [w.mutation(till, 'refund.completed', p.refundId, { ...p, approval })]);
    return r.results[0]!;
  }

  it('a refund of a sale that never existed gives nobody points back', async () => {
    const m = rich[2]!;
    const before = await balance(m);
    const ghost = { id: newId(), receiptNo: 'S011-T01-20260101-000001', lines: cashSale(w, 'B1').lines };
    const p = refund('B1', ghost, 100, {
      pointsRestore: { memberId: m, points: 77_777, entryId: newId() },
      couponsRestored: [(await memberCoupon()).id],
    });
    const r = await pushRefund('B1', p);
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toEqual(['refund.unknownSale']);
    expect(await balance(m)).toBe(before);
    expect(await ledger(ghost.id)).toEqual([]);
  });

  it('a refund restoring more than the sale redeemed gives back only what the sale took, once', async () => {
    const m = rich[4]!;
    const { sale, earn, redeem } = await memberSale('A1', m, { cashFen: 4000, pointsFen: 300 });
    await pushSale('A1', {
      sale,
      coupons: [],
      points: { memberId: m, earn, earnEntryId: newId(), redeem, redeemEntryId: newId() },
      memberProof: { token: await token(m) },
    });
    const before = await balance(m);
    // A full refund (every fen) that claims 50,000 points back and reverses nothing.
    const p = refund('A1', sale, 4300, {
      tenders: [
        { originalTenderId: sale.tenders[0]!.id, kind: 'points', amountFen: 300 },
        { originalTenderId: sale.tenders[1]!.id, kind: 'cash', amountFen: 4000 },
      ],
      pointsRestore: { memberId: m, points: 50_000, entryId: newId() },
    });
    const r = await pushRefund('A1', p);
    expect(r.status).toBe('appliedWithConflict');
    expect(await issueKinds(r.issueIds)).toEqual(['refund.pointsMismatch']);
    expect(await balance(m)).toBe(before + redeem - earn);
    const moved = await w.sql<{ points_reversed: number; points_restored: number }>(
      `SELECT points_reversed, points_restored FROM refunds WHERE id = $1`,
      [p.refundId],
    );
    expect(moved.map((x) => [Number(x.points_reversed), Number(x.points_restored)])).toEqual([
      [earn, redeem],
    ]);
    // A second refund of the same sale moves nothing more.
    const again = refund('A1', sale, 1, { pointsRestore: { memberId: m, points: 300, entryId: newId() } });
    const r2 = await pushRefund('A1', again);
    expect(await issueKinds(r2.issueIds)).toEqual(
      expect.arrayContaining(['refund.exceedsSale', 'refund.pointsMismatch']),
    );
    expect(await balance(m)).toBe(before + redeem - earn);
  });

  it('a refund at another store: allowed by the chain policy and recorded; refused when the chain denies it', async () => {
    const m = rich[6]!;
    const { sale, earn } = await memberSale('A1', m, { cashFen: 10_000 });
    await pushSale('A1', { sale, coupons: [] });
    const before = await balance(m);
    const half = refund('B1', sale, 5000, {
      pointsReversal: { memberId: m, points: Math.round(earn / 2), entryId: newId() },
    });
    const r = await pushRefund('B1', half);
    expect(r.status).toBe('applied');
    expect(await balance(m)).toBe(before - Math.round(earn / 2));
    expect(
      await w.sql(`SELECT store_id, original_store_id FROM refunds WHERE id = $1`, [half.refundId]),
    ).toEqual([{ store_id: 'S011', original_store_id: 'S001' }]);

    await w.sql(`UPDATE chain_settings SET value = '"deny"' WHERE key = 'refunds.crossStore'`);
    try {
      const rest = refund('B1', sale, 5000, {
        pointsReversal: { memberId: m, points: earn - Math.round(earn / 2), entryId: newId() },
      });
      const r2 = await pushRefund('B1', rest);
      expect(await issueKinds(r2.issueIds)).toEqual(['refund.otherStore']);
      expect(await balance(m)).toBe(before - Math.round(earn / 2));
    } finally {
      await w.sql(`UPDATE chain_settings SET value = '"allow"' WHERE key = 'refunds.crossStore'`);
    }
  });
});
