// Stock for the floor staff's price and stock check (issue 8): this store's count of a product and the counts of
// the stores nearby, nearest first. The demo chain's nearby stores and counts are seeded here.
import type { ProductStock, StoreStock } from '../src/shared/crm';
import type { Db, Queryable } from './db';

/** Stores near the demo store 天河店 (S001), with walking/driving distances in metres. */
export const DEMO_NEARBY_STORES = [
  { id: 'S011', name: '珠江新城店', nameEn: 'Zhujiang New Town Store', distanceM: 1200 },
  { id: 'S012', name: '体育西店', nameEn: 'Tiyu West Store', distanceM: 2600 },
  { id: 'S013', name: '北京路店', nameEn: 'Beijing Road Store', distanceM: 4800 },
  { id: 'S014', name: '番禺店', nameEn: 'Panyu Store', distanceM: 18600 },
] as const;

/**
 * Nearby stores and a count of every active product in the demo store and each nearby store. Counts are
 * deterministic per store and product (a hash), about one in eight is 0, so "sold out here, 2 km away" shows up.
 */
export async function seedDemoStock(tx: Queryable, storeId = 'S001'): Promise<void> {
  for (const s of DEMO_NEARBY_STORES) {
    await tx.query(`INSERT INTO stores (id, name, name_en) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [
      s.id,
      s.name,
      s.nameEn,
    ]);
    await tx.query(
      `INSERT INTO store_neighbours (store_id, neighbour_id, distance_m) VALUES ($1, $2, $3)
       ON CONFLICT (store_id, neighbour_id) DO NOTHING`,
      [storeId, s.id, s.distanceM],
    );
  }
  const stores = [storeId, ...DEMO_NEARBY_STORES.map((s) => s.id)];
  await tx.query(
    `INSERT INTO store_stock (store_id, product_id, qty)
     SELECT s.id, p.id,
            CASE WHEN mod(abs(hashtext(s.id || ':' || p.id)), 8) = 0 THEN 0
                 ELSE 1 + mod(abs(hashtext(p.id || ':' || s.id)), 60) END
       FROM products p CROSS JOIN stores s
      WHERE p.active AND s.id = ANY($1::text[])
     ON CONFLICT (store_id, product_id) DO NOTHING`,
    [stores],
  );
}

/** A CRM seeded before issue 8 gets the demo stock once (its store is there, its stock table empty). */
export async function ensureDemoStock(db: Db, storeId = 'S001'): Promise<boolean> {
  const store = await db.query(`SELECT 1 FROM stores WHERE id = $1`, [storeId]);
  if (store.rows.length === 0) return false;
  const any = await db.query(`SELECT 1 FROM store_stock WHERE store_id = $1 LIMIT 1`, [storeId]);
  if (any.rows.length > 0) return false;
  await db.transaction((tx) => seedDemoStock(tx, storeId));
  return true;
}

interface StockRow {
  store_id: string;
  name: string;
  distance_m: number | null;
  qty: number;
  updated_at: string | Date;
}

const iso = (v: string | Date): string => (v instanceof Date ? v : new Date(v)).toISOString();

function toStock(r: StockRow): StoreStock {
  return {
    storeId: r.store_id,
    storeName: r.name,
    ...(r.distance_m !== null ? { distanceM: Number(r.distance_m) } : {}),
    qty: Number(r.qty),
    updatedAt: iso(r.updated_at),
  };
}

/** null when the product does not exist. A store that never counted the product is left out (here: null). */
export async function stockFor(
  db: Queryable,
  storeId: string,
  productId: string,
  now = new Date(),
): Promise<ProductStock | null> {
  const product = await db.query(`SELECT 1 FROM products WHERE id = $1`, [productId]);
  if (product.rows.length === 0) return null;
  const here = await db.query<StockRow>(
    `SELECT s.store_id, st.name, NULL::integer AS distance_m, s.qty, s.updated_at
       FROM store_stock s JOIN stores st ON st.id = s.store_id
      WHERE s.store_id = $1 AND s.product_id = $2`,
    [storeId, productId],
  );
  const nearby = await db.query<StockRow>(
    `SELECT s.store_id, st.name, n.distance_m, s.qty, s.updated_at
       FROM store_neighbours n
       JOIN store_stock s ON s.store_id = n.neighbour_id AND s.product_id = $2
       JOIN stores st ON st.id = n.neighbour_id
      WHERE n.store_id = $1
      ORDER BY n.distance_m, n.neighbour_id`,
    [storeId, productId],
  );
  return {
    productId,
    here: here.rows[0] ? toStock(here.rows[0]) : null,
    nearby: nearby.rows.map(toStock),
    fetchedAt: now.toISOString(),
  };
}

/** Sets a store's count of a product (the stock system's feed; tests). */
export async function setStock(
  db: Queryable,
  storeId: string,
  productId: string,
  qty: number,
): Promise<void> {
  await db.query(
    `INSERT INTO store_stock (store_id, product_id, qty, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (store_id, product_id) DO UPDATE SET qty = EXCLUDED.qty, updated_at = now()`,
    [storeId, productId, qty],
  );
}
