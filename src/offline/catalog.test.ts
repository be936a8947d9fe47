import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { withGtinCheckDigit } from '../domain/barcode';
import type { Product } from '../domain/model';
import { generateCatalog } from '../domain/catalogSeed';
import { CatalogRepo, codeVariants, nameKeysOf, nameQueryKey, pinyinKeysOf } from './catalog';
import { freshCache } from './testSupport';

function product(p: Partial<Product> & Pick<Product, 'id' | 'barcode' | 'name' | 'pinyin'>): Product {
  return {
    altBarcodes: [],
    nameEn: p.name,
    categoryId: 'c1',
    priceFen: 1000,
    unit: 'piece',
    version: 1,
    active: true,
    ...p,
  };
}

const PRODUCTS: Product[] = [
  product({
    id: 'yili',
    barcode: '6901234567892',
    name: '伊利纯牛奶 250ml×24',
    pinyin: 'ylcnn',
    altBarcodes: ['96385074'],
  }),
  product({ id: 'mengniu', barcode: '6923456789015', name: '蒙牛特仑苏纯牛奶', pinyin: 'mntlscnn' }),
  product({ id: 'wangzai', barcode: '6934567890128', name: '旺仔牛奶 245ml', pinyin: 'wznn' }),
  product({ id: 'cola', barcode: '6945678901231', name: '可口可乐 330ml', pinyin: 'kkkl' }),
  product({ id: 'oldmilk', barcode: '6956789012344', name: '停售牛奶', pinyin: 'tsnn', active: false }),
  product({ id: 'hershey', barcode: '034000002405', name: '好时巧克力', pinyin: 'hsqkl' }),
  product({ id: 'apple', barcode: '10023', plu: '10023', name: '红富士苹果', pinyin: 'hfspg', unit: 'kg' }),
];

async function loadedRepo(): Promise<CatalogRepo> {
  const repo = new CatalogRepo(freshCache());
  await repo.bulkLoad(PRODUCTS);
  return repo;
}

describe('search keys', () => {
  it('indexes every start position of the initials and of the Chinese name', () => {
    expect(pinyinKeysOf('YLCNN')).toEqual(['ylcnn', 'lcnn', 'cnn', 'nn', 'n']);
    expect(nameKeysOf('伊利纯牛奶 250ml')).toEqual(['伊利纯牛', '利纯牛奶', '纯牛奶 ', '牛奶 2', '奶 25']);
  });

  it('ranges a Chinese query over its most specific key', () => {
    expect(nameQueryKey('牛奶')).toBe('牛奶');
    expect(nameQueryKey('纯牛奶 950')).toBe('奶 95');
    expect(nameQueryKey('AD钙奶')).toBe('钙奶');
  });

  it('lists the GTIN forms of a scanned code, the scanned one first', () => {
    expect(codeVariants('034000002405')).toEqual(['034000002405', '0034000002405']);
    expect(codeVariants('0034000002405')).toEqual(['0034000002405', '034000002405']);
    expect(codeVariants(' 10023 ')).toEqual(['10023']);
  });
});

describe('CatalogRepo lookups', () => {
  it('finds by primary and alternative barcode', async () => {
    const repo = await loadedRepo();
    expect((await repo.findByCode('6901234567892'))?.id).toBe('yili');
    expect((await repo.findByCode('96385074'))?.id).toBe('yili');
    expect(await repo.findByCode('6900000000000')).toBeUndefined();
    expect(await repo.findByCode('')).toBeUndefined();
  });

  it('treats UPC-A and its EAN-13 form with a leading zero as the same product', async () => {
    const repo = await loadedRepo();
    expect((await repo.findByCode('0034000002405'))?.id).toBe('hershey');
    const cache = freshCache();
    const stored13 = new CatalogRepo(cache);
    await stored13.bulkLoad([product({ id: 'upc13', barcode: '0034000002405', name: '好时', pinyin: 'hs' })]);
    expect((await stored13.findByCode('034000002405'))?.id).toBe('upc13');
  });

  it('finds weighed goods by PLU and returns products without the search keys', async () => {
    const repo = await loadedRepo();
    const apple = await repo.findByPlu('10023');
    expect(apple?.id).toBe('apple');
    expect(apple).not.toHaveProperty('pinyinKeys');
    expect(apple).not.toHaveProperty('nameKeys');
    expect(await repo.findByPlu('99999')).toBeUndefined();
  });
});

describe('CatalogRepo.search', () => {
  it("finds 牛奶 products by pinyin initials from any word start ('nn')", async () => {
    const repo = await loadedRepo();
    const ids = (await repo.search('nn')).map((p) => p.id);
    expect(ids.sort()).toEqual(['mengniu', 'wangzai', 'yili']);
    expect((await repo.search('NN')).length).toBe(3);
    expect((await repo.search('cnn')).map((p) => p.id).sort()).toEqual(['mengniu', 'yili']);
    expect((await repo.search('wz')).map((p) => p.id)).toEqual(['wangzai']);
    // Longer than the indexed key length: narrowed by the index, finished by a filter.
    expect((await repo.search('mntlscnn')).map((p) => p.id)).toEqual(['mengniu']);
    expect(await repo.search('xyz')).toEqual([]);
  });

  it('ranks a match at the start of the initials first', async () => {
    const repo = await loadedRepo();
    expect((await repo.search('nn'))[0]?.id).toBe('wangzai'); // 'wznn' has nn earliest
    expect((await repo.search('k'))[0]?.id).toBe('cola');
  });

  it('matches any part of the Chinese name', async () => {
    const repo = await loadedRepo();
    expect((await repo.search('牛奶')).map((p) => p.id).sort()).toEqual(['mengniu', 'wangzai', 'yili']);
    expect((await repo.search('纯牛奶')).map((p) => p.id).sort()).toEqual(['mengniu', 'yili']);
    expect((await repo.search('特仑苏纯牛奶')).map((p) => p.id)).toEqual(['mengniu']);
    expect((await repo.search('苹果')).map((p) => p.id)).toEqual(['apple']);
    expect((await repo.search('250ml×24 伊利')).length).toBe(0);
  });

  it('matches barcodes by prefix and a PLU exactly, and leaves out inactive products', async () => {
    const repo = await loadedRepo();
    expect((await repo.search('69012')).map((p) => p.id)).toEqual(['yili']);
    expect((await repo.search('6934')).map((p) => p.id)).toEqual(['wangzai']);
    expect((await repo.search('10023')).map((p) => p.id)).toEqual(['apple']);
    expect((await repo.search('6956')).map((p) => p.id)).toEqual([]);
    expect((await repo.search('停售')).map((p) => p.id)).toEqual([]);
  });

  it('respects the limit', async () => {
    const repo = await loadedRepo();
    expect(await repo.search('nn', 2)).toHaveLength(2);
    expect(await repo.search('   ')).toEqual([]);
  });
});

describe('CatalogRepo.bulkLoad', () => {
  const many = (n: number, version = 1): Product[] =>
    Array.from({ length: n }, (_, i) =>
      product({
        id: `p${i}`,
        barcode: withGtinCheckDigit(`690${String(i).padStart(9, '0')}`),
        name: `测试商品${i}号`,
        pinyin: 'csspsh',
        version,
      }),
    );

  it('writes in chunks and reports progress after each', async () => {
    const repo = new CatalogRepo(freshCache());
    const progress: [number, number][] = [];
    const result = await repo.bulkLoad(many(2500), {
      chunkSize: 1000,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
    expect(result).toEqual({ written: 2500, skipped: 0 });
    expect(await repo.count()).toBe(2500);
    expect((await repo.findByCode(withGtinCheckDigit('690000002499')))?.id).toBe('p2499');
  });

  it('keeps a cached item whose version is the same or newer', async () => {
    const repo = new CatalogRepo(freshCache());
    await repo.bulkLoad(many(10, 5));
    const older = many(10, 4).map((p) => ({ ...p, priceFen: 1 }));
    const newer = many(3, 6).map((p) => ({ ...p, priceFen: 2 }));
    expect(await repo.bulkLoad([...older.slice(3), ...newer])).toEqual({ written: 3, skipped: 7 });
    expect((await repo.getById('p0'))?.priceFen).toBe(2);
    expect((await repo.getById('p5'))?.priceFen).toBe(1000);
  });

  it('rolls back a chunk that breaks barcode uniqueness, keeping the chunks before it', async () => {
    const repo = new CatalogRepo(freshCache());
    const items = many(4);
    const clash = { ...items[3]!, id: 'dup', barcode: items[0]!.barcode };
    await expect(repo.bulkLoad([...items, clash], { chunkSize: 2 })).rejects.toThrow();
    expect(await repo.count()).toBe(4);
    expect(await repo.getById('dup')).toBeUndefined();
  });
});

describe('CatalogRepo.ensureDemoCatalog', () => {
  it('loads the generated catalog into an empty cache, once', async () => {
    const repo = new CatalogRepo(freshCache());
    const progress: number[] = [];
    expect(await repo.ensureDemoCatalog(1500, 7, { onProgress: (done) => progress.push(done) })).toBe(1500);
    expect(progress).toEqual([1000, 1500]);
    expect(await repo.ensureDemoCatalog(1500, 7)).toBe(0);
    expect(await repo.count()).toBe(1500);

    const { categories, products } = generateCatalog({ count: 1500, seed: 7 });
    expect((await repo.categories()).length).toBe(categories.length);
    const sample = products[1234]!;
    expect(await repo.findByCode(sample.barcode)).toEqual(sample);
    const milk = await repo.search('nn', 50);
    expect(milk.length).toBeGreaterThan(0);
    for (const p of milk) expect(p.pinyin).toContain('nn');
  });
});
