// Push: pending outbox records to the CRM in seq order, in batches (ARCHITECTURE.md, outbox rule 4).
// The CRM's per-mutation answers are stored as the records' acks; its lastAppliedSeq (from any push or
// pull answer) acks whatever it covers, which heals a push whose answer was lost after the CRM committed.
import { Dexie } from 'dexie';
import { canonicalJson, sha256Hex } from '../../domain/hash';
import type { OutboxRecord } from '../../domain/model';
import type { Mutation, MutationResult } from '../../shared/crm';
import type { LedgerDb } from '../db';
import { markInflight, scheduleRetry } from '../outbox';
import { saleCompletedPayload } from '../sales';
import type { CrmClient, CrmFailure } from './crmClient';
import type { Enrollment } from './enrollment';

/**
 * The mutation as the contract wants it. Records written before the payload followed the contract (a
 * bare Sale for 'sale.completed') are wrapped; the hash is taken of what is sent, the same every time.
 */
export function toMutation(record: OutboxRecord): Mutation {
  // A quarantined record goes as its quarantine, at the same seq (docs/decisions/0041).
  if (record.quarantine)
    return {
      seq: record.seq,
      mutationId: record.mutationId,
      type: 'mutation.quarantined',
      entityId: record.quarantine.entityId,
      payload: record.quarantine.payload,
      payloadHash: record.quarantine.payloadHash,
      createdAt: record.quarantine.createdAt,
    };
  let payload = record.payload;
  let payloadHash = record.payloadHash;
  if (
    record.type === 'sale.completed' &&
    typeof payload === 'object' &&
    payload !== null &&
    !('sale' in payload) &&
    'receiptNo' in payload
  ) {
    payload = saleCompletedPayload(payload as Parameters<typeof saleCompletedPayload>[0]);
    payloadHash = sha256Hex(canonicalJson(payload));
  }
  return {
    seq: record.seq,
    mutationId: record.mutationId,
    type: record.type,
    entityId: record.entityId,
    payload,
    payloadHash,
    createdAt: record.createdAt,
  };
}

function stateRange(ledger: LedgerDb, state: 'pending' | 'inflight', from: number, to: number) {
  return ledger.outbox.where('[state+seq]').between([state, from], [state, to], true, true);
}

/**
 * Acks every pending or in-flight record of `epoch` up to `lastAppliedSeq`: the CRM has applied them.
 * `fromSeq`: none below it is pending or in flight (the caller knows), so the range starts there.
 */
export async function healFromLastApplied(
  ledger: LedgerDb,
  epoch: number,
  lastAppliedSeq: number,
  fromSeq = 1,
): Promise<number> {
  if (lastAppliedSeq < Math.max(1, fromSeq)) return 0;
  return ledger.transaction('rw', ledger.outbox, async () => {
    let n = 0;
    for (const state of ['pending', 'inflight'] as const)
      n += await stateRange(ledger, state, fromSeq, lastAppliedSeq)
        .filter((r) => r.epoch === epoch)
        .modify((r) => {
          r.state = 'acked';
          r.ack = { healed: true, lastAppliedSeq };
          delete r.lastError;
        });
    return n;
  });
}

/** The CRM's clock minus the till's, taking the CRM's answer as made half-way through the request. */
export function clockOffsetMs(
  serverTime: string,
  sentAtMs: number,
  answeredAtMs: number,
): number | undefined {
  const server = Date.parse(serverTime);
  if (!Number.isFinite(server)) return undefined;
  return Math.round(server - (sentAtMs + answeredAtMs) / 2);
}

export interface PushSummary {
  batches: number;
  sent: number;
  acked: number;
  rejected: number;
  healed: number;
  /** Results that raised issues for a manager. */
  conflicts: number;
  /**
   * How far the CRM's clock is ahead of this till's (ms; negative: the till runs ahead), from the last answer that
   * carried serverTime, measured against the middle of the request. Undefined when no answer carried it.
   */
  clockOffsetMs?: number;
}

export type PushOutcome = (
  | { ok: true }
  | {
      ok: false;
      failure: CrmFailure;
      /** The seqs of the batch that failed as a whole (none known for a local refusal). */
      failedSeqs?: number[];
    }
) &
  PushSummary;

export interface PushOptions {
  ledger: LedgerDb;
  client: CrmClient;
  enrollment: Enrollment;
  batchSize?: number;
  maxBatches?: number;
  now?: () => number;
  /** Called after each answered batch (state for the UI). */
  onBatch?: (summary: PushSummary) => void;
  /** Stops between batches (the runner is stopping). */
  signal?: { aborted: boolean };
}

/** Sends pending records until none are left, a batch fails, or maxBatches. */
export async function pushPending(opts: PushOptions): Promise<PushOutcome> {
  const { ledger, client, enrollment } = opts;
  const batchSize = Math.min(500, Math.max(1, opts.batchSize ?? 100));
  const maxBatches = opts.maxBatches ?? 1000;
  const now = opts.now ?? (() => Date.now());
  const sum: PushSummary = { batches: 0, sent: 0, acked: 0, rejected: 0, healed: 0, conflicts: 0 };
  // No record below `floor` is pending or in flight. Ranges start there: an index range from the start
  // walks every entry a state change left behind (fake-indexeddb keeps them until it rebuilds the tree).
  let floor: number = Dexie.minKey as number;
  while (sum.batches < maxBatches && !opts.signal?.aborted) {
    const batch = await ledger.outbox
      .where('[state+seq]')
      .between(['pending', floor], ['pending', Dexie.maxKey])
      .limit(batchSize)
      .toArray();
    if (batch.length === 0) break;
    const first = batch[0]!;
    if (first.epoch !== enrollment.epoch)
      return {
        ok: false,
        failure: {
          kind: 'deterministic',
          code: 'epoch-mismatch',
          detail: `outbox record ${first.seq} is of epoch ${first.epoch}, the terminal is enrolled in ${enrollment.epoch}`,
        },
        ...sum,
      };
    // Contiguous seqs of one epoch only: the CRM refuses gaps, and stops at the first one.
    const records: OutboxRecord[] = [];
    for (const r of batch) {
      if (r.epoch !== first.epoch || r.seq !== first.seq + records.length) break;
      records.push(r);
    }
    const seqs = records.map((r) => r.seq);
    await markInflight(ledger, seqs);
    sum.batches++;
    sum.sent += records.length;
    const sentAt = now();
    const answer = await client.push({
      terminalId: enrollment.terminalId,
      epoch: enrollment.epoch,
      mutations: records.map(toMutation),
    });
    if (answer.ok && answer.value.serverTime !== undefined) {
      const offset = clockOffsetMs(answer.value.serverTime, sentAt, now());
      if (offset !== undefined) sum.clockOffsetMs = offset;
    }
    if (!answer.ok) {
      // Nothing known to be applied: back to pending. A lost answer is healed by lastAppliedSeq later.
      await scheduleRetry(ledger, seqs, `${answer.failure.code}: ${answer.failure.detail}`, now());
      return { ok: false, failure: answer.failure, failedSeqs: seqs, ...sum };
    }
    const res = answer.value;
    const bySeq = new Map<number, MutationResult>(res.results.map((r) => [r.seq, r]));
    let repended = 0;
    // The lowest seq of this batch left pending or in flight (none: the floor moves past the batch).
    let open = records.at(-1)!.seq + 1;
    await ledger.transaction('rw', ledger.outbox, async () => {
      const updates: { key: number; changes: Partial<OutboxRecord> }[] = [];
      for (const record of records) {
        const result = bySeq.get(record.seq);
        if (!result || result.mutationId !== record.mutationId) {
          open = Math.min(open, record.seq);
          continue;
        }
        if (result.issueIds && result.issueIds.length > 0) sum.conflicts++;
        if (result.status === 'rejected') {
          sum.rejected++;
          updates.push({
            key: record.seq,
            changes: { state: 'rejected', ack: result, lastError: result.reason },
          });
        } else {
          sum.acked++;
          updates.push({ key: record.seq, changes: { state: 'acked', ack: result, lastError: undefined } });
        }
      }
      await ledger.outbox.bulkUpdate(updates);
      // Unanswered ones (after a gap) go back to pending; the heal below acks those the CRM has anyway.
      const unanswered = records.filter((r) => !bySeq.has(r.seq)).map((r) => r.seq);
      if (unanswered.length > 0)
        await ledger.outbox
          .where('seq')
          .anyOf(unanswered)
          .modify((r) => {
            if (r.state === 'inflight') r.state = 'pending';
          });
      // The CRM expects an earlier seq than we hold as sent (its database was restored): send again from
      // there; it answers replays with their stored results and keeps business keys unique.
      if (res.expectedSeq !== undefined && res.expectedSeq < first.seq)
        repended = await ledger.outbox
          .where('seq')
          .between(res.expectedSeq, first.seq)
          .filter((r) => r.epoch === enrollment.epoch && (r.state === 'acked' || r.state === 'rejected'))
          .modify((r) => {
            r.state = 'pending';
            r.lastError = `crm-behind: it expects seq ${res.expectedSeq}`;
          });
    });
    if (res.expectedSeq !== undefined) open = Math.min(open, res.expectedSeq);
    // The first heal of a call covers everything (records may have been in flight before the call); the
    // next ones start at the floor: below it this call has left nothing pending or in flight.
    const healFrom = floor === (Dexie.minKey as number) ? 1 : floor;
    sum.healed += await healFromLastApplied(ledger, enrollment.epoch, res.lastAppliedSeq, healFrom);
    floor = open;
    opts.onBatch?.(sum);
    if (res.expectedSeq !== undefined && res.results.length === 0 && repended === 0) {
      // A gap nothing we hold can fill: retrying the same batch would loop forever.
      return {
        ok: false,
        failure: {
          kind: 'deterministic',
          code: 'gap',
          detail: `the CRM expects seq ${res.expectedSeq}, the oldest unsent record is ${first.seq}`,
        },
        ...sum,
      };
    }
  }
  return { ok: true, ...sum };
}
