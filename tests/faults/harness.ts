// The fault suite's world: the real CRM (createCrmServer on PGlite or PostgreSQL) on 127.0.0.1, one fault
// proxy per terminal, terminals with their own fake-indexeddb ledger and cache making real sales with the
// domain cart, and page kills (the runner abandoned mid-request, the databases closed and reopened).
import type { AddressInfo } from 'node:net';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { addProduct, applyLineDiscounts, cartTotals, emptyCart } from '../../src/domain/cart';
import { generateCatalog, mulberry32 } from '../../src/domain/catalogSeed';
import type { Product } from '../../src/domain/model';
import { makeCashTender } from '../../src/domain/tender';
import { compactChangeLog, recordChange } from '../../crm/changeLog';
import type { Db } from '../../crm/db';
import { issueEnrollmentCode } from '../../crm/enrollment';
import { ensureSeeded } from '../../crm/seed';
import { createCrmServer } from '../../crm/server';
import type { Backend } from '../../crm/testSupport';
import { activeGeneration, catalogTables } from '../../src/offline/catalog';
import { openCache, openLedger, type CacheDb, type LedgerDb } from '../../src/offline/db';
import { newId } from '../../src/offline/ids';
import { commitSale, verifyLedgerIntegrity, type SaleIntents } from '../../src/offline/sales';
import { getOrCreateTerminalIdentity, readTerminalIdentity } from '../../src/offline/terminal';
import { createCrmClient, type FetchLike } from '../../src/offline/sync/crmClient';
import { listCachedIssues } from '../../src/offline/sync/issues';
import { createSyncRunner, type SyncRunner } from '../../src/offline/sync/syncRunner';
import type { SaleCompletedPayload } from '../../src/shared/crm';
import { pointsEarned } from '../../src/domain/membership/points';
import type { MemberRules } from '../../src/domain/membership/rules';
import { loadRules } from '../../crm/members';
import { startFaultProxy, type Fault, type FaultProxy } from './faultProxy';

export const CATALOG_SIZE = 60;
const CATALOG_SEED = 20260101;

export interface Crm {
  url: string;
  db: Db;
  close(): Promise<void>;
}

export async function startCrm(backend: Backend): Promise<Crm> {
  const db = await backend.open();
  await ensureSeeded(db, { products: CATALOG_SIZE, members: 10, pickupsPerState: 1, pinIterations: 1000 });
  // Hundreds of runs enroll tills from 127.0.0.1: rate limits off here (crm/attacks/opennet.test.ts tests them).
  const app = await createCrmServer({ db, rateLimits: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

type Rng = () => number;

/** Fault mix per request: about a third of requests misbehave. */
export function faultFor(rng: Rng): Fault {
  const x = rng();
  if (x < 0.62) return { kind: 'pass' };
  if (x < 0.67) return { kind: 'drop' };
  if (x < 0.73) return { kind: 'delay', ms: rng() < 0.15 ? 400 : Math.floor(rng() * 30) };
  if (x < 0.77) return { kind: 'reset' };
  if (x < 0.82) return { kind: 'status500' };
  if (x < 0.87) return { kind: 'status429', retryAfterSeconds: 1 + Math.floor(rng() * 2) };
  if (x < 0.93) return { kind: 'twice' };
  return { kind: 'loseResponse' };
}

/** Runner time runs 50x faster here: backoff and Retry-After keep their ratios, the suite stays quick. */
const scaledSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.min(ms / 50, 200));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

export class SimTerminal {
  readonly factory = new IDBFactory();
  ledger!: LedgerDb;
  cache!: CacheDb;
  runner!: SyncRunner;
  incarnation = 0;
  kills = 0;
  killsOn = true;
  /** Seen by the cashier as complete: each must reach the CRM. */
  readonly completed = new Set<string>();
  readonly requestedDelays: number[] = [];

  constructor(
    readonly storeId: string,
    readonly terminalId: string,
    readonly code: string,
    readonly proxy: FaultProxy,
    private readonly rng: Rng,
    private readonly killRate: number,
  ) {
    this.open();
  }

  private open(): void {
    const o = { indexedDB: this.factory, IDBKeyRange };
    this.ledger = openLedger(`${this.terminalId}-ledger`, o);
    this.cache = openCache(`${this.terminalId}-cache`, o);
  }

  async identify(): Promise<void> {
    await getOrCreateTerminalIdentity(this.ledger, {
      storeId: this.storeId,
      storeName: '测试店',
      terminalId: this.terminalId,
    });
  }

  private fetch: FetchLike = async (input, init) => {
    const me = this.incarnation;
    const kill = this.killsOn && this.rng() < this.killRate;
    if (kill && this.rng() < 0.4) {
      this.kill();
      throw new TypeError('page killed before sending');
    }
    const res = await globalThis.fetch(input, init);
    if (kill && this.incarnation === me) {
      // The answer reached a page that is already gone.
      this.kill();
      throw new TypeError('page killed before the answer was read');
    }
    return res;
  };

  startRunner(): void {
    const client = createCrmClient({ baseUrl: this.proxy.url, fetch: this.fetch, timeoutMs: 250 });
    this.runner = createSyncRunner({
      ledger: this.ledger,
      cache: this.cache,
      client,
      enrollmentCode: this.code,
      random: this.rng,
      lock: { name: `sync:${this.terminalId}:${this.incarnation}` },
      sleep: (ms, signal) => {
        this.requestedDelays.push(ms);
        return scaledSleep(ms, signal);
      },
      options: {
        backoff: { baseMs: 100, capMs: 2000 },
        idleMs: 2000,
        blockedMs: 1000,
        pullLimit: 7,
        catalogPullLimit: 25,
        chunkSize: 10,
      },
    });
    this.runner.start();
  }

  /** A page kill: the runner is abandoned mid-whatever, databases closed, everything reopened. */
  kill(): void {
    this.kills++;
    this.incarnation++;
    const old = { runner: this.runner, ledger: this.ledger, cache: this.cache };
    void old.runner.stop();
    old.ledger.close();
    old.cache.close();
    this.open();
    this.startRunner();
  }

  /** A sale through the real cart, committed like the checkout does (retried with the same id on failure). */
  async sell(
    products: Product[],
    memberId: string | undefined,
    coupon: { id: string; code: string } | undefined,
    rules?: MemberRules,
  ): Promise<void> {
    let cart = emptyCart();
    const n = 1 + Math.floor(this.rng() * 3);
    for (let i = 0; i < n; i++) {
      const p = products[Math.floor(this.rng() * products.length)]!;
      cart = addProduct(cart, p, { lineId: newId(), scannedCode: p.barcode }).cart;
    }
    const intents: SaleIntents = {};
    if (coupon) {
      const line = cart.lines[0]!;
      const off = Math.min(500, Math.floor(line.amountFen / 2));
      cart = applyLineDiscounts(cart, [
        { lineId: line.lineId, discount: { kind: 'coupon', ref: coupon.id, amountFen: off } },
      ]);
      intents.coupons = [{ couponId: coupon.id, code: coupon.code, discountFen: off }];
    }
    const totals = cartTotals(cart);
    if (memberId && rules) {
      // What the till earns by the CRM's own rules (the CRM computes it and compares, issue 15). A member attached
      // without the member's scanned code spends nothing, so these sales only earn; redemption has its own tests.
      intents.points = {
        memberId,
        earn: pointsEarned({ lines: cart.lines, tier: 'gold', rules, pointsPaidFen: 0 }).points,
        earnEntryId: newId(),
        redeem: 0,
      };
    }
    const cash = makeCashTender({
      id: newId(),
      dueRemainingFen: totals.dueFen,
      tenderedFen: Math.ceil(totals.dueFen / 10000) * 10000,
      roundToJiao: false,
    });
    if (!cash.ok) throw new Error(`cash tender refused: ${cash.reason}`);
    const draft = {
      id: newId(),
      storeId: this.storeId,
      terminalId: this.terminalId,
      cashierId: 'E1002',
      lines: cart.lines,
      tenders: [cash.tender],
      totals,
      roundingFen: 0,
      changeFen: cash.changeFen,
      ...(memberId ? { memberId } : {}),
      status: 'completed' as const,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await commitSale(this.ledger, draft, undefined, intents);
        this.completed.add(draft.id);
        break;
      } catch (e) {
        // The page died under the checkout: the cashier presses Enter again (same sale id).
        if (attempt >= 5) throw e;
      }
    }
    this.runner?.wake();
  }
}

export interface RunReport {
  seed: number;
  terminals: number;
  sales: number;
  kills: number;
  faults: Record<string, number>;
  couponUses: number;
}

class RunFailure extends Error {}

function check(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new RunFailure(msg);
}

/** One seeded run: terminals sell under faults and kills, then drain; every invariant is checked in SQL. */
export async function runChaos(crm: Crm, seed: number): Promise<RunReport> {
  const rng = mulberry32(seed);
  const db = crm.db;
  const tag = String(seed % 1e9).padStart(9, '0');
  const storeId = `R${tag}`;
  await db.query(`INSERT INTO stores (id, name, name_en) VALUES ($1, '测试店', 'Chaos store')`, [storeId]);
  const memberId = `MR${tag}`;
  const startBalance = 1000;
  await db.query(
    `INSERT INTO members (id, card_no, name, phone, tier, points_balance, preferences, joined_on, active)
     VALUES ($1, $2, '测试会员', $3, 'gold', $4, '[]', '2025-01-01', true)`,
    [memberId, `CR${tag}`, `17${tag}`, startBalance],
  );
  const coupon = { id: `CPN${tag}`, code: `CODE${tag}` };
  await db.query(
    // A printed flyer: a bearer coupon anyone may use (a member's own coupon needs the member's code, issue 15).
    `INSERT INTO coupons (id, code, title, kind, value_fen, min_spend_fen, valid_from, valid_to, state, bearer)
     VALUES ($1, $2, '满减券', 'amount', 500, 0, current_date - 1, current_date + 30, 'issued', true)`,
    [coupon.id, coupon.code],
  );
  const products = generateCatalog({ count: CATALOG_SIZE, seed: CATALOG_SEED }).products.filter(
    (p) => p.unit === 'piece',
  );

  const count = 2 + Math.floor(rng() * 2);
  const terminals: SimTerminal[] = [];
  const proxies: FaultProxy[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const terminalId = `T${tag.slice(-6)}${i}`;
      const code = await issueEnrollmentCode(db, { storeId, terminalId });
      const trng = mulberry32((seed * 31 + i * 7919) >>> 0);
      const proxy = await startFaultProxy(crm.url, () => faultFor(trng));
      proxies.push(proxy);
      const t = new SimTerminal(storeId, terminalId, code, proxy, trng, 0.04);
      await t.identify();
      terminals.push(t);
    }
    const rules = await loadRules(db);
    // Some tills sell before they ever reached the CRM (provisional epoch, re-stamped at enrollment).
    for (const t of terminals) if (rng() < 0.5) await t.sell(products, undefined, undefined);
    for (const t of terminals) t.startRunner();

    const plans = terminals.map(() => 2 + Math.floor(rng() * 3));
    const couponOn = terminals.map(() => rng() < 0.5);
    const catalogEdit = rng();
    const compact = rng() < 0.3;
    await Promise.all(
      terminals.map(async (t, i) => {
        for (let k = 0; k < plans[i]!; k++) {
          const useMember = rng() < 0.5;
          await t.sell(
            products,
            useMember ? memberId : undefined,
            couponOn[i] && k === 0 ? coupon : undefined,
            rules,
          );
          await new Promise((r) => setTimeout(r, Math.floor(rng() * 15)));
          if (i === 0 && k === 0) await editCatalog(db, tag, catalogEdit, compact);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 20 + Math.floor(rng() * 40)));

    // Drain: the network heals, nobody dies any more; bounded in rounds and in time.
    for (const p of proxies) p.decide = () => ({ kind: 'pass' });
    for (const t of terminals) t.killsOn = false;
    const deadline = Date.now() + 30_000;
    for (let round = 0; round < 3; round++)
      for (const t of terminals) {
        for (let i = 0; ; i++) {
          check(
            i < 40 && Date.now() < deadline,
            `terminal ${t.terminalId} did not drain: ${JSON.stringify(t.runner.state())}`,
          );
          const r = await t.runner.syncNow();
          if (r.ok && !r.more && t.runner.state().pending === 0) break;
        }
      }

    // ---------------------------------------------------------------- invariants
    const sold = new Map<string, SaleCompletedPayload>();
    let earn = 0;
    let redeem = 0;
    let couponUses = 0;
    for (const t of terminals) {
      const integrity = await verifyLedgerIntegrity(t.ledger);
      check(integrity.ok, `${t.terminalId} ledger: ${integrity.problems.join('; ')}`);
      const outbox = await t.ledger.outbox.orderBy('seq').toArray();
      const notAcked = outbox.filter((r) => r.state !== 'acked');
      check(
        notAcked.length === 0,
        `${t.terminalId}: outbox not drained: ${JSON.stringify(notAcked.map((r) => [r.seq, r.state, r.lastError]))}`,
      );
      for (const id of t.completed)
        check(await t.ledger.sales.get(id), `${t.terminalId}: completed sale ${id} missing from its ledger`);
      const identity = (await readTerminalIdentity(t.ledger))!;
      const applied = await db.query<{ seq: number }>(
        `SELECT seq FROM applied_mutations WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3 ORDER BY seq`,
        [storeId, t.terminalId, identity.epoch],
      );
      check(
        applied.rows.length === outbox.length && applied.rows.every((r, i) => r.seq === i + 1),
        `${t.terminalId}: CRM seqs ${applied.rows.map((r) => r.seq).join(',')} vs outbox 1..${outbox.length}`,
      );
      const last = await db.query<{ last_applied_seq: number }>(
        `SELECT last_applied_seq FROM terminal_epochs WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3`,
        [storeId, t.terminalId, identity.epoch],
      );
      check(
        last.rows[0]?.last_applied_seq === outbox.length,
        `${t.terminalId}: last applied seq ${last.rows[0]?.last_applied_seq}`,
      );
      for (const r of outbox) {
        const p = r.payload as SaleCompletedPayload;
        sold.set(p.sale.id, p);
        earn += p.points?.earn ?? 0;
        redeem += p.points?.redeem ?? 0;
        if (p.coupons.some((c) => c.couponId === coupon.id)) couponUses++;
        const ack = r.ack as { issueIds?: string[] } | undefined;
        for (const issueId of ack?.issueIds ?? []) {
          const found = await db.query(`SELECT 1 FROM issues WHERE id = $1`, [issueId]);
          check(found.rows.length === 1, `${t.terminalId} seq ${r.seq}: issue ${issueId} not in the CRM`);
        }
      }
    }
    const crmSales = await db.query<{ id: string; n: number }>(
      `SELECT id, count(*)::int AS n FROM sales WHERE store_id = $1 GROUP BY id`,
      [storeId],
    );
    check(
      crmSales.rows.length === sold.size,
      `CRM has ${crmSales.rows.length} sales, the tills made ${sold.size}`,
    );
    for (const row of crmSales.rows)
      check(row.n === 1 && sold.has(row.id), `sale ${row.id} x${row.n} in the CRM`);

    const pts = await db.query<{ total: number; n: number }>(
      `SELECT coalesce(sum(delta), 0)::bigint AS total, count(*)::int AS n FROM points_ledger WHERE member_id = $1`,
      [memberId],
    );
    check(
      pts.rows[0]!.total === earn - redeem,
      `points ledger sums to ${pts.rows[0]!.total}, the tills moved ${earn - redeem}`,
    );
    const bal = await db.query<{ points_balance: number }>(
      `SELECT points_balance FROM members WHERE id = $1`,
      [memberId],
    );
    check(
      bal.rows[0]!.points_balance === startBalance + earn - redeem,
      `balance ${bal.rows[0]!.points_balance}`,
    );

    const twice = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM issues WHERE kind = 'coupon.usedTwice' AND subject_id = $1`,
      [coupon.id],
    );
    check(
      twice.rows[0]!.n === Math.max(0, couponUses - 1),
      `coupon used ${couponUses}x gave ${twice.rows[0]!.n} issues`,
    );

    // Converged: every till holds the CRM's catalog and the store's issues.
    const crmProducts = await db.query<{ id: string; price_fen: number }>(
      `SELECT id, price_fen FROM products`,
    );
    const want = new Map(crmProducts.rows.map((r) => [r.id, r.price_fen]));
    const crmIssues = await db.query<{ id: string; state: string }>(
      `SELECT id, state FROM issues WHERE store_id = $1`,
      [storeId],
    );
    for (const t of terminals) {
      const rows = await t.cache.transaction(
        'r',
        [t.cache.meta, t.cache.products, t.cache.productsB],
        async () => catalogTables(t.cache, await activeGeneration(t.cache, 'catalog')).products.toArray(),
      );
      const have = new Map(rows.map((p) => [p.id, p.priceFen]));
      check(have.size === want.size, `${t.terminalId}: ${have.size} products cached, CRM has ${want.size}`);
      for (const [id, price] of want)
        check(have.get(id) === price, `${t.terminalId}: product ${id} ${have.get(id)} != ${price}`);
      const { issues } = await listCachedIssues(t.cache, 'all');
      check(
        issues.length === crmIssues.rows.length,
        `${t.terminalId}: ${issues.length} issues cached, CRM has ${crmIssues.rows.length}`,
      );
    }
    const faults: Record<string, number> = {};
    for (const p of proxies) for (const [k, v] of Object.entries(p.counts)) faults[k] = (faults[k] ?? 0) + v;
    return {
      seed,
      terminals: terminals.length,
      sales: sold.size,
      kills: terminals.reduce((n, t) => n + t.kills, 0),
      faults,
      couponUses,
    };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`chaos run failed (replay with CHAOS_SEED=${seed} CHAOS_RUNS=1): ${why}`, { cause: e });
  } finally {
    await Promise.all(terminals.map((t) => t.runner?.stop()));
    for (const t of terminals) {
      t.ledger.close();
      t.cache.close();
    }
    await Promise.all(proxies.map((p) => p.close()));
  }
}

/** A price change, sometimes a product that comes and goes, sometimes a compaction (cursors reset). */
async function editCatalog(db: Db, tag: string, x: number, compact: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const p = await tx.query<{ id: string }>(`SELECT id FROM products ORDER BY id LIMIT 1 OFFSET $1`, [
      Number(tag) % 40,
    ]);
    const id = p.rows[0]!.id;
    const cur = await tx.query<{ data: Product }>(
      `SELECT data FROM change_log WHERE stream = 'catalog' AND kind = 'product' AND entity_id = $1 AND op = 'upsert' ORDER BY id DESC LIMIT 1`,
      [id],
    );
    const upd = await tx.query<{ price_fen: number }>(
      `UPDATE products SET price_fen = price_fen + 1 WHERE id = $1 RETURNING price_fen`,
      [id],
    );
    const { version: _v, ...data } = cur.rows[0]!.data;
    await recordChange(tx, {
      stream: 'catalog',
      kind: 'product',
      entityId: id,
      storeId: null,
      op: 'upsert',
      data: { ...data, priceFen: upd.rows[0]!.price_fen },
    });
  });
  if (x < 0.4) {
    // A product that is added and, half the time, withdrawn again (a tombstone).
    const id = `PR${tag}`;
    const data: Omit<Product, 'version'> = {
      id,
      barcode: `R${tag}`,
      altBarcodes: [],
      name: `测试新品${tag}`,
      nameEn: 'Chaos item',
      pinyin: 'csxp',
      categoryId: (await db.query<{ id: string }>(`SELECT id FROM categories LIMIT 1`)).rows[0]!.id,
      priceFen: 999,
      unit: 'piece',
      active: true,
    };
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO products (id, barcode, name, name_en, pinyin, category_id, price_fen, unit) VALUES ($1, $2, $3, $4, $5, $6, $7, 'piece')`,
        [id, data.barcode, data.name, data.nameEn, data.pinyin, data.categoryId, data.priceFen],
      );
      await recordChange(tx, {
        stream: 'catalog',
        kind: 'product',
        entityId: id,
        storeId: null,
        op: 'upsert',
        data,
      });
    });
    if (x < 0.2)
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM products WHERE id = $1`, [id]);
        await recordChange(tx, {
          stream: 'catalog',
          kind: 'product',
          entityId: id,
          storeId: null,
          op: 'delete',
        });
      });
  }
  if (compact) await compactChangeLog(db, new Date(Date.now() + 60_000));
}
