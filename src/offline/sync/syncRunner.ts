// The sync runner: one per terminal (a Web Lock keeps a second window from running another), a cycle is
// push then pull, repeated while there is work, paced by backoff with full jitter after failures and by
// Retry-After when the CRM asks. Nothing here ever blocks selling (invariant I4): the till writes to the
// ledger and calls wake(); the runner catches up whenever the CRM can be reached.
import { Dexie } from 'dexie';
import type { Stream } from '../../shared/crm';
import { activeGeneration, catalogTables } from '../catalog';
import type { CacheDb, LedgerDb } from '../db';
import { SYNC_RUNNER_LOCK, withExclusiveLock, type LockManagerLike } from '../locks';
import { outboxStatus, resetInflight } from '../outbox';
import { systemClock, type Clock } from '../sales';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { CrmClient, CrmFailure, CrmLogEntry } from './crmClient';
import { ensureEnrolled, readEnrollment, renewCredential, type Enrollment } from './enrollment';
import { forgetCursor, pullStream, type StreamProgress } from './pull';
import { clockOffsetMs, healFromLastApplied, pushPending, type PushOutcome } from './push';
import {
  blamesContent,
  countAttention,
  failureSignature,
  markAttention,
  quarantineRecord,
} from './quarantine';

const MAX_RENEWALS_WITHOUT_SUCCESS = 5;
export type SyncPhase =
  | 'starting'
  | 'waitingForLock'
  | 'notEnrolled'
  | 'probing'
  | 'pushing'
  | 'pulling'
  | 'idle'
  | 'backoff'
  | 'blocked'
  | 'stopped';

export interface CatalogProgress {
  done: number;
  total: number | null;
  recordsPerSecond: number;
  secondsLeft: number | null;
}

export interface SyncError {
  kind: CrmFailure['kind'] | 'local';
  code: string;
  detail: string;
  status?: number;
  at: string;
}

/** What the status bar and the sync panel show. */
export interface SyncState {
  phase: SyncPhase;
  /** The CRM answered the last request (a probe, not navigator.onLine). */
  online: boolean;
  enrolled: boolean;
  pending: number;
  oldestPendingAt: string | null;
  rejected: number;
  lastSuccessAt: string | null;
  lastError: SyncError | null;
  /** Open issues from the CRM (the issues stream), for a manager. */
  issues: number;
  /** Unsent records the CRM keeps failing, isolated or quarantined (docs/decisions/0041). */
  attention: number;
  /** When the next attempt is due (epoch ms) while backing off or blocked. */
  nextAttemptAt: number | null;
  /** A full catalog load in progress (first start, or after a reset). */
  catalog: CatalogProgress | null;
  /**
   * The CRM's clock minus this till's, in ms, from the last push answer or probe (issue 15): a till whose clock is
   * off stamps its sales wrongly and the CRM flags them. Null until measured.
   */
  clockOffsetMs: number | null;
}

export type CycleResult =
  | { ok: true; more: boolean }
  | { ok: false; failure: CrmFailure | { kind: 'local'; code: string; detail: string } };

export interface SyncRunnerOptions {
  batchSize: number;
  pullLimit: number;
  catalogPullLimit: number;
  backoff: BackoffPolicy;
  /** Between cycles when all is synced (pull picks up CRM changes). */
  idleMs: number;
  /** After a deterministic failure: not retried blindly; syncNow() or a new sale tries again sooner. */
  blockedMs: number;
  streams: Stream[];
  chunkSize: number;
  maxPagesPerCycle: number;
  /** The same batch failing the same way this many times in a row: push one record at a time to find it. */
  isolateAfter: number;
  /** An isolated record failing alone this many times (the CRM otherwise answering): sent quarantined. */
  quarantineAfter: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncRunnerOptions = {
  batchSize: 100,
  pullLimit: 500,
  catalogPullLimit: 2000,
  backoff: DEFAULT_BACKOFF,
  idleMs: 30_000,
  blockedMs: 5 * 60_000,
  streams: ['staff', 'catalog', 'issues', 'pickups'],
  chunkSize: 400,
  maxPagesPerCycle: 1000,
  isolateAfter: 3,
  quarantineAfter: 3,
};

export interface SyncRunnerDeps {
  ledger: LedgerDb;
  cache: CacheDb;
  client: CrmClient;
  /** The one-time enrollment code from the terminal config (first start only). */
  enrollmentCode?: string;
  publicKey?: string;
  clock?: Clock;
  /** [0, 1); injectable so backoff is reproducible in tests. */
  random?: () => number;
  lock?: { name?: string; lockManager?: LockManagerLike };
  log?: (entry: CrmLogEntry) => void;
  onState?: (state: SyncState) => void;
  /** Resolves after `ms` or as soon as `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  options?: Partial<SyncRunnerOptions>;
}

export interface SyncRunner {
  /** Takes the runner lock (waits while another window holds it) and syncs until stop(). */
  start(): void;
  /** Stops after the current request; resolves when the loop has ended and the lock is released. */
  stop(): Promise<void>;
  /** New outbox records: sync soon (not before a running backoff ends). */
  wake(): void;
  /** The manager's "sync now": ends any wait, resolves with the result of a full cycle. */
  syncNow(): Promise<CycleResult>;
  /** The browser says the network is back: forget the backoff (a Retry-After still holds). */
  notifyOnline(): void;
  state(): SyncState;
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/** Open issues in the cache's issues stream. */
export async function countOpenIssues(cache: CacheDb): Promise<number> {
  return cache.transaction('r', [cache.meta, cache.streamItems], async () => {
    const gen = await activeGeneration(cache, 'issues');
    return cache.streamItems
      .where('[gen+kind+id]')
      .between([gen, 'issue', Dexie.minKey], [gen, 'issue', Dexie.maxKey])
      .filter((r) => (r.data as { state?: string }).state === 'open')
      .count();
  });
}

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  const opts: SyncRunnerOptions = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
  const { ledger, cache, client } = deps;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? defaultSleep;
  const log = deps.log ?? (() => undefined);
  const nowMs = () => clock.now().getTime();

  let st: SyncState = {
    phase: 'stopped',
    online: false,
    enrolled: false,
    pending: 0,
    oldestPendingAt: null,
    rejected: 0,
    lastSuccessAt: null,
    lastError: null,
    issues: 0,
    attention: 0,
    nextAttemptAt: null,
    catalog: null,
    clockOffsetMs: null,
  };
  let running: Promise<void> | null = null;
  let stopping = false;
  let failures = 0;
  let retryAfterUntil = 0;
  let dirty = false;
  // Renewals since the last good cycle. More than one: a renewal request delivered twice makes the CRM rotate the
  // credential again after answering, and the answer we kept is stale at once (seen in the fault suite).
  let renewalsSinceSuccess = 0;
  // Finding a record that stops the queue (docs/decisions/0041): the same failure of the same first seq, in a
  // row; while `isolating`, records go one at a time; `suspect` counts an isolated record's lone failures.
  let streak: { seq: number; sig: string; count: number } | null = null;
  let isolating = false;
  let suspect: { seq: number; sig: string; count: number } | null = null;
  let waitKind: 'idle' | 'backoff' | 'blocked' | null = null;
  let waitAbort: AbortController | null = null;
  let urgent: ((r: CycleResult) => void)[] = [];

  const set = (patch: Partial<SyncState>) => {
    st = { ...st, ...patch };
    deps.onState?.(st);
  };

  const interrupt = () => waitAbort?.abort();

  async function refreshCounts(): Promise<void> {
    try {
      const [o, issues, attention] = await Promise.all([
        outboxStatus(ledger),
        countOpenIssues(cache),
        countAttention(ledger),
      ]);
      set({
        pending: o.pending,
        oldestPendingAt: o.oldestPendingAt ?? null,
        rejected: o.rejected,
        issues,
        attention,
      });
    } catch (e) {
      log({ level: 'warn', msg: 'sync status read failed', data: { error: String(e) } });
    }
  }

  function failed(failure: CycleResult & { ok: false }): CycleResult {
    const f = failure.failure;
    const reached = 'status' in f && f.status !== undefined;
    set({
      online: reached,
      lastError: {
        kind: f.kind,
        code: f.code,
        detail: f.detail,
        ...('status' in f && f.status !== undefined ? { status: f.status } : {}),
        at: clock.now().toISOString(),
      },
    });
    log({ level: f.kind === 'transient' ? 'warn' : 'error', msg: 'sync cycle failed', data: { ...f } });
    return failure;
  }

  async function enrollment(): Promise<Enrollment | CycleResult> {
    const stored = await readEnrollment(ledger);
    if (stored) return stored;
    const out = await ensureEnrolled({
      ledger,
      client,
      code: deps.enrollmentCode,
      ...(deps.publicKey ? { publicKey: deps.publicKey } : {}),
      now: () => clock.now(),
    });
    if (out.ok) {
      log({
        level: 'info',
        msg: 'terminal enrolled',
        data: { epoch: out.enrollment.epoch, restamped: out.restamped },
      });
      return out.enrollment;
    }
    if (out.reason === 'noCode') {
      set({ phase: 'notEnrolled' });
      return {
        ok: false,
        failure: { kind: 'local', code: 'not-enrolled', detail: 'no enrollment code configured' },
      };
    }
    return { ok: false, failure: out.failure };
  }

  function onCatalogProgress(p: StreamProgress): void {
    const seconds = Math.max(p.elapsedMs, 1) / 1000;
    const rps = p.done / seconds;
    const total = p.total ?? null;
    set({
      catalog: {
        done: p.done,
        total,
        recordsPerSecond: Math.round(rps),
        secondsLeft: total !== null && rps > 0 ? Math.max(0, Math.round((total - p.done) / rps)) : null,
      },
    });
  }

  /** A few renewals per 401 streak (each after the usual backoff); past that it is for a manager (revoked terminal). */
  async function renewAfter401(failure: CrmFailure): Promise<CycleResult> {
    if (
      failure.status !== 401 ||
      !deps.enrollmentCode ||
      renewalsSinceSuccess >= MAX_RENEWALS_WITHOUT_SUCCESS
    )
      return failed({ ok: false, failure });
    renewalsSinceSuccess++;
    const out = await renewCredential({
      ledger,
      client,
      code: deps.enrollmentCode,
      ...(deps.publicKey ? { publicKey: deps.publicKey } : {}),
    });
    if (!out.ok) return failed({ ok: false, failure: out.reason === 'noCode' ? failure : out.failure });
    log({ level: 'warn', msg: 'credential renewed after 401' });
    client.useCredential(out.enrollment.credential);
    return failed({ ok: false, failure: { ...failure, kind: 'transient' } });
  }

  async function cycle(): Promise<CycleResult> {
    const result = await cycleOnce();
    if (result.ok) renewalsSinceSuccess = 0;
    else if (
      result.failure.kind === 'deterministic' &&
      'status' in result.failure &&
      result.failure.status === 401
    )
      return renewAfter401(result.failure);
    return result;
  }

  async function cycleOnce(): Promise<CycleResult> {
    const who = await enrollment();
    if ('ok' in who) return who.ok ? who : failed(who);
    client.useCredential(who.credential);
    set({ enrolled: true });
    if (!st.online) {
      set({ phase: 'probing' });
      const sentAt = nowMs();
      const probe = await client.probe();
      if (!probe.ok) return failed({ ok: false, failure: probe.failure });
      const offset = clockOffsetMs(probe.value.time, sentAt, nowMs());
      set({ online: true, ...(offset !== undefined ? { clockOffsetMs: offset } : {}) });
    }
    set({ phase: 'pushing' });
    let pushed: PushOutcome;
    for (;;) {
      pushed = await pushPending({
        ledger,
        client,
        enrollment: who,
        batchSize: isolating ? 1 : opts.batchSize,
        now: nowMs,
        onBatch: () => void refreshCounts(),
        signal: {
          get aborted() {
            return stopping;
          },
        },
      });
      if (pushed.clockOffsetMs !== undefined) set({ clockOffsetMs: pushed.clockOffsetMs });
      if (pushed.ok) {
        streak = null;
        suspect = null;
        isolating = false;
        break;
      }
      if (stopping || !(await afterPushFailure(pushed, who))) break;
    }
    if (!pushed.ok) return failed({ ok: false, failure: pushed.failure });
    set({ online: true, phase: 'pulling' });
    let more = false;
    for (const stream of opts.streams) {
      if (stopping) break;
      const isCatalog = stream === 'catalog';
      const r = await pullStream(client, cache, stream, {
        limit: isCatalog ? opts.catalogPullLimit : opts.pullLimit,
        epoch: who.epoch,
        chunkSize: opts.chunkSize,
        maxPages: opts.maxPagesPerCycle,
        clockMs: nowMs,
        now: () => clock.now(),
        onPage: async (page) => {
          // Every pull answer says how far the CRM got with our pushes: heals a lost push answer.
          if (page.epoch === who.epoch) await healFromLastApplied(ledger, who.epoch, page.lastAppliedSeq);
        },
        ...(isCatalog
          ? {
              onProgress: onCatalogProgress,
              estimateTotal: async () =>
                cache.transaction('r', [cache.meta, cache.products, cache.productsB], async () =>
                  catalogTables(cache, await activeGeneration(cache, 'catalog')).products.count(),
                ),
            }
          : {}),
      });
      if (isCatalog) set({ catalog: null });
      if (!r.ok) {
        if (r.failure.code === 'invalid-cursor') {
          // The CRM does not know our cursor: start this stream over as a snapshot (shown data stays).
          await forgetCursor(cache, stream);
          log({ level: 'warn', msg: 'pull cursor refused; starting a snapshot', data: { stream } });
          return failed({ ok: false, failure: { ...r.failure, kind: 'transient' } });
        }
        return failed({ ok: false, failure: r.failure });
      }
      if (!r.caughtUp) more = true;
    }
    await refreshCounts();
    set({ lastSuccessAt: clock.now().toISOString(), lastError: null, online: true });
    return { ok: true, more: more || st.pending > 0 };
  }

  /**
   * The same batch failing the same way again and again may be one record the CRM cannot take. Find it (one
   * record at a time), mark it, and once it fails alone often enough while the CRM otherwise answers, send a
   * quarantine in its place. True: push again now (isolation started, or a quarantine is ready to go).
   */
  async function afterPushFailure(pushed: PushOutcome & { ok: false }, who: Enrollment): Promise<boolean> {
    const f = pushed.failure;
    const seqs = pushed.failedSeqs ?? [];
    if (seqs.length === 0 || !blamesContent(f)) return false;
    const sig = failureSignature(f);
    const first = seqs[0]!;
    streak =
      streak && streak.seq === first && streak.sig === sig
        ? { ...streak, count: streak.count + 1 }
        : { seq: first, sig, count: 1 };
    if (seqs.length > 1) {
      if (streak.count < opts.isolateAfter) return false;
      log({
        level: 'warn',
        msg: 'a batch keeps failing: pushing one record at a time',
        data: { seq: first, sig },
      });
      isolating = true;
      streak = null;
      return true;
    }
    // Alone. Not yet isolated: only a repeated failure makes it a suspect (a passing 500 is no reason).
    if (!isolating && streak.count < opts.isolateAfter) return false;
    isolating = true;
    // Counted only if the CRM otherwise works (a pull answers): a CRM whose database is down fails every push.
    const works = (await client.pull({ stream: 'issues', limit: 1, epoch: who.epoch })).ok;
    // An outage is shown as the sync error it is, not as this record's fault.
    if (!works) return false;
    const same = suspect && suspect.seq === first && suspect.sig === sig;
    suspect = { seq: first, sig, count: (same ? suspect!.count : 0) + 1 };
    const nowIso = clock.now().toISOString();
    await markAttention(ledger, first, f, nowIso, true);
    log({
      level: 'error',
      msg: 'outbox record needs attention',
      data: { seq: first, sig, failures: suspect.count },
    });
    if (suspect.count < opts.quarantineAfter) {
      await refreshCounts();
      return false;
    }
    const done = await quarantineRecord(ledger, first, nowIso);
    log({ level: 'error', msg: 'outbox record quarantined', data: { seq: first, sig } });
    suspect = null;
    streak = null;
    // The records behind it go in batches again; another bad one is found the same way.
    isolating = false;
    await refreshCounts();
    return done;
  }

  async function cycleSafely(): Promise<CycleResult> {
    try {
      return await cycle();
    } catch (e) {
      // A local failure (database closed, quota): reported, retried with backoff like a transient one.
      return failed({
        ok: false,
        failure: { kind: 'local', code: 'local-error', detail: e instanceof Error ? e.message : String(e) },
      });
    }
  }

  async function wait(ms: number, kind: 'idle' | 'backoff' | 'blocked'): Promise<void> {
    waitKind = kind;
    waitAbort = new AbortController();
    try {
      await sleep(ms, waitAbort.signal);
    } finally {
      waitKind = null;
      waitAbort = null;
    }
  }

  async function loop(): Promise<void> {
    set({ phase: 'starting' });
    // Whatever was in flight when the last runner died goes again; the CRM answers replays.
    const reset = await resetInflight(ledger);
    if (reset > 0) log({ level: 'info', msg: 'in-flight records back to pending', data: { count: reset } });
    await refreshCounts();
    while (!stopping) {
      dirty = false;
      // syncNow() callers from before this cycle get its result; those arriving during it, the next one's.
      const waiters = urgent;
      urgent = [];
      const result = await cycleSafely();
      for (const w of waiters) w(result);
      if (urgent.length > 0) dirty = true;
      if (stopping) break;
      if (result.ok) {
        failures = 0;
        retryAfterUntil = 0;
        if (result.more || dirty) continue;
        set({ phase: 'idle', nextAttemptAt: null });
        await wait(opts.idleMs, 'idle');
        continue;
      }
      const f = result.failure;
      await refreshCounts();
      if (f.kind === 'deterministic' || f.code === 'not-enrolled') {
        set({
          phase: f.code === 'not-enrolled' ? 'notEnrolled' : 'blocked',
          nextAttemptAt: nowMs() + opts.blockedMs,
        });
        await wait(opts.blockedMs, 'blocked');
        continue;
      }
      failures++;
      const retryAfterMs = 'retryAfterMs' in f ? f.retryAfterMs : undefined;
      const delay = backoffDelay(failures, random, opts.backoff, retryAfterMs);
      retryAfterUntil = retryAfterMs !== undefined ? nowMs() + retryAfterMs : 0;
      set({ phase: 'backoff', nextAttemptAt: nowMs() + delay });
      await wait(delay, 'backoff');
    }
  }

  const onlineEvent = () => runner.notifyOnline();

  const runner: SyncRunner = {
    start() {
      if (running) return;
      stopping = false;
      set({ phase: 'waitingForLock' });
      const g = globalThis as { addEventListener?: (t: string, f: () => void) => void };
      g.addEventListener?.('online', onlineEvent);
      running = withExclusiveLock(deps.lock?.name ?? SYNC_RUNNER_LOCK, loop, {
        ...(deps.lock?.lockManager ? { lockManager: deps.lock.lockManager } : {}),
      })
        .then(() => undefined)
        .catch((e: unknown) => log({ level: 'error', msg: 'sync runner ended', data: { error: String(e) } }))
        .finally(() => {
          running = null;
          const left = urgent;
          urgent = [];
          for (const w of left)
            w({ ok: false, failure: { kind: 'local', code: 'stopped', detail: 'the sync runner stopped' } });
          set({ phase: 'stopped' });
        });
    },
    async stop() {
      stopping = true;
      const g = globalThis as { removeEventListener?: (t: string, f: () => void) => void };
      g.removeEventListener?.('online', onlineEvent);
      interrupt();
      await running;
    },
    wake() {
      dirty = true;
      if (waitKind === 'idle') interrupt();
    },
    syncNow() {
      if (!running) {
        // Not started (or stopped): one cycle here, if no other window is syncing.
        return withExclusiveLock(deps.lock?.name ?? SYNC_RUNNER_LOCK, cycleSafely, {
          ifAvailable: true,
          ...(deps.lock?.lockManager ? { lockManager: deps.lock.lockManager } : {}),
        }).then((o) =>
          o.acquired
            ? o.value
            : {
                ok: false,
                failure: { kind: 'local', code: 'another-window', detail: 'another window is syncing' },
              },
        );
      }
      return new Promise<CycleResult>((resolve) => {
        urgent.push(resolve);
        failures = 0;
        interrupt();
      });
    },
    notifyOnline() {
      failures = 0;
      if (waitKind === 'backoff' && nowMs() >= retryAfterUntil) interrupt();
      if (waitKind === 'idle') interrupt();
    },
    state: () => st,
  };
  return runner;
}
