// Membership on the CRM side (issue 4): the keys that sign member QR tokens, the rules terminals apply offline,
// and the reads behind the cashier's member profile. Everything a terminal sees about a person is masked.
import { randomBytes } from 'node:crypto';
import {
  base64UrlDecode,
  base64UrlEncode,
  newSigningKey,
  signToken,
  type TokenClaims,
} from '../src/domain/signedToken';
import { MEMBER_TOKEN_PREFIX } from '../src/domain/codes';
import type { MemberRules } from '../src/domain/membership/rules';
import {
  TIER_CODES,
  type Coupon,
  type Member,
  type MemberConfig,
  type MemberPurchasePage,
  type MemberTillProfile,
} from '../src/shared/crm';
import type { Db, Queryable } from './db';
import { couponData, loadMember, type CouponRow } from './projections';

// ------------------------------------------------------------------ signing keys

interface KeyRow {
  kid: string;
  secret_key: string;
  public_key: string;
  active: boolean;
  created_at: string;
}

/** The key new tokens are signed with; made on first use (a fresh CRM, or one migrated from before issue 4). */
export async function activeSigningKey(db: Db): Promise<{ kid: string; secretKey: Uint8Array }> {
  const found = await db.query<KeyRow>(
    `SELECT * FROM member_signing_keys WHERE active ORDER BY created_at DESC, kid DESC LIMIT 1`,
  );
  let row = found.rows[0];
  if (!row) {
    row = await db.transaction(async (tx) => {
      // Two first requests at once: the lock makes the second find the first one's key.
      await tx.query(`SELECT pg_advisory_xact_lock(727004)`);
      const again = await tx.query<KeyRow>(`SELECT * FROM member_signing_keys WHERE active LIMIT 1`);
      return again.rows[0] ?? (await insertSigningKey(tx));
    });
  }
  return { kid: row.kid, secretKey: base64UrlDecode(row.secret_key)! };
}

export async function insertSigningKey(tx: Queryable): Promise<KeyRow> {
  const { secretKey, publicKey } = newSigningKey();
  const kid = `mk-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
  const r = await tx.query<KeyRow>(
    `INSERT INTO member_signing_keys (kid, secret_key, public_key) VALUES ($1, $2, $3) RETURNING *`,
    [kid, base64UrlEncode(secretKey), base64UrlEncode(publicKey)],
  );
  return r.rows[0]!;
}

/** Signs a fresh member token: member id and issue time, valid for the rules' token life. */
export async function issueMemberToken(
  db: Db,
  memberId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: string } | null> {
  const m = await db.query<{ active: boolean }>(`SELECT active FROM members WHERE id = $1`, [memberId]);
  if (!m.rows[0]?.active) return null;
  const rules = await loadRules(db);
  const key = await activeSigningKey(db);
  const iat = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = {
    sub: memberId,
    iat,
    exp: iat + rules.tokenTtlS,
    jti: base64UrlEncode(randomBytes(12)),
    kid: key.kid,
  };
  return {
    token: signToken(MEMBER_TOKEN_PREFIX, claims, key.secretKey),
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
}

// ------------------------------------------------------------------ rules and keys for terminals

export async function loadRules(db: Queryable): Promise<MemberRules> {
  const [r, tiers, cat, earn] = await Promise.all([
    db.query<{
      earn_points_per_yuan: number;
      redeem_points_per_yuan: number;
      redeem_min_points: number;
      redeem_max_rate_bp: number;
      redeem_max_points_per_sale: number;
      offline_cap_points: number;
      coupons_max_per_sale: number;
      token_ttl_s: number;
      member_cache_ttl_s: number;
    }>(`SELECT * FROM member_rules WHERE id = 1`),
    db.query<{
      code: string;
      name: string;
      rank: number;
      discount_bp: number;
      earn_multiplier_bp: number;
      upgrade_spend_fen: number | null;
    }>(
      `SELECT code, name, rank, discount_bp, earn_multiplier_bp, upgrade_spend_fen FROM tiers ORDER BY rank`,
    ),
    db.query<{ tier: string; category_id: string; discount_bp: number }>(
      `SELECT tier, category_id, discount_bp FROM tier_category_discounts ORDER BY tier, category_id`,
    ),
    db.query<{ category_id: string; multiplier_bp: number; excluded: boolean }>(
      `SELECT category_id, multiplier_bp, excluded FROM earn_category_rules ORDER BY category_id`,
    ),
  ]);
  const row = r.rows[0]!;
  return {
    tiers: tiers.rows.map((t) => ({
      code: t.code,
      name: t.name,
      rank: t.rank,
      discountBp: t.discount_bp,
      earnMultiplierBp: t.earn_multiplier_bp,
      ...(t.upgrade_spend_fen !== null ? { upgradeSpendFen: t.upgrade_spend_fen } : {}),
    })),
    categoryDiscounts: cat.rows.map((c) => ({
      tier: c.tier,
      categoryId: c.category_id,
      discountBp: c.discount_bp,
    })),
    earn: {
      pointsPerYuan: row.earn_points_per_yuan,
      categoryMultipliers: earn.rows
        .filter((e) => !e.excluded)
        .map((e) => ({ categoryId: e.category_id, multiplierBp: e.multiplier_bp })),
      excludedCategories: earn.rows.filter((e) => e.excluded).map((e) => e.category_id),
    },
    redeem: {
      pointsPerYuan: row.redeem_points_per_yuan,
      minPoints: row.redeem_min_points,
      maxRateBp: row.redeem_max_rate_bp,
      maxPointsPerSale: row.redeem_max_points_per_sale,
      offlineCapPoints: row.offline_cap_points,
    },
    coupons: { maxPerSale: row.coupons_max_per_sale },
    tokenTtlS: row.token_ttl_s,
    memberCacheTtlS: row.member_cache_ttl_s,
  };
}

/** Public keys (active and retired within 7 days, so tokens signed just before a rotation still verify) and rules. */
export async function memberConfig(db: Db): Promise<MemberConfig> {
  await activeSigningKey(db);
  const keys = await db.query<KeyRow>(
    `SELECT * FROM member_signing_keys WHERE active OR retired_at > now() - interval '7 days' ORDER BY created_at`,
  );
  return {
    keys: keys.rows.map((k) => ({
      kid: k.kid,
      publicKey: k.public_key,
      active: k.active,
      createdAt: k.created_at,
    })),
    rules: await loadRules(db),
    serverTime: new Date().toISOString(),
  };
}

// ------------------------------------------------------------------ the cashier's profile

const TIER_NAME_FALLBACK = (code: string) => code;

export async function memberIdByCard(db: Queryable, cardNo: string): Promise<string | null> {
  const r = await db.query<{ id: string }>(`SELECT id FROM members WHERE card_no = $1`, [cardNo]);
  return r.rows[0]?.id ?? null;
}

export async function membersByPhone(db: Queryable, phone: string): Promise<Member[]> {
  const r = await db.query<{ id: string }>(`SELECT id FROM members WHERE phone = $1 AND active`, [phone]);
  const out: Member[] = [];
  for (const { id } of r.rows) {
    const m = await loadMember(db, id);
    if (m) out.push(m);
  }
  return out;
}

/** The member's own coupons still usable now or later (issued, not past their end); flyers are typed at the till. */
export async function memberCoupons(db: Queryable, memberId: string): Promise<Coupon[]> {
  const r = await db.query<CouponRow>(
    `SELECT * FROM coupons WHERE member_id = $1 AND state = 'issued' AND valid_to >= current_date
      ORDER BY valid_to, id`,
    [memberId],
  );
  return r.rows.map(couponData);
}

export async function memberProfile(db: Queryable, memberId: string): Promise<MemberTillProfile | null> {
  const member = await loadMember(db, memberId);
  if (!member) return null;
  const [tiers, spend, expiring, tags, coupons, also] = await Promise.all([
    db.query<{ code: string; name: string; rank: number; upgrade_spend_fen: number | null }>(
      `SELECT code, name, rank, upgrade_spend_fen FROM tiers ORDER BY rank`,
    ),
    db.query<{ total: number | null }>(
      `SELECT sum(total_fen)::bigint AS total FROM member_purchases
        WHERE member_id = $1 AND at > now() - interval '365 days'`,
      [memberId],
    ),
    db.query<{ expires_on: string; points: number }>(
      `SELECT expires_on::text AS expires_on, sum(remaining)::bigint AS points FROM points_lots
        WHERE member_id = $1 AND remaining > 0 AND expires_on >= current_date AND expires_on < current_date + 30
        GROUP BY expires_on ORDER BY expires_on`,
      [memberId],
    ),
    db.query<{ tags: string[] }>(`SELECT tags FROM members WHERE id = $1`, [memberId]),
    memberCoupons(db, memberId),
    alsoBought(db, memberId),
  ]);
  const current = tiers.rows.find((t) => t.code === member.tier);
  const next = tiers.rows.find((t) => current !== undefined && t.rank > current.rank);
  const code = (c: string) => (TIER_CODES as readonly string[]).includes(c);
  return {
    member,
    tier: {
      code: member.tier,
      name: current?.name ?? TIER_NAME_FALLBACK(member.tier),
      ...(next && code(next.code)
        ? {
            next: {
              code: next.code as MemberTillProfile['tier']['code'],
              name: next.name,
              spendFen: next.upgrade_spend_fen ?? 0,
            },
          }
        : {}),
      spendFen: spend.rows[0]?.total ?? 0,
    },
    expiringSoon: expiring.rows.map((e) => ({ expiresOn: e.expires_on, points: e.points })),
    coupons,
    tags: tags.rows[0]?.tags ?? [],
    alsoBought: also,
    fetchedAt: new Date().toISOString(),
  };
}

/**
 * "Also bought": items that appear in other members' baskets together with items this member bought, by
 * how many such baskets (co-purchase counts), excluding what the member already buys.
 */
export async function alsoBought(
  db: Queryable,
  memberId: string,
  limit = 5,
): Promise<{ name: string; count: number }[]> {
  const r = await db.query<{ name: string; n: number }>(
    `WITH mine AS (
       SELECT DISTINCT i->>'name' AS name FROM member_purchases p, jsonb_array_elements(p.items) i WHERE p.member_id = $1
     ), baskets AS (
       SELECT DISTINCT p.id FROM member_purchases p, jsonb_array_elements(p.items) i
        WHERE p.member_id <> $1 AND i->>'name' IN (SELECT name FROM mine)
     )
     SELECT i->>'name' AS name, count(DISTINCT p.id)::int AS n
       FROM member_purchases p JOIN baskets b ON b.id = p.id, jsonb_array_elements(p.items) i
      WHERE i->>'name' NOT IN (SELECT name FROM mine)
      GROUP BY 1 ORDER BY n DESC, name LIMIT $2`,
    [memberId, limit],
  );
  return r.rows.map((x) => ({ name: x.name, count: x.n }));
}

/** Online and in-store purchases, newest first, one page at a time. */
export async function purchasePage(
  db: Queryable,
  memberId: string,
  page: number,
  pageSize: number,
): Promise<MemberPurchasePage> {
  const [rows, total] = await Promise.all([
    db.query<{
      id: string;
      channel: 'store' | 'online';
      at: string;
      store_id: string | null;
      total_fen: number;
      items: { name: string; qty: number; amountFen: number }[];
    }>(
      `SELECT id, channel, at, store_id, total_fen, items FROM member_purchases WHERE member_id = $1
        ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
      [memberId, pageSize, (page - 1) * pageSize],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM member_purchases WHERE member_id = $1`, [
      memberId,
    ]),
  ]);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      at: r.at,
      ...(r.store_id ? { storeId: r.store_id } : {}),
      totalFen: r.total_fen,
      items: r.items,
    })),
    page,
    pageSize,
    total: total.rows[0]?.n ?? 0,
  };
}

/** The full number for a manager who approved it; recorded with who asked, at which till. */
export async function revealPhone(
  db: Db,
  memberId: string,
  who: { storeId: string; terminalId: string; staffId: string; approvedBy: string },
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ phone: string }>(`SELECT phone FROM members WHERE id = $1`, [memberId]);
    const phone = r.rows[0]?.phone;
    if (!phone) return null;
    await tx.query(
      `INSERT INTO member_phone_reveals (member_id, store_id, terminal_id, staff_id, approved_by) VALUES ($1, $2, $3, $4, $5)`,
      [memberId, who.storeId, who.terminalId, who.staffId, who.approvedBy],
    );
    return phone;
  });
}
