// The store's staff as the till knows them: the CRM's staff stream in the cache (PIN hashes, roles, badges),
// read from the stream's active generation. A till with no CRM (the demo) gets the demo staff instead.
import { Dexie } from 'dexie';
import { StaffSchema, type Staff } from '../../shared/crm/api';
import { DEMO_STAFF } from '../../domain/staff/demoStaff';
import { staffBadgeHash } from '../../domain/staff/badge';
import { activeGeneration } from '../catalog';
import type { CacheDb } from '../db';
import { TEST_ARGON2, type Argon2Params } from '../../domain/staff/pinHash';
import { hashPin } from './pin';

export type { Staff };

/** Every readable staff record (active or not); rows failing the schema are counted, not shown. */
export async function listCachedStaff(cache: CacheDb): Promise<{ staff: Staff[]; unreadable: number }> {
  const rows = await cache.transaction('r', [cache.meta, cache.streamItems], async () => {
    const gen = await activeGeneration(cache, 'staff');
    return cache.streamItems
      .where('[gen+kind+id]')
      .between([gen, 'staff', Dexie.minKey], [gen, 'staff', Dexie.maxKey])
      .toArray();
  });
  const staff: Staff[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const parsed = StaffSchema.safeParse(row.data);
    if (parsed.success) staff.push(parsed.data);
    else unreadable++;
  }
  staff.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { staff, unreadable };
}

export async function findCachedStaff(cache: CacheDb, id: string): Promise<Staff | undefined> {
  const row = await cache.transaction('r', [cache.meta, cache.streamItems], async () => {
    const gen = await activeGeneration(cache, 'staff');
    return cache.streamItems.get([gen, 'staff', id]);
  });
  const parsed = StaffSchema.safeParse(row?.data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A till with no CRM link: the demo staff, hashed here once (argon2id at the production cost, so their PINs
 * are checked exactly like the CRM's). `cost` is for tests: a number (the old PBKDF2 iteration count the tests
 * passed) or TEST_ARGON2 selects the low test cost. Written into the staff stream's active generation like a
 * pulled snapshot, so a CRM configured later replaces them with its first staff snapshot. Does nothing when staff are already there.
 */
export async function ensureDemoStaff(
  cache: CacheDb,
  storeId: string,
  cost?: Argon2Params | number,
): Promise<number> {
  const params = typeof cost === 'number' ? TEST_ARGON2 : cost;
  const { staff } = await listCachedStaff(cache);
  if (staff.length > 0) return 0;
  // Hash before the transaction: crypto.subtle inside it would commit it early.
  // One at a time: each argon2id derivation takes its own 64 MiB.
  const records: Staff[] = [];
  for (const s of DEMO_STAFF)
    records.push({
      id: s.id,
      storeId,
      name: s.name,
      role: s.role,
      pinHash: await hashPin(s.pin, params),
      ...(s.badge ? { badgeHash: staffBadgeHash(s.badge) } : {}),
      active: true,
    });
  return cache.transaction('rw', [cache.meta, cache.streamItems], async () => {
    const gen = await activeGeneration(cache, 'staff');
    const there = await cache.streamItems
      .where('[gen+kind+id]')
      .between([gen, 'staff', Dexie.minKey], [gen, 'staff', Dexie.maxKey])
      .count();
    if (there > 0) return 0;
    await cache.streamItems.bulkPut(
      records.map((data) => ({ gen, kind: 'staff', id: data.id, version: 1, data })),
    );
    return records.length;
  });
}
