// Approvals the CRM can verify (issue 15, decision 0040): online tokens the CRM signs after checking a PIN or badge,
// offline badge HMACs, offline PINs (unconfirmed, capped), and the binding of each to action, store, terminal,
// subject and amount. Every case here passed as an approval before: the CRM took `approvedBy` as it came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVAL_RATE_LIMIT,
  badgeMac,
  OFFLINE_PIN_APPROVAL_CAP_FEN,
  ONLINE_APPROVAL_TTL_S,
  type ApprovalClaim,
} from '../src/domain/staff/approvalProof';
import { DEMO_STAFF } from '../src/domain/staff/demoStaff';
import type { ApprovalProof } from '../src/shared/crm';
import { checkApproval, issueOnlineApproval, newNonce } from './approvals';
import type { Db } from './db';
import { newId } from './ids';
import { ensureSeeded } from './seed';
import { testBackends } from './testSupport';

const A1 = { storeId: 'S001', terminalId: 'T01' };
const A2 = { storeId: 'S001', terminalId: 'T02' };
const MANAGER = DEMO_STAFF.find((s) => s.id === 'E1001')!;

describe('approvals at the CRM (PGlite)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await testBackends()[0]!.open();
    await ensureSeeded(db, { products: 5, members: 2, pickupsPerState: 0, pinIterations: 1000 });
  }, 60_000);
  afterAll(async () => db?.close());

  const online = async (subjectId: string, amountFen: number, who = A1, now = new Date()) => {
    const r = await issueOnlineApproval(
      db,
      who,
      { action: 'refund', subjectId, amountFen, approverId: 'E1001', pin: MANAGER.pin },
      now,
    );
    if (!r.ok) throw new Error(r.code);
    return r.value.proof;
  };
  const check = (proof: ApprovalProof | undefined, subjectId: string, amountFen: number, over = {}) =>
    db.transaction((tx) =>
      checkApproval(tx, A1, {
        action: 'refund',
        proof,
        amountFen,
        subjectId,
        useKey: `m:${subjectId}`,
        ...over,
      }),
    );

  it('an online approval signed by the CRM verifies for what it names, once', async () => {
    const id = newId();
    const proof = await online(id, 12_345);
    expect(proof.token.startsWith('AP1.')).toBe(true);
    expect(await check(proof, id, 12_345)).toMatchObject({
      verdict: 'ok',
      kind: 'online',
      approverId: 'E1001',
    });
    // The same mutation seen again is the same use; another mutation with it is a replay.
    expect((await check(proof, id, 12_345)).verdict).toBe('ok');
    expect(await check(proof, id, 12_345, { useKey: 'm:other' })).toMatchObject({
      verdict: 'invalid',
      reason: 'replayed',
    });
  });

  it('no proof, a forged token, an altered amount, another subject, another terminal, expired: refused', async () => {
    const id = newId();
    expect(await check(undefined, id, 100)).toEqual({ verdict: 'missing', reason: 'noProof' });
    const proof = await online(id, 100);
    // Altered claims: the amount in the token body raised to a million yuan, signature kept.
    const [body, sig] = [proof.token.slice(0, proof.token.lastIndexOf('.')), proof.token.split('.').pop()!];
    const claims = JSON.parse(Buffer.from(body.slice(4), 'base64url').toString()) as Record<string, unknown>;
    const forged = `AP1.${Buffer.from(JSON.stringify({ ...claims, amt: 100_000_000 })).toString('base64url')}.${sig}`;
    expect(await check({ kind: 'online', token: forged }, id, 100_000_000)).toMatchObject({
      verdict: 'invalid',
      reason: 'badSignature',
    });
    expect(await check(proof, id, 101)).toMatchObject({ reason: 'otherAmount' });
    expect(await check(proof, newId(), 100)).toMatchObject({ reason: 'otherSubject' });
    expect(await check(proof, id, 100, { action: 'cashMove' })).toMatchObject({ reason: 'otherAction' });
    const other = await online(id, 100, A2);
    expect(await check(other, id, 100)).toMatchObject({ reason: 'otherTerminal' });
    const old = await online(id, 100, A1, new Date(Date.now() - (ONLINE_APPROVAL_TTL_S + 120) * 1000));
    expect(await check(old, id, 100)).toMatchObject({ reason: 'expired' });
  });

  it('an offline badge approval verifies with the key only the CRM keeps; a guessed badge does not', async () => {
    const id = newId();
    const claim: ApprovalClaim = {
      action: 'refund',
      approverId: 'E1001',
      ...A1,
      subjectId: id,
      amountFen: 9_900,
      at: new Date().toISOString(),
      nonce: newNonce(),
    };
    const good = { kind: 'badge' as const, ...claim, mac: badgeMac(MANAGER.badge!, claim) };
    expect(await check(good, id, 9_900)).toMatchObject({ verdict: 'ok', kind: 'badge' });
    const guessed = { ...good, nonce: newNonce(), mac: badgeMac('SB1.E1001.GUESSEDGUESSED00', claim) };
    expect(await check(guessed, id, 9_900, { useKey: 'm:x' })).toMatchObject({ reason: 'badSignature' });
    const altered = { ...good, amountFen: 99_900 };
    expect(await check(altered, id, 99_900, { useKey: 'm:y' })).toMatchObject({ reason: 'badSignature' });
    // A cashier has no badge key: not a manager.
    const cashier = { ...good, approverId: 'E1002', nonce: newNonce() };
    expect(await check(cashier, id, 9_900, { useKey: 'm:z' })).toMatchObject({ reason: 'notAManager' });
  });

  it('an offline PIN approval is unconfirmed within the cap and invalid above it', async () => {
    const id = newId();
    const pin = (amountFen: number): ApprovalProof => ({
      kind: 'pin',
      action: 'refund',
      approverId: 'E1001',
      ...A1,
      subjectId: id,
      amountFen,
      at: new Date().toISOString(),
      nonce: newNonce(),
    });
    expect(await check(pin(OFFLINE_PIN_APPROVAL_CAP_FEN), id, OFFLINE_PIN_APPROVAL_CAP_FEN)).toMatchObject({
      verdict: 'unconfirmed',
    });
    expect(
      await check(pin(OFFLINE_PIN_APPROVAL_CAP_FEN + 1), id, OFFLINE_PIN_APPROVAL_CAP_FEN + 1, {
        useKey: 'm:2',
      }),
    ).toMatchObject({ verdict: 'invalid', reason: 'overCap' });
    expect(await check(pin(100), id, 100, { useKey: 'm:3', verifiableOnly: true })).toMatchObject({
      verdict: 'invalid',
      reason: 'unverifiable',
    });
  });

  it('wrong PINs lock the approver out with a Retry-After; a cashier cannot approve', async () => {
    const who = { storeId: 'S001', terminalId: 'T03' };
    const ask = (pin: string, approverId = 'E1005') =>
      issueOnlineApproval(db, who, { action: 'refund', subjectId: newId(), amountFen: 1, approverId, pin });
    expect(await ask('1111', 'E1002')).toMatchObject({ ok: false, status: 403 });
    for (let i = 1; i < APPROVAL_RATE_LIMIT.maxFailures; i++)
      expect(await ask('0000')).toMatchObject({ status: 403 });
    const locked = await ask('0000');
    expect(locked).toMatchObject({ ok: false, status: 429 });
    // Even the right PIN waits out the lock.
    const right = await ask('888888');
    expect(right).toMatchObject({ ok: false, status: 429 });
    expect(right.ok ? 0 : (right.retryAfterS ?? 0)).toBeGreaterThan(0);
  });
});
