// Demo data for a department store, 天河店 (S001): the shared catalog generator, members in every tier with
// points lots about to expire, coupons, purchase histories, pickup orders in every state. All personal data
// is obviously fake: 测试 names and phone numbers 1380000xxxx / 1390000xxxx.
import { generateCatalog, mulberry32 } from '../src/domain/catalogSeed';
import { DEMO_STAFF as DEMO_STAFF_LIST } from '../src/domain/staff/demoStaff';
import { staffBadgeHash } from '../src/domain/staff/badge';
import { DEFAULT_ARGON2, pinPolicyError, TEST_ARGON2, type Argon2Params } from '../src/domain/staff/pinHash';
import { makePinVerifier } from '../src/domain/staff/pinKdf';
import { makeMemberCardNo } from '../src/domain/codes';
import { PICKUP_STATES, TIER_CODES, TIER_NAMES, type Coupon, type PickupOrder } from '../src/shared/crm';
import { recordChanges, type Change } from './changeLog';
import type { Db, Queryable } from './db';
import { issueEnrollmentCode } from './enrollment';
import { ensureDemoBadgeKeys } from './approvals';
import { insertSigningKey } from './members';
import { randomPickupCode } from './pickupOrders';
import { ensureDemoStock, seedDemoStock } from './stock';
import {
  couponData,
  memberStreamData,
  pickupData,
  staffData,
  type CouponRow,
  type MemberRow,
  type PickupRow,
} from './projections';

export const DEMO_STORE = { id: 'S001', name: '天河店', nameEn: 'Tianhe Store' };
export const DEMO_TERMINALS = ['T01', 'T02', 'T03', 'T04', 'T05'];
/** Demo staff, their PINs and managers' badges (shown in the README of the demo, never in a real store). */
export const DEMO_STAFF = DEMO_STAFF_LIST;

export interface SeedOptions {
  products?: number;
  members?: number;
  pickupsPerState?: number;
  seed?: number;
  /** "Today" for lot expiry and coupon validity; the real date by default. */
  today?: Date;
  /** The argon2id cost of staff PIN verifiers; the production cost (DEFAULT_ARGON2) by default. */
  pinKdf?: Argon2Params;
  /**
   * Tests: any value selects the low test cost (TEST_ARGON2). The name is from the PBKDF2 days, kept so the
   * many test seeds that pass `pinIterations: 1000` stay fast without a change.
   */
  pinIterations?: number;
}

/** The argon2id cost a seed uses: pinKdf, else the test cost when pinIterations is given, else production. */
export function seedPinKdf(opts: Pick<SeedOptions, 'pinKdf' | 'pinIterations'>): Argon2Params {
  return opts.pinKdf ?? (opts.pinIterations !== undefined ? TEST_ARGON2 : DEFAULT_ARGON2);
}

/**
 * `argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>` (base64), checkable offline by the till
 * (docs/decisions/0046). Refuses a PIN the policy refuses for the role (a manager's has at least 6 digits).
 */
export async function hashPin(
  pin: string,
  role: string,
  params: Argon2Params = DEFAULT_ARGON2,
  salt?: Uint8Array,
): Promise<string> {
  const bad = pinPolicyError(pin, role);
  if (bad) throw new Error(`PIN refused for a ${role}: ${bad}`);
  return makePinVerifier(pin, params, salt);
}

async function bulkInsert(
  tx: Queryable,
  table: string,
  columns: Record<string, string>,
  rows: Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(columns);
  const defs = names.map((n) => `${n} ${columns[n]}`).join(', ');
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.query(
      `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${defs})`,
      [JSON.stringify(rows.slice(i, i + 1000))],
    );
  }
}

const day = (d: Date, n: number): string => new Date(d.getTime() + n * 86_400_000).toISOString().slice(0, 10);
const at = (d: Date, hours: number): string => new Date(d.getTime() + hours * 3_600_000).toISOString();

/** Seeds once: returns false when the demo store is already there. */
export async function ensureSeeded(db: Db, opts: SeedOptions = {}): Promise<boolean> {
  const seen = await db.query(`SELECT 1 FROM stores WHERE id = $1`, [DEMO_STORE.id]);
  if (seen.rows.length > 0) {
    await ensureDemoStock(db, DEMO_STORE.id); // a CRM seeded before issue 8
    await ensureDemoBadgeKeys(db); // a CRM seeded before decision 0040
    return false;
  }
  await db.transaction((tx) => seed(tx, opts));
  return true;
}

async function seed(tx: Queryable, opts: SeedOptions): Promise<void> {
  const rnd = mulberry32(opts.seed ?? 20261125);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const today = opts.today ?? new Date();
  const store = DEMO_STORE.id;
  const changes: Change[] = [];

  await tx.query(`INSERT INTO stores (id, name, name_en) VALUES ($1, $2, $3)`, [
    store,
    DEMO_STORE.name,
    DEMO_STORE.nameEn,
  ]);
  for (const t of DEMO_TERMINALS)
    await tx.query(`INSERT INTO terminals (store_id, id, name) VALUES ($1, $2, $3)`, [
      store,
      t,
      `收银台 ${t}`,
    ]);

  const kdf = seedPinKdf(opts);
  const staffRows = [];
  for (const s of DEMO_STAFF)
    staffRows.push({
      id: s.id,
      store_id: store,
      name: s.name,
      role: s.role,
      pin_hash: await hashPin(s.pin, s.role, kdf),
      badge_hash: s.badge ? staffBadgeHash(s.badge) : null,
      active: true,
    });
  await bulkInsert(
    tx,
    'staff',
    {
      id: 'text',
      store_id: 'text',
      name: 'text',
      role: 'text',
      pin_hash: 'text',
      badge_hash: 'text',
      active: 'boolean',
    },
    staffRows,
  );
  await ensureDemoBadgeKeys(tx); // the badges' HMAC keys stay at the CRM (decision 0040)
  for (const s of staffRows)
    changes.push({
      stream: 'staff',
      kind: 'staff',
      entityId: s.id,
      storeId: store,
      op: 'upsert',
      data: staffData(s),
    });

  // Catalog: the same generator the till's demo and benchmarks use.
  const catalog = generateCatalog({ count: opts.products ?? 2400, seed: 20260101 });
  await bulkInsert(
    tx,
    'categories',
    { id: 'text', name: 'text', name_en: 'text' },
    catalog.categories.map((c) => ({ id: c.id, name: c.name, name_en: c.nameEn })),
  );
  for (const c of catalog.categories)
    changes.push({
      stream: 'catalog',
      kind: 'category',
      entityId: c.id,
      storeId: null,
      op: 'upsert',
      data: c,
    });
  await bulkInsert(
    tx,
    'products',
    {
      id: 'text',
      barcode: 'text',
      alt_barcodes: 'jsonb',
      name: 'text',
      name_en: 'text',
      pinyin: 'text',
      category_id: 'text',
      price_fen: 'bigint',
      unit: 'text',
      plu: 'text',
      active: 'boolean',
    },
    catalog.products.map((p) => ({
      id: p.id,
      barcode: p.barcode,
      alt_barcodes: p.altBarcodes,
      name: p.name,
      name_en: p.nameEn,
      pinyin: p.pinyin,
      category_id: p.categoryId,
      price_fen: p.priceFen,
      unit: p.unit,
      plu: p.plu ?? null,
      active: p.active,
    })),
  );
  for (const p of catalog.products)
    changes.push({
      stream: 'catalog',
      kind: 'product',
      entityId: p.id,
      storeId: null,
      op: 'upsert',
      data: p,
    });

  const tiers = [
    { code: 'normal', discount_bp: 10000, points_per_yuan: 1, rank: 0 },
    { code: 'silver', discount_bp: 9800, points_per_yuan: 1, rank: 1 },
    { code: 'gold', discount_bp: 9500, points_per_yuan: 2, rank: 2 },
    { code: 'diamond', discount_bp: 9200, points_per_yuan: 3, rank: 3 },
  ] as const;
  for (const t of tiers) {
    const name = TIER_NAMES[t.code];
    await tx.query(
      `INSERT INTO tiers (code, name, discount_bp, points_per_yuan, rank) VALUES ($1, $2, $3, $4, $5)`,
      [t.code, name, t.discount_bp, t.points_per_yuan, t.rank],
    );
    changes.push({
      stream: 'members',
      kind: 'tier',
      entityId: t.code,
      storeId: null,
      op: 'upsert',
      data: { code: t.code, name, discountBp: t.discount_bp, pointsPerYuan: t.points_per_yuan, rank: t.rank },
    });
  }

  await seedMemberRules(tx, catalog.categories);

  // Members, their points (ledger + lots, some expiring within weeks), coupons and purchase history.
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
  const prefs = [
    '乳制品',
    '进口零食',
    '生鲜水果',
    '母婴',
    '美妆',
    '家居',
    '酒水',
    '运动户外',
    '有机食品',
    '烘焙',
  ];
  const memberCount = opts.members ?? 600;
  const members: MemberRow[] = [];
  const ledger: Record<string, unknown>[] = [];
  const lots: Record<string, unknown>[] = [];
  const coupons: CouponRow[] = [];
  const purchases: Record<string, unknown>[] = [];
  const products = catalog.products.filter((p) => p.active);
  for (let i = 0; i < memberCount; i++) {
    const id = `M${String(i + 1).padStart(5, '0')}`;
    // Spread over tiers: most are 普通, a few 钻石.
    const r = rnd();
    const tier =
      r < 0.55 ? TIER_CODES[0] : r < 0.8 ? TIER_CODES[1] : r < 0.95 ? TIER_CODES[2] : TIER_CODES[3];
    const phone = `${i < 5000 ? '1380000' : '1390000'}${String(i % 10000).padStart(4, '0')}`;
    const memberLots: { points: number; expiresOn: string }[] = [];
    let balance = 0;
    const lotCount = int(1, 4);
    for (let l = 0; l < lotCount; l++) {
      const points = int(50, 3000) * (tier === 'diamond' ? 3 : 1);
      // The first lot of every third member expires within 3 weeks: the "use them now" reminder.
      const expiresIn = l === 0 && i % 3 === 0 ? int(3, 20) : int(30, 360);
      const entryId = `seed-${id}-earn-${l}`;
      const expiresOn = day(today, expiresIn);
      ledger.push({
        entry_id: entryId,
        member_id: id,
        delta: points,
        kind: 'earn',
        note: '历史消费积分',
        created_at: at(today, -24 * (365 - expiresIn)),
      });
      lots.push({ entry_id: entryId, member_id: id, points, remaining: points, expires_on: expiresOn });
      balance += points;
      if (expiresIn < 60) memberLots.push({ points, expiresOn });
    }
    if (i % 4 === 0 && balance > 100) {
      const redeem = int(10, Math.floor(balance / 4));
      ledger.push({
        entry_id: `seed-${id}-redeem`,
        member_id: id,
        delta: -redeem,
        kind: 'redeem',
        note: '积分抵现',
        created_at: at(today, -24 * 10),
      });
      balance -= redeem;
      // Drawn from the lots expiring first, as intake does.
      let left = redeem;
      const mine = lots
        .filter((x) => x.member_id === id)
        .sort((a, b) => String(a.expires_on).localeCompare(String(b.expires_on)));
      for (const lot of mine) {
        const take = Math.min(left, lot.remaining as number);
        lot.remaining = (lot.remaining as number) - take;
        left -= take;
      }
      memberLots.length = 0;
      for (const lot of mine)
        if ((lot.remaining as number) > 0 && String(lot.expires_on) < day(today, 60))
          memberLots.push({ points: lot.remaining as number, expiresOn: String(lot.expires_on) });
    }
    const m: MemberRow = {
      id,
      card_no: makeMemberCardNo(String(100000000 + i * 7 + 13).slice(0, 9)),
      name: `${pick(surnames)}测试${i + 1}`,
      phone,
      tier,
      points_balance: balance,
      preferences: [pick(prefs), pick(prefs)].filter((v, k, a) => a.indexOf(v) === k),
      joined_on: day(today, -int(30, 2000)),
      active: true,
      home_store_id: store,
    };
    members.push(m);
    changes.push({
      stream: 'members',
      kind: 'member',
      entityId: id,
      storeId: store,
      op: 'upsert',
      data: memberStreamData(m, memberLots),
    });

    const couponCount = int(0, 3);
    for (let c = 0; c < couponCount; c++) {
      const kind = rnd() < 0.6 ? 'amount' : 'percent';
      const expired = rnd() < 0.1;
      const used = !expired && rnd() < 0.15;
      coupons.push({
        id: `C${id.slice(1)}${c}`,
        code: `CP${String(i * 10 + c).padStart(8, '0')}`,
        member_id: id,
        title: kind === 'amount' ? '满200减20' : '会员日95折',
        kind,
        value_fen: kind === 'amount' ? 2000 : null,
        rate_bp: kind === 'percent' ? 9500 : null,
        min_spend_fen: kind === 'amount' ? 20000 : 0,
        valid_from: day(today, -30),
        valid_to: expired ? day(today, -1) : day(today, int(7, 90)),
        state: expired ? 'expired' : used ? 'used' : 'issued',
        used_sale_id: null,
      });
    }
    const purchaseCount = int(1, 6);
    for (let k = 0; k < purchaseCount; k++) {
      const items = Array.from({ length: int(1, 4) }, () => {
        const p = pick(products);
        const qty = int(1, 3);
        return { name: p.name, qty, amountFen: p.priceFen * qty };
      });
      const online = rnd() < 0.4;
      purchases.push({
        id: `seed-${id}-p${k}`,
        member_id: id,
        channel: online ? 'online' : 'store',
        at: at(today, -int(1, 24 * 300)),
        store_id: online ? null : store,
        total_fen: items.reduce((s, x) => s + x.amountFen, 0),
        items,
      });
    }
  }
  await bulkInsert(
    tx,
    'members',
    {
      id: 'text',
      card_no: 'text',
      name: 'text',
      phone: 'text',
      tier: 'text',
      points_balance: 'bigint',
      preferences: 'jsonb',
      joined_on: 'date',
      active: 'boolean',
      tags: 'jsonb',
      home_store_id: 'text',
    },
    members.map((m, i) => ({ ...m, tags: memberTags(m, i, today) })),
  );
  await bulkInsert(
    tx,
    'points_ledger',
    {
      entry_id: 'text',
      member_id: 'text',
      delta: 'bigint',
      kind: 'text',
      note: 'text',
      created_at: 'timestamptz',
    },
    ledger,
  );
  await bulkInsert(
    tx,
    'points_lots',
    { entry_id: 'text', member_id: 'text', points: 'bigint', remaining: 'bigint', expires_on: 'date' },
    lots,
  );
  // A few coupons anyone may use (printed flyers).
  for (let c = 0; c < 20; c++)
    coupons.push({
      id: `CF${String(c).padStart(4, '0')}`,
      code: `FLYER${String(c).padStart(4, '0')}`,
      member_id: null,
      title: '店庆满100减10',
      kind: 'amount',
      value_fen: 1000,
      rate_bp: null,
      min_spend_fen: 10000,
      valid_from: day(today, -7),
      valid_to: day(today, 30),
      state: 'issued',
      used_sale_id: null,
    });
  await bulkInsert(
    tx,
    'coupons',
    {
      id: 'text',
      code: 'text',
      member_id: 'text',
      title: 'text',
      kind: 'text',
      value_fen: 'bigint',
      rate_bp: 'integer',
      min_spend_fen: 'bigint',
      valid_from: 'date',
      valid_to: 'date',
      state: 'text',
      used_sale_id: 'text',
      category_ids: 'jsonb',
      offline_allowed: 'boolean',
      stackable: 'boolean',
      bearer: 'boolean',
    },
    coupons.map((c) => ({ ...couponPolicy(c, catalog.categories), ...c })) as unknown as Record<
      string,
      unknown
    >[],
  );
  for (const c of coupons)
    changes.push({
      stream: 'coupons',
      kind: 'coupon',
      entityId: c.id,
      storeId: null,
      op: 'upsert',
      data: couponData({ ...couponPolicy(c, catalog.categories), ...c }) satisfies Coupon,
    });
  await bulkInsert(
    tx,
    'member_purchases',
    {
      id: 'text',
      member_id: 'text',
      channel: 'text',
      at: 'timestamptz',
      store_id: 'text',
      total_fen: 'bigint',
      items: 'jsonb',
    },
    purchases,
  );

  // Pickup orders: the same number in every state.
  const pickups: PickupRow[] = [];
  const perState = opts.pickupsPerState ?? 30;
  const usedCodes = new Set<string>();
  const uniqueCode = (): string => {
    for (;;) {
      const c = randomPickupCode();
      if (!usedCodes.has(c)) {
        usedCodes.add(c);
        return c;
      }
    }
  };
  let n = 0;
  for (const state of PICKUP_STATES) {
    for (let k = 0; k < perState; k++, n++) {
      const member = members[(n * 7) % members.length]!;
      const lines = Array.from({ length: int(1, 3) }, () => {
        const p = pick(products);
        const qty = int(1, 2);
        return { productId: p.id, name: p.name, qty, amountFen: p.priceFen * qty, barcode: p.barcode };
      });
      const orderedAt = at(today, -int(2, 96));
      pickups.push({
        id: `PO${String(n + 1).padStart(6, '0')}`,
        store_id: store,
        // Random like real ones (issue 16): a seeded code must not be guessable from its order number.
        code: uniqueCode(),
        member_id: member.id,
        customer_name: member.name,
        phone: member.phone,
        channel: pick(['online', 'miniProgram', 'phone'] as const),
        state,
        lines,
        total_fen: lines.reduce((s, l) => s + l.amountFen, 0),
        ordered_at: orderedAt,
        ready_at: state === 'paid' || state === 'preparing' ? null : at(new Date(orderedAt), 2),
        pickup_by: at(new Date(orderedAt), 72),
        handed_over_at: state === 'handedOver' ? at(new Date(orderedAt), 30) : null,
      });
    }
  }
  await bulkInsert(
    tx,
    'pickup_orders',
    {
      id: 'text',
      store_id: 'text',
      code: 'text',
      member_id: 'text',
      customer_name: 'text',
      phone: 'text',
      channel: 'text',
      state: 'text',
      lines: 'jsonb',
      total_fen: 'bigint',
      ordered_at: 'timestamptz',
      ready_at: 'timestamptz',
      pickup_by: 'timestamptz',
      handed_over_at: 'timestamptz',
    },
    pickups as unknown as Record<string, unknown>[],
  );
  for (const p of pickups)
    changes.push({
      stream: 'pickups',
      kind: 'pickupOrder',
      entityId: p.id,
      storeId: store,
      op: 'upsert',
      data: pickupData(p) satisfies PickupOrder,
    });

  await recordChanges(tx, changes);
  // The key member QR tokens are signed with; terminals fetch its public half (GET /members/config).
  await insertSigningKey(tx);
  // Stock here and in the nearby stores, for the handheld's price and stock check (issue 8).
  await seedDemoStock(tx, store);
}

/**
 * Membership rules of the demo chain (issue 4): tier multipliers and upgrade thresholds, tier prices per
 * category, points multipliers and exclusions. Idempotent, so a CRM migrated from before issue 4 can run it too.
 */
export async function seedMemberRules(
  tx: Queryable,
  categories: { id: string; name: string }[],
): Promise<void> {
  const tiers: [string, number, number | null][] = [
    ['normal', 10000, null],
    ['silver', 12000, 200_000],
    ['gold', 15000, 1_000_000],
    ['diamond', 20000, 3_000_000],
  ];
  for (const [code, bp, spend] of tiers)
    await tx.query(`UPDATE tiers SET earn_multiplier_bp = $2, upgrade_spend_fen = $3 WHERE code = $1`, [
      code,
      bp,
      spend,
    ]);
  const cat = (name: string) => categories.find((c) => c.name === name)?.id;
  const discounts: [string, string, number][] = [
    ['gold', '美妆', 9000],
    ['diamond', '美妆', 8800],
    ['diamond', '服装', 9000],
    // Alcohol sells at list price to every tier (supplier terms).
    ['silver', '酒水', 10000],
    ['gold', '酒水', 10000],
    ['diamond', '酒水', 10000],
  ];
  for (const [tier, name, bp] of discounts) {
    const id = cat(name);
    if (id)
      await tx.query(
        `INSERT INTO tier_category_discounts (tier, category_id, discount_bp) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [tier, id, bp],
      );
  }
  // Fresh food earns double; infant formula and baby food earn nothing (advertising rules for formula).
  const earn: [string, number, boolean][] = [
    ['生鲜水果', 20000, false],
    ['蔬菜', 20000, false],
    ['母婴', 10000, true],
  ];
  for (const [name, bp, excluded] of earn) {
    const id = cat(name);
    if (id)
      await tx.query(
        `INSERT INTO earn_category_rules (category_id, multiplier_bp, excluded) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [id, bp, excluded],
      );
  }
}

/** Tags marketing set on a member, shown on the profile next to their own preferences. */
function memberTags(m: MemberRow, i: number, today: Date): string[] {
  const tags: string[] = [];
  if (m.tier === 'diamond') tags.push('高价值客户');
  if (m.joined_on > day(today, -90)) tags.push('新会员');
  if (i % 5 === 0) tags.push('线上活跃');
  if (i % 7 === 0) tags.push('生日月');
  return tags;
}

/** Scope and policy of the demo coupons: 95折 member-day coupons are online only; beauty coupons are scoped. */
function couponPolicy(
  c: CouponRow,
  categories: { id: string; name: string }[],
): { category_ids: string[]; offline_allowed: boolean; stackable: boolean; bearer: boolean } {
  // Printed flyers (no member) are bearer coupons: whoever holds one may use it, no member code needed.
  const bearer = c.member_id === null;
  if (c.kind === 'percent') return { category_ids: [], offline_allowed: false, stackable: false, bearer };
  const beauty = categories.find((x) => x.name === '美妆')?.id;
  if (c.member_id && beauty && c.code.endsWith('2'))
    return { category_ids: [beauty], offline_allowed: true, stackable: false, bearer };
  return { category_ids: [], offline_allowed: true, stackable: false, bearer };
}

/**
 * A one-time enrollment code for a demo terminal (T03 by default), so `npm run start:web` can enroll it.
 * With `code`, that exact code is registered (idempotent); without, a fresh random one.
 */
export async function ensureDemoEnrollment(
  db: Db,
  opts: { storeId?: string; terminalId?: string; code?: string } = {},
): Promise<{ storeId: string; terminalId: string; code: string }> {
  const storeId = opts.storeId ?? DEMO_STORE.id;
  const terminalId = opts.terminalId ?? 'T03';
  const code = await issueEnrollmentCode(db, { storeId, terminalId }, opts.code ? { code: opts.code } : {});
  return { storeId, terminalId, code };
}
