// Codes the CRM signs (dynamic member QR, pickup QR) and terminals verify offline with the CRM's public key.
// Format: PREFIX + base64url(JSON claims) + '.' + base64url(Ed25519 signature over PREFIX + claims part).
// The prefix is signed too, so a pickup token can never pass as a member token.
import { ed25519 } from '@noble/curves/ed25519.js';

export interface TokenClaims {
  /** Subject: a member id, a pickup order id. */
  sub: string;
  /** Issued at, Unix seconds (CRM clock). */
  iat: number;
  /** Expires at, Unix seconds. */
  exp: number;
  /** Unique per token: what a replay guard remembers. */
  jti: string;
  /** Which CRM key signed it (keys rotate; terminals keep the recent public keys). */
  kid: string;
  /** Extra claims (a pickup code, a store id). Values are plain JSON. */
  [extra: string]: unknown;
}

export type TokenFailure = 'malformed' | 'wrongKind' | 'unknownKey' | 'badSignature' | 'expired' | 'notYetValid';

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

/** Seconds of clock difference tolerated between the CRM and a terminal. */
export const CLOCK_SKEW_S = 30;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function base64UrlEncode(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function newSigningKey(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = ed25519.utils.randomSecretKey();
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

export function signToken(prefix: string, claims: TokenClaims, secretKey: Uint8Array): string {
  const body = prefix + base64UrlEncode(encoder.encode(JSON.stringify(claims)));
  return body + '.' + base64UrlEncode(ed25519.sign(encoder.encode(body), secretKey));
}

/**
 * Checks form, prefix, key, signature and time window. Replays are the caller's business: it must
 * remember `jti` until `exp` (see the offline replay guard).
 */
export function verifyToken(
  token: string,
  prefix: string,
  publicKeys: Readonly<Record<string, Uint8Array>>,
  nowS: number,
): VerifyResult {
  if (!token.startsWith(prefix)) return { ok: false, reason: 'wrongKind' };
  const dot = token.lastIndexOf('.');
  if (dot <= prefix.length) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, dot);
  const claimBytes = base64UrlDecode(body.slice(prefix.length));
  const sig = base64UrlDecode(token.slice(dot + 1));
  if (!claimBytes || !sig || sig.length !== 64) return { ok: false, reason: 'malformed' };
  let claims: TokenClaims;
  try {
    const parsed: unknown = JSON.parse(decoder.decode(claimBytes));
    if (!isClaims(parsed)) return { ok: false, reason: 'malformed' };
    claims = parsed;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const key = Object.hasOwn(publicKeys, claims.kid) ? publicKeys[claims.kid] : undefined;
  if (!key) return { ok: false, reason: 'unknownKey' };
  if (!safeVerify(sig, encoder.encode(body), key)) return { ok: false, reason: 'badSignature' };
  if (claims.iat > nowS + CLOCK_SKEW_S) return { ok: false, reason: 'notYetValid' };
  if (claims.exp + CLOCK_SKEW_S < nowS) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function isClaims(v: unknown): v is TokenClaims {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.sub === 'string' &&
    c.sub.length > 0 &&
    Number.isSafeInteger(c.iat) &&
    Number.isSafeInteger(c.exp) &&
    (c.exp as number) >= (c.iat as number) &&
    typeof c.jti === 'string' &&
    c.jti.length > 0 &&
    typeof c.kid === 'string' &&
    c.kid.length > 0
  );
}

function safeVerify(sig: Uint8Array, msg: Uint8Array, key: Uint8Array): boolean {
  try {
    return ed25519.verify(sig, msg, key);
  } catch {
    return false; // a malformed key or signature point
  }
}
