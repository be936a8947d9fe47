import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Mutation, MutationResult, PullResponse, PushRequest, PushResponse } from '../../shared/crm';
import { businessDateOf } from '../../domain/businessDate';
import { commitSale, verifyLedgerIntegrity } from '../sales';
import { freshCache, freshLedger, saleDraft } from '../testSupport';
import type { CrmClient, CrmFailure, CrmResult } from './crmClient';
import { createSyncRunner, type SyncRunnerDeps } from './syncRunner';

type Scripted<T> = (req: T) => CrmResult<unknown> | undefined;

/** An in-memory CRM for one terminal: applies pushes once and in order, like the real one. */
class FakeCrm implements CrmClient {
  lastApplied = 0;
  readonly applied = new Map<number, Mutation>();
  readonly pushes: PushRequest[] = [];
  pulls = 0;
  /** Per call, a scripted answer instead of the normal one (consumed in order). */
  pushScript: Scripted<PushRequest>[] = [];
  probeFails = 0;

  enroll: CrmClient['enroll'] = async () => ({
    ok: true,
    value: { storeId: 'S001', terminalId: 'T01', epoch: 1, credential: 'c'.repeat(32) },
  });
  useCredential() {}
  probe = async (): Promise<CrmResult<{ ok: true; time: string }>> =>
    this.probeFails-- > 0
      ? { ok: false, failure: { kind: 'transient', code: 'network', detail: 'down' } }
      : { ok: true, value: { ok: true, time: '2026-11-25T08:00:00.000Z' } };
  listIssues = async () => ({ ok: true as const, value: [] });
  resolveIssue = async () => ({
    ok: false as const,
    failure: { kind: 'deterministic' as const, code: 'x', detail: 'x' },
  });

  apply(req: PushRequest): PushResponse {
    const results: MutationResult[] = [];
    for (const m of req.mutations) {
      if (this.applied.has(m.seq)) {
        results.push({ seq: m.seq, mutationId: m.mutationId, status: 'applied', replayed: true });
        continue;
      }
      if (m.seq !== this.lastApplied + 1)
        return { results, lastAppliedSeq: this.lastApplied, expectedSeq: this.lastApplied + 1 };
      this.applied.set(m.seq, m);
      this.lastApplied = m.seq;
      results.push({ seq: m.seq, mutationId: m.mutationId, status: 'applied' });
    }
    return { results, lastAppliedSeq: this.lastApplied };
  }

  push = async (req: PushRequest): Promise<CrmResult<PushResponse>> => {
    this.pushes.push(req);
    const scripted = this.pushScript.shift()?.(req);
    if (scripted) return scripted as CrmResult<PushResponse>;
    return { ok: true, value: this.apply(req) };
  };

  pull = async (q: { stream: PullResponse['stream'] }): Promise<CrmResult<PullResponse>> => {
    this.pulls++;
    return {
      ok: true,
      value: {
        stream: q.stream,
        items: [],
        nextCursor: 'end',
        hasMore: false,
        epoch: 1,
        lastAppliedSeq: this.lastApplied,
      },
    };
  };
}

const fail = (failure: CrmFailure) => ({ ok: false as const, failure });

async function setup(overrides: Partial<SyncRunnerDeps> = {}) {
  const ledger = await freshLedger();
  const cache = freshCache();
  const crm = new FakeCrm();
  const delays: number[] = [];
  const runner = createSyncRunner({
    ledger,
    cache,
    client: crm,
    enrollmentCode: 'code-123456',
    random: () => 0.5,
    lock: { name: `test-${Math.random()}` },
    // Idle waits last until interrupted; backoff waits are recorded and end at once.
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        delays.push(ms);
        if (ms < 1e9) return void setTimeout(resolve, 0);
        signal.addEventListener('abort', () => resolve());
      }),
    options: { idleMs: 1e9, blockedMs: 1e9 },
    ...overrides,
  });
  return { ledger, cache, crm, delays, runner };
}

async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`never happened: ${what}`);
}

const states = async (ledger: Awaited<ReturnType<typeof freshLedger>>) =>
  (await ledger.outbox.orderBy('seq').toArray()).map((r) => r.state);

describe('sync runner', () => {
  it('backs off with full jitter, doubling up to the cap, and honours Retry-After', async () => {
    const { ledger, crm, delays, runner } = await setup({
      options: { idleMs: 1e9, backoff: { baseMs: 1000, capMs: 4000 } },
    });
    await commitSale(ledger, saleDraft());
    crm.probeFails = 4;
    crm.pushScript = [
      () =>
        fail({
          kind: 'transient',
          status: 429,
          code: 'rate-limited',
          detail: 'slow down',
          retryAfterMs: 9000,
        }),
    ];
    runner.start();
    await until(async () => (await states(ledger))[0] === 'acked', 'sale acked');
    await runner.stop();
    // random() = 0.5: half of 1 s, 2 s, 4 s, 4 s (capped); then the 429's 9 s floor.
    expect(delays.slice(0, 5)).toEqual([500, 1000, 2000, 2000, 9000]);
    expect(crm.applied.size).toBe(1);
  });

  it('heals a lost push answer from lastAppliedSeq, and resends in-flight records after a crash', async () => {
    const { ledger, crm, runner } = await setup();
    await commitSale(ledger, saleDraft());
    await commitSale(ledger, saleDraft());
    // The CRM commits, the answer is lost.
    crm.pushScript = [
      (req) => (crm.apply(req), fail({ kind: 'transient', code: 'network', detail: 'reset' })),
    ];
    const first = await runner.syncNow();
    expect(first.ok).toBe(false);
    expect(await states(ledger)).toEqual(['pending', 'pending']);
    // A crashed page left them in flight; the pull's lastAppliedSeq acks them without any push.
    await ledger.outbox.toCollection().modify({ state: 'inflight' });
    const second = await runner.syncNow();
    expect(second).toEqual({ ok: true, more: false });
    expect(await states(ledger)).toEqual(['acked', 'acked']);
    expect((await ledger.outbox.get(1))?.ack).toEqual({ healed: true, lastAppliedSeq: 2 });
    expect(crm.pushes).toHaveLength(1);
  });

  it('renews its credential more than once when renewals are answered with an already stale credential', async () => {
    const { ledger, crm, runner } = await setup();
    await commitSale(ledger, saleDraft());
    let enrolls = 0;
    crm.enroll = async () => ({
      ok: true,
      value: { storeId: 'S001', terminalId: 'T01', epoch: 1, credential: `c${++enrolls}`.padEnd(32, 'x') },
    });
    const unauthenticated = () =>
      fail({ kind: 'deterministic', status: 401, code: 'unauthenticated', detail: 'stale credential' });
    // Two renewals in a row come back stale (the request was delivered twice and the CRM rotated again).
    crm.pushScript = [unauthenticated, unauthenticated, unauthenticated];
    for (let i = 0; i < 4 && (await states(ledger))[0] !== 'acked'; i++) await runner.syncNow();
    expect(await states(ledger)).toEqual(['acked']);
    expect(enrolls).toBe(4); // first enrollment + three renewals
  });

  it('stops renewing after a streak of 401s: a revoked terminal is for a manager', async () => {
    const { ledger, crm, runner } = await setup();
    await commitSale(ledger, saleDraft());
    let enrolls = 0;
    const base = crm.enroll;
    crm.enroll = async (r) => (enrolls++, base(r));
    crm.pushScript = Array.from(
      { length: 20 },
      () => () => fail({ kind: 'deterministic', status: 401, code: 'unauthenticated', detail: 'revoked' }),
    );
    for (let i = 0; i < 12; i++) await runner.syncNow();
    expect(await states(ledger)).toEqual(['pending']);
    expect(enrolls).toBe(6); // first enrollment + at most five renewals
  });

  it('resends from expectedSeq when the CRM reports a gap', async () => {
    const { ledger, crm, runner } = await setup();
    for (let i = 0; i < 3; i++) await commitSale(ledger, saleDraft());
    // Locally 1 and 2 are acked, but the CRM never kept them (restored from a backup).
    await ledger.outbox.where('seq').below(3).modify({ state: 'acked' });
    expect(await runner.syncNow()).toEqual({ ok: true, more: false });
    expect(crm.pushes.map((p) => p.mutations.map((m) => m.seq))).toEqual([[3], [1, 2, 3]]);
    expect([...crm.applied.keys()]).toEqual([1, 2, 3]);
    expect(await states(ledger)).toEqual(['acked', 'acked', 'acked']);
  });

  it('is woken by a new sale, and marks deterministic rejections for a manager', async () => {
    const { ledger, crm, runner } = await setup();
    runner.start();
    await until(() => runner.state().phase === 'idle', 'idle');
    crm.pushScript = [
      (req) => ({
        ok: true,
        value: {
          results: [
            {
              seq: 1,
              mutationId: req.mutations[0]!.mutationId,
              status: 'rejected',
              reason: 'invalid-payload',
            },
          ],
          lastAppliedSeq: 1,
        },
      }),
    ];
    await commitSale(ledger, saleDraft());
    runner.wake();
    await until(async () => (await states(ledger))[0] === 'rejected', 'rejected');
    expect((await ledger.outbox.get(1))?.lastError).toBe('invalid-payload');
    await until(() => runner.state().phase === 'idle', 'idle again');
    expect(runner.state()).toMatchObject({ rejected: 1, pending: 0, online: true, enrolled: true });
    await runner.stop();
  });

  it('does not retry a deterministic refusal blindly: blocked until "sync now"', async () => {
    const { ledger, crm, runner } = await setup();
    await commitSale(ledger, saleDraft());
    crm.pushScript = [
      () =>
        fail({
          kind: 'deterministic',
          status: 409,
          code: 'unknown-epoch',
          detail: 'epoch 1 was never issued',
        }),
    ];
    runner.start();
    await until(() => runner.state().phase === 'blocked', 'blocked');
    expect(runner.state().lastError).toMatchObject({ code: 'unknown-epoch', status: 409 });
    expect(await states(ledger)).toEqual(['pending']);
    await new Promise((r) => setTimeout(r, 20));
    expect(crm.pushes).toHaveLength(1);
    expect(await runner.syncNow()).toEqual({ ok: true, more: false });
    expect(await states(ledger)).toEqual(['acked']);
    await runner.stop();
  });

  it('keeps a batch pending when the answer breaks the schema, and shows the error', async () => {
    const { ledger, crm, runner } = await setup();
    await commitSale(ledger, saleDraft());
    crm.pushScript = [
      () => fail({ kind: 'badAnswer', status: 200, code: 'bad-schema', detail: 'breaks the contract' }),
    ];
    const r = await runner.syncNow();
    expect(r.ok).toBe(false);
    expect(runner.state().lastError).toMatchObject({ kind: 'badAnswer', code: 'bad-schema' });
    expect(await states(ledger)).toEqual(['pending']);
  });

  it('enrolls at first start and re-stamps sales made before it with the CRM epoch', async () => {
    const { ledger, crm, runner } = await setup();
    crm.enroll = async () => ({
      ok: true,
      value: { storeId: 'S001', terminalId: 'T01', epoch: 4, credential: 'c'.repeat(32) },
    });
    await commitSale(ledger, saleDraft());
    expect((await ledger.outbox.get(1))?.mutationId).toBe('S001.T01.1.1');
    crm.pull = async (q) => ({
      ok: true,
      value: {
        stream: q.stream,
        items: [],
        nextCursor: 'end',
        hasMore: false,
        epoch: 4,
        lastAppliedSeq: crm.lastApplied,
      },
    });
    expect(await runner.syncNow()).toEqual({ ok: true, more: false });
    expect(crm.pushes[0]).toMatchObject({ epoch: 4, mutations: [{ seq: 1, mutationId: 'S001.T01.4.1' }] });
    expect((await ledger.outbox.get(1))?.state).toBe('acked');
  });

  it('records how far its clock is off the CRM from the push answer (issue 15)', async () => {
    const { ledger, crm, runner } = await setup({
      clock: { now: () => new Date('2026-11-25T10:00:00.000Z') },
    });
    await commitSale(ledger, saleDraft());
    crm.pushScript = [
      (req) => ({ ok: true, value: { ...crm.apply(req), serverTime: '2026-11-25T08:00:00.000Z' } }),
    ];
    expect(await runner.syncNow()).toMatchObject({ ok: true });
    expect(runner.state().clockOffsetMs).toBe(-2 * 3600_000);
  });

  it("continues the day's receipt numbers where the CRM says when enrolled again (issue 15)", async () => {
    const { ledger, crm, runner } = await setup();
    const day = businessDateOf(new Date().toISOString(), 'Asia/Shanghai');
    crm.enroll = async () => ({
      ok: true,
      value: {
        storeId: 'S001',
        terminalId: 'T01',
        epoch: 2,
        credential: 'c'.repeat(32),
        businessDate: day,
        receiptSeqFrom: 18,
      },
    });
    crm.pull = async (q) => ({
      ok: true,
      value: {
        stream: q.stream,
        items: [],
        nextCursor: 'end',
        hasMore: false,
        epoch: 2,
        lastAppliedSeq: crm.lastApplied,
      },
    });
    await runner.syncNow();
    const sale = await commitSale(ledger, saleDraft());
    expect(sale.receiptNo.endsWith('-000018')).toBe(true);
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
  });
});
