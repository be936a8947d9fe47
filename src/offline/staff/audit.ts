// The till's audit log: append-only rows in the ledger, each chained to the one before by hash
// (src/domain/staff/auditChain.ts), each with an 'audit.appended' outbox record so the CRM gets the chain in
// order and checks it. An action that writes the ledger appends its entry in its own transaction
// (appendAuditInTx with auditTables()), so the action and its trace commit or vanish together.
import {
  chainEntry,
  verifyAuditChain,
  type AuditEntry,
  type AuditDetailValue,
} from '../../domain/staff/auditChain';
import type { OutboxRecord } from '../../domain/model';
import type { AuditAppendedPayload } from '../../shared/crm/mutations';
import type { ApprovalProofData } from '../../domain/staff/approvalProof';
import type { AuditRow, LedgerDb } from '../db';
import { pendingRecord, SEQ_COUNTER } from '../sales';
import { requireTerminalIdentity } from '../terminal';

export interface AuditInput {
  action: string;
  actorId: string;
  approvedBy?: string;
  /** What and why: flat values only (amounts in fen, receipt numbers, `reason`). */
  detail?: Record<string, AuditDetailValue>;
  /** The approval's proof, sent with the entry's outbox record (outside the hash: it proves itself). */
  approval?: ApprovalProofData;
}

export interface AuditDeps {
  now(): Date;
  newId(): string;
  /**
   * Whether entries go to the CRM (an 'audit.appended' outbox record each): true when the till has a CRM link.
   * A demo till with none keeps them in the ledger only; once it gets a link, the first entry appended with
   * toOutbox queues every entry not sent yet, in chain order, so the CRM still sees the chain from index 0.
   */
  toOutbox?: boolean;
}

/** The tables a transaction must hold to append an audit entry inside it. */
export function auditTables(ledger: LedgerDb) {
  return [ledger.audit, ledger.outbox, ledger.counters, ledger.terminal];
}

/** Terminal row: the highest chain index already queued to the outbox (-1: none). */
export const AUDIT_QUEUED_KEY = 'audit.queuedThrough';

const MAX_ID = 64;

/** Ids typed at a login screen can be anything: keep what the contract accepts. */
function safeId(id: string): string {
  const t = id.trim().slice(0, MAX_ID);
  return t.length > 0 ? t : '?';
}

function outboxRecord(
  entry: AuditEntry,
  seq: number,
  identity: { storeId: string; terminalId: string; epoch: number },
  approval?: ApprovalProofData,
): OutboxRecord {
  const payload: AuditAppendedPayload = { ...entry, ...(approval ? { approval } : {}) };
  return pendingRecord(identity, seq, {
    type: 'audit.appended',
    entityId: entry.entryId,
    payload,
    createdAt: entry.at,
  });
}

/**
 * Appends one entry inside the caller's ledger transaction (which must include auditTables()). Synchronous
 * hashing only: awaiting anything but Dexie here would commit the transaction early.
 */
export async function appendAuditInTx(
  ledger: LedgerDb,
  input: AuditInput,
  deps: AuditDeps,
): Promise<AuditEntry> {
  const toOutbox = deps.toOutbox ?? true;
  const [last, identity, seqRow, queuedRow] = await Promise.all([
    ledger.audit.orderBy('index').last(),
    requireTerminalIdentity(ledger),
    ledger.counters.get(SEQ_COUNTER),
    ledger.terminal.get(AUDIT_QUEUED_KEY),
  ]);
  const at = deps.now().toISOString();
  const entry = chainEntry(last ? { chainId: last.chainId, index: last.index, hash: last.hash } : null, {
    chainId: last?.chainId ?? deps.newId(),
    entryId: deps.newId(),
    action: input.action,
    actorId: safeId(input.actorId),
    ...(input.approvedBy ? { approvedBy: safeId(input.approvedBy) } : {}),
    detail: input.detail ?? {},
    at,
  });
  if (!toOutbox) {
    await ledger.audit.add({ ...entry });
    return entry;
  }
  const queuedThrough = typeof queuedRow?.value === 'number' ? queuedRow.value : -1;
  // Entries written while the till had no CRM link go first, in chain order.
  const backlog =
    last && last.index > queuedThrough
      ? (await ledger.audit.where('index').between(queuedThrough, last.index, false, true).toArray()).map(
          ({ seq: _seq, ...e }) => e,
        )
      : [];
  let seq = seqRow?.value ?? 0;
  const records = [
    ...backlog.map((e) => outboxRecord(e, ++seq, identity)),
    outboxRecord(entry, ++seq, identity, input.approval),
  ];
  await Promise.all([
    ledger.audit.add({ ...entry, seq }),
    ledger.outbox.bulkAdd(records),
    ledger.counters.put({ name: SEQ_COUNTER, value: seq }),
    ledger.terminal.put({ key: AUDIT_QUEUED_KEY, value: entry.index }),
  ]);
  return entry;
}

/** Appends one entry in its own strict ledger transaction. */
export async function appendAudit(ledger: LedgerDb, input: AuditInput, deps: AuditDeps): Promise<AuditEntry> {
  return ledger.transaction('rw', auditTables(ledger), () => appendAuditInTx(ledger, input, deps));
}

function toEntry(row: AuditRow): AuditEntry {
  const { seq: _seq, ...entry } = row;
  return entry;
}

/** The newest entries first. */
export async function listAudit(ledger: LedgerDb, limit = 100): Promise<AuditEntry[]> {
  const rows = await ledger.audit.orderBy('index').reverse().limit(limit).toArray();
  return rows.map(toEntry);
}

/** Checks the whole local chain (diagnostics and tests; the CRM checks it as entries arrive). */
export async function verifyLocalAuditChain(ledger: LedgerDb) {
  const rows = await ledger.audit.orderBy('index').toArray();
  return { entries: rows.length, ...verifyAuditChain(rows.map(toEntry)) };
}
