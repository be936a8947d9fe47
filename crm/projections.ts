// What each stream carries about an entity: built from its current rows, masked for staff eyes.
// publish* re-reads the entity inside the caller's transaction and appends it to the change log.
import { memberCardHash, memberCardLast4 } from '../src/domain/membership/memberCard';
import type { Coupon, Issue, Member, MemberStreamItem, PickupOrder, Staff } from '../src/shared/crm';
import { recordChange } from './changeLog';
import type { Queryable } from './db';

/** 张三丰 -> 张** ; 13800001234 -> 138****1234 (ARCHITECTURE.md, personal data). */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

export interface MemberRow {
  id: string;
  card_no: string;
  name: string;
  phone: string;
  tier: Member['tier'];
  points_balance: number;
  preferences: string[];
  joined_on: string;
  active: boolean;
  /** Migration 0013; absent in rows built before it. */
  home_store_id?: string | null;
}

export function memberData(m: MemberRow, lots: { points: number; expiresOn: string }[]): Member {
  return {
    id: m.id,
    cardNo: m.card_no,
    nameMasked: maskName(m.name),
    phoneMasked: maskPhone(m.phone),
    tier: m.tier,
    pointsBalance: m.points_balance,
    expiringLots: lots,
    preferences: m.preferences,
    joinedOn: m.joined_on,
    active: m.active,
  };
}

export async function loadMember(tx: Queryable, memberId: string): Promise<Member | null> {
  const r = await tx.query<MemberRow>(`SELECT * FROM members WHERE id = $1`, [memberId]);
  const m = r.rows[0];
  if (!m) return null;
  const lots = await tx.query<{ points: number; expires_on: string }>(
    `SELECT remaining AS points, expires_on::text AS expires_on FROM points_lots
      WHERE member_id = $1 AND remaining > 0 AND expires_on >= current_date AND expires_on < current_date + 60
      ORDER BY expires_on, entry_id`,
    [memberId],
  );
  return memberData(
    m,
    lots.rows.map((l) => ({ points: l.points, expiresOn: l.expires_on })),
  );
}

/** What the member stream carries: no card number, its hash to match a scan and its last 4 digits to show. */
export function memberStreamData(
  m: MemberRow,
  lots: { points: number; expiresOn: string }[],
): MemberStreamItem {
  const { cardNo, ...rest } = memberData(m, lots);
  return {
    ...rest,
    cardHash: memberCardHash(cardNo),
    cardLast4: memberCardLast4(cardNo),
    ...(m.home_store_id ? { homeStoreId: m.home_store_id } : {}),
  };
}

/** A member is sent to the tills of a store where they bought within this many days (besides their home store). */
export const MEMBER_ACTIVE_DAYS = 90;
/** At most this many members per store on its tills (home members first, then the most recently active). */
export const MEMBER_STORE_CAP = 20_000;

/** The stores whose tills should hold this member: the home store, and stores with a recent sale to them. */
export async function memberStores(
  tx: Queryable,
  memberId: string,
  activeDays = MEMBER_ACTIVE_DAYS,
): Promise<string[]> {
  const r = await tx.query<{ store_id: string }>(
    `SELECT home_store_id AS store_id FROM members WHERE id = $1 AND home_store_id IS NOT NULL
     UNION
     SELECT DISTINCT store_id FROM sales
      WHERE member_id = $1 AND created_at >= now() - make_interval(days => $2::int)`,
    [memberId, activeDays],
  );
  return r.rows.map((x) => x.store_id).sort();
}

/**
 * Appends the member's current state to the member stream once per store in its scope (memberStores): never to
 * every store. A member leaving a store's scope (no purchase there for MEMBER_ACTIVE_DAYS) or pushed out by the
 * cap is removed from that store's tills by refreshMemberScope.
 */
export async function publishMember(tx: Queryable, memberId: string): Promise<void> {
  const r = await tx.query<MemberRow>(`SELECT * FROM members WHERE id = $1`, [memberId]);
  const m = r.rows[0];
  if (!m) return;
  const member = await loadMember(tx, memberId);
  if (!member) return;
  const data = memberStreamData(m, member.expiringLots);
  for (const storeId of await memberStores(tx, memberId))
    await recordChange(tx, {
      stream: 'members',
      kind: 'member',
      entityId: memberId,
      storeId,
      op: 'upsert',
      data,
    });
}

export interface CouponRow {
  id: string;
  code: string;
  member_id: string | null;
  title: string;
  kind: Coupon['kind'];
  value_fen: number | null;
  rate_bp: number | null;
  min_spend_fen: number;
  valid_from: string;
  valid_to: string;
  state: Coupon['state'];
  used_sale_id: string | null;
  /** Columns of migration 0003 (absent in rows built before it, e.g. the seed's). */
  category_ids?: string[];
  offline_allowed?: boolean;
  stackable?: boolean;
  /** Migration 0010: anyone holding it may use it. */
  bearer?: boolean;
}

export function couponData(c: CouponRow): Coupon {
  const out: Coupon = {
    id: c.id,
    code: c.code,
    title: c.title,
    kind: c.kind,
    minSpendFen: c.min_spend_fen,
    validFrom: c.valid_from,
    validTo: c.valid_to,
    state: c.state,
  };
  if (c.member_id !== null) out.memberId = c.member_id;
  if (c.value_fen !== null) out.valueFen = c.value_fen;
  if (c.rate_bp !== null) out.rateBp = c.rate_bp;
  if (c.used_sale_id !== null) out.usedSaleId = c.used_sale_id;
  out.categoryIds = c.category_ids ?? [];
  out.offlineAllowed = c.offline_allowed ?? true;
  out.stackable = c.stackable ?? false;
  out.bearer = c.bearer ?? c.member_id === null;
  return out;
}

export async function publishCoupon(tx: Queryable, couponId: string): Promise<void> {
  const r = await tx.query<CouponRow>(`SELECT * FROM coupons WHERE id = $1`, [couponId]);
  const c = r.rows[0];
  if (c)
    await recordChange(tx, {
      stream: 'coupons',
      kind: 'coupon',
      entityId: c.id,
      storeId: null,
      op: 'upsert',
      data: couponData(c),
    });
}

export interface PickupRow {
  id: string;
  store_id: string;
  code: string;
  member_id: string | null;
  customer_name: string;
  phone: string;
  channel: PickupOrder['channel'];
  state: PickupOrder['state'];
  lines: PickupOrder['lines'];
  total_fen: number;
  ordered_at: string;
  ready_at: string | null;
  pickup_by: string | null;
  handed_over_at: string | null;
  handed_over_by?: string | null;
  handed_over_terminal?: string | null;
  /** Joined from staff by publishPickup. */
  handed_over_by_name?: string | null;
}

export function pickupData(p: PickupRow): PickupOrder {
  const out: PickupOrder = {
    id: p.id,
    storeId: p.store_id,
    code: p.code,
    customerNameMasked: maskName(p.customer_name),
    phoneMasked: maskPhone(p.phone),
    channel: p.channel,
    state: p.state,
    lines: p.lines,
    totalFen: p.total_fen,
    orderedAt: p.ordered_at,
  };
  if (p.member_id !== null) out.memberId = p.member_id;
  if (p.ready_at !== null) out.readyAt = p.ready_at;
  if (p.pickup_by !== null) out.pickupBy = p.pickup_by;
  if (p.handed_over_at !== null) {
    out.handedOverAt = p.handed_over_at;
    out.handover = {
      at: p.handed_over_at,
      storeId: p.store_id,
      ...(p.handed_over_terminal ? { terminalId: p.handed_over_terminal } : {}),
      ...(p.handed_over_by ? { staffId: p.handed_over_by } : {}),
      ...(p.handed_over_by_name ? { staffName: maskName(p.handed_over_by_name) } : {}),
    };
  }
  return out;
}

/** The order with the name of whoever handed it over (for "already handed over by ..."). */
export const PICKUP_SELECT = `SELECT p.*, s.name AS handed_over_by_name FROM pickup_orders p
  LEFT JOIN staff s ON s.id = p.handed_over_by`;

export async function publishPickup(tx: Queryable, id: string): Promise<void> {
  const r = await tx.query<PickupRow>(`${PICKUP_SELECT} WHERE p.id = $1`, [id]);
  const p = r.rows[0];
  if (p)
    await recordChange(tx, {
      stream: 'pickups',
      kind: 'pickupOrder',
      entityId: p.id,
      storeId: p.store_id,
      op: 'upsert',
      data: pickupData(p),
    });
}

export interface StaffRow {
  id: string;
  store_id: string;
  name: string;
  role: Staff['role'];
  pin_hash: string;
  /** Migration 0005; absent in rows built before it. */
  badge_hash?: string | null;
  active: boolean;
}

export function staffData(s: StaffRow): Staff {
  const out: Staff = {
    id: s.id,
    storeId: s.store_id,
    name: s.name,
    role: s.role,
    // A till refuses inactive staff before any PIN check: it needs no verifier (or badge hash) of theirs, and a
    // stolen till should not carry one (decision 0046).
    pinHash: s.active ? s.pin_hash : '',
    active: s.active,
  };
  if (s.badge_hash && s.active) out.badgeHash = s.badge_hash;
  return out;
}

export interface IssueRow {
  id: string;
  store_id: string;
  kind: Issue['kind'];
  state: Issue['state'];
  title: string;
  subject_id: string;
  refs: Issue['refs'];
  actions: Issue['actions'];
  resolution: Issue['resolution'] | null;
  reasons?: Issue['reasons'] | null;
  created_at: string;
}

export function issueData(i: IssueRow): Issue {
  const out: Issue = {
    id: i.id,
    storeId: i.store_id,
    kind: i.kind,
    state: i.state,
    title: i.title,
    subjectId: i.subject_id,
    refs: i.refs,
    actions: i.actions,
    createdAt: i.created_at,
  };
  if (i.resolution) out.resolution = i.resolution;
  if (i.reasons) out.reasons = i.reasons;
  return out;
}

export async function publishIssue(tx: Queryable, id: string): Promise<void> {
  const r = await tx.query<IssueRow>(`SELECT * FROM issues WHERE id = $1`, [id]);
  const i = r.rows[0];
  if (i)
    await recordChange(tx, {
      stream: 'issues',
      kind: 'issue',
      entityId: i.id,
      storeId: i.store_id,
      op: 'upsert',
      data: issueData(i),
    });
}
