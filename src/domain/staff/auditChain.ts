// The audit log is a hash chain: each entry carries the hash of the one before, and its own hash is
// sha256(canonical({ prevHash, entry })). Removing, reordering or editing any entry breaks every link after it,
// which the CRM checks as the entries arrive. One chain per till database (its chainId), starting from
// AUDIT_GENESIS_HASH at index 0.
import { canonicalJson, sha256Hex } from '../hash';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** A detail value: what JSON carries exactly (no floats' NaN, no undefined). */
export type AuditDetailValue = string | number | boolean | null;

/** What is recorded: who (actor, approver), what (action, detail), when (at); `detail.reason` says why. */
export interface AuditEntryBody {
  entryId: string;
  chainId: string;
  index: number;
  /** Dotted verb: 'staff.login', 'approval.granted', 'drawer.noSale'... */
  action: string;
  /** The employee who acted (or who was typed, for a failed login). */
  actorId: string;
  approvedBy?: string;
  detail: Record<string, AuditDetailValue>;
  at: string;
}

export interface AuditEntry extends AuditEntryBody {
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  chainId: string;
  index: number;
  hash: string;
}

export function auditEntryHash(prevHash: string, body: AuditEntryBody): string {
  const { entryId, chainId, index, action, actorId, approvedBy, detail, at } = body;
  // Only the body's own fields: an entry read back with extra properties hashes the same.
  const entry = { entryId, chainId, index, action, actorId, approvedBy, detail, at };
  return sha256Hex(canonicalJson({ prevHash, entry }));
}

/** The next entry after `head` (null: the first of a new chain). */
export function chainEntry(
  head: ChainHead | null,
  body: Omit<AuditEntryBody, 'index' | 'chainId'> & { chainId?: string },
): AuditEntry {
  const chainId = head?.chainId ?? body.chainId;
  if (!chainId) throw new TypeError('chainEntry: a new chain needs a chainId');
  const full: AuditEntryBody = { ...body, chainId, index: head ? head.index + 1 : 0 };
  if (full.approvedBy === undefined) delete full.approvedBy;
  const prevHash = head?.hash ?? AUDIT_GENESIS_HASH;
  return { ...full, prevHash, hash: auditEntryHash(prevHash, full) };
}

export type ChainBreakReason =
  /** The entry's hash is not the hash of its content: it was altered after it was written. */
  | 'hashMismatch'
  /** It does not point at the entry before it: something between was removed, replaced or reordered. */
  | 'prevHashMismatch'
  /** Its index is not the next one. */
  | 'indexGap'
  /** A chain that does not start at index 0 from the genesis hash. */
  | 'badStart';

export interface ChainBreak {
  index: number;
  entryId: string;
  reason: ChainBreakReason;
}

/** Why `entry` cannot follow `head` in the same chain (head null: entry must start a chain), or null. */
export function checkNextEntry(head: ChainHead | null, entry: AuditEntry): ChainBreakReason | null {
  if (auditEntryHash(entry.prevHash, entry) !== entry.hash) return 'hashMismatch';
  if (!head) return entry.index === 0 && entry.prevHash === AUDIT_GENESIS_HASH ? null : 'badStart';
  if (entry.index !== head.index + 1) return 'indexGap';
  if (entry.prevHash !== head.hash) return 'prevHashMismatch';
  return null;
}

/** Every break in one chain's entries, given in the order they were written. */
export function verifyAuditChain(entries: readonly AuditEntry[]): { ok: boolean; breaks: ChainBreak[] } {
  const breaks: ChainBreak[] = [];
  let head: ChainHead | null = null;
  for (const e of entries) {
    const reason = checkNextEntry(head, e);
    if (reason) breaks.push({ index: e.index, entryId: e.entryId, reason });
    // Go on from this entry: one tampered entry is one break, not a break for everything after it.
    head = { chainId: e.chainId, index: e.index, hash: e.hash };
  }
  return { ok: breaks.length === 0, breaks };
}
