// One till of the herd, built from the till's own code: the cart and tender rules of src/domain make each
// sale, commitSale puts it in a Dexie ledger + outbox (fake-indexeddb, in memory), and the real sync runner
// pushes it over HTTP with its batching, backoff and Retry-After handling. Only the browser is missing.
import { IDBKeyRange, type IDBFactory as FakeIDBFactory } from 'fake-indexeddb';
import { mulberry32 } from '../src/domain/catalogSeed';
import type { Product } from '../src/domain/model';
import { openCache, openLedger, type CacheDb, type LedgerDb } from '../src/offline/db';
import { commitSale } from '../src/offline/sales';
import { getOrCreateTerminalIdentity } from '../src/offline/terminal';
import { createCrmClient, type FetchLike } from '../src/offline/sync/crmClient';
import { ensureEnrolled } from '../src/offline/sync/enrollment';
import { createSyncRunner, type SyncRunner } from '../src/offline/sync/syncRunner';
import type { ChainTerminal } from './provision';
import { makeSaleDraft, timedFetch, type RequestSample, type SimTill } from './saleMaker';

export interface SimOptions {
  crmUrl: string;
  salesPerTerminal: number;
  products: Product[];
  seed: number;
  idb: InstanceType<typeof FakeIDBFactory>;
  /** Pushes of this many mutations (the till's batchSize). */
  batchSize: number;
  record: (s: RequestSample) => void;
  /** The drain gives up after this: the herd is bounded in time. */
  deadlineAt: number;
}

export class SimTerminal implements SimTill {
  private ledger: LedgerDb;
  private cache: CacheDb;
  private runner: SyncRunner | null = null;
  /** Sum of the sales' due amounts: what the CRM must hold afterwards, to the fen. */
  dueFen = 0;

  constructor(
    readonly t: ChainTerminal,
    private readonly o: SimOptions,
  ) {
    this.rnd = mulberry32(o.seed);
    const idb = { indexedDB: o.idb as unknown as IDBFactory, IDBKeyRange };
    this.ledger = openLedger(`ledger-${t.storeId}-${t.terminalId}`, idb);
    this.cache = openCache(`cache-${t.storeId}-${t.terminalId}`, idb);
    this.fetch = timedFetch(o.record);
  }

  private readonly fetch: FetchLike;

  /** Enrolls and fills the outbox with `sales` sales made offline (not timed). */
  async prepare(sales = this.o.salesPerTerminal): Promise<void> {
    const { t, o } = this;
    await getOrCreateTerminalIdentity(this.ledger, {
      storeId: t.storeId,
      storeName: t.storeId,
      terminalId: t.terminalId,
    });
    const client = createCrmClient({ baseUrl: o.crmUrl, timeoutMs: 60_000, fetch: this.fetch });
    const enrolled = await ensureEnrolled({ ledger: this.ledger, client, code: t.code });
    if (!enrolled.ok)
      throw new Error(`${t.storeId}/${t.terminalId} enrollment failed: ${JSON.stringify(enrolled)}`);
    for (let i = 0; i < sales; i++) await this.makeSale();
  }

  private readonly rnd: () => number;
  /** Sales made so far. */
  made = 0;

  /** One sale as the till makes it, committed with its outbox record. */
  async makeSale(): Promise<void> {
    const { draft, dueFen } = makeSaleDraft(this.t, this.o.products, this.rnd, this.made++);
    await commitSale(this.ledger, draft);
    this.dueFen += dueFen;
  }

  private startRunner(): SyncRunner {
    const client = createCrmClient({ baseUrl: this.o.crmUrl, timeoutMs: 60_000, fetch: this.fetch });
    const runner = createSyncRunner({
      ledger: this.ledger,
      cache: this.cache,
      client,
      lock: { name: `herd-${this.t.storeId}-${this.t.terminalId}` },
      // The issues stream stands for every pull a till makes (after each push, and every 30 s when idle).
      options: { batchSize: this.o.batchSize, streams: ['issues'] },
    });
    this.runner = runner;
    runner.start();
    return runner;
  }

  private async waitDrained(runner: SyncRunner): Promise<number> {
    const drained = () => {
      const s = runner.state();
      return s.lastSuccessAt !== null && s.pending === 0;
    };
    while (!drained() && Date.now() < this.o.deadlineAt) await new Promise((r) => setTimeout(r, 100));
    await runner.stop();
    return runner.state().pending;
  }

  /**
   * Runs the till's own sync loop (push, then pull of the issues stream, with its backoff and Retry-After)
   * until the outbox is empty or the deadline passes; returns how many records are left.
   */
  async drain(): Promise<number> {
    return this.waitDrained(this.startRunner());
  }

  /**
   * A till trading live for `seconds`: a sale every `intervalMs` (the first at a random offset, so the tills
   * of a chain do not beat in step), each woken straight into the sync loop as a real till does.
   */
  async trade(intervalMs: number, seconds: number): Promise<number> {
    const runner = this.startRunner();
    const end = Date.now() + seconds * 1000;
    let next = Date.now() + this.rnd() * intervalMs;
    while (next < end) {
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      await this.makeSale();
      runner.wake();
      next += intervalMs;
    }
    return this.waitDrained(runner);
  }

  async close(): Promise<void> {
    await this.runner?.stop();
    this.ledger.close();
    this.cache.close();
  }
}
