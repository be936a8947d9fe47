// A record the CRM keeps failing must not stop the queue behind it (docs/decisions/0041). The runner finds it
// by pushing one record at a time, marks it as needing attention (sync panel, a local sync issue for the
// manager) and, when it still fails alone, sends a 'mutation.quarantined' at its seq: the CRM records that as
// rejected with an issue, the seq is consumed, and the original stays in the ledger, marked and exportable.
import { Dexie } from 'dexie';
import { canonicalJson, sha256Hex } from '../../domain/hash';
import { isUuidv7 } from '../../domain/ids';
import type { OutboxRecord } from '../../domain/model';
import { IsoTimeSchema, QUARANTINE_MAX_BYTES, type MutationQuarantinedPayload } from '../../shared/crm';
import type { LedgerDb } from '../db';
import { newId } from '../ids';
import type { CrmFailure } from './crmClient';

/** Failures that can be this batch's content: the CRM answered, and not with "busy", "who are you" or a gap. */
export function blamesContent(f: CrmFailure | { kind: 'local' }): boolean {
  if (f.kind === 'badAnswer') return true;
  const status = 'status' in f ? f.status : undefined;
  return status === 400 || status === 413 || status === 422 || status === 500;
}

/** The same failure, for "fails the same way": kind, status and code (the detail may carry ids or times). */
export function failureSignature(f: CrmFailure): string {
  return `${f.kind}|${f.status ?? ''}|${f.code}`;
}

function base64(bytes: Uint8Array): string {
  let out = '';
  // btoa takes a binary string; chunks keep String.fromCharCode's argument list small.
  for (let i = 0; i < bytes.length; i += 0x8000)
    out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(out);
}

function receiptNoOf(payload: unknown): string | undefined {
  const p = payload as { sale?: { receiptNo?: unknown }; receiptNo?: unknown } | null;
  const r = p?.sale?.receiptNo ?? p?.receiptNo;
  return typeof r === 'string' && r.length <= 64 ? r : undefined;
}

/** The quarantine's payload: the original as base64 of its JSON, cut at QUARANTINE_MAX_BYTES. */
export function quarantinePayload(
  record: OutboxRecord,
  error: string,
  nowIso: string,
): MutationQuarantinedPayload {
  // JSON.stringify writes a lone surrogate as an escape, so the bytes are well-formed UTF-8.
  let json: string;
  try {
    json = JSON.stringify(record.payload) ?? 'null';
  } catch {
    json = 'null';
  }
  const bytes = new TextEncoder().encode(json);
  const kept = bytes.subarray(0, QUARANTINE_MAX_BYTES);
  const receiptNo = receiptNoOf(record.payload);
  return {
    originalType: record.type,
    entityId: String(record.entityId).slice(0, 128),
    payloadHash: record.payloadHash,
    payloadB64: base64(kept),
    truncated: kept.length < bytes.length,
    originalBytes: bytes.length,
    error: error.slice(0, 500),
    attempts: record.attempts,
    quarantinedAt: nowIso,
    ...(receiptNo ? { receiptNo } : {}),
  };
}

const issueId = (prefix: string, r: OutboxRecord) => `${prefix}:${r.mutationId}`;

/** Marks a record as needing attention (once more) and records a local sync issue the first time. */
export async function markAttention(
  ledger: LedgerDb,
  seq: number,
  f: CrmFailure,
  nowIso: string,
  counted: boolean,
): Promise<void> {
  await ledger.transaction('rw', ledger.outbox, ledger.syncIssues, async () => {
    const r = await ledger.outbox.get(seq);
    if (!r || r.state === 'acked' || r.state === 'rejected') return;
    const prev = r.attention;
    await ledger.outbox.update(seq, {
      attention: {
        code: f.code,
        detail: f.detail.slice(0, 500),
        ...(f.status !== undefined ? { status: f.status } : {}),
        since: prev?.since ?? nowIso,
        failures: (prev?.failures ?? 0) + (counted ? 1 : 0),
      },
    });
    const id = issueId('attention', r);
    if (!(await ledger.syncIssues.get(id)))
      await ledger.syncIssues.put({
        id,
        createdAt: nowIso,
        kind: 'outbox.needsAttention',
        detail: detailOf(r, `${f.code}: ${f.detail}`),
      });
  });
}

/** Puts a quarantine in the record's place (same seq) and records a local sync issue. */
export async function quarantineRecord(ledger: LedgerDb, seq: number, nowIso: string): Promise<boolean> {
  return ledger.transaction('rw', ledger.outbox, ledger.syncIssues, async () => {
    const r = await ledger.outbox.get(seq);
    if (!r || r.quarantine || r.state === 'acked' || r.state === 'rejected') return false;
    const error = r.attention ? `${r.attention.code}: ${r.attention.detail}` : (r.lastError ?? 'unknown');
    const payload = quarantinePayload(r, error, nowIso);
    // The envelope must be one the CRM takes even if the original's was what it refused.
    const entityId = isUuidv7(r.entityId) ? r.entityId : newId();
    const createdAt = IsoTimeSchema.safeParse(r.createdAt).success ? r.createdAt : nowIso;
    await ledger.outbox.update(seq, {
      quarantine: {
        at: nowIso,
        payload,
        payloadHash: sha256Hex(canonicalJson(payload)),
        entityId,
        createdAt,
      },
    });
    await ledger.syncIssues.put({
      id: issueId('quarantined', r),
      createdAt: nowIso,
      kind: 'outbox.quarantined',
      detail: detailOf(r, error),
    });
    return true;
  });
}

function detailOf(r: OutboxRecord, error: string) {
  const receiptNo = receiptNoOf(r.payload);
  return {
    seq: r.seq,
    mutationId: r.mutationId,
    type: r.type,
    entityId: r.entityId,
    ...(receiptNo ? { receiptNo } : {}),
    error,
  };
}

/** What the sync panel lists: records needing attention, and quarantined ones. */
export interface AttentionItem {
  seq: number;
  mutationId: string;
  type: string;
  entityId: string;
  receiptNo?: string;
  code: string;
  detail: string;
  status?: number;
  failures: number;
  since: string;
  quarantined: boolean;
  /** The CRM recorded the quarantine (the seq is consumed). */
  delivered: boolean;
}

function inState(ledger: LedgerDb, state: OutboxRecord['state']) {
  return ledger.outbox.where('[state+seq]').between([state, Dexie.minKey], [state, Dexie.maxKey]);
}

export async function listAttention(ledger: LedgerDb, limit = 50): Promise<AttentionItem[]> {
  const rows = await ledger.transaction('r', ledger.outbox, async () => {
    const out: OutboxRecord[] = [];
    for (const state of ['pending', 'inflight', 'rejected'] as const)
      out.push(
        ...(await inState(ledger, state)
          .filter((r) => !!r.attention || !!r.quarantine)
          .toArray()),
      );
    return out;
  });
  return rows
    .sort((a, b) => a.seq - b.seq)
    .slice(0, limit)
    .map((r) => {
      const receiptNo = receiptNoOf(r.payload);
      return {
        seq: r.seq,
        mutationId: r.mutationId,
        type: r.type,
        entityId: r.entityId,
        ...(receiptNo ? { receiptNo } : {}),
        code: r.attention?.code ?? r.lastError ?? '',
        detail: r.attention?.detail ?? '',
        ...(r.attention?.status !== undefined ? { status: r.attention.status } : {}),
        failures: r.attention?.failures ?? 0,
        since: r.attention?.since ?? r.quarantine?.at ?? r.createdAt,
        quarantined: !!r.quarantine,
        delivered: !!r.quarantine && r.state === 'rejected',
      };
    });
}

export async function countAttention(ledger: LedgerDb): Promise<number> {
  return ledger.transaction('r', ledger.outbox, async () => {
    let n = 0;
    for (const state of ['pending', 'inflight'] as const)
      n += await inState(ledger, state)
        .filter((r) => !!r.attention || !!r.quarantine)
        .count();
    return n;
  });
}

/** Quarantined originals as they were written, for the manager to hand to the CRM team (JSON). */
export async function exportQuarantined(ledger: LedgerDb): Promise<string> {
  const rows = await ledger.outbox.filter((r) => !!r.quarantine).toArray();
  return JSON.stringify(
    rows.map(
      ({
        seq,
        mutationId,
        epoch,
        type,
        entityId,
        payload,
        payloadHash,
        createdAt,
        attention,
        quarantine,
      }) => ({
        seq,
        mutationId,
        epoch,
        type,
        entityId,
        payload,
        payloadHash,
        createdAt,
        attention,
        quarantinedAt: quarantine?.at,
      }),
    ),
    null,
    2,
  );
}
