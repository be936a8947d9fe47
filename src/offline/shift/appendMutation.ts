// One more outbox record inside the caller's ledger transaction: the next gap-free seq, the mutation id and the
// payload hash, exactly as commitSale stamps a sale. The caller's transaction must include outbox, counters and
// terminal, and must write its own local effect in the same transaction (docs/decisions/0003).
import type { MutationType, OutboxRecord } from '../../domain/model';
import { MUTATION_PAYLOAD_SCHEMAS } from '../../shared/crm/mutations';
import type { LedgerDb } from '../db';
import { pendingRecord, SEQ_COUNTER } from '../sales';
import { requireTerminalIdentity } from '../terminal';

export class PayloadRejectedError extends Error {
  override name = 'PayloadRejectedError';
}

export async function appendMutation(
  ledger: LedgerDb,
  type: MutationType,
  entityId: string,
  payload: unknown,
  createdAt: string,
): Promise<OutboxRecord> {
  // Checked here, synchronously: a payload the CRM would reject never reaches the outbox.
  const check = MUTATION_PAYLOAD_SCHEMAS[type].safeParse(payload);
  if (!check.success) {
    const first = check.error.issues[0];
    throw new PayloadRejectedError(`${type}: ${first?.path.join('.') || '(root)'} ${first?.message ?? ''}`);
  }
  const [identity, seqRow] = await Promise.all([
    requireTerminalIdentity(ledger),
    ledger.counters.get(SEQ_COUNTER),
  ]);
  const seq = (seqRow?.value ?? 0) + 1;
  const record = pendingRecord(identity, seq, { type, entityId, payload, createdAt });
  await Promise.all([ledger.outbox.add(record), ledger.counters.put({ name: SEQ_COUNTER, value: seq })]);
  return record;
}

/** Drops undefined fields so the payload hashes the same here and at the CRM (JSON has no undefined). */
export function jsonClean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
