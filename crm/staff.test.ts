// Staff and audit at the CRM (issue 7), on PGlite and (with TEST_DATABASE_URL) on PostgreSQL: the staff stream
// carries PIN hashes a till checks with WebCrypto and managers' badge hashes; audit entries are checked as a hash
// chain per terminal on intake, and a break raises one 'audit.chainBroken' issue naming the entries.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import { chainEntry, type AuditEntry } from '../src/domain/staff/auditChain';
import { staffBadgeHash } from '../src/domain/staff/badge';
import { DEMO_STAFF } from '../src/domain/staff/demoStaff';
import {
  AuditLogResponseSchema,
  IssueListResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  StaffListResponseSchema,
  StaffSchema,
  type Mutation,
  type PushResponse,
} from '../src/shared/crm';
import { verifyPin } from '../src/offline/staff/pin';
import type { Db } from './db';
import { newId } from './ids';
import { ensureDemoEnrollment, ensureSeeded } from './seed';
import { createCrmServer } from './server';
import { testBackends } from './testSupport';

function chain(n: number, chainId = newId()): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const prev = out.at(-1);
    out.push(
      chainEntry(prev ? { chainId, index: prev.index, hash: prev.hash } : null, {
        chainId,
        entryId: newId(),
        action: i === 0 ? 'staff.login' : 'approval.granted',
        actorId: 'E1002',
        ...(i > 0 ? { approvedBy: 'E1001' } : {}),
        detail: i > 0 ? { action: 'noSaleDrawer', reason: '换零钱', amountFen: 0 } : { mode: 'cashier' },
        at: new Date(Date.UTC(2026, 10, 25, 8, 0, i)).toISOString(),
      }),
    );
  }
  return out;
}

describe.each(testBackends())('CRM staff and audit on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let token = '';
  let epoch = 0;
  let seq = 0;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const mutation = (e: AuditEntry): Mutation => {
    const payload = JSON.parse(JSON.stringify(e)) as unknown;
    const s = ++seq;
    return {
      seq: s,
      mutationId: `S001.T03.${epoch}.${s}`,
      type: 'audit.appended',
      entityId: e.entryId,
      payload,
      payloadHash: sha256Hex(canonicalJson(payload)),
      createdAt: e.at,
    };
  };
  const push = async (mutations: Mutation[]): Promise<PushResponse> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: JSON.stringify({ terminalId: 'T03', epoch, mutations }),
    });
    expect(res.statusCode, res.body).toBe(200);
    return PushResponseSchema.parse(res.json());
  };
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<unknown>();
  };
  const openBreaks = async () =>
    IssueListResponseSchema.parse(await get('/api/v1/issues?state=all')).issues.filter(
      (i) => i.kind === 'audit.chainBroken',
    );

  beforeAll(async () => {
    db = await backend.open();
    await ensureSeeded(db, { products: 20, members: 5, pickupsPerState: 1, pinIterations: 1000 });
    app = await createCrmServer({ db, corsOrigins: [] });
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

  it('the staff stream carries argon2id PIN verifiers a till checks offline, and managers’ badge hashes', async () => {
    const page = PullResponseSchema.parse(await get('/api/v1/pull?stream=staff'));
    const staff = page.items.map((i) => StaffSchema.parse(i.data));
    expect(staff.map((s) => s.id).sort()).toEqual(DEMO_STAFF.map((s) => s.id).sort());
    for (const demo of DEMO_STAFF) {
      const s = staff.find((x) => x.id === demo.id)!;
      expect(s.role).toBe(demo.role);
      expect(s.pinHash).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      expect(await verifyPin(demo.pin, s.pinHash)).toBe(true);
      expect(await verifyPin('0000', s.pinHash)).toBe(false);
      expect(s.badgeHash).toBe(demo.badge ? staffBadgeHash(demo.badge) : undefined);
    }
  });

  it('lists the staff for managers without any hash', async () => {
    const body = StaffListResponseSchema.parse(await get('/api/v1/staff'));
    expect(body.staff).toContainEqual({
      id: 'E1001',
      name: '测试店长',
      role: 'manager',
      active: true,
      hasBadge: true,
    });
    expect(body.staff).toContainEqual(expect.objectContaining({ id: 'E1002', hasBadge: false }));
    expect(JSON.stringify(body)).not.toContain('pbkdf2');
    expect(JSON.stringify(body)).not.toContain('argon2id');
  });

  it('accepts an intact chain, once, and keeps the entries as sent', async () => {
    const entries = chain(4);
    const ms = entries.map(mutation);
    const r = await push(ms);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const replay = await push(ms);
    expect(replay.results.every((x) => x.replayed)).toBe(true);
    const log = AuditLogResponseSchema.parse(await get('/api/v1/audit?terminalId=T03'));
    expect(log.entries.filter((e) => e.chainId === entries[0]!.chainId)).toHaveLength(4);
    const granted = log.entries.find((e) => e.entryId === entries[1]!.entryId)!;
    expect(granted).toMatchObject({
      actorId: 'E1002',
      approvedBy: 'E1001',
      chainBreak: null,
      hash: entries[1]!.hash,
    });
    expect(granted.detail).toEqual({ action: 'noSaleDrawer', reason: '换零钱', amountFen: 0 });
    expect(log.chains.find((c) => c.chainId === entries[0]!.chainId)).toMatchObject({
      entries: 4,
      lastIndex: 3,
      breaks: 0,
    });
    expect(await openBreaks()).toEqual([]);
  });

  it('a removed entry breaks the chain: one issue naming both entries; the chain goes on from there', async () => {
    const entries = chain(6);
    const sent = [entries[0]!, entries[1]!, entries[3]!, entries[4]!, entries[5]!]; // entry 2 was deleted on the till
    const ms = sent.map(mutation);
    const r = await push(ms);
    expect(r.results.map((x) => x.status)).toEqual([
      'applied',
      'applied',
      'appliedWithConflict',
      'applied',
      'applied',
    ]);
    const issues = await openBreaks();
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(r.results[2]!.issueIds).toEqual([issue.id]);
    expect(issue.subjectId).toBe(entries[3]!.entryId);
    expect(issue.title).toContain('T03');
    expect(issue.title).toContain(entries[1]!.entryId);
    expect(issue.title).toContain(entries[3]!.entryId);
    expect(issue.refs.map((x) => x.mutationId)).toEqual([ms[1]!.mutationId, ms[2]!.mutationId]);
    expect(issue.actions).toEqual(['accept', 'dismiss']);
    // Replayed, the same answer and still one issue.
    const again = await push(ms);
    expect(again.results[2]).toMatchObject({
      status: 'appliedWithConflict',
      replayed: true,
      issueIds: [issue.id],
    });
    expect(await openBreaks()).toHaveLength(1);
    const log = AuditLogResponseSchema.parse(await get('/api/v1/audit?terminalId=T03&limit=500'));
    expect(log.entries.find((e) => e.entryId === entries[3]!.entryId)?.chainBreak).toBe('indexGap');
    expect(log.chains.find((c) => c.chainId === entries[0]!.chainId)).toMatchObject({
      entries: 5,
      breaks: 1,
    });
  });

  it('an entry edited after it was hashed, and a chain that starts mid-way, are breaks too', async () => {
    const entries = chain(3);
    const edited = { ...entries[1]!, approvedBy: 'E1005' };
    await push([mutation(entries[0]!), mutation(edited), mutation(entries[2]!)]);
    const tail = chain(3).slice(1);
    await push(tail.map(mutation));
    const log = AuditLogResponseSchema.parse(await get('/api/v1/audit?limit=500'));
    const verdict = (id: string) => log.entries.find((e) => e.entryId === id)?.chainBreak;
    expect(verdict(edited.entryId)).toBe('hashMismatch');
    expect(verdict(entries[2]!.entryId)).toBeNull();
    expect(verdict(tail[0]!.entryId)).toBe('badStart');
    expect(await openBreaks()).toHaveLength(3);
  });

  it('rejects an entry whose entityId is not its own', async () => {
    const [e] = chain(1);
    const m = { ...mutation(e!), entityId: newId() };
    const r = await push([m]);
    expect(r.results[0]).toMatchObject({ status: 'rejected', reason: 'entity-mismatch' });
  });
});
