// Pickup orders at the CRM: placing an online order for store pickup, its signed QR token, the verify
// lookup a till makes when it is online, cancelling, the expiry sweep, and the store/staff performance the
// handovers earn. The state machine is the domain's (src/domain/pickup/lifecycle.ts).
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { makePickupCode, PICKUP_TOKEN_PREFIX } from '../src/domain/codes';
import { canMove, DEFAULT_HOLD_DAYS, pickupDeadline } from '../src/domain/pickup';
import { base64UrlDecode, signToken, verifyToken } from '../src/domain/signedToken';
import type {
  PickupCreateRequestSchema,
  PickupOrder,
  PickupVerifyRequestSchema,
  PickupVerifyResponseSchema,
} from '../src/shared/crm';
import type { Db, Queryable } from './db';
import { newId } from './ids';
import { activeSigningKey } from './members';
import { PICKUP_SELECT, pickupData, publishPickup, type PickupRow } from './projections';

type CreateRequest = z.infer<typeof PickupCreateRequestSchema>;
type VerifyRequest = z.infer<typeof PickupVerifyRequestSchema>;
type VerifyResponse = z.infer<typeof PickupVerifyResponseSchema>;

/** Days a ready order waits: the store's policy, else PICKUP_HOLD_DAYS, else the domain default. */
export async function holdDays(db: Queryable, storeId: string): Promise<number> {
  const r = await db.query<{ hold_days: number }>(`SELECT hold_days FROM pickup_policy WHERE store_id = $1`, [
    storeId,
  ]);
  const env = Number(process.env.PICKUP_HOLD_DAYS);
  return r.rows[0]?.hold_days ?? (Number.isInteger(env) && env >= 1 && env <= 60 ? env : DEFAULT_HOLD_DAYS);
}

export async function setHoldDays(db: Queryable, storeId: string, days: number): Promise<void> {
  await db.query(
    `INSERT INTO pickup_policy (store_id, hold_days) VALUES ($1, $2)
     ON CONFLICT (store_id) DO UPDATE SET hold_days = EXCLUDED.hold_days`,
    [storeId, days],
  );
}

/**
 * One order by id or code. With `storeId` (every terminal's call: a credential acts for its own store), an order of
 * another store is not found, exactly like an unknown one.
 */
export async function loadPickup(
  db: Queryable,
  where: 'id' | 'code',
  value: string,
  storeId?: string,
): Promise<PickupOrder | null> {
  const r = await db.query<PickupRow>(
    `${PICKUP_SELECT} WHERE p.${where === 'id' ? 'id' : 'code'} = $1 AND ($2::text IS NULL OR p.store_id = $2) LIMIT 2`,
    [value, storeId ?? null],
  );
  // A code is unique per store only: a code matching orders of two stores names none of them.
  return r.rows.length === 1 ? pickupData(r.rows[0]!) : null;
}

/** The QR the customer's app shows: valid until the order's pickup deadline (or a week for unready ones). */
export async function pickupToken(db: Db, order: PickupOrder, now = new Date()): Promise<string> {
  const key = await activeSigningKey(db);
  const iat = Math.floor(now.getTime() / 1000);
  const until = order.pickupBy ? Math.floor(Date.parse(order.pickupBy) / 1000) : iat + 7 * 86_400;
  return signToken(
    PICKUP_TOKEN_PREFIX,
    {
      sub: order.id,
      iat,
      exp: Math.max(iat, until),
      jti: `${order.id}.${iat}`,
      kid: key.kid,
      code: order.code,
      store: order.storeId,
    },
    key.secretKey,
  );
}

export type CreateOutcome =
  | { ok: true; order: PickupOrder; token: string }
  | { ok: false; status: 404 | 422; code: string; detail: string };

/** A paid online order assigned to a store, with a fresh 8-digit code unique in that store. */
export async function createPickupOrder(
  db: Db,
  req: CreateRequest,
  now = new Date(),
): Promise<CreateOutcome> {
  const out = await db.transaction(async (tx): Promise<CreateOutcome> => {
    const store = await tx.query(`SELECT 1 FROM stores WHERE id = $1`, [req.storeId]);
    if (store.rows.length === 0)
      return { ok: false, status: 404, code: 'store-not-found', detail: req.storeId };
    const ids = [...new Set(req.lines.map((l) => l.productId))];
    const products = await tx.query<{
      id: string;
      name: string;
      barcode: string;
      price_fen: number;
      active: boolean;
    }>(`SELECT id, name, barcode, price_fen, active FROM products WHERE id = ANY($1::text[])`, [ids]);
    const byId = new Map(products.rows.map((p) => [p.id, p]));
    const missing = ids.filter((id) => !byId.get(id)?.active);
    if (missing.length > 0)
      return { ok: false, status: 422, code: 'unknown-product', detail: `not sold: ${missing.join(', ')}` };
    const lines = req.lines.map((l) => {
      const p = byId.get(l.productId)!;
      return {
        productId: p.id,
        name: p.name,
        qty: l.qty,
        amountFen: p.price_fen * l.qty,
        barcode: p.barcode,
      };
    });
    const id = `PO-${newId()}`;
    const code = await freeCode(tx, req.storeId);
    const at = now.toISOString();
    const readyAt = req.ready ? at : null;
    const pickupBy = readyAt ? pickupDeadline(readyAt, await holdDays(tx, req.storeId)) : null;
    await tx.query(
      `INSERT INTO pickup_orders (id, store_id, code, member_id, customer_name, phone, channel, state, lines, total_fen,
                                  ordered_at, ready_at, pickup_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        req.storeId,
        code,
        req.memberId ?? null,
        req.customerName,
        req.phone,
        req.channel,
        req.ready ? 'ready' : 'paid',
        JSON.stringify(lines),
        lines.reduce((s, l) => s + l.amountFen, 0),
        at,
        readyAt,
        pickupBy,
      ],
    );
    await publishPickup(tx, id);
    return { ok: true, order: (await loadPickup(tx, 'id', id))!, token: '' };
  });
  return out.ok ? { ...out, token: await pickupToken(db, out.order, now) } : out;
}

/** A pickup code from the whole space: 7 digits from the CSPRNG (leading zeros too) + the Luhn digit. */
export function randomPickupCode(): string {
  return makePickupCode(String(randomInt(0, 10_000_000)).padStart(7, '0'));
}

/** A random code not in use at the store (any state: an old code must never match). */
async function freeCode(tx: Queryable, storeId: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const code = randomPickupCode();
    const seen = await tx.query(`SELECT 1 FROM pickup_orders WHERE store_id = $1 AND code = $2`, [
      storeId,
      code,
    ]);
    if (seen.rows.length === 0) return code;
  }
  throw new Error(`no free pickup code at ${storeId}`);
}

/**
 * The live order of this store behind a typed code (codes are unique per store) or a scanned token (its signature
 * checked here). Another store's order is answered exactly like an unknown one: a till learns nothing about it (the
 * customer's own QR names its store, which the till reads itself). The till applies the refusal rules itself.
 */
export async function verifyPickup(
  db: Queryable,
  storeId: string,
  req: VerifyRequest,
  now = new Date(),
): Promise<VerifyResponse> {
  if (req.code !== undefined) return { order: await loadPickup(db, 'code', req.code, storeId) };
  // The CRM's QR signing keys are the member tokens' (crm/members.ts); the prefix keeps the kinds apart.
  const keys = await db.query<{ kid: string; public_key: string }>(
    `SELECT kid, public_key FROM member_signing_keys`,
  );
  const publicKeys = Object.fromEntries(
    keys.rows.map((k) => [k.kid, base64UrlDecode(k.public_key) ?? new Uint8Array()]),
  );
  const v = verifyToken(req.token!, PICKUP_TOKEN_PREFIX, publicKeys, Math.floor(now.getTime() / 1000));
  if (!v.ok) {
    if (v.reason !== 'expired') return { order: null, token: 'forged' };
    // Expired but genuine: the order is still named so staff see its state.
    const claims = JSON.parse(
      Buffer.from(req.token!.slice(4, req.token!.lastIndexOf('.')), 'base64url').toString(),
    ) as {
      sub: string;
    };
    return { order: await loadPickup(db, 'id', claims.sub, storeId), token: 'expired' };
  }
  const order = await loadPickup(db, 'id', v.claims.sub, storeId);
  if (order && order.code !== v.claims.code) return { order: null, token: 'forged' };
  return { order, token: 'valid' };
}

export type MoveOutcome =
  { ok: true; order: PickupOrder } | { ok: false; status: 404 | 409; code: string; detail: string };

/**
 * An online-side move of one of `storeId`'s orders: preparing (the store started picking) or cancelled (the
 * customer cancelled). Another store's order is not found, like an unknown one, and stays as it is.
 */
export async function movePickup(
  db: Db,
  storeId: string,
  id: string,
  to: 'preparing' | 'cancelled',
  now = new Date(),
): Promise<MoveOutcome> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ state: PickupOrder['state'] }>(
      `SELECT state FROM pickup_orders WHERE id = $1 AND store_id = $2 FOR UPDATE`,
      [id, storeId],
    );
    const row = r.rows[0];
    if (!row) return { ok: false, status: 404, code: 'pickup-not-found', detail: `no pickup order ${id}` };
    if (row.state !== to) {
      if (!canMove(row.state, to))
        return {
          ok: false,
          status: 409,
          code: 'pickup-state',
          detail: `${id} is ${row.state}, cannot become ${to}`,
        };
      await tx.query(
        `UPDATE pickup_orders SET state = $2, cancelled_at = CASE WHEN $2 = 'cancelled' THEN $3::timestamptz ELSE cancelled_at END WHERE id = $1`,
        [id, to, now.toISOString()],
      );
      await publishPickup(tx, id);
    }
    return { ok: true, order: (await loadPickup(tx, 'id', id))! };
  });
}

/**
 * Ready orders past their deadline become expired (of one store when `storeId` is given: a terminal's call; of
 * every store for the CRM's own sweep); each change reaches the tills by the pickups stream.
 */
export async function expireOverduePickups(db: Db, now = new Date(), storeId?: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ id: string }>(
      `UPDATE pickup_orders SET state = 'expired', expired_at = $1
        WHERE id IN (SELECT id FROM pickup_orders WHERE state = 'ready' AND pickup_by < $1
                        AND ($2::text IS NULL OR store_id = $2) ORDER BY id FOR UPDATE)
        RETURNING id`,
      [now.toISOString(), storeId ?? null],
    );
    const ids = r.rows.map((x) => x.id).sort();
    for (const id of ids) await publishPickup(tx, id);
    return ids;
  });
}

/** What handovers earned a store and its staff in [from, to): the first handover of each order only. */
export async function pickupPerformance(db: Queryable, storeId: string, from: string, to: string) {
  const r = await db.query<{ staff_id: string; orders: number; amount_fen: number }>(
    `SELECT staff_id, count(*)::int AS orders, coalesce(sum(amount_fen), 0)::bigint AS amount_fen FROM pickup_handovers
      WHERE store_id = $1 AND credited AND handed_over_at >= $2 AND handed_over_at < $3
      GROUP BY staff_id ORDER BY staff_id`,
    [storeId, from, to],
  );
  const staff = r.rows.map((x) => ({ staffId: x.staff_id, orders: x.orders, amountFen: x.amount_fen }));
  return {
    storeId,
    from,
    to,
    store: {
      orders: staff.reduce((s, x) => s + x.orders, 0),
      amountFen: staff.reduce((s, x) => s + x.amountFen, 0),
    },
    staff,
  };
}
