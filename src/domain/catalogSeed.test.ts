import { describe, expect, it } from 'vitest';
import { isValidGtin, normalizeProductCode } from './barcode';
import { CATALOG_VOCABULARY, generateCatalog, mulberry32 } from './catalogSeed';
import { isUuidv7 } from './ids';

const HAN = /\p{Script=Han}/gu;
const hanCount = (s: string) => (s.match(HAN) ?? []).length;

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and differs by seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('vocabulary', () => {
  it('every word carries one pinyin initial per Han character', () => {
    const words: (readonly [string, string, string, ...unknown[]])[] = [...CATALOG_VOCABULARY.colors];
    for (const k of CATALOG_VOCABULARY.kinds) words.push(...k.brands, ...k.words, ...k.specs);
    for (const [zh, initials, en] of words) {
      expect(initials, zh).toMatch(/^[a-z]*$/);
      expect(initials.length, zh).toBe(hanCount(zh));
      if (zh !== '') expect(en.length, zh).toBeGreaterThan(0);
    }
  });

  it('spot checks of the initials', () => {
    const all = new Map<string, string>();
    for (const k of CATALOG_VOCABULARY.kinds)
      for (const [zh, py] of [...k.brands, ...k.words]) all.set(zh, py);
    expect(all.get('伊利')! + all.get('纯牛奶')!).toBe('ylcnn');
    expect(all.get('农夫山泉')).toBe('nfsq');
    expect(all.get('长粒香米')).toBe('clxm');
    expect(all.get('调和油')).toBe('thy');
    expect(all.get('乐事')).toBe('ls');
  });
});

describe('generateCatalog', () => {
  const { categories, products } = generateCatalog({ count: 20_000, seed: 7 });

  it('is deterministic and prefix-stable', () => {
    const again = generateCatalog({ count: 20_000, seed: 7 });
    expect(again.products).toEqual(products);
    expect(generateCatalog({ count: 500, seed: 7 }).products).toEqual(products.slice(0, 500));
    expect(generateCatalog({ count: 10, seed: 8 }).products[0]).not.toEqual(products[0]);
    expect(generateCatalog({ count: 0, seed: 7 }).products).toEqual([]);
  });

  it('has the department-store categories with stable UUIDv7 ids', () => {
    const names = categories.map((c) => c.name);
    for (const n of [
      '乳品',
      '饮料',
      '粮油',
      '零食',
      '日化',
      '生鲜水果',
      '蔬菜',
      '服装',
      '鞋靴',
      '家电',
      '美妆',
    ])
      expect(names).toContain(n);
    expect(categories.every((c) => isUuidv7(c.id) && c.nameEn.length > 0)).toBe(true);
    expect(generateCatalog({ count: 1, seed: 999 }).categories).toEqual(categories);
    const catIds = new Set(categories.map((c) => c.id));
    expect(products.every((p) => catIds.has(p.categoryId))).toBe(true);
  });

  it('gives unique UUIDv7 ids and unique barcodes across primary and alt codes', () => {
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    expect(products.every((p) => isUuidv7(p.id))).toBe(true);
    const codes = products.flatMap((p) => [p.barcode, ...p.altBarcodes]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('packaged goods: valid EAN-13 with 690-699 prefixes, some EAN-8 / UPC-A alternates', () => {
    const packaged = products.filter((p) => p.unit === 'piece');
    for (const p of packaged) {
      expect(p.barcode).toMatch(/^69\d{11}$/);
      expect(isValidGtin(p.barcode)).toBe(true);
      expect(p.plu).toBeUndefined();
      for (const alt of p.altBarcodes) {
        const n = normalizeProductCode(alt);
        expect(n.ok && n.gtin === alt, alt).toBe(true);
      }
    }
    const prefixes = new Set(packaged.map((p) => p.barcode.slice(0, 3)));
    expect(prefixes.size).toBe(10);
    const alts = packaged.flatMap((p) => p.altBarcodes);
    expect(alts.some((a) => a.length === 8)).toBe(true);
    expect(alts.some((a) => a.length === 12)).toBe(true);
  });

  it('about 5% weighed goods with unique 5-digit PLUs as barcode', () => {
    const weighed = products.filter((p) => p.unit === 'kg');
    expect(weighed.length / products.length).toBeGreaterThan(0.04);
    expect(weighed.length / products.length).toBeLessThan(0.06);
    for (const p of weighed) {
      expect(p.plu).toMatch(/^\d{5}$/);
      expect(p.barcode).toBe(p.plu);
    }
    expect(new Set(weighed.map((p) => p.plu)).size).toBe(weighed.length);
    const names = weighed.map((p) => p.name).join('|');
    for (const word of ['苹果', '香蕉', '五花肉']) expect(names).toContain(word);
  });

  it('names, English names and pinyin agree', () => {
    for (const p of products) {
      expect(p.pinyin).toMatch(/^[a-z]+$/);
      expect(p.pinyin.length).toBe(hanCount(p.name));
      expect(p.nameEn).toMatch(/^[\x20-\x7e°éô×]+$/);
    }
    const milk = products.find((p) => p.name.startsWith('伊利纯牛奶'));
    expect(milk?.pinyin.startsWith('ylcnn')).toBe(true);
    // 牛奶 is findable by 'nn'
    const nn = products.filter((p) => p.pinyin.includes('nn'));
    expect(nn.some((p) => p.name.includes('牛奶'))).toBe(true);
    for (const brand of [
      '农夫山泉',
      '蒙牛',
      '康师傅',
      '海天',
      '金龙鱼',
      '三只松鼠',
      '李宁',
      '安踏',
      '回力',
      '蓝月亮',
      '立白',
      '舒肤佳',
    ]) {
      expect(
        products.some((p) => p.name.startsWith(brand)),
        brand,
      ).toBe(true);
    }
  });

  it('prices are positive integer fen that end the way shelf prices do', () => {
    for (const p of products) {
      expect(Number.isSafeInteger(p.priceFen)).toBe(true);
      expect(p.priceFen).toBeGreaterThan(0);
      expect(p.priceFen % 10).toBe(0);
    }
    const milk = products.filter((p) => p.name.includes('纯牛奶 250ml×24'));
    for (const m of milk) {
      expect(m.priceFen).toBeGreaterThan(3000);
      expect(m.priceFen).toBeLessThan(15000);
    }
  });

  it('keeps the first thousand products active and retires about 1% of the rest', () => {
    expect(products.slice(0, 1000).every((p) => p.active)).toBe(true);
    const inactive = products.filter((p) => !p.active).length / products.length;
    expect(inactive).toBeGreaterThan(0.003);
    expect(inactive).toBeLessThan(0.02);
    expect(products.every((p) => p.version === 1)).toBe(true);
  });

  it('generates 200,000 products with unique barcodes and ids', () => {
    const big = generateCatalog({ count: 200_000, seed: 1 }).products;
    expect(big).toHaveLength(200_000);
    const codes = new Set<string>();
    const ids = new Set<string>();
    for (const p of big) {
      codes.add(p.barcode);
      for (const a of p.altBarcodes) codes.add(a);
      ids.add(p.id);
    }
    expect(codes.size).toBe(big.reduce((s, p) => s + 1 + p.altBarcodes.length, 0));
    expect(ids.size).toBe(200_000);
  });

  it('refuses a bad count', () => {
    expect(() => generateCatalog({ count: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateCatalog({ count: 1.5, seed: 1 })).toThrow(RangeError);
  });
});
