// The product catalog as the till reads it: every lookup is an indexed get or an index range, never a table
// scan, so a 200,000-product store answers a scan as fast as a 200-product one.
import { productCodeCandidates } from '../domain/barcode';
import { generateCatalog } from '../domain/catalogSeed';
import type { Category, Product } from '../domain/model';
import type { CacheDb, CachedCategory, CachedProduct, Generation } from './db';
import type { Table } from 'dexie';

/** meta key naming the generation ('a' | 'b') a stream's readers use; absent means 'a'. */
export const generationKey = (stream: string): string => `gen.${stream}`;

export interface CatalogTables {
  products: Table<CachedProduct, string>;
  categories: Table<CachedCategory, string>;
}

export function catalogTables(cache: CacheDb, gen: Generation): CatalogTables {
  return gen === 'b'
    ? { products: cache.productsB, categories: cache.categoriesB }
    : { products: cache.products, categories: cache.categories };
}

/** The generation readers of `stream` see; call inside a transaction that includes `meta`. */
export async function activeGeneration(cache: CacheDb, stream: string): Promise<Generation> {
  const row = await cache.meta.get(generationKey(stream));
  return row?.value === 'b' ? 'b' : 'a';
}

function toCategory(row: CachedCategory): Category {
  const { version: _v, ...category } = row;
  return category;
}

/** Index keys are cut to this many characters: longer queries use the cut as a range and filter the rest. */
const PINYIN_KEY_LENGTH = 8;
const NAME_KEY_LENGTH = 4;
const HAN = /\p{Script=Han}/u;

/** Every suffix of the initials: each initial starts a word, and a search may start at any word. */
export function pinyinKeysOf(pinyin: string): string[] {
  const initials = pinyin.toLowerCase();
  const keys = new Set<string>();
  for (let i = 0; i < initials.length; i++) keys.add(initials.slice(i, i + PINYIN_KEY_LENGTH));
  return [...keys];
}

/** No Han character sits below U+2E80: most of a name (digits, latin, spaces) skips the regex. */
const FIRST_HAN = 0x2e80;

/** Short substrings starting at each Chinese character, so '牛奶' finds 伊利纯牛奶 without a scan. */
export function nameKeysOf(name: string): string[] {
  const chars = Array.from(name);
  const keys = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch.charCodeAt(0) < FIRST_HAN || !HAN.test(ch)) continue;
    let key = ch;
    for (let j = i + 1; j < i + NAME_KEY_LENGTH && j < chars.length; j++) key += chars[j]!;
    keys.add(key);
  }
  return [...keys];
}

export function toCachedProduct(product: Product): CachedProduct {
  return { ...product, pinyinKeys: pinyinKeysOf(product.pinyin), nameKeys: nameKeysOf(product.name) };
}

function toProduct(row: CachedProduct): Product {
  const { pinyinKeys: _p, nameKeys: _n, ...product } = row;
  return product;
}

/** The code as scanned first, then the same GTIN in its other forms (UPC-A <-> EAN-13 with a leading 0, UPC-E). */
export function codeVariants(code: string): string[] {
  const trimmed = code.trim();
  return [...new Set([trimmed, ...productCodeCandidates(trimmed)])].filter((c) => c.length > 0);
}

export interface BulkLoadOptions {
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BulkLoadResult {
  written: number;
  /** Items skipped because the cache already had the same or a newer version. */
  skipped: number;
}

export class CatalogRepo {
  constructor(private readonly cache: CacheDb) {}

  /**
   * Reads the active generation in one transaction with the meta row naming it, so a generation switch by
   * the sync engine is seen whole or not at all.
   */
  private read<T>(fn: (t: CatalogTables) => Promise<T>): Promise<T> {
    const c = this.cache;
    return c.transaction('r', [c.meta, c.products, c.productsB, c.categories, c.categoriesB], async () =>
      fn(catalogTables(c, await activeGeneration(c, 'catalog'))),
    );
  }

  /** By primary barcode or an alternative one, in any of the GTIN's equivalent forms; the scanned form wins. */
  async findByCode(code: string): Promise<Product | undefined> {
    const variants = codeVariants(code);
    if (variants.length === 0) return undefined;
    return this.read(async ({ products }) => {
      const byPrimary = await products.where('barcode').anyOf(variants).toArray();
      const primary = pickPreferred(byPrimary, variants, (p) => [p.barcode]);
      if (primary) return toProduct(primary);
      const byAlt = await products.where('altBarcodes').anyOf(variants).toArray();
      const alt = pickPreferred(byAlt, variants, (p) => p.altBarcodes);
      return alt ? toProduct(alt) : undefined;
    });
  }

  /** Weighed goods by PLU (from a scale label or typed in); their primary barcode is the PLU too. */
  async findByPlu(plu: string): Promise<Product | undefined> {
    const key = plu.trim();
    if (key === '') return undefined;
    return this.read(async ({ products }) => {
      const row = (await products.where('plu').equals(key).first()) ?? (await products.get({ barcode: key }));
      return row ? toProduct(row) : undefined;
    });
  }

  async getById(id: string): Promise<Product | undefined> {
    return this.read(async ({ products }) => {
      const row = await products.get(id);
      return row ? toProduct(row) : undefined;
    });
  }

  /**
   * What the cashier types in the search box: digits match barcodes by prefix (and an exact PLU), latin
   * letters match pinyin initials from any word ('nn' -> 牛奶), Chinese matches any part of the name.
   * Inactive products are left out.
   */
  async search(text: string, limit = 20): Promise<Product[]> {
    const query = text.trim();
    if (query === '' || limit <= 0) return [];
    return this.read(({ products }) => this.searchIn(products, query, limit));
  }

  private async searchIn(
    products: Table<CachedProduct, string>,
    query: string,
    limit: number,
  ): Promise<Product[]> {
    // Fetch more than shown so the best matches can be ranked first.
    const fetch = limit * 5;
    const found = new Map<string, CachedProduct>();
    const add = (rows: CachedProduct[]): void => {
      for (const row of rows) if (row.active && !found.has(row.id)) found.set(row.id, row);
    };
    let rank: (p: CachedProduct) => number = () => 0;

    if (/^\d+$/.test(query)) {
      const plu = await products.where('plu').equals(query).first();
      if (plu) add([plu]);
      add(await products.where('barcode').startsWith(query).limit(fetch).toArray());
      add(await products.where('altBarcodes').startsWith(query).distinct().limit(fetch).toArray());
      rank = (p) => (p.plu === query || p.barcode === query ? 0 : 1);
    } else if (HAN.test(query)) {
      const key = nameQueryKey(query);
      const rows = await products
        .where('nameKeys')
        .startsWith(key)
        .distinct()
        .filter((p) => p.name.includes(query))
        .limit(fetch)
        .toArray();
      add(rows);
      rank = (p) => p.name.indexOf(query);
    } else {
      const q = query.toLowerCase().replace(/\s+/g, '');
      const rows = await products
        .where('pinyinKeys')
        .startsWith(q.slice(0, PINYIN_KEY_LENGTH))
        .distinct()
        .filter((p) => p.pinyin.toLowerCase().includes(q))
        .limit(fetch)
        .toArray();
      add(rows);
      rank = (p) => p.pinyin.toLowerCase().indexOf(q);
    }
    return [...found.values()]
      .sort(
        (a, b) => rank(a) - rank(b) || a.name.length - b.name.length || a.name.localeCompare(b.name, 'zh-CN'),
      )
      .slice(0, limit)
      .map(toProduct);
  }

  async count(): Promise<number> {
    return this.read(({ products }) => products.count());
  }

  async categories(): Promise<Category[]> {
    return this.read(async ({ categories }) => (await categories.toArray()).map(toCategory));
  }

  async putCategories(categories: Category[]): Promise<void> {
    const c = this.cache;
    await c.transaction('rw', [c.meta, c.categories, c.categoriesB], async () => {
      await catalogTables(c, await activeGeneration(c, 'catalog')).categories.bulkPut(categories);
    });
  }

  /**
   * Writes products in chunks of `chunkSize`, one transaction each (one huge transaction would hold the
   * database for seconds and lose everything on a crash). A cached item with the same or a higher version
   * is kept: the CRM's version follows its commit order.
   */
  async bulkLoad(
    products: readonly Product[],
    { chunkSize = 1000, onProgress }: BulkLoadOptions = {},
  ): Promise<BulkLoadResult> {
    const size = Math.max(1, Math.floor(chunkSize));
    const total = products.length;
    let written = 0;
    let skipped = 0;
    for (let start = 0; start < total; start += size) {
      const chunk = products.slice(start, start + size).map(toCachedProduct);
      const c = this.cache;
      await c.transaction('rw', [c.meta, c.products, c.productsB], async () => {
        const { products: table } = catalogTables(c, await activeGeneration(c, 'catalog'));
        const cached = await table.bulkGet(chunk.map((p) => p.id));
        const newer = chunk.filter((p, i) => {
          const old = cached[i];
          return old === undefined || old.version < p.version;
        });
        skipped += chunk.length - newer.length;
        written += newer.length;
        await table.bulkPut(newer);
      });
      onProgress?.(Math.min(start + size, total), total);
    }
    return { written, skipped };
  }

  /**
   * Loads the domain's generated demo catalog when the cache has no products (first start of the demo or
   * of a test). Returns how many products were loaded, 0 when the cache already had some.
   */
  async ensureDemoCatalog(count: number, seed: number, options: BulkLoadOptions = {}): Promise<number> {
    if ((await this.count()) > 0) return 0;
    const catalog = generateCatalog({ count, seed });
    await this.putCategories(catalog.categories);
    const { written } = await this.bulkLoad(catalog.products, options);
    return written;
  }
}

/**
 * The indexed key to range over for a Chinese query: the longest one the query contains, the latest on a tie
 * ('纯牛奶 950' -> '奶 95'): the end of a query (spec, size) is usually rarer than its start.
 */
export function nameQueryKey(query: string): string {
  let best = '';
  for (const key of nameKeysOf(query)) if (Array.from(key).length >= Array.from(best).length) best = key;
  return best;
}

/** Among rows matched by any variant, the one matching the earliest (most likely) variant. */
function pickPreferred(
  rows: CachedProduct[],
  variants: string[],
  codesOf: (p: CachedProduct) => string[],
): CachedProduct | undefined {
  let best: CachedProduct | undefined;
  let bestRank = Infinity;
  for (const row of rows) {
    for (const code of codesOf(row)) {
      const rank = variants.indexOf(code);
      if (rank >= 0 && rank < bestRank) {
        best = row;
        bestRank = rank;
      }
    }
  }
  return best;
}
