// The store's pickup orders as the pickups stream left them in the cache (raw rows of the active generation),
// each parsed with the contract's schema before anyone acts on it: a row that does not parse is skipped and
// reported, never shown half-read.
import { Dexie } from 'dexie';
import { PickupOrderSchema, type PickupOrder } from '../../shared/crm';
import { activeGeneration } from '../catalog';
import type { CacheDb } from '../db';

export interface CachedPickups {
  orders: PickupOrder[];
  /** Ids of cached rows that do not match the contract (logged by the caller). */
  unreadable: string[];
}

export async function readCachedPickups(cache: CacheDb): Promise<CachedPickups> {
  const rows = await cache.transaction('r', [cache.meta, cache.streamItems], async () => {
    const gen = await activeGeneration(cache, 'pickups');
    return cache.streamItems
      .where('[gen+kind+id]')
      .between([gen, 'pickupOrder', Dexie.minKey], [gen, 'pickupOrder', Dexie.maxKey])
      .toArray();
  });
  const orders: PickupOrder[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    const parsed = PickupOrderSchema.safeParse(row.data);
    if (parsed.success) orders.push(parsed.data);
    else unreadable.push(row.id);
  }
  return { orders, unreadable };
}

export async function cachedPickupById(cache: CacheDb, id: string): Promise<PickupOrder | undefined> {
  const row = await cache.transaction('r', [cache.meta, cache.streamItems], async () =>
    cache.streamItems.get([await activeGeneration(cache, 'pickups'), 'pickupOrder', id]),
  );
  const parsed = PickupOrderSchema.safeParse(row?.data);
  return parsed.success ? parsed.data : undefined;
}

/** A store has a few hundred live orders: reading them all beats keeping a second index in step. */
export async function cachedPickupByCode(cache: CacheDb, code: string): Promise<PickupOrder | undefined> {
  const { orders } = await readCachedPickups(cache);
  return orders.find((o) => o.code === code);
}

/** Marks orders as shown by the queue; returns the ids among `ids` not seen before. */
export async function markPickupsSeen(cache: CacheDb, ids: string[], now: Date): Promise<string[]> {
  return cache.transaction('rw', cache.pickupSeen, async () => {
    const seen = await cache.pickupSeen.bulkGet(ids);
    const fresh = ids.filter((_, i) => !seen[i]);
    await cache.pickupSeen.bulkPut(fresh.map((id) => ({ id, seenAt: now.toISOString() })));
    return fresh;
  });
}

export async function countUnseenPickups(cache: CacheDb, ids: string[]): Promise<number> {
  const seen = await cache.pickupSeen.bulkGet(ids);
  return seen.filter((s) => !s).length;
}
