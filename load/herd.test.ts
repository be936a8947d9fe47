// A small herd in CI: real workers, a real CRM process, real HTTP. The admission budget is tiny on purpose,
// so tills are turned away with 429 and must come back by their backoff: still nothing lost or doubled.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HERD, runHerd } from './herd';

const url = process.env.TEST_DATABASE_URL;
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
    expect({ left: r.left, lost: r.lost, doubled: r.doubled, ok: r.ok }).toEqual({
      left: 0,
      lost: 0,
      doubled: 0,
      ok: true,
    });
  }, 300_000);
});
