// Approvals the CRM can verify (docs/decisions/0040). Pure: the claim every proof binds, the badge HMAC an
// offline badge scan signs it with, and the policy constants both the till and the CRM apply.
// The badge code `SB1.<id>.<secret>` is a secret the till never stores (it keeps SHA-256(code) to recognise a
// badge); the HMAC key is a different hash of the code, which the CRM keeps (staff.badge_key) and tills never get.
import { canonicalJson, sha256Bytes } from '../hash';

/** Prefix of the CRM-signed online approval token (signed with the CRM's Ed25519 key, src/domain/signedToken). */
export const APPROVAL_TOKEN_PREFIX = 'AP1.';
/** How long an online approval is valid after the CRM issued it. */
export const ONLINE_APPROVAL_TTL_S = 600;
/** Largest amount a PIN typed at an offline till may approve (unconfirmed until a manager confirms online). */
export const OFFLINE_PIN_APPROVAL_CAP_FEN = 50_000;
/** Pay-outs and safe drops above this need a manager's approval. */
export const CASH_MOVE_APPROVAL_LIMIT_FEN = 20_000;
/** Failed online approval attempts (per terminal, per approver) before a lock, the window and the lock. */
export const APPROVAL_RATE_LIMIT = { maxFailures: 5, windowS: 15 * 60, lockS: 15 * 60 } as const;

/** Actions the CRM checks; the till's other approvals (settings, unlocking) stay local. */
export const CHECKED_APPROVAL_ACTIONS = [
  'refund',
  'cashMove',
  'voidAfterTender',
  'cashVariance',
  'noSaleDrawer',
  'priceOverride',
  'discountOverLimit',
  'revealPhone',
  'resolveIssue',
] as const;
export type CheckedApprovalAction = (typeof CHECKED_APPROVAL_ACTIONS)[number];

export function isCheckedApprovalAction(a: string): a is CheckedApprovalAction {
  return (CHECKED_APPROVAL_ACTIONS as readonly string[]).includes(a);
}

/** What every proof binds: what was approved, by whom, where, on what and for how much. */
export interface ApprovalClaim {
  action: CheckedApprovalAction;
  approverId: string;
  storeId: string;
  terminalId: string;
  /** The entity approved: refund id, move id, sale id, shift id, line id, member id, issue id ('drawer'). */
  subjectId: string;
  /** The amount approved in fen (0 for actions without one). */
  amountFen: number;
  /** When the till made the claim (ISO time). */
  at: string;
  /** Unique per approval: a proof is used by one mutation only. */
  nonce: string;
}

const enc = new TextEncoder();

/** The exact bytes a badge proof signs: a fixed label, then the claim as canonical JSON. */
export function claimBytes(c: ApprovalClaim): Uint8Array {
  return enc.encode(
    'SB1-approval\n' +
      canonicalJson({
        action: c.action,
        amountFen: c.amountFen,
        approverId: c.approverId,
        at: c.at,
        nonce: c.nonce,
        storeId: c.storeId,
        subjectId: c.subjectId,
        terminalId: c.terminalId,
      }),
  );
}

/** The HMAC key of a badge: SHA-256 of a label and the code, unlike the badge hash tills keep. */
export function badgeApprovalKey(code: string): Uint8Array {
  return sha256Bytes(enc.encode('SB1-approval-key\n' + code.trim()));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** HMAC-SHA-256 (RFC 2104), synchronous like the SHA-256 it is built on. */
export function hmacSha256(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const block = 64;
  let k = key.length > block ? sha256Bytes(key) : key;
  const padded = new Uint8Array(block);
  padded.set(k);
  k = padded;
  const inner = new Uint8Array(block + msg.length);
  const outer = new Uint8Array(block + 32);
  for (let i = 0; i < block; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  inner.set(msg, block);
  outer.set(sha256Bytes(inner), block);
  return sha256Bytes(outer);
}

/** The MAC a till puts on a badge proof, from the scanned code (kept in memory only). */
export function badgeMac(code: string, claim: ApprovalClaim): string {
  return toHex(hmacSha256(badgeApprovalKey(code), claimBytes(claim)));
}

/** The CRM's check: the MAC recomputed from its stored key (hex), compared in constant time. */
export function verifyBadgeMac(keyHex: string, claim: ApprovalClaim, mac: string): boolean {
  const key = fromHex(keyHex);
  const got = fromHex(mac);
  if (!key || key.length !== 32 || !got) return false;
  const want = hmacSha256(key, claimBytes(claim));
  let diff = want.length ^ got.length;
  for (let i = 0; i < want.length; i++) diff |= want[i]! ^ (got[i] ?? 0);
  return diff === 0;
}

/** An approval proof as it travels (the zod schema in src/shared/crm/approvals.ts has this exact shape). */
export type ApprovalProofData =
  | { kind: 'online'; token: string }
  | ({ kind: 'badge'; mac: string } & ApprovalClaim)
  | ({ kind: 'pin' } & ApprovalClaim);

/** What an approval is bound to: the action the CRM checks, the entity and the amount. */
export interface ApprovalBinding {
  action: CheckedApprovalAction;
  subjectId: string;
  amountFen: number;
}

/** An offline PIN approval beyond the cap is refused at the till: a badge (verifiable) is needed. */
export function offlinePinAllowed(amountFen: number): boolean {
  return amountFen <= OFFLINE_PIN_APPROVAL_CAP_FEN;
}

/** Unconfirmed approvals among records (refunds, cash moves, a sale's line approvals): the Z shows the count. */
export function countUnconfirmed(proofs: readonly ({ kind: string } | undefined)[]): number {
  return proofs.filter((p) => p?.kind === 'pin').length;
}
