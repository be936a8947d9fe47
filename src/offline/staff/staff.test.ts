import 'fake-indexeddb/auto';
import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../domain/hash';
import { AuditAppendedPayloadSchema } from '../../shared/crm/mutations';
import { DEMO_STAFF } from '../../domain/staff/demoStaff';
import { newId } from '../ids';
import { commitSale, verifyLedgerIntegrity } from '../sales';
import { freshCache, freshLedger, saleDraft } from '../testSupport';
import { appendAudit, appendAuditInTx, auditTables, listAudit, verifyLocalAuditChain } from './audit';
import { checkStaffBadge, checkStaffPin, liftLockout, staffLockout, type StaffCheckDeps } from './login';
import { DEFAULT_ARGON2, isLegacyPinHash, TEST_ARGON2 } from '../../domain/staff/pinHash';
import { makePinVerifier } from '../../domain/staff/pinKdf';
import { hashPin, verifyPin } from './pin';
import { ensureDemoStaff, findCachedStaff, listCachedStaff } from './staffCache';

const ITER = 1000; // PBKDF2's floor, for the legacy verifiers
const COST = TEST_ARGON2; // argon2id's floor: fast tests, same code path

function clock(startIso = '2026-03-02T08:00:00.000Z') {
  let t = Date.parse(startIso);
  return { now: () => new Date(t), advanceMinutes: (m: number) => (t += m * 60_000) };
}

async function setup() {
  const ledger = await freshLedger();
  const cache = freshCache();
  await ensureDemoStaff(cache, 'S001', COST);
  const c = clock();
  const deps: StaffCheckDeps = { ledger, cache, now: c.now, newId: () => newId() };
  return { ledger, cache, deps, c };
}

describe('PIN verifiers', () => {
  it('argon2id: a fresh verifier carries its cost, checks the right PIN and refuses a wrong one', async () => {
    const v = await hashPin('135790', TEST_ARGON2);
    expect(v).toMatch(/^argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(await verifyPin('135790', v)).toBe(true);
    expect(await verifyPin('135791', v)).toBe(false);
    expect(await verifyPin('1357', v)).toBe(false);
    expect(await hashPin('135790', TEST_ARGON2)).not.toBe(v); // salted
  });

  it('argon2id: one salt and cost give one verifier, and the cost read from the string is bound into the check', async () => {
    const salt = Uint8Array.from(Buffer.from('till-salt-123456'));
    const a = await makePinVerifier('2468', { memoryKiB: 2048, iterations: 2, parallelism: 1 }, salt);
    expect(a.startsWith('argon2id$v=19$m=2048,t=2,p=1$dGlsbC1zYWx0LTEyMzQ1Ng==$')).toBe(true);
    expect(await makePinVerifier('2468', { memoryKiB: 2048, iterations: 2, parallelism: 1 }, salt)).toBe(a);
    expect(await verifyPin('2468', a)).toBe(true);
    // The cost is bound into the check: the same hash under other parameters does not verify.
    expect(await verifyPin('2468', a.replace('m=2048,t=2', 'm=2048,t=3'))).toBe(false);
  });

  it('the production default is memory-hard and is what hashPin makes without a cost', () => {
    expect(DEFAULT_ARGON2.memoryKiB).toBeGreaterThanOrEqual(65_536);
    expect(DEFAULT_ARGON2.iterations).toBeGreaterThanOrEqual(2);
    expect(TEST_ARGON2.memoryKiB).toBeLessThan(DEFAULT_ARGON2.memoryKiB);
  });

  it('legacy PBKDF2 verifiers the CRM made with node:crypto still verify (migration path)', async () => {
    const salt = Buffer.from('till-salt-123456');
    const crm = `pbkdf2-sha256$${ITER}$${salt.toString('base64')}$${pbkdf2Sync('2468', salt, ITER, 32, 'sha256').toString('base64')}`;
    expect(await verifyPin('2468', crm)).toBe(true);
    expect(await verifyPin('2469', crm)).toBe(false);
    expect(isLegacyPinHash(crm)).toBe(true);
    expect(isLegacyPinHash(await hashPin('2468', TEST_ARGON2))).toBe(false);
  });

  it('refuses a hash it cannot read instead of throwing', async () => {
    expect(await verifyPin('1111', 'plain:1111')).toBe(false);
    expect(await verifyPin('1111', '')).toBe(false);
    expect(await verifyPin('1111', 'argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA=$AAAA')).toBe(false);
  });
});

describe('cached staff', () => {
  it('demo staff are hashed once into the staff stream', async () => {
    const cache = freshCache();
    expect(await ensureDemoStaff(cache, 'S001', COST)).toBe(DEMO_STAFF.length);
    expect(await ensureDemoStaff(cache, 'S001', COST)).toBe(0);
    const { staff, unreadable } = await listCachedStaff(cache);
    expect(staff.map((s) => s.id)).toEqual(DEMO_STAFF.map((s) => s.id));
    expect(unreadable).toBe(0);
    const manager = await findCachedStaff(cache, 'E1001');
    expect(manager).toMatchObject({ role: 'manager', active: true });
    expect(manager?.badgeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyPin('999999', manager!.pinHash)).toBe(true);
  });

  it('leaves out rows that fail the schema', async () => {
    const cache = freshCache();
    await cache.streamItems.bulkPut([
      { gen: 'a', kind: 'staff', id: 'X1', version: 1, data: { id: 'X1', role: 'boss' } },
    ]);
    expect(await listCachedStaff(cache)).toEqual({ staff: [], unreadable: 1 });
  });
});

describe('audit log', () => {
  it('chains entries, each with its audit.appended outbox record, in the ledger seq order', async () => {
    const { ledger, deps } = await setup();
    const a = await appendAudit(
      ledger,
      { action: 'staff.login', actorId: 'E1002', detail: { mode: 'cashier' } },
      deps,
    );
    await commitSale(ledger, saleDraft());
    const b = await appendAudit(
      ledger,
      {
        action: 'approval.granted',
        actorId: 'E1002',
        approvedBy: 'E1001',
        detail: { action: 'noSaleDrawer', reason: '找零' },
      },
      deps,
    );
    expect(b.prevHash).toBe(a.hash);
    expect(b.chainId).toBe(a.chainId);
    expect(b.index).toBe(1);
    const outbox = await ledger.outbox.orderBy('seq').toArray();
    expect(outbox.map((r) => r.type)).toEqual(['audit.appended', 'sale.completed', 'audit.appended']);
    const rec = outbox[2]!;
    expect(rec.entityId).toBe(b.entryId);
    expect(AuditAppendedPayloadSchema.parse(rec.payload)).toEqual(b);
    expect(rec.payloadHash).toBe(sha256Hex(canonicalJson(rec.payload)));
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
    expect(await verifyLocalAuditChain(ledger)).toEqual({ entries: 2, ok: true, breaks: [] });
    expect((await listAudit(ledger)).map((e) => e.index)).toEqual([1, 0]);
  });

  it('an entry appended inside an action that fails is rolled back with it', async () => {
    const { ledger, deps } = await setup();
    await appendAudit(ledger, { action: 'staff.login', actorId: 'E1002' }, deps);
    await expect(
      ledger.transaction('rw', auditTables(ledger), async () => {
        await appendAuditInTx(ledger, { action: 'drawer.noSale', actorId: 'E1002' }, deps);
        throw new Error('drawer failed');
      }),
    ).rejects.toThrow('drawer failed');
    expect(await ledger.audit.count()).toBe(1);
    expect(await ledger.outbox.count()).toBe(1);
    const c = await appendAudit(ledger, { action: 'drawer.noSale', actorId: 'E1002' }, deps);
    expect(c.index).toBe(1);
    expect((await verifyLocalAuditChain(ledger)).ok).toBe(true);
  });

  it('a till with no CRM keeps entries local; with a CRM later, the backlog is queued first, in chain order', async () => {
    const { ledger, deps } = await setup();
    const local = { ...deps, toOutbox: false };
    await appendAudit(ledger, { action: 'staff.login', actorId: 'E1002' }, local);
    await appendAudit(ledger, { action: 'till.locked', actorId: 'E1002' }, local);
    expect(await ledger.outbox.count()).toBe(0);
    await commitSale(ledger, saleDraft());
    const third = await appendAudit(ledger, { action: 'staff.logout', actorId: 'E1002' }, deps);
    const fourth = await appendAudit(ledger, { action: 'staff.login', actorId: 'E1003' }, deps);
    const outbox = await ledger.outbox.orderBy('seq').toArray();
    expect(outbox.map((r) => [r.seq, r.type, (r.payload as { index?: number }).index])).toEqual([
      [1, 'sale.completed', undefined],
      [2, 'audit.appended', 0],
      [3, 'audit.appended', 1],
      [4, 'audit.appended', 2],
      [5, 'audit.appended', 3],
    ]);
    expect(outbox[3]!.entityId).toBe(third.entryId);
    expect(outbox[4]!.entityId).toBe(fourth.entryId);
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
  });

  it('finds an entry edited in the ledger', async () => {
    const { ledger, deps } = await setup();
    for (let i = 0; i < 4; i++)
      await appendAudit(ledger, { action: 'staff.login', actorId: 'E1002', detail: { i } }, deps);
    await ledger.audit.update(2, { actorId: 'E1003' });
    expect((await verifyLocalAuditChain(ledger)).breaks).toEqual([
      expect.objectContaining({ index: 2, reason: 'hashMismatch' }),
    ]);
  });
});

describe('PIN check and lockout', () => {
  it('logs in with employee number and PIN, as typed on a keypad too, and records it', async () => {
    const { deps, ledger } = await setup();
    const r = await checkStaffPin(deps, {
      typedId: '1002',
      pin: '1111',
      purpose: 'login',
      mode: 'cashier',
      onSuccess: (s) => ({ action: 'staff.login', actorId: s.id, detail: { role: s.role } }),
    });
    expect(r).toMatchObject({ ok: true, staff: { id: 'E1002', role: 'cashier' } });
    expect((await listAudit(ledger))[0]).toMatchObject({ action: 'staff.login', actorId: 'E1002' });
  });

  it('five wrong PINs lock the employee out, persisted in the ledger; the right PIN is refused while locked', async () => {
    const { deps, ledger, c } = await setup();
    for (let i = 1; i <= 4; i++) {
      const r = await checkStaffPin(deps, { typedId: 'E1002', pin: '0000', purpose: 'login' });
      expect(r).toMatchObject({ ok: false, reason: 'wrongPin', remaining: 5 - i });
    }
    const fifth = await checkStaffPin(deps, { typedId: 'E1002', pin: '0000', purpose: 'login' });
    expect(fifth).toMatchObject({ ok: false, reason: 'locked', lockedNow: true });
    const right = await checkStaffPin(deps, { typedId: 'E1002', pin: '1111', purpose: 'login' });
    expect(right).toMatchObject({ ok: false, reason: 'locked' });
    expect(await ledger.staffLockouts.get('E1002')).toMatchObject({ failures: 5 });
    const actions = (await listAudit(ledger, 10)).map((e) => e.action).reverse();
    expect(actions).toEqual([...Array(4).fill('staff.pinFailed'), 'staff.lockedOut', 'staff.pinFailed']);
    // Another employee is not affected.
    expect((await checkStaffPin(deps, { typedId: 'E1003', pin: '2222', purpose: 'login' })).ok).toBe(true);
    c.advanceMinutes(15);
    expect((await checkStaffPin(deps, { typedId: 'E1002', pin: '1111', purpose: 'login' })).ok).toBe(true);
    expect(await staffLockout(deps, 'E1002')).toEqual({ locked: false, failures: 0, remaining: 5 });
  });

  it('a manager lifts a lockout; recorded with the approver', async () => {
    const { deps } = await setup();
    for (let i = 0; i < 5; i++)
      await checkStaffPin(deps, { typedId: 'E1002', pin: '0000', purpose: 'login' });
    expect((await staffLockout(deps, 'E1002')).locked).toBe(true);
    const entry = await liftLockout(deps, 'E1002', 'E1001');
    expect(entry).toMatchObject({ action: 'staff.unlocked', actorId: 'E1002', approvedBy: 'E1001' });
    expect((await checkStaffPin(deps, { typedId: 'E1002', pin: '1111', purpose: 'login' })).ok).toBe(true);
  });

  it('roles: floor staff cannot log in at a cashier till; only managers approve', async () => {
    const { deps } = await setup();
    expect(
      await checkStaffPin(deps, { typedId: 'E1004', pin: '3333', purpose: 'login', mode: 'cashier' }),
    ).toMatchObject({ ok: false, reason: 'notAllowed' });
    expect(
      (await checkStaffPin(deps, { typedId: 'E1004', pin: '3333', purpose: 'login', mode: 'pda' })).ok,
    ).toBe(true);
    expect(
      await checkStaffPin(deps, {
        typedId: 'E1002',
        pin: '1111',
        purpose: 'approval',
        permission: 'approve',
      }),
    ).toMatchObject({ ok: false, reason: 'notAllowed' });
    expect(
      (
        await checkStaffPin(deps, {
          typedId: 'E1005',
          pin: '888888',
          purpose: 'approval',
          permission: 'approve',
        })
      ).ok,
    ).toBe(true);
  });

  it('an unknown employee number is refused and recorded as typed', async () => {
    const { deps, ledger } = await setup();
    expect(await checkStaffPin(deps, { typedId: 'E9999', pin: '1111', purpose: 'login' })).toMatchObject({
      ok: false,
      reason: 'unknown',
    });
    expect((await listAudit(ledger))[0]).toMatchObject({ action: 'staff.pinFailed', actorId: 'E9999' });
  });

  it('the till unlocks only for the cashier who locked it (or a manager through an approval)', async () => {
    const { deps } = await setup();
    const other = await checkStaffPin(deps, {
      typedId: 'E1003',
      pin: '2222',
      purpose: 'unlock',
      onlyStaffId: 'E1002',
    });
    expect(other).toMatchObject({ ok: false, reason: 'notAllowed' });
    const self = await checkStaffPin(deps, {
      typedId: 'E1002',
      pin: '1111',
      purpose: 'unlock',
      onlyStaffId: 'E1002',
    });
    expect(self.ok).toBe(true);
  });
});

describe('badge check', () => {
  it("accepts a manager's badge, refuses a forged or unknown one", async () => {
    const { deps, ledger } = await setup();
    const badge = DEMO_STAFF.find((s) => s.id === 'E1001')!.badge!;
    const ok = await checkStaffBadge(deps, {
      code: badge,
      purpose: 'approval',
      permission: 'approve',
      onSuccess: (s) => ({ action: 'approval.granted', actorId: 'E1002', approvedBy: s.id }),
    });
    expect(ok).toMatchObject({ ok: true, staff: { id: 'E1001' }, audit: { approvedBy: 'E1001' } });
    expect(
      await checkStaffBadge(deps, { code: 'SB1.E1001.FORGEDFORGED12', purpose: 'approval' }),
    ).toMatchObject({
      ok: false,
      reason: 'badBadge',
    });
    expect(await checkStaffBadge(deps, { code: '6901234567892', purpose: 'approval' })).toMatchObject({
      ok: false,
      reason: 'badBadge',
    });
    expect((await listAudit(ledger)).map((e) => e.action)).toEqual([
      'staff.badgeFailed',
      'staff.badgeFailed',
      'approval.granted',
    ]);
  });
});
