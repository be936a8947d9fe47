// The member's proof of presence for spending (issue 15): the signed member code (MT1. token) scanned at the till
// travels with the sale. The CRM checks the signature with its own keys, that the token was valid at the sale's
// time (its life plus the clock skew allowance of verifyToken; the time it was scanned when that was at most
// MEMBER_PROOF_SPAN_S before the sale completed), that it names the sale's member, and that it pays
// for one sale only (member_proofs, unique by jti). A member attached by card or phone has no proof: they get
// member prices and earn, but cannot spend points or member coupons.
import { MEMBER_TOKEN_PREFIX } from '../../src/domain/codes';
import { base64UrlDecode, verifyToken, type TokenFailure } from '../../src/domain/signedToken';
import { MEMBER_PROOF_SPAN_S, type SaleCompletedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import type { Ctx } from './context';

export type ProofFailure = TokenFailure | 'missing' | 'noMember' | 'wrongMember' | 'reused';

export type ProofCheck = { ok: true; memberId: string; jti: string } | { ok: false; reason: ProofFailure };

/** Why a spend was refused, as the manager reads it. */
export const PROOF_FAILURE_ZH: Record<ProofFailure, string> = {
  missing: '未扫描会员码',
  noMember: '销售未关联会员',
  wrongMember: '会员码属于其他会员',
  reused: '会员码已用于另一笔销售',
  expired: '会员码在销售时已过期',
  notYetValid: '会员码在销售时尚未生效',
  badSignature: '会员码签名无效',
  unknownKey: '会员码的签名密钥未知',
  malformed: '会员码格式错误',
  wrongKind: '不是会员码',
};

async function signingKeys(tx: Queryable): Promise<Record<string, Uint8Array>> {
  const r = await tx.query<{ kid: string; public_key: string }>(
    `SELECT kid, public_key FROM member_signing_keys`,
  );
  const keys: Record<string, Uint8Array> = {};
  for (const k of r.rows) {
    const key = base64UrlDecode(k.public_key);
    if (key) keys[k.kid] = key;
  }
  return keys;
}

/**
 * Verifies the sale's member proof and, when valid, records it as used by this sale (in the sale's transaction).
 * A token that already paid for another sale is refused; the same sale seen again finds its own row.
 */
export async function checkMemberProof(
  tx: Queryable,
  ctx: Ctx,
  p: SaleCompletedPayload,
): Promise<ProofCheck> {
  const sale = p.sale;
  if (!p.memberProof) return { ok: false, reason: 'missing' };
  if (!sale.memberId) return { ok: false, reason: 'noMember' };
  const saleS = Math.floor(Date.parse(sale.createdAt) / 1000);
  if (!Number.isSafeInteger(saleS)) return { ok: false, reason: 'malformed' };
  // Scanned when the customer arrived, the sale completed minutes later: the token must have been valid when it
  // was scanned, and that within MEMBER_PROOF_SPAN_S before the sale (never after it). Otherwise: at the sale.
  const scannedS = p.memberProof.scannedAt ? Math.floor(Date.parse(p.memberProof.scannedAt) / 1000) : NaN;
  const atS =
    Number.isSafeInteger(scannedS) && scannedS <= saleS && saleS - scannedS <= MEMBER_PROOF_SPAN_S
      ? scannedS
      : saleS;
  const v = verifyToken(p.memberProof.token, MEMBER_TOKEN_PREFIX, await signingKeys(tx), atS);
  if (!v.ok) return v;
  const { sub, jti, exp } = v.claims;
  if (sub !== sale.memberId) return { ok: false, reason: 'wrongMember' };
  const ins = await tx.query<{ sale_id: string }>(
    `INSERT INTO member_proofs (jti, member_id, sale_id, store_id, terminal_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, to_timestamp($6))
     ON CONFLICT (jti) DO NOTHING RETURNING sale_id`,
    [jti, sub, sale.id, ctx.storeId, ctx.terminalId, exp],
  );
  if (ins.rows.length === 0) {
    const seen = await tx.query<{ sale_id: string }>(`SELECT sale_id FROM member_proofs WHERE jti = $1`, [
      jti,
    ]);
    if (seen.rows[0]?.sale_id !== sale.id) return { ok: false, reason: 'reused' };
  }
  return { ok: true, memberId: sub, jti };
}
