// A lighter simulated till for measuring the CRM rather than the generator. The sale, its stamp and its
// outbox record come from the till's own code (makeSaleDraft, stampSale, toMutation), and every request goes
// through the till's own CRM client (schemas, Retry-After) with its backoff policy; only the ledger is a list
// in memory instead of Dexie on fake-indexeddb, which costs ~9 ms of CPU a sale (docs/decisions/0039).
import { businessDateOf } from '../src/domain/businessDate';
import { mulberry32 } from '../src/domain/catalogSeed';
import type { OutboxRecord, Product } from '../src/domain/model';
import { newId } from '../src/offline/ids';
import { draftProblems, stampSale } from '../src/offline/sales';
import { DEFAULT_TIME_ZONE } from '../src/offline/terminal';
import { backoffDelay, DEFAULT_BACKOFF } from '../src/offline/sync/backoff';
import { createCrmClient, type CrmClient, type CrmFailure } from '../src/offline/sync/crmClient';
import { toMutation } from '../src/offline/sync/push';
import type { ChainTerminal } from './provision';
import { makeSaleDraft, timedFetch, type RequestSample, type SimTill } from './saleMaker';

export interface LiteOptions {
  crmUrl: string;
  products: Product[];
  seed: number;
  batchSize: number;
  /** Between cycles when all is synced, as the till's runner (a pull of the issues stream). */
  idleMs: number;
  record: (s: RequestSample) => void;
  deadlineAt: number;
}

export class LiteTerminal implements SimTill {
  private readonly client: CrmClient;
  private readonly rnd: () => number;
  private epoch = 0;
  private seq = 0;
  /** Pending records in seq order: acked ones leave the list. */
  private pending: OutboxRecord[] = [];
  private cursor: string | undefined;
  private failures = 0;
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private error: Error | null = null;
  made = 0;
  dueFen = 0;

  constructor(
    readonly t: ChainTerminal,
    private readonly o: LiteOptions,
  ) {
    this.rnd = mulberry32(o.seed);
    this.client = createCrmClient({ baseUrl: o.crmUrl, timeoutMs: 60_000, fetch: timedFetch(o.record) });
  }

  async prepare(sales: number): Promise<void> {
    const { t } = this;
    const answer = await this.client.enroll({
      storeId: t.storeId,
      terminalId: t.terminalId,
      code: t.code,
      installationId: newId(),
    });
    if (!answer.ok)
      throw new Error(`${t.storeId}/${t.terminalId} enrollment failed: ${JSON.stringify(answer.failure)}`);
    this.epoch = answer.value.epoch;
    this.client.useCredential(answer.value.credential);
    for (let i = 0; i < sales; i++) this.makeSale();
    // A till that has been open all morning holds a cursor: its first pull (a snapshot) is not part of a
    // herd or of trading.
    const first = await this.pullWithRetry();
    if (first)
      throw new Error(`${t.storeId}/${t.terminalId} first pull failed: ${first.code} ${first.detail}`);
  }

  private makeSale(): void {
    const { draft, dueFen } = makeSaleDraft(this.t, this.o.products, this.rnd, this.made++);
    const problems = draftProblems(draft);
    if (problems.length > 0) throw new Error(`bad draft: ${problems.join('; ')}`);
    const createdAt = new Date().toISOString();
    const { record } = stampSale(draft, {
      epoch: this.epoch,
      // One sale per record and one business day per run: the receipt number follows the seq.
      seq: ++this.seq,
      receiptSeq: this.seq,
      createdAt,
      businessDate: businessDateOf(createdAt, DEFAULT_TIME_ZONE),
    });
    this.pending.push(record);
    this.dueFen += dueFen;
  }

  /** One cycle as the till's runner does it: push in contiguous batches, then pull the issues stream. */
  private async cycle(): Promise<CrmFailure | null> {
    while (this.pending.length > 0 && !this.stopping) {
      const batch = this.pending.slice(0, this.o.batchSize);
      const answer = await this.client.push({
        terminalId: this.t.terminalId,
        epoch: this.epoch,
        mutations: batch.map(toMutation),
      });
      if (!answer.ok) return answer.failure;
      const answered = new Set(answer.value.results.map((r) => r.mutationId));
      const applied = answer.value.lastAppliedSeq;
      this.pending = this.pending.filter((r) => !answered.has(r.mutationId) && r.seq > applied);
      if (answer.value.expectedSeq !== undefined && answer.value.results.length === 0)
        return {
          kind: 'deterministic',
          code: 'gap',
          detail: `the CRM expects seq ${answer.value.expectedSeq}`,
        };
    }
    return this.pull();
  }

  private async pull(): Promise<CrmFailure | null> {
    const pulled = await this.client.pull({
      stream: 'issues',
      ...(this.cursor ? { cursor: this.cursor } : {}),
      limit: 500,
      epoch: this.epoch,
    });
    if (!pulled.ok) return pulled.failure;
    this.cursor = pulled.value.nextCursor;
    const applied = pulled.value.lastAppliedSeq;
    if (pulled.value.epoch === this.epoch) this.pending = this.pending.filter((r) => r.seq > applied);
    return null;
  }

  private async pullWithRetry(): Promise<CrmFailure | null> {
    for (let attempt = 1; ; attempt++) {
      const failure = await this.pull();
      if (!failure || failure.kind === 'deterministic' || attempt === 8) return failure;
      await this.backOff(attempt, failure);
    }
  }

  /** The till's jittered backoff, never shorter than the CRM's Retry-After. */
  private backOff(failures: number, failure: CrmFailure): Promise<void> {
    const retryAfterMs = 'retryAfterMs' in failure ? failure.retryAfterMs : undefined;
    return this.sleep(backoffDelay(failures, this.rnd, DEFAULT_BACKOFF, retryAfterMs));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => (this.wakeUp = null));
  }

  private async run(): Promise<void> {
    // Synced at prepare: the idle timers of a chain's tills run at random phases, as tills opened at
    // different times; a sale wakes the till at once.
    if (this.pending.length === 0) await this.sleep(this.rnd() * this.o.idleMs);
    while (!this.stopping) {
      const failure = await this.cycle();
      if (this.stopping) break;
      if (!failure) {
        this.failures = 0;
        if (this.pending.length === 0) await this.sleep(this.o.idleMs);
        continue;
      }
      if (failure.kind === 'deterministic')
        throw new Error(`${this.t.storeId}/${this.t.terminalId}: ${failure.code} ${failure.detail}`);
      this.failures++;
      await this.backOff(this.failures, failure);
    }
  }

  private start(): void {
    this.stopping = false;
    this.loop ??= this.run().catch((e: unknown) => {
      this.error = e instanceof Error ? e : new Error(String(e));
    });
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
  }

  private async waitDrained(): Promise<number> {
    while (this.pending.length > 0 && !this.error && Date.now() < this.o.deadlineAt)
      await new Promise((r) => setTimeout(r, 100));
    await this.stop();
    if (this.error) throw this.error;
    return this.pending.length;
  }

  drain(): Promise<number> {
    this.start();
    return this.waitDrained();
  }

  async trade(intervalMs: number, seconds: number): Promise<number> {
    this.start();
    const end = Date.now() + seconds * 1000;
    let next = Date.now() + this.rnd() * intervalMs;
    while (next < end) {
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      this.makeSale();
      // A wake ends the idle wait only, as the till's runner: a backoff runs its course.
      if (this.failures === 0) this.wakeUp?.();
      next += intervalMs;
    }
    return this.waitDrained();
  }

  close(): Promise<void> {
    return this.stop();
  }
}
