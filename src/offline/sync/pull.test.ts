import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../domain/model';
import type { PullItem, PullResponse } from '../../shared/crm';
import { CatalogRepo } from '../catalog';
import { freshCache } from '../testSupport';
import { listCachedIssues } from './issues';
import { applyPullPage, readPullPosition } from './pull';

const noYield = { yieldBetweenChunks: async () => undefined };

function product(id: string, version: number, overrides: Partial<Product> = {}): PullItem {
  const data: Product = {
    id,
    barcode: `69000000${id.padStart(5, '0')}`,
    altBarcodes: [],
    name: `测试商品${id}`,
    nameEn: `Item ${id}`,
    pinyin: 'cssp',
    categoryId: 'c1',
    priceFen: 100 * version,
    unit: 'piece',
    version,
    active: true,
    ...overrides,
  };
  return { kind: 'product', id, version, op: 'upsert', data };
}
const tombstone = (id: string, version: number): PullItem => ({ kind: 'product', id, version, op: 'delete' });

function page(
  items: PullItem[],
  nextCursor: string,
  more = false,
  extra: Partial<PullResponse> = {},
): PullResponse {
  return { stream: 'catalog', items, nextCursor, hasMore: more, epoch: 1, lastAppliedSeq: 0, ...extra };
}

async function demoCache() {
  const cache = freshCache();
  const repo = new CatalogRepo(cache);
  await repo.bulkLoad([product('900', 1).data as Product]);
  return { cache, repo };
}

describe('applyPullPage', () => {
  it('loads a first full sync into a new generation and switches only when complete, never empty', async () => {
    const { cache, repo } = await demoCache();
    const p1 = page([product('1', 5), product('2', 6)], 'c1', true);
    expect(await applyPullPage(cache, 'catalog', undefined, p1, { ...noYield, chunkSize: 1 })).toMatchObject({
      applied: true,
      mode: 'snapshot',
      switched: false,
    });
    // Mid-snapshot the till still sees the old catalog, whole.
    expect((await repo.getById('900'))?.id).toBe('900');
    expect(await repo.getById('1')).toBeUndefined();
    expect((await readPullPosition(cache, 'catalog')).staging).toMatchObject({
      gen: 'b',
      cursor: 'c1',
      loaded: 2,
    });

    const p2 = page([product('3', 7), tombstone('2', 8)], 'c2');
    expect(await applyPullPage(cache, 'catalog', 'c1', p2, noYield)).toMatchObject({
      applied: true,
      switched: true,
    });
    expect(await repo.getById('900')).toBeUndefined();
    expect((await repo.getById('1'))?.priceFen).toBe(500);
    expect(await repo.getById('2')).toBeUndefined();
    expect(await repo.count()).toBe(2);
    // The generation left behind is emptied for the next snapshot.
    expect(await cache.products.count()).toBe(0);
    expect(await readPullPosition(cache, 'catalog')).toEqual({
      active: 'b',
      cursor: 'c2',
      staging: undefined,
    });
  });

  it('does nothing with a duplicated or reordered page', async () => {
    const cache = freshCache();
    const repo = new CatalogRepo(cache);
    const first = page([product('1', 5)], 'c1');
    await applyPullPage(cache, 'catalog', undefined, first, noYield);
    const p2 = page([product('1', 9)], 'c2');
    const p3 = page([tombstone('1', 10)], 'c3');
    // Page 3 before page 2: it was asked for from a cursor the cache does not hold.
    expect(await applyPullPage(cache, 'catalog', 'c2', p3, noYield)).toEqual({
      applied: false,
      reason: 'stale',
    });
    expect(await applyPullPage(cache, 'catalog', 'c1', p2, noYield)).toMatchObject({
      applied: true,
      written: 1,
    });
    // The same page again.
    expect(await applyPullPage(cache, 'catalog', 'c1', p2, noYield)).toEqual({
      applied: false,
      reason: 'stale',
    });
    expect(await applyPullPage(cache, 'catalog', undefined, first, noYield)).toEqual({
      applied: false,
      reason: 'stale',
    });
    expect((await repo.getById('1'))?.priceFen).toBe(900);
    expect(await applyPullPage(cache, 'catalog', 'c2', p3, noYield)).toMatchObject({
      applied: true,
      deleted: 1,
    });
    expect(await repo.getById('1')).toBeUndefined();
  });

  it('keeps the higher version inside a page and over the cache; tombstones delete', async () => {
    const cache = freshCache();
    const repo = new CatalogRepo(cache);
    await applyPullPage(cache, 'catalog', undefined, page([product('1', 5), product('2', 5)], 'c1'), noYield);
    const out = await applyPullPage(
      cache,
      'catalog',
      'c1',
      page([product('1', 4), product('2', 7), product('2', 6), tombstone('3', 2)], 'c2'),
      noYield,
    );
    expect(out).toMatchObject({ applied: true, mode: 'incremental', written: 1 });
    expect((await repo.getById('1'))?.priceFen).toBe(500);
    expect((await repo.getById('2'))?.priceFen).toBe(700);
    await applyPullPage(cache, 'catalog', 'c2', page([tombstone('2', 8)], 'c3'), noYield);
    expect(await repo.getById('2')).toBeUndefined();
  });

  it('a reset loads a new generation beside the shown one and drops what the snapshot lacks', async () => {
    const cache = freshCache();
    const repo = new CatalogRepo(cache);
    await applyPullPage(cache, 'catalog', undefined, page([product('1', 5), product('2', 5)], 'c1'), noYield);
    const r1 = page([product('1', 11)], 'r1', true, { reset: true });
    expect(await applyPullPage(cache, 'catalog', 'c1', r1, noYield)).toMatchObject({
      mode: 'snapshot',
      switched: false,
    });
    expect(await repo.count()).toBe(2);
    expect((await repo.getById('1'))?.priceFen).toBe(500);
    await applyPullPage(cache, 'catalog', 'r1', page([product('4', 12)], 'r2'), noYield);
    expect((await repo.getById('1'))?.priceFen).toBe(1100);
    expect(await repo.getById('2')).toBeUndefined();
    expect((await repo.getById('4'))?.id).toBe('4');
  });

  it('lets a barcode move from one product to another', async () => {
    const cache = freshCache();
    const repo = new CatalogRepo(cache);
    await applyPullPage(
      cache,
      'catalog',
      undefined,
      page([product('1', 5, { barcode: '6900000000017' })], 'c1'),
      noYield,
    );
    await applyPullPage(
      cache,
      'catalog',
      'c1',
      page([product('2', 6, { barcode: '6900000000017' })], 'c2'),
      noYield,
    );
    expect((await repo.findByCode('6900000000017'))?.id).toBe('2');
  });

  it('stores the issues stream for the sync panel', async () => {
    const cache = freshCache();
    const issue = {
      id: 'I1',
      storeId: 'S001',
      kind: 'coupon.usedTwice' as const,
      state: 'open' as const,
      title: '优惠券 CP1 被使用两次',
      subjectId: 'C1',
      refs: [{ receiptNo: 'S001-T01-20261125-0001', amountFen: 500 }],
      actions: ['accept' as const, 'dismiss' as const],
      createdAt: '2026-11-25T08:00:00.000Z',
    };
    await applyPullPage(
      cache,
      'issues',
      undefined,
      {
        ...page([{ kind: 'issue', id: 'I1', version: 3, op: 'upsert', data: issue }], 'i1'),
        stream: 'issues',
      },
      noYield,
    );
    expect((await listCachedIssues(cache)).issues).toEqual([issue]);
    await applyPullPage(
      cache,
      'issues',
      'i1',
      {
        ...page(
          [{ kind: 'issue', id: 'I1', version: 4, op: 'upsert', data: { ...issue, state: 'resolved' } }],
          'i2',
        ),
        stream: 'issues',
      },
      noYield,
    );
    expect((await listCachedIssues(cache)).issues).toEqual([]);
    expect((await listCachedIssues(cache, 'resolved')).issues).toHaveLength(1);
  });
});
