// Members looked up online, kept for offline use: only what the till shows and prices with, masked, for the
// CRM's time-to-live. The balance shown offline is provisional: the CRM's balance when cached plus this
// till's points deltas the CRM had not acknowledged then (sales travel with their points intent, so once
// acknowledged they are in the CRM's balance and drop out of the sum).
import { Dexie } from 'dexie';
import type { CouponTerms } from '../../domain/membership/coupons';
import { memberCardHash, memberCardLast4 } from '../../domain/membership/memberCard';
import type { Coupon, MemberTillProfile } from '../../shared/crm';
import type { CacheDb, CachedMemberRow, LedgerDb } from '../db';

export function couponTerms(c: Coupon): CouponTerms {
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    ...(c.memberId !== undefined ? { memberId: c.memberId } : {}),
    kind: c.kind,
    ...(c.valueFen !== undefined ? { valueFen: c.valueFen } : {}),
    ...(c.rateBp !== undefined ? { rateBp: c.rateBp } : {}),
    minSpendFen: c.minSpendFen,
    validFrom: c.validFrom,
    validTo: c.validTo,
    state: c.state,
    categoryIds: c.categoryIds ?? [],
    offlineAllowed: c.offlineAllowed ?? true,
    stackable: c.stackable ?? false,
    ...(c.bearer ? { bearer: true } : {}),
  };
}

/** This till's highest outbox seq the CRM has acknowledged (0 when none). */
export async function ackedSeq(ledger: LedgerDb): Promise<number> {
  const last = await ledger.outbox
    .where('[state+seq]')
    .between(['acked', Dexie.minKey], ['acked', Dexie.maxKey])
    .last();
  return last?.seq ?? 0;
}

/** Stores what the cashier may see offline from a profile the CRM just gave. */
export async function cacheMember(
  cache: CacheDb,
  ledger: LedgerDb,
  p: MemberTillProfile,
): Promise<CachedMemberRow> {
  const acked = await ackedSeq(ledger);
  const row: CachedMemberRow = {
    id: p.member.id,
    // Never the card number itself: its hash to match the next scan, its last 4 digits to show.
    cardHash: memberCardHash(p.member.cardNo),
    cardLast4: memberCardLast4(p.member.cardNo),
    nameMasked: p.member.nameMasked,
    phoneMasked: p.member.phoneMasked,
    tier: p.member.tier,
    tierName: p.tier.name,
    balance: p.member.pointsBalance,
    expiringSoon: p.expiringSoon,
    coupons: p.coupons.map(couponTerms),
    fetchedAt: p.fetchedAt,
    ackedSeqAtFetch: acked,
  };
  await cache.transaction('rw', cache.members, async () => {
    // A card number moved to another member id (reissued card): the stale holder yields it.
    const holder = await cache.members.where('cardHash').equals(row.cardHash).first();
    if (holder && holder.id !== row.id) await cache.members.delete(holder.id);
    await cache.members.put(row);
  });
  return row;
}

const fresh = (row: CachedMemberRow | undefined, now: Date, ttlS: number): CachedMemberRow | undefined =>
  row && now.getTime() - Date.parse(row.fetchedAt) <= ttlS * 1000 ? row : undefined;

export async function cachedMemberById(
  cache: CacheDb,
  id: string,
  now: Date,
  ttlS: number,
): Promise<CachedMemberRow | undefined> {
  return fresh(await cache.members.get(id), now, ttlS);
}

export async function cachedMemberByCard(
  cache: CacheDb,
  cardNo: string,
  now: Date,
  ttlS: number,
): Promise<CachedMemberRow | undefined> {
  return fresh(await cache.members.where('cardHash').equals(memberCardHash(cardNo)).first(), now, ttlS);
}

/** Forgets members past their time-to-live (personal data is not kept longer than it is useful). */
export async function purgeExpiredMembers(cache: CacheDb, now: Date, ttlS: number): Promise<number> {
  const before = new Date(now.getTime() - ttlS * 1000).toISOString();
  return cache.members.where('fetchedAt').below(before).delete();
}

export interface ProvisionalBalance {
  /** Last synced balance plus the pending deltas. */
  balance: number;
  /** Points deltas of this till the CRM had not acknowledged when the balance was fetched. */
  pendingDelta: number;
  /** True when pendingDelta comes from sales not yet confirmed by the CRM. */
  provisional: boolean;
}

/** The balance offline: the CRM's when cached plus this till's points deltas after `afterSeq`. */
export async function provisionalBalance(
  ledger: LedgerDb,
  memberId: string,
  syncedBalance: number,
  afterSeq: number,
): Promise<ProvisionalBalance> {
  const rows = await ledger.pointsDeltas
    .where('[memberId+seq]')
    .between([memberId, afterSeq + 1], [memberId, Dexie.maxKey])
    .toArray();
  // A sale the CRM rejected (a malformed payload) moved no points there.
  const records = rows.length ? await ledger.outbox.bulkGet(rows.map((r) => r.seq)) : [];
  let delta = 0;
  let count = 0;
  rows.forEach((r, i) => {
    if (records[i]?.state === 'rejected') return;
    delta += r.delta;
    count++;
  });
  return { balance: syncedBalance + delta, pendingDelta: delta, provisional: count > 0 };
}

/** Coupons this till just used leave the cached member, so an offline lookup never offers them again. */
export async function forgetUsedCoupons(
  cache: CacheDb,
  memberId: string,
  couponIds: readonly string[],
): Promise<void> {
  if (couponIds.length === 0) return;
  await cache.transaction('rw', cache.members, async () => {
    const row = await cache.members.get(memberId);
    if (row)
      await cache.members.put({ ...row, coupons: row.coupons.filter((c) => !couponIds.includes(c.id)) });
  });
}
