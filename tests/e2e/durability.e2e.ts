// Pulls the plug during commitSale again and again (invariant I1 and ARCHITECTURE "one ledger transaction"):
// after every restart each sale is wholly present (sale, outbox record, sequence number) or wholly absent, and
// sequence numbers stay gap-free. Half the runs close the page abruptly, half SIGKILL the whole browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog, mulberry32 } from '../../src/domain/catalogSeed';
import type { RunningWebServer } from '../../scripts/webServer';
import { killTill, launchTill, makeProfileDir, scanIntoCart, serveTill, type Till } from './helpers/till';

const RUNS = Number(process.env.DURABILITY_RUNS ?? 50);
const SEED = Number(process.env.DURABILITY_SEED ?? Date.now() % 1_000_000);
const DB = 'e2e-durability';

const products = generateCatalog({ count: 2000, seed: 42 }).products.filter(
  (p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode),
);

interface LedgerFacts {
  counts: { sales: number; outbox: number };
  integrity: { ok: boolean; problems: string[] };
  seqs: number[];
  saleIds: string[];
  outboxEntityIds: string[];
}

async function ledgerFacts(till: Till): Promise<LedgerFacts> {
  return till.page.evaluate(async (name) => {
    type Pos = {
      counts(): Promise<{ sales: number; outbox: number }>;
      verifyIntegrity(): Promise<{ ok: boolean; problems: string[] }>;
    };
    const pos = (window as unknown as { __pos: Pos }).__pos;
    // Read the raw stores too, so the check does not rest on the app's own integrity code alone.
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((ok, fail) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => ok(req.result as T[]);
        req.onerror = () => fail(req.error);
      });
    const sales = await all<{ id: string }>('sales');
    const outbox = await all<{ seq: number; entityId: string }>('outbox');
    db.close();
    return {
      counts: await pos.counts(),
      integrity: await pos.verifyIntegrity(),
      seqs: outbox.map((o) => o.seq).sort((a, b) => a - b),
      saleIds: sales.map((s) => s.id).sort(),
      outboxEntityIds: outbox.map((o) => o.entityId).sort(),
    };
  }, `${DB}-ledger`);
}

let web: RunningWebServer;
beforeAll(async () => {
  web = await serveTill();
});
afterAll(async () => {
  await web?.close();
});

describe('durability of commitSale under abrupt closes', () => {
  it(`keeps every sale whole or absent over ${RUNS} interrupted checkouts (seed ${SEED})`, async () => {
    const rnd = mulberry32(SEED);
    const profile = await makeProfileDir();
    const url = `${web.url}/?db=${DB}&wedgeGapMs=50`;
    const outcomes = { kept: 0, lost: 0 };
    let previous = 0;
    let killWindowMs = 0;
    try {
      for (let run = 0; run < RUNS; run++) {
        const till = await launchTill(profile.dir, url, { width: 1024, height: 768 });
        const facts = await ledgerFacts(till);
        const where = `run ${run}, seed ${SEED}`;
        expect(facts.integrity, where).toEqual({ ok: true, problems: [] });
        expect(facts.counts.sales, where).toBe(facts.counts.outbox);
        expect(facts.seqs, where).toEqual(facts.seqs.map((_, i) => i + 1));
        expect(facts.saleIds, where).toEqual(facts.outboxEntityIds);
        if (run > 0) {
          // The interrupted sale is there once or not at all; never twice, never half.
          const delta = facts.counts.sales - previous;
          expect([0, 1], where).toContain(delta);
          if (run === 1) expect(delta, 'the calibration sale completed').toBe(1);
          else if (delta === 1) outcomes.kept++;
          else outcomes.lost++;
        }
        previous = facts.counts.sales;

        const { page } = till;
        const p = products[Math.floor(rnd() * products.length)]!;
        await scanIntoCart(till, p.barcode, 1);
        await page.keyboard.press('F5');
        await page.getByTestId('tender-dialog').waitFor();
        // The amount due is prefilled: Enter pays exact, and the commit starts.
        const t0 = Date.now();
        await page.keyboard.press('Enter');
        if (run === 0) {
          // Calibration: how long Enter -> "done" takes on this machine now; the kills spread over that window.
          await page.getByTestId('sale-complete').waitFor();
          killWindowMs = Math.max(20, Math.round(Date.now() - t0));
        } else {
          // Squared: most kills land early, where the commit is still in flight (it ends well before the screen does).
          const u = rnd();
          await new Promise((r) => setTimeout(r, Math.floor(u * u * killWindowMs)));
        }
        if (run % 2 === 0) {
          await page.close({ runBeforeUnload: false }).catch(() => undefined);
          await till.context.close().catch(() => undefined);
        } else {
          await killTill(till, profile.dir);
        }
      }
      const last = await launchTill(profile.dir, url);
      const facts = await ledgerFacts(last);
      expect(facts.integrity).toEqual({ ok: true, problems: [] });
      expect([0, 1]).toContain(facts.counts.sales - previous);
      if (facts.counts.sales > previous) outcomes.kept++;
      else outcomes.lost++;
      console.log(
        JSON.stringify({
          msg: 'durability outcomes',
          seed: SEED,
          runs: RUNS,
          windowMs: killWindowMs,
          ...outcomes,
          sales: facts.counts.sales,
        }),
      );
      // Both sides of the commit were hit, so the kill timing was not degenerate.
      if (RUNS >= 20) {
        expect(outcomes.kept, `seed ${SEED}`).toBeGreaterThan(0);
        expect(outcomes.lost, `seed ${SEED}`).toBeGreaterThan(0);
      }
      await last.context.close();
    } finally {
      await profile.remove();
    }
  });
});
