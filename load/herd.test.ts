// A small herd in CI: real workers, a real CRM process, real HTTP. The admission budget is tiny on purpose,
// so tills are turned away with 429 and must come back by their backoff: still nothing lost or doubled.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HERD, runHerd, type HerdResult } from './herd';

const url = process.env.TEST_DATABASE_URL;

/** Nothing left at a till, lost or doubled at the CRM, amounts equal to the fen. */
function expectAllHeldOnce(r: HerdResult): void {
  expect({ left: r.left, lost: r.lost, doubled: r.doubled, ok: r.ok }).toEqual({
    left: 0,
    lost: 0,
    doubled: 0,
    ok: true,
  });
}
const backends: ('pglite' | 'postgres')[] = url ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('the herd on %s', (backend) => {
  it('drains every till through a CRM that sheds load, with nothing lost or doubled', async () => {
    const tight = { maxConcurrent: 1, maxQueue: 0, queueTimeoutMs: 200, retryAfterS: 1 };
    const r = await runHerd({
      ...DEFAULT_HERD,
      terminals: 8,
      salesPerTerminal: 20,
      workers: 2,
      batchSize: 5,
      backend,
      ...(url ? { databaseUrl: url } : {}),
      poolMax: 4,
      admission: { write: tight, read: { ...tight, maxConcurrent: 2 } },
      deadlineMs: 240_000,
      prepareConcurrency: 4,
    });
    expect(r.held).toMatchObject({ sales: 160, distinctSales: 160, applied: 160, terminalsWithSales: 8 });
    expect(r.held.dueFen).toBe(r.expectedDueFen);
    // PGlite runs each transaction without yielding, so its pushes never overlap and none is shed.
    if (backend === 'postgres') expect(r.push.shed429).toBeGreaterThan(0);
    expect(r.crmErrors.http5xx).toBe(0);
    expectAllHeldOnce(r);
  }, 300_000);
});

describe('live trading with the lighter tills', () => {
  it('sells at the offered rate with every sale held once, timed by the tills and by the CRM', async () => {
    const r = await runHerd({
      ...DEFAULT_HERD,
      mode: 'trade',
      till: 'lite',
      terminals: 12,
      salesPerTerminal: 0,
      workers: 2,
      rate: 24,
      seconds: 3,
      backend: url ? 'postgres' : 'pglite',
      ...(url ? { databaseUrl: url } : {}),
      poolMax: 4,
      deadlineMs: 120_000,
    });
    // Each till sells every 0.5 s from a random offset: 72 sales, give or take the tills' phases.
    expect(r.mutations).toBeGreaterThanOrEqual(60);
    expect(r.held).toMatchObject({ sales: r.mutations, distinctSales: r.mutations, applied: r.mutations });
    expect(r.held.dueFen).toBe(r.expectedDueFen);
    // Most sales went by their own push (a till sells slower than it syncs; a slow push batches the next
    // sale with it), and the CRM timed the same pushes the tills did.
    expect(r.push.n).toBeGreaterThanOrEqual(r.mutations * 0.5);
    expect(r.push.n).toBeLessThanOrEqual(r.mutations);
    expect(r.served.push.n).toBe(r.push.n);
    expect(r.pull.n).toBeGreaterThan(0);
    expectAllHeldOnce(r);
  }, 180_000);
});
