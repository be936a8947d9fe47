// Attack suite, issue 15 "Approvals the CRM can verify" (decision 0040): a till on the store network names a
// manager, borrows another store's manager, reuses a proof for another amount or entity, or guesses PINs. After
// each, SQL shows what the CRM holds: the mutation stored, its effect held, an issue raised for the manager.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeMac, type ApprovalClaim } from '../../src/domain/staff/approvalProof';
import { DEMO_STAFF } from '../../src/domain/staff/demoStaff';
import type { ApprovalProof } from '../../src/shared/crm';
import { badgeKeyHex, newNonce } from '../approvals';
import { cashSale, emptyZ, openAttackWorld, type AttackWorld, type TillName } from '../attackFixture';
import { newId } from '../ids';
import { TEST_ARGON2 } from '../../src/domain/staff/pinHash';
import { hashPin } from '../seed';
import { demoBadgeApproval, testBackends } from '../testSupport';

const MANAGER = DEMO_STAFF.find((s) => s.id === 'E1001')!;
/** A manager of the other store (S011), made for these tests. */
const OTHER = { id: 'E2001', pin: '482613', badge: 'SB1.E2001.YUEXIU7K3M9Q2W' };

describe.each(testBackends())('attacks on approvals ($name)', (backend) => {
  let w: AttackWorld;
  let memberId = '';
  beforeAll(async () => {
    w = await openAttackWorld(backend);
    await w.sql(
      `INSERT INTO staff (id, store_id, name, role, pin_hash, badge_hash, badge_key, active)
       VALUES ($1, 'S011', '越秀店长', 'manager', $2, $3, $4, true)`,
      [OTHER.id, await hashPin(OTHER.pin, 'manager', TEST_ARGON2), '0'.repeat(64), badgeKeyHex(OTHER.badge)],
    );
    memberId = (await w.sql<{ id: string }>(`SELECT id FROM members ORDER BY id LIMIT 1`))[0]!.id;
  }, 120_000);
  afterAll(async () => w?.close());

  /** A member sale of ¥100 earning 100 points, pushed and applied; then a full refund of it (payload only). */
  async function saleThenRefund(till: TillName = 'A1') {
    const sale = cashSale(w, till, { memberId }, 10_000);
    const earnEntryId = newId();
    const r = await w.push(till, [
      w.mutation(till, 'sale.completed', sale.id, {
        sale,
        coupons: [],
        points: { memberId, earn: 100, earnEntryId, redeem: 0 },
      }),
    ]);
    expect(r.results[0]!.status).toBe('applied');
    const refundId = newId();
    const refund = {
      refundId,
      originalSaleId: sale.id,
      originalReceiptNo: sale.receiptNo,
      receiptNo: `${sale.receiptNo}-R`,
      lines: sale.lines,
      tenders: sale.tenders,
      totalFen: 10_000,
      staffId: 'E1002',
      createdAt: new Date().toISOString(),
      pointsReversal: { memberId, points: 100, entryId: newId() },
      couponsRestored: [],
      full: true,
    };
    return { sale, refund };
  }

  const issuesOf = (kind: string, subjectId: string) =>
    w.sql<{ id: string; state: string; title: string }>(
      `SELECT id, state, title FROM issues WHERE kind = $1 AND subject_id = $2`,
      [kind, subjectId],
    );
  const reversalsOf = (saleId: string) =>
    w.sql(`SELECT entry_id FROM points_ledger WHERE sale_id = $1 AND kind = 'reverse'`, [saleId]);

  async function onlineProof(
    till: TillName,
    body: { action: string; subjectId: string; amountFen: number },
    cred: { approverId: string; pin: string } | { badge: string } = { approverId: 'E1001', pin: MANAGER.pin },
  ): Promise<ApprovalProof> {
    const res = await w.call(till, 'POST', '/api/v1/approvals', { ...body, ...cred });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ proof: ApprovalProof }>().proof;
  }

  it('a refund with no approval at all is stored, its points held, and flagged', async () => {
    const { sale, refund } = await saleThenRefund();
    const r = await w.push('A1', [w.mutation('A1', 'refund.completed', refund.refundId, refund)]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    expect(await w.sql(`SELECT approval FROM refunds WHERE id = $1`, [refund.refundId])).toEqual([
      { approval: 'missing' },
    ]);
    expect(await reversalsOf(sale.id)).toEqual([]);
    expect(await issuesOf('approval.missing', refund.refundId)).toHaveLength(1);
  });

  it("a manager's release of a refund held for want of approval moves its points once", async () => {
    const { sale, refund } = await saleThenRefund();
    await w.push('A1', [w.mutation('A1', 'refund.completed', refund.refundId, refund)]);
    expect(await reversalsOf(sale.id)).toEqual([]);
    const [issue] = await issuesOf('approval.missing', refund.refundId);
    const resolve = () =>
      w.call('A1', 'POST', `/api/v1/issues/${issue!.id}/resolve`, {
        action: 'releaseEffects',
        staffId: 'E1001',
        approval: demoBadgeApproval(w.tills.A1, 'resolveIssue', issue!.id, 0),
      });
    const first = await resolve();
    expect(first.statusCode, first.body).toBe(200);
    expect((await resolve()).statusCode).toBe(200); // a retried resolve changes nothing more
    expect(await reversalsOf(sale.id)).toHaveLength(1);
    expect(await w.sql(`SELECT approval FROM refunds WHERE id = $1`, [refund.refundId])).toEqual([
      { approval: 'released' },
    ]);
  });

  it('a manager named without proof (approvedBy only) is not an approval', async () => {
    const { sale, refund } = await saleThenRefund();
    const r = await w.push('A1', [
      w.mutation('A1', 'refund.completed', refund.refundId, { ...refund, approvedBy: 'E1001' }),
    ]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    expect(await reversalsOf(sale.id)).toEqual([]);
    expect(await issuesOf('approval.missing', refund.refundId)).toHaveLength(1);
    // The void of a sale "approved by E1001": the sale stays completed, its points stay.
    const v = await w.push('A1', [
      w.mutation('A1', 'sale.voided', sale.id, {
        saleId: sale.id,
        receiptNo: sale.receiptNo,
        voidedBy: 'E1002',
        approvedBy: 'E1001',
        reason: 'test',
        voidedAt: new Date().toISOString(),
      }),
    ]);
    expect(v.results[0]!.status).toBe('appliedWithConflict');
    expect(await w.sql(`SELECT status FROM sales WHERE id = $1`, [sale.id])).toEqual([
      { status: 'completed' },
    ]);
    expect(await issuesOf('approval.missing', sale.id)).toHaveLength(1);
  });

  it('a refund with the CRM-signed approval goes through with its points', async () => {
    const { sale, refund } = await saleThenRefund();
    const approval = await onlineProof('A1', {
      action: 'refund',
      subjectId: refund.refundId,
      amountFen: refund.totalFen,
    });
    const r = await w.push('A1', [
      w.mutation('A1', 'refund.completed', refund.refundId, { ...refund, approvedBy: 'E1001', approval }),
    ]);
    expect(r.results[0]!.status).toBe('applied');
    expect(await reversalsOf(sale.id)).toHaveLength(1);
    expect(await w.sql(`SELECT approval FROM refunds WHERE id = $1`, [refund.refundId])).toEqual([
      { approval: 'ok' },
    ]);
  });

  it('a ¥1,000,000.00 pay-out without approval is stored and flagged', async () => {
    const moveId = newId();
    const shiftId = newId();
    const r = await w.push('A1', [
      w.mutation('A1', 'cash.moved', moveId, {
        moveId,
        shiftId,
        kind: 'payOut',
        amountFen: 100_000_000,
        reason: '备用金',
        staffId: 'E1002',
        approvedBy: 'E1001',
        at: new Date().toISOString(),
      }),
    ]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    expect(
      await w.sql(`SELECT amount_fen::text AS a, approval FROM cash_moves WHERE id = $1`, [moveId]),
    ).toEqual([{ a: '100000000', approval: 'missing' }]);
    expect(await issuesOf('approval.missing', moveId)).toHaveLength(1);
  });

  it('a proof for another amount or another entity does not carry over', async () => {
    const { sale, refund } = await saleThenRefund();
    const small = await onlineProof('A1', { action: 'refund', subjectId: refund.refundId, amountFen: 100 });
    const r = await w.push('A1', [
      w.mutation('A1', 'refund.completed', refund.refundId, { ...refund, approval: small }),
    ]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    expect(await reversalsOf(sale.id)).toEqual([]);
    expect(
      await w.sql(`SELECT reason FROM approval_checks WHERE subject_id = $1`, [refund.refundId]),
    ).toEqual([{ reason: 'otherAmount' }]);
    expect(await issuesOf('approval.invalid', refund.refundId)).toHaveLength(1);
    // A pay-out proof of ¥300 used for another pay-out of the same amount.
    const shiftId = newId();
    const [m1, m2] = [newId(), newId()];
    const proof = await onlineProof('A1', { action: 'cashMove', subjectId: m1, amountFen: 30_000 });
    const move = (moveId: string) => ({
      moveId,
      shiftId,
      kind: 'payOut',
      amountFen: 30_000,
      reason: '采购',
      staffId: 'E1002',
      approval: proof,
      at: new Date().toISOString(),
    });
    const p = await w.push('A1', [
      w.mutation('A1', 'cash.moved', m1, move(m1)),
      w.mutation('A1', 'cash.moved', m2, move(m2)),
    ]);
    expect(p.results.map((x) => x.status)).toEqual(['applied', 'appliedWithConflict']);
    expect(await w.sql(`SELECT approval FROM cash_moves WHERE id = $1`, [m2])).toEqual([
      { approval: 'invalid' },
    ]);
  });

  it("another store's manager cannot approve here, online or by badge", async () => {
    // E2001's PIN at an S001 till: refused (not a manager of this store).
    const res = await w.call('A1', 'POST', '/api/v1/approvals', {
      action: 'refund',
      subjectId: newId(),
      amountFen: 10_000,
      approverId: OTHER.id,
      pin: OTHER.pin,
    });
    expect(res.statusCode).toBe(403);
    // A proof E2001 got at the S011 till, carried to an S001 refund.
    const { sale, refund } = await saleThenRefund();
    const foreign = await onlineProof(
      'B1',
      { action: 'refund', subjectId: refund.refundId, amountFen: refund.totalFen },
      { approverId: OTHER.id, pin: OTHER.pin },
    );
    const againId = newId();
    const claim: ApprovalClaim = {
      action: 'refund',
      approverId: OTHER.id,
      storeId: 'S001',
      terminalId: 'T01',
      subjectId: againId,
      amountFen: refund.totalFen,
      at: new Date().toISOString(),
      nonce: newNonce(),
    };
    const badge: ApprovalProof = { kind: 'badge', ...claim, mac: badgeMac(OTHER.badge, claim) };
    const r = await w.push('A1', [
      w.mutation('A1', 'refund.completed', refund.refundId, { ...refund, approval: foreign }),
    ]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    const again = { ...refund, refundId: againId, approval: badge };
    const r2 = await w.push('A1', [w.mutation('A1', 'refund.completed', again.refundId, again)]);
    expect(r2.results[0]!.status).toBe('appliedWithConflict');
    expect(await reversalsOf(sale.id)).toEqual([]);
    expect(
      await w.sql(`SELECT subject_id, reason FROM approval_checks WHERE subject_id IN ($1, $2) ORDER BY id`, [
        refund.refundId,
        again.refundId,
      ]),
    ).toEqual([
      { subject_id: refund.refundId, reason: 'otherStore' },
      { subject_id: again.refundId, reason: 'notAManager' },
    ]);
  });

  it('phone reveal with an employee number only is refused (403); with a proof it is recorded', async () => {
    const res = await w.call('A1', 'POST', `/api/v1/members/${memberId}/reveal-phone`, {
      approvedBy: 'E1001',
      staffId: 'E1002',
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).not.toMatch(/1\d{10}/);
    expect(await w.sql(`SELECT 1 FROM member_phone_reveals WHERE member_id = $1`, [memberId])).toEqual([]);
    expect(await issuesOf('approval.missing', memberId)).toHaveLength(1);
    const approval = await onlineProof('A1', { action: 'revealPhone', subjectId: memberId, amountFen: 0 });
    const ok = await w.call('A1', 'POST', `/api/v1/members/${memberId}/reveal-phone`, {
      approvedBy: 'E1001',
      staffId: 'E1002',
      approval,
    });
    expect(ok.statusCode).toBe(200);
    expect(
      await w.sql(`SELECT approved_by FROM member_phone_reveals WHERE member_id = $1`, [memberId]),
    ).toEqual([{ approved_by: 'E1001' }]);
  });

  it('issue resolution with an employee number only is refused (403); the issue stays open', async () => {
    const [issue] = await w.sql<{ id: string }>(
      `SELECT id FROM issues WHERE store_id = 'S001' AND kind = 'approval.missing' AND state = 'open' LIMIT 1`,
    );
    const res = await w.call('A1', 'POST', `/api/v1/issues/${issue!.id}/resolve`, {
      action: 'dismiss',
      staffId: 'E1001',
    });
    expect(res.statusCode).toBe(403);
    expect(await w.sql(`SELECT state FROM issues WHERE id = $1`, [issue!.id])).toEqual([{ state: 'open' }]);
    // An offline PIN "proof" is not enough for a route either.
    const pin: ApprovalProof = {
      kind: 'pin',
      action: 'resolveIssue',
      approverId: 'E1001',
      storeId: 'S001',
      terminalId: 'T01',
      subjectId: issue!.id,
      amountFen: 0,
      at: new Date().toISOString(),
      nonce: newNonce(),
    };
    const res2 = await w.call('A1', 'POST', `/api/v1/issues/${issue!.id}/resolve`, {
      action: 'dismiss',
      staffId: 'E1001',
      approval: pin,
    });
    expect(res2.statusCode).toBe(403);
    const approval = await onlineProof(
      'A1',
      { action: 'resolveIssue', subjectId: issue!.id, amountFen: 0 },
      { badge: MANAGER.badge! },
    );
    const ok = await w.call('A1', 'POST', `/api/v1/issues/${issue!.id}/resolve`, {
      action: 'dismiss',
      staffId: 'E1002',
      approval,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ resolution: { staffId: string } }>().resolution.staffId).toBe('E1001');
  });

  it('a manual discount over the limit needs an approval for its line; a verified one passes', async () => {
    const half = (over = {}) => {
      const sale = cashSale(w, 'A1', {}, 10_000);
      const line = {
        ...sale.lines[0]!,
        discountFen: 5_000,
        discounts: [{ kind: 'manual' as const, amountFen: 5_000 }],
      };
      return {
        ...sale,
        lines: [line],
        tenders: [{ ...sale.tenders[0]!, amountFen: 5_000, tenderedFen: 5_000 }],
        totals: { ...sale.totals, discountFen: 5_000, dueFen: 5_000 },
        ...over,
      };
    };
    const bare = half();
    const r = await w.push('A1', [w.mutation('A1', 'sale.completed', bare.id, { sale: bare, coupons: [] })]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    expect(await issuesOf('approval.missing', bare.lines[0]!.lineId)).toHaveLength(1);
    const ok = half();
    const lineId = ok.lines[0]!.lineId;
    const approval = demoBadgeApproval(w.tills.A1, 'discountOverLimit', lineId, 5_000);
    const r2 = await w.push('A1', [
      w.mutation('A1', 'sale.completed', ok.id, {
        sale: ok,
        coupons: [],
        approvals: [{ lineId, action: 'discountOverLimit', approval }],
      }),
    ]);
    expect(r2.results[0]!.status).toBe('applied');
  });

  it('an offline PIN approval is applied but unconfirmed: listed, counted at the Z, confirmed by a manager', async () => {
    const { sale, refund } = await saleThenRefund();
    const shiftId = newId();
    const pin: ApprovalProof = {
      kind: 'pin',
      action: 'refund',
      approverId: 'E1001',
      storeId: 'S001',
      terminalId: 'T01',
      subjectId: refund.refundId,
      amountFen: refund.totalFen,
      at: new Date().toISOString(),
      nonce: newNonce(),
    };
    const r = await w.push('A1', [
      w.mutation('A1', 'refund.completed', refund.refundId, { ...refund, shiftId, approval: pin }),
    ]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    expect(await reversalsOf(sale.id)).toHaveLength(1); // within the cap: applied
    const [issue] = await issuesOf('approval.unconfirmed', refund.refundId);
    expect(issue).toBeDefined();
    const z = emptyZ(shiftId, { refundTotalFen: 10_000, unconfirmedApprovals: 1 });
    await w.push('A1', [w.mutation('A1', 'shift.closed', shiftId, z)]);
    expect(
      await w.sql(`SELECT unconfirmed_approvals FROM shift_reports WHERE shift_id = $1`, [shiftId]),
    ).toEqual([{ unconfirmed_approvals: 1 }]);
    const approval = await onlineProof('A1', { action: 'resolveIssue', subjectId: issue!.id, amountFen: 0 });
    const res = await w.call('A1', 'POST', `/api/v1/issues/${issue!.id}/resolve`, {
      action: 'confirm',
      staffId: 'E1001',
      approval,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      await w.sql(`SELECT verdict FROM approval_checks WHERE subject_id = $1`, [refund.refundId]),
    ).toEqual([{ verdict: 'ok' }]);
  });

  it('wrong PINs at POST /approvals are rate-limited to 429 with Retry-After', async () => {
    const codes: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await w.call('A2', 'POST', '/api/v1/approvals', {
        action: 'cashMove',
        subjectId: newId(),
        amountFen: 100_000_000,
        approverId: 'E1005',
        pin: String(1000 + i),
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers['retry-after'] as string;
    }
    expect(codes.slice(0, 4)).toEqual([403, 403, 403, 403]);
    expect(codes.slice(4)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(
      await w.sql(`SELECT key FROM approval_attempts WHERE locked_until > now() ORDER BY key`),
    ).toContainEqual({ key: 'a:E1005' });
  });
});
