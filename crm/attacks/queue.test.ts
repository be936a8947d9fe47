// Issue 15, "no record can stop a till's queue": text the database cannot hold, integers out of their
// columns, and content that breaks the database, each pushed by an enrolled till. The CRM answers every
// mutation, consumes its seq, and the next normal sale of the same till is applied; the envelope and every
// other route refuse such text and integers with 400 problem+json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/domain/hash';
import { MUTATION_STATUSES, PROBLEM_CONTENT_TYPE, type PushResponse } from '../../src/shared/crm';
import { cashSale, emptyZ, openAttackWorld, type AttackWorld } from '../attackFixture';
import { newId } from '../ids';
import { testBackends } from '../testSupport';

const NUL = '\u0000';
const LONE = '\ud800';

/** Every string leaf of a value, as a path of keys and indexes. */
function stringLeaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...path, i]));
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, k]));
  return [];
}

function withLeaf<T>(v: T, path: (string | number)[], f: (s: string) => string): T {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  at[last] = f(at[last] as string);
  return copy as T;
}

function expectProblem400(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.statusCode, res.body).toBe(400);
  expect(String(res.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const body = JSON.parse(res.body) as { status: number; code: string };
  expect(body.status).toBe(400);
  // No exception text reaches the caller.
  expect(res.body).not.toMatch(/stack|at Object\.|\.ts:\d+|invalid byte sequence|unsupported Unicode/i);
}

describe.each(testBackends())('a queue no record can stop, on $name', (backend) => {
  let w: AttackWorld;
  beforeAll(async () => {
    w = await openAttackWorld(backend);
  }, 120_000);
  afterAll(async () => w?.close());

  /** A normal sale from `till` is applied at its next seq: the queue goes on. */
  async function queueGoesOn(till: 'A1' | 'A2' | 'B1') {
    const s = cashSale(w, till);
    const r = await w.push(till, [w.mutation(till, 'sale.completed', s.id, { sale: s, coupons: [] })]);
    expect(r.results.map((x) => x.status)).toEqual(['applied']);
    expect(r.lastAppliedSeq).toBe(w.tills[till].seq);
  }

  it('NUL and a lone surrogate in every string field of a sale: each answered, text held repaired', async () => {
    const base = cashSale(w, 'A1', { shiftId: newId(), memberId: 'M-NONE' });
    base.tenders = [
      { id: newId(), kind: 'cash', amountFen: 1500, tenderedFen: 1500, changeFen: 0, reference: 'CASH-1' },
      {
        id: newId(),
        kind: 'wechat',
        amountFen: 1000,
        reference: '4200001234202612070000000001',
        authCode: '134567890123456789',
      },
    ];
    const payload = {
      sale: base,
      coupons: [{ couponId: 'CP-NONE', code: 'NOPE-1', discountFen: 0 }],
    };
    const leaves = stringLeaves(payload);
    // The fields the issue names are among them.
    const names = leaves.map((p) => p.join('.'));
    for (const f of ['sale.receiptNo', 'sale.cashierId', 'sale.lines.0.name', 'sale.tenders.1.reference'])
      expect(names).toContain(f);

    const held: { saleId: string; path: string; value: string }[] = [];
    for (const path of leaves) {
      for (const [label, bad] of [
        ['nul', (s: string) => `${s.slice(0, 2)}${NUL}${s.slice(2)}`],
        ['surrogate', (s: string) => `${LONE}${s}`],
      ] as const) {
        // Each variant is its own sale (a fresh id), unless the id itself is the field under attack.
        const fresh = withLeaf(payload, ['sale', 'id'], () => newId());
        fresh.sale.lines[0]!.lineId = newId();
        const p = withLeaf(fresh, path, bad);
        const m = w.mutation('A1', 'sale.completed', fresh.sale.id, p);
        const res = await w.pushRaw('A1', [m]);
        expect(res.statusCode, `${label} at ${path.join('.')}: ${res.body}`).toBe(200);
        const r = res.json<PushResponse>();
        expect(r.results).toHaveLength(1);
        const [answer] = r.results;
        expect(MUTATION_STATUSES).toContain(answer!.status);
        expect(answer!.seq).toBe(m.seq);
        expect(r.lastAppliedSeq).toBe(m.seq);
        if (answer!.status === 'rejected') expect(answer!.reason).toBeDefined();
        if (answer!.status === 'applied' || answer!.status === 'appliedWithConflict')
          held.push({ saleId: fresh.sale.id, path: path.join('.'), value: bad('x'.repeat(4)) });
      }
    }
    // Free text and codes were kept (repaired), not lost: at least names, receipt, cashier, references.
    const heldPaths = new Set(held.map((h) => h.path));
    for (const f of ['sale.receiptNo', 'sale.cashierId', 'sale.lines.0.name', 'sale.tenders.1.reference'])
      expect(heldPaths).toContain(f);
    const name = await w.sql<{ name: string; receipt: string }>(
      `SELECT s.body->'lines'->0->>'name' AS name, s.receipt_no AS receipt
         FROM sales s JOIN applied_mutations a ON a.mutation_id = s.mutation_id
        WHERE a.store_id = 'S001' AND a.terminal_id = 'T01'`,
    );
    expect(name.some((r) => r.name.includes('\ufffd'))).toBe(true);
    expect(name.some((r) => r.receipt.includes('\ufffd'))).toBe(true);
    for (const r of name) expect(`${r.name}${r.receipt}`).not.toContain(NUL);

    // Every seq answered and stored, gap-free; the hash stored is the one the till sent.
    const t = w.tills.A1;
    const rows = await w.sql<{ n: number; max: number }>(
      `SELECT count(*)::int AS n, max(seq)::int AS max FROM applied_mutations
        WHERE store_id = 'S001' AND terminal_id = 'T01' AND epoch = $1`,
      [t.epoch],
    );
    expect(rows[0]).toEqual({ n: t.seq, max: t.seq });
    await queueGoesOn('A1');
  });

  it('a replay of a repaired mutation gets the stored answer: the hash is the original payload’s', async () => {
    const s = cashSale(w, 'A2');
    s.lines[0]!.name = `坏${NUL}名`;
    const m = w.mutation('A2', 'sale.completed', s.id, { sale: s, coupons: [] });
    const first = await w.push('A2', [m]);
    const again = await w.push('A2', [m]);
    expect(again.results[0]).toMatchObject({ status: first.results[0]!.status, replayed: true });
    const stored = await w.sql<{ payload_hash: string }>(
      `SELECT payload_hash FROM applied_mutations WHERE mutation_id = $1`,
      [m.mutationId],
    );
    expect(stored[0]!.payload_hash).toBe(sha256Hex(canonicalJson({ sale: s, coupons: [] })));
    await queueGoesOn('A2');
  });

  it('repaired text in another record type is held and raises mutation.textRepaired', async () => {
    const moveId = newId();
    const m = w.mutation('B1', 'cash.moved', moveId, {
      moveId,
      shiftId: newId(),
      kind: 'payIn',
      amountFen: 100,
      reason: `零钱${LONE}补充${NUL}`,
      staffId: 'E1002',
      at: new Date().toISOString(),
    });
    const r = await w.push('B1', [m]);
    expect(r.results[0]!.status).not.toBe('rejected');
    const issues = await w.sql<{ kind: string; store_id: string }>(
      `SELECT kind, store_id FROM issues WHERE subject_id = $1`,
      [m.mutationId],
    );
    expect(issues.map((i) => i.kind)).toContain('mutation.textRepaired');
    expect(issues.every((i) => i.store_id === 'S011')).toBe(true);
    await queueGoesOn('B1');
  });

  it('envelope integers outside their columns are 400 problem+json, nothing applied', async () => {
    const before = w.tills.A1.seq;
    const s = cashSale(w, 'A1');
    const m = w.mutation('A1', 'sale.completed', s.id, { sale: s, coupons: [] });
    w.tills.A1.seq = before; // nothing below is applied
    const t = w.tills.A1;
    for (const epoch of [2 ** 31, 2 ** 31 + 5, -1, 0, 1.5, 2 ** 53, 1e300, '1'])
      expectProblem400(
        await w.pushRaw('A1', [{ ...m, mutationId: `S001.T01.${epoch}.${m.seq}` }], { epoch }),
      );
    for (const seq of [0, -1, 1.5, 2 ** 53, 1e300, '2'])
      expectProblem400(
        await w.pushRaw('A1', [{ ...m, seq: seq as number, mutationId: `S001.T01.${t.epoch}.${seq}` }]),
      );
    // The largest seq the contract allows is refused as a gap, not a 500.
    const far = Number.MAX_SAFE_INTEGER;
    const res = await w.pushRaw('A1', [{ ...m, seq: far, mutationId: `S001.T01.${t.epoch}.${far}` }]);
    expect(res.statusCode).toBe(200);
    expect(res.json<PushResponse>()).toMatchObject({ results: [], expectedSeq: before + 1 });
    // An epoch in range but never issued: 409, not 500.
    const e = 2 ** 31 - 1;
    const unknown = await w.pushRaw('A1', [{ ...m, mutationId: `S001.T01.${e}.${m.seq}` }], { epoch: e });
    expect(unknown.statusCode).toBe(409);
    expect((await w.call('A1', 'GET', `/api/v1/pull?stream=issues&epoch=${2 ** 31}`)).statusCode).toBe(400);
    const applied = await w.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM applied_mutations WHERE mutation_id = $1`,
      [m.mutationId],
    );
    expect(applied[0]!.n).toBe(0);
    await queueGoesOn('A1');
  });

  it('NUL and lone surrogates in envelopes, params, queries and bodies of other routes are 400', async () => {
    const s = cashSale(w, 'A1');
    const m = w.mutation('A1', 'sale.completed', s.id, { sale: s, coupons: [] });
    w.tills.A1.seq -= 1;
    for (const bad of [NUL, LONE]) {
      expectProblem400(await w.pushRaw('A1', [{ ...m, createdAt: `${m.createdAt}${bad}` }]));
      expectProblem400(await w.pushRaw('A1', [{ ...m, entityId: `${m.entityId}${bad}` }]));
      expectProblem400(await w.pushRaw('A1', [m], { terminalId: `T01${bad}` }));
      // A key with bad text outside the payloads.
      expectProblem400(await w.pushRaw('A1', [{ ...m, [`x${bad}`]: 1 } as typeof m]));
      expectProblem400(
        await w.call('A1', 'POST', '/api/v1/issues/abc/resolve', {
          action: 'dismiss',
          staffId: 'E1001',
          note: `备注${bad}`,
        }),
      );
      expectProblem400(
        await w.call(null, 'POST', '/api/v1/enroll', {
          storeId: 'S001',
          terminalId: 'T09',
          code: `abcdef${bad}`,
        }),
      );
    }
    for (const url of [
      '/api/v1/pull?stream=issues&cursor=%00',
      '/api/v1/pull?stream=issues&cursor=%ED%A0%80',
      '/api/v1/issues?state=open%00',
      '/api/v1/members/M%00001',
      '/api/v1/members/%ED%A0%80',
    ])
      expectProblem400(await w.call('A1', 'GET', url));
    expectProblem400(
      await w.call('A1', 'POST', '/api/v1/issues/%00/resolve', { action: 'dismiss', staffId: 'E1001' }),
    );
    await queueGoesOn('A1');
  });

  it('a well-formed record the database refuses is rejected on its own; the ones around it are applied', async () => {
    const before = cashSale(w, 'A2');
    const m1 = w.mutation('A2', 'sale.completed', before.id, { sale: before, coupons: [] });
    const shiftId = newId();
    // zNo fits the schema (a safe integer) but not shift_reports.z_no (integer): SQLSTATE 22003.
    const m2 = w.mutation('A2', 'shift.closed', shiftId, emptyZ(shiftId, { zNo: 2 ** 31 }));
    const after = cashSale(w, 'A2');
    const m3 = w.mutation('A2', 'sale.completed', after.id, { sale: after, coupons: [] });
    const r = await w.push('A2', [m1, m2, m3]);
    expect(r.results.map((x) => [x.status, x.reason])).toEqual([
      ['applied', undefined],
      ['rejected', 'crm-could-not-apply'],
      ['applied', undefined],
    ]);
    expect(r.lastAppliedSeq).toBe(m3.seq);
    const issue = await w.sql<{ kind: string; title: string }>(
      `SELECT kind, title FROM issues WHERE id = $1`,
      [r.results[1]!.issueIds![0]],
    );
    expect(issue[0]!.kind).toBe('mutation.couldNotApply');
    expect(await w.sql(`SELECT 1 FROM shift_reports WHERE shift_id = $1`, [shiftId])).toEqual([]);
    const held = await w.sql<{ id: string }>(`SELECT id FROM sales WHERE id IN ($1, $2) ORDER BY id`, [
      before.id,
      after.id,
    ]);
    expect(held).toHaveLength(2);
    // A replay gets the same answer.
    const again = await w.push('A2', [m2]);
    expect(again.results[0]).toMatchObject({
      status: 'rejected',
      reason: 'crm-could-not-apply',
      replayed: true,
    });
    await queueGoesOn('A2');
  });

  it('a quarantined record is held for the manager and consumes its seq', async () => {
    const s = cashSale(w, 'B1');
    const original = { sale: s, coupons: [] };
    const json = JSON.stringify(original);
    const m = w.mutation('B1', 'mutation.quarantined', s.id, {
      originalType: 'sale.completed',
      entityId: s.id,
      payloadHash: sha256Hex(canonicalJson(original)),
      payloadB64: Buffer.from(json, 'utf8').toString('base64'),
      truncated: false,
      originalBytes: Buffer.byteLength(json),
      error: 'http-500: internal error',
      attempts: 6,
      quarantinedAt: new Date().toISOString(),
      receiptNo: s.receiptNo,
    });
    const r = await w.push('B1', [m]);
    expect(r.results[0]).toMatchObject({ status: 'rejected', reason: 'quarantined' });
    const q = await w.sql<{ payload_b64: string; issue_id: string }>(
      `SELECT payload_b64, issue_id FROM quarantined_mutations WHERE mutation_id = $1`,
      [m.mutationId],
    );
    expect(JSON.parse(Buffer.from(q[0]!.payload_b64, 'base64').toString('utf8'))).toEqual(original);
    expect(q[0]!.issue_id).toBe(r.results[0]!.issueIds![0]);
    // Quarantining records no sale.
    expect(await w.sql(`SELECT 1 FROM sales WHERE id = $1`, [s.id])).toEqual([]);
    await queueGoesOn('B1');
  });
});
