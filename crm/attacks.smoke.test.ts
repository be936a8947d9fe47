import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashSale, openAttackWorld, type AttackWorld } from './attackFixture';
import { testBackends } from './testSupport';

describe.each(testBackends())('attack world on $name', (backend) => {
  let w: AttackWorld;
  beforeAll(async () => {
    w = await openAttackWorld(backend);
  }, 120_000);
  afterAll(async () => w?.close());
  it('a plain sale from each store is applied under its own store', async () => {
    for (const till of ['A1', 'B1'] as const) {
      const s = cashSale(w, till);
      const r = await w.push(till, [w.mutation(till, 'sale.completed', s.id, { sale: s, coupons: [] })]);
      expect(r.results[0]!.status).toBe('applied');
    }
    const rows = await w.sql<{ store_id: string }>(`SELECT store_id FROM sales ORDER BY store_id`);
    expect(rows.map((r) => r.store_id)).toEqual(['S001', 'S011']);
  });
});
