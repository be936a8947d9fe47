// The sync engine against the real CRM through a misbehaving network, seeded and reproducible:
// FAULT_RUNS (default 200) runs per database backend; CHAOS_RUNS for `npm run test:chaos` (1,000);
// CHAOS_SEED replays a failed run (its seed is in the failure message).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../crm/testSupport';
import { runChaos, startCrm, type Crm, type RunReport } from './harness';

const RUNS = Number(process.env.CHAOS_RUNS ?? process.env.FAULT_RUNS ?? 200);
const BASE_SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Math.floor(Math.random() * 1e9);
console.log(
  `fault suite: ${RUNS} runs per backend from seed ${BASE_SEED} (CHAOS_SEED=${BASE_SEED} to replay)`,
);

for (const backend of testBackends()) {
  describe(`sync under faults (${backend.name})`, () => {
    let crm: Crm;
    const reports: RunReport[] = [];
    beforeAll(async () => {
      crm = await startCrm(backend);
    }, 60_000);
    afterAll(async () => {
      const total = (k: string) => reports.reduce((n, r) => n + (r.faults[k] ?? 0), 0);
      console.log(
        `${backend.name}: ${reports.length} runs, ${reports.reduce((n, r) => n + r.sales, 0)} sales, ` +
          `${reports.reduce((n, r) => n + r.kills, 0)} page kills, faults ` +
          ['drop', 'delay', 'reset', 'status500', 'status429', 'twice', 'loseResponse']
            .map((k) => `${k}=${total(k)}`)
            .join(' '),
      );
      await crm?.close();
    });

    for (let i = 0; i < RUNS; i++) {
      const seed = (BASE_SEED + i) >>> 0;
      it(`run ${i} (seed ${seed})`, async () => {
        const report = await runChaos(crm, seed);
        reports.push(report);
        expect(report.sales).toBeGreaterThan(0);
      }, 60_000);
    }

    it('injected every kind of fault and killed pages', () => {
      if (RUNS < 50) return;
      const seen = new Set(
        reports.flatMap((r) =>
          Object.entries(r.faults)
            .filter(([, n]) => n > 0)
            .map(([k]) => k),
        ),
      );
      for (const k of ['drop', 'delay', 'reset', 'status500', 'status429', 'twice', 'loseResponse'])
        expect(seen).toContain(k);
      expect(reports.reduce((n, r) => n + r.kills, 0)).toBeGreaterThan(0);
      expect(reports.some((r) => r.couponUses > 1)).toBe(true);
    });
  });
}
