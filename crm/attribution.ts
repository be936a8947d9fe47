// "Try in store, order online" (issue 8, docs/decisions/0037): a member of staff shows a product's mall QR carrying
// an attribution code; when the mall's order comes in, the CRM checks the code and credits the store and the staff.
// Issued codes (AT1.) are random and looked up, so they cannot be made up; a handheld that could not reach the CRM
// composes AS1.<store>.<terminal>.<staff>, which is only checked against the staff list and recorded as such.
import { randomBytes } from 'node:crypto';
import {
  ATTRIBUTION_ISSUED_PREFIX,
  ATTRIBUTION_OFFLINE_PREFIX,
  AttributionCodeSchema,
  type AttributionCodeIssued,
  type AttributionList,
  type MallOrderResult,
} from '../src/shared/crm';
import type { Db, Queryable } from './db';
import { maskName } from './projections';

/** How long after a code was issued an order still credits the store. */
export const ATTRIBUTION_VALID_DAYS = 30;
/** A handheld asking again within this time gets the same code back (one code per staff, terminal and day). */
const REISSUE_AFTER_MS = 20 * 3_600_000;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

function randomCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return ATTRIBUTION_ISSUED_PREFIX + out;
}

type Refusal = NonNullable<MallOrderResult['attributionRefused']>;
export type Credit = { storeId: string; staffId: string; terminalId?: string; method: 'issued' | 'checked' };

const iso = (v: string | Date): string => (v instanceof Date ? v : new Date(v)).toISOString();

/** A code for this staff member on this terminal; null when the staff member is not active in the store. */
export async function issueAttributionCode(
  db: Db,
  t: { storeId: string; terminalId: string },
  staffId: string,
  now = new Date(),
): Promise<AttributionCodeIssued | null> {
  const staff = await db.query(`SELECT 1 FROM staff WHERE id = $1 AND store_id = $2 AND active`, [
    staffId,
    t.storeId,
  ]);
  if (staff.rows.length === 0) return null;
  const recent = await db.query<{ code: string; expires_at: string | Date }>(
    `SELECT code, expires_at FROM attribution_codes
      WHERE store_id = $1 AND terminal_id = $2 AND staff_id = $3 AND issued_at > $4
      ORDER BY issued_at DESC LIMIT 1`,
    [t.storeId, t.terminalId, staffId, new Date(now.getTime() - REISSUE_AFTER_MS).toISOString()],
  );
  const row = recent.rows[0];
  if (row) return { code: row.code, ...t, staffId, expiresAt: iso(row.expires_at) };
  const code = randomCode();
  const expiresAt = new Date(now.getTime() + ATTRIBUTION_VALID_DAYS * 86_400_000).toISOString();
  await db.query(
    `INSERT INTO attribution_codes (code, store_id, terminal_id, staff_id, issued_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [code, t.storeId, t.terminalId, staffId, now.toISOString(), expiresAt],
  );
  return { code, ...t, staffId, expiresAt };
}

/** Who an attribution code credits, or why nobody. */
export async function checkAttribution(
  db: Queryable,
  raw: string,
  now = new Date(),
): Promise<{ ok: true; credit: Credit } | { ok: false; reason: Refusal }> {
  const parsed = AttributionCodeSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const code = parsed.data;
  if (code.startsWith(ATTRIBUTION_ISSUED_PREFIX)) {
    const r = await db.query<{
      store_id: string;
      terminal_id: string;
      staff_id: string;
      expires_at: string | Date;
    }>(`SELECT store_id, terminal_id, staff_id, expires_at FROM attribution_codes WHERE code = $1`, [code]);
    const row = r.rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    if (new Date(iso(row.expires_at)).getTime() < now.getTime()) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      credit: { storeId: row.store_id, staffId: row.staff_id, terminalId: row.terminal_id, method: 'issued' },
    };
  }
  const [storeId, terminalId, staffId] = code.slice(ATTRIBUTION_OFFLINE_PREFIX.length).split('.') as [
    string,
    string,
    string,
  ];
  const r = await db.query(
    `SELECT 1 FROM staff s JOIN terminals t ON t.store_id = s.store_id AND t.id = $2
      WHERE s.id = $3 AND s.store_id = $1 AND s.active`,
    [storeId, terminalId, staffId],
  );
  if (r.rows.length === 0) return { ok: false, reason: 'staffNotInStore' };
  return { ok: true, credit: { storeId, staffId, terminalId, method: 'checked' } };
}

/**
 * Places the mall's order once (its order id is the key) and records the store's credit with it. A refused code
 * never refuses the order: the customer paid, only the credit is lost, and why is kept with the order.
 */
export async function placeMallOrder(
  db: Db,
  req: { orderId: string; productId: string; qty: number; attribution?: string | undefined },
  now = new Date(),
): Promise<MallOrderResult | null> {
  const product = await db.query<{ price_fen: string | number }>(
    `SELECT price_fen FROM products WHERE id = $1 AND active`,
    [req.productId],
  );
  if (!product.rows[0]) return null;
  const amountFen = Number(product.rows[0].price_fen) * req.qty;
  const check = req.attribution ? await checkAttribution(db, req.attribution, now) : null;
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO mall_orders (id, product_id, qty, amount_fen, attribution_code, attribution_refused, ordered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        req.orderId,
        req.productId,
        req.qty,
        amountFen,
        req.attribution ?? null,
        check && !check.ok ? check.reason : null,
        now.toISOString(),
      ],
    );
    if (inserted.rows.length === 0) return { ...(await orderAnswer(tx, req.orderId)), duplicate: true };
    if (check?.ok) {
      const c = check.credit;
      await tx.query(
        `INSERT INTO order_attributions (order_id, store_id, staff_id, terminal_id, product_id, amount_fen, method, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          req.orderId,
          c.storeId,
          c.staffId,
          c.terminalId ?? null,
          req.productId,
          amountFen,
          c.method,
          now.toISOString(),
        ],
      );
    }
    return { ...(await orderAnswer(tx, req.orderId)), duplicate: false };
  });
}

/** The order as first recorded (a retry with other content still gets the first answer). */
async function orderAnswer(tx: Queryable, orderId: string): Promise<Omit<MallOrderResult, 'duplicate'>> {
  const r = await tx.query<{
    id: string;
    product_id: string;
    qty: number;
    amount_fen: string | number;
    attribution_refused: string | null;
    store_id: string | null;
    staff_id: string | null;
    terminal_id: string | null;
    method: 'issued' | 'checked' | null;
  }>(
    `SELECT o.id, o.product_id, o.qty, o.amount_fen, o.attribution_refused, a.store_id, a.staff_id, a.terminal_id, a.method
       FROM mall_orders o LEFT JOIN order_attributions a ON a.order_id = o.id
      WHERE o.id = $1`,
    [orderId],
  );
  const o = r.rows[0]!;
  return {
    orderId: o.id,
    productId: o.product_id,
    qty: Number(o.qty),
    amountFen: Number(o.amount_fen),
    attribution:
      o.store_id && o.staff_id && o.method
        ? {
            storeId: o.store_id,
            staffId: o.staff_id,
            ...(o.terminal_id ? { terminalId: o.terminal_id } : {}),
            method: o.method,
          }
        : null,
    ...(o.attribution_refused ? { attributionRefused: o.attribution_refused as Refusal } : {}),
  };
}

/** The store's credit: totals per member of staff and the latest attributed orders. */
export async function attributionsFor(
  db: Queryable,
  storeId: string,
  limit: number,
): Promise<AttributionList> {
  const byStaff = await db.query<{ staff_id: string; name: string | null; count: string; amount: string }>(
    `SELECT a.staff_id, s.name, count(*) AS count, coalesce(sum(a.amount_fen), 0) AS amount
       FROM order_attributions a LEFT JOIN staff s ON s.id = a.staff_id
      WHERE a.store_id = $1
      GROUP BY a.staff_id, s.name
      ORDER BY amount DESC, a.staff_id`,
    [storeId],
  );
  const recent = await db.query<{
    order_id: string;
    product_id: string;
    name: string;
    qty: number;
    amount_fen: string | number;
    staff_id: string;
    method: 'issued' | 'checked';
    ordered_at: string | Date;
  }>(
    `SELECT a.order_id, a.product_id, p.name, o.qty, a.amount_fen, a.staff_id, a.method, o.ordered_at
       FROM order_attributions a JOIN mall_orders o ON o.id = a.order_id JOIN products p ON p.id = a.product_id
      WHERE a.store_id = $1
      ORDER BY o.ordered_at DESC, a.order_id
      LIMIT $2`,
    [storeId, limit],
  );
  const staff = byStaff.rows.map((r) => ({
    staffId: r.staff_id,
    staffName: maskName(r.name ?? r.staff_id),
    count: Number(r.count),
    amountFen: Number(r.amount),
  }));
  return {
    storeId,
    count: staff.reduce((s, x) => s + x.count, 0),
    amountFen: staff.reduce((s, x) => s + x.amountFen, 0),
    byStaff: staff,
    recent: recent.rows.map((r) => ({
      orderId: r.order_id,
      productId: r.product_id,
      productName: r.name,
      qty: Number(r.qty),
      amountFen: Number(r.amount_fen),
      staffId: r.staff_id,
      method: r.method,
      orderedAt: iso(r.ordered_at),
    })),
  };
}
