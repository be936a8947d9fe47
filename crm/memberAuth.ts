// Members prove who they are (issue 16): the member app's sign-in with a phone number and a one-time SMS code,
// short sessions (bearer tokens, kept hashed), and what a signed-in member may see: their own member code,
// their own orders, their own pickup codes. The SMS gateway is an interface; the demo one only logs and
// remembers the last code per phone for the demo pages.
import { randomInt } from 'node:crypto';
import type { PickupOrder } from '../src/shared/crm';
import type { Db, Queryable } from './db';
import { hashSecret, newSecret } from './ids';
import { pickupToken } from './pickupOrders';
import { maskName, PICKUP_SELECT, pickupData, type PickupRow } from './projections';

export const SMS_CODE_TTL_S = 300;
export const SMS_CODE_MAX_ATTEMPTS = 5;
export const MEMBER_SESSION_TTL_S = 30 * 60;

/** Sends a text to a phone (the group's SMS gateway in production). */
export interface SmsSender {
  readonly demo: boolean;
  send(phone: string, text: string, meta: { code: string; expiresAt: string }): Promise<void>;
}

/** The demo's gateway: writes the code to the CRM log and keeps the last one per phone for the demo pages. */
export class DemoSmsSender implements SmsSender {
  readonly demo = true;
  private readonly last = new Map<string, { code: string; expiresAt: string }>();
  constructor(private readonly log: (line: Record<string, unknown>) => void = defaultLog) {}
  async send(phone: string, text: string, meta: { code: string; expiresAt: string }): Promise<void> {
    this.last.set(phone, meta);
    if (this.last.size > 1000) this.last.delete(this.last.keys().next().value!);
    this.log({ level: 'info', src: 'demo-sms', msg: 'DEMO SMS (not sent)', phone, text });
  }
  /** The last code sent to `phone` (demo pages and tests only). */
  lastCode(phone: string): { code: string; expiresAt: string } | undefined {
    return this.last.get(phone);
  }
}

const defaultLog = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

export const PhonePattern = /^1\d{10}$/;

/**
 * A fresh 6-digit code for the member with this phone, sent by SMS. The answer is the same whether or not the
 * phone belongs to a member (nothing to learn from asking); only members get a text.
 */
export async function requestSmsCode(
  db: Db,
  sms: SmsSender,
  phone: string,
  now = new Date(),
): Promise<{ expiresAt: string }> {
  const expiresAt = new Date(now.getTime() + SMS_CODE_TTL_S * 1000).toISOString();
  const m = await db.query<{ id: string }>(
    `SELECT id FROM members WHERE phone = $1 AND active ORDER BY id LIMIT 1`,
    [phone],
  );
  const member = m.rows[0];
  if (!member) return { expiresAt };
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  // A new code replaces older ones: only the latest can be used.
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE member_sms_codes SET used_at = $2 WHERE phone = $1 AND used_at IS NULL`, [
      phone,
      now.toISOString(),
    ]);
    await tx.query(
      `INSERT INTO member_sms_codes (phone, member_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [phone, member.id, hashSecret(`${phone}:${code}`), now.toISOString(), expiresAt],
    );
  });
  await sms.send(phone, `【会员中心】验证码 ${code}，${SMS_CODE_TTL_S / 60} 分钟内有效。请勿告诉他人。`, {
    code,
    expiresAt,
  });
  return { expiresAt };
}

export type SignInOutcome =
  | { ok: true; session: string; memberId: string; expiresAt: string }
  | { ok: false; status: 401; code: 'sms-code-invalid'; detail: string };

/** The code checked against the phone's latest one (wrong tries counted); a right one buys a session. */
export async function signIn(db: Db, phone: string, code: string, now = new Date()): Promise<SignInOutcome> {
  const refused: SignInOutcome = {
    ok: false,
    status: 401,
    code: 'sms-code-invalid',
    detail: 'wrong or expired code; ask for a new one',
  };
  return db.transaction(async (tx) => {
    const r = await tx.query<{ id: string; member_id: string; code_hash: string; attempts: number }>(
      `SELECT id, member_id, code_hash, attempts FROM member_sms_codes
        WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [phone, now.toISOString()],
    );
    const row = r.rows[0];
    if (!row || row.attempts >= SMS_CODE_MAX_ATTEMPTS) return refused;
    if (row.code_hash !== hashSecret(`${phone}:${code}`)) {
      await tx.query(
        `UPDATE member_sms_codes SET attempts = attempts + 1,
                used_at = CASE WHEN attempts + 1 >= $2 THEN $3::timestamptz ELSE used_at END WHERE id = $1`,
        [row.id, SMS_CODE_MAX_ATTEMPTS, now.toISOString()],
      );
      return refused;
    }
    await tx.query(`UPDATE member_sms_codes SET used_at = $2 WHERE id = $1`, [row.id, now.toISOString()]);
    const session = newSecret();
    const expiresAt = new Date(now.getTime() + MEMBER_SESSION_TTL_S * 1000).toISOString();
    await tx.query(
      `INSERT INTO member_sessions (token_hash, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [hashSecret(session), row.member_id, now.toISOString(), expiresAt],
    );
    return { ok: true, session, memberId: row.member_id, expiresAt };
  });
}

export interface MemberSession {
  memberId: string;
  expiresAt: string;
  /** The session's key in member_sessions (never the token itself). */
  tokenHash: string;
}

/** The member a session token belongs to while it is live, or null. */
export async function authenticateMember(
  db: Queryable,
  token: string,
  now = new Date(),
): Promise<MemberSession | null> {
  const tokenHash = hashSecret(token);
  const r = await db.query<{ member_id: string; expires_at: string | Date }>(
    `SELECT s.member_id, s.expires_at FROM member_sessions s JOIN members m ON m.id = s.member_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND m.active`,
    [tokenHash, now.toISOString()],
  );
  const row = r.rows[0];
  return row
    ? { memberId: row.member_id, expiresAt: new Date(row.expires_at).toISOString(), tokenHash }
    : null;
}

export async function revokeSession(db: Queryable, tokenHash: string, now = new Date()): Promise<void> {
  await db.query(`UPDATE member_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`, [
    tokenHash,
    now.toISOString(),
  ]);
}

export function signOut(db: Queryable, token: string, now = new Date()): Promise<void> {
  return revokeSession(db, hashSecret(token), now);
}

/** What the member app shows on its home screen: masked, as the member would see it on a shared phone. */
export async function memberHome(
  db: Queryable,
  memberId: string,
): Promise<{ memberId: string; name: string; tier: string; cardNo: string; points: number } | null> {
  const r = await db.query<{ name: string; tier: string; card_no: string; points: number | string }>(
    `SELECT name, tier, card_no, points_balance AS points FROM members WHERE id = $1 AND active`,
    [memberId],
  );
  const m = r.rows[0];
  if (!m) return null;
  return {
    memberId,
    name: maskName(m.name),
    tier: m.tier,
    cardNo: `${m.card_no.slice(0, 3)}****${m.card_no.slice(-3)}`,
    points: Number(m.points),
  };
}

/** The member's own pickup orders (newest first) with each one's code and a fresh signed QR token. */
export async function memberPickups(
  db: Db,
  memberId: string,
  opts: { orderId?: string; limit?: number } = {},
): Promise<{ order: PickupOrder; code: string; token: string }[]> {
  const r = await db.query<PickupRow>(
    `${PICKUP_SELECT} WHERE (p.member_id = $1
        OR (p.member_id IS NULL AND p.phone = (SELECT phone FROM members WHERE id = $1)))
        AND ($2::text IS NULL OR p.id = $2)
      ORDER BY p.ordered_at DESC, p.id DESC LIMIT $3`,
    [memberId, opts.orderId ?? null, opts.limit ?? 50],
  );
  const out: { order: PickupOrder; code: string; token: string }[] = [];
  for (const row of r.rows) {
    const order = pickupData(row);
    out.push({ order, code: order.code, token: await pickupToken(db, order) });
  }
  return out;
}
