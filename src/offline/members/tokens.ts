// Dynamic member QR tokens at the till: signature, key and time window checked offline with the CRM's public
// keys, and each token accepted once. The replay guard lives in the ledger (strict durability), so a token
// photographed off a customer's screen cannot be used again within its life, even across a restart.
import { MEMBER_TOKEN_PREFIX } from '../../domain/codes';
import { CLOCK_SKEW_S, verifyToken, type TokenFailure } from '../../domain/signedToken';
import type { LedgerDb } from '../db';

export type MemberTokenFailure = TokenFailure | 'replayed';

export type AcceptedToken =
  { ok: true; memberId: string; jti: string; exp: number } | { ok: false; reason: MemberTokenFailure };

/** Verifies, then records the token id in the same ledger transaction that checks it was never used. */
export async function acceptMemberToken(
  ledger: LedgerDb,
  token: string,
  keys: Readonly<Record<string, Uint8Array>>,
  now: Date,
): Promise<AcceptedToken> {
  const nowS = Math.floor(now.getTime() / 1000);
  // Signature work before the transaction: only Dexie may be awaited inside one.
  const v = verifyToken(token, MEMBER_TOKEN_PREFIX, keys, nowS);
  if (!v.ok) return v;
  const { sub, jti, exp } = v.claims;
  return ledger.transaction('rw', ledger.memberTokens, async () => {
    if (await ledger.memberTokens.get(jti)) return { ok: false, reason: 'replayed' } as const;
    await ledger.memberTokens.put({ jti, memberId: sub, exp, at: now.toISOString() });
    // Tokens past their life (and the clock skew) can never pass verifyToken again: forget them.
    await ledger.memberTokens
      .where('exp')
      .below(nowS - CLOCK_SKEW_S - 60)
      .delete();
    return { ok: true, memberId: sub, jti, exp } as const;
  });
}
