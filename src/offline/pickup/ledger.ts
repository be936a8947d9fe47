// A handover (or a ready mark) is a business action: its local record, its outbox mutation and the next seq
// are written in ONE strict ledger transaction, and the slip prints only after it committed. The same order
// handed over twice at this till is refused inside that transaction, so two quick clicks or two windows
// cannot both succeed.
import type { HandoverFacts } from '../../domain/pickup';
import type { PickupHandedOverPayload, PickupReadiedPayload } from '../../shared/crm';
import type { LedgerDb } from '../db';
import { systemClock, type Clock } from '../sales';
import { appendMutation } from '../shift/appendMutation';
import { requireTerminalIdentity } from '../terminal';
import type { PickupHandoverRow, PickupReadyMarkRow } from './rows';

export type HandoverDraft = Omit<PickupHandoverRow, 'seq' | 'handedOverAt' | 'storeId' | 'terminalId'>;

export type HandoverCommit =
  | { ok: true; row: PickupHandoverRow; replayed: boolean }
  | { ok: false; reason: 'alreadyHandedOver'; handover: PickupHandoverRow };

export function handoverPayload(row: PickupHandoverRow): PickupHandedOverPayload {
  return {
    pickupOrderId: row.pickupOrderId,
    code: row.code,
    verifiedBy: row.verifiedBy,
    staffId: row.staffId,
    handedOverAt: row.handedOverAt,
    ...(row.offline ? { offline: true } : {}),
    collector: row.collector,
    ...(row.itemCheck ? { itemCheck: row.itemCheck } : {}),
    ...(row.approvedBy ? { approvedBy: row.approvedBy } : {}),
    totalFen: row.totalFen,
  };
}

/** Idempotent on draft.id; refuses a second handover of the same order at this till. */
export async function commitHandover(
  ledger: LedgerDb,
  draft: HandoverDraft,
  clock: Clock = systemClock,
): Promise<HandoverCommit> {
  const handedOverAt = clock.now().toISOString();
  return ledger.transaction(
    'rw',
    [ledger.pickupHandovers, ledger.outbox, ledger.counters, ledger.terminal],
    async (): Promise<HandoverCommit> => {
      const [same, prior, identity] = await Promise.all([
        ledger.pickupHandovers.get(draft.id),
        ledger.pickupHandovers.where('pickupOrderId').equals(draft.pickupOrderId).first(),
        requireTerminalIdentity(ledger),
      ]);
      if (same) return { ok: true, row: same, replayed: true };
      if (prior) return { ok: false, reason: 'alreadyHandedOver', handover: prior };
      const base = {
        ...draft,
        handedOverAt,
        storeId: identity.storeId,
        terminalId: identity.terminalId,
        seq: 0,
      };
      const { seq } = await appendMutation(
        ledger,
        'pickup.handedOver',
        draft.id,
        handoverPayload(base),
        handedOverAt,
      );
      const row: PickupHandoverRow = { ...base, seq };
      await ledger.pickupHandovers.add(row);
      return { ok: true, row, replayed: false };
    },
  );
}

export async function localHandoverOf(
  ledger: LedgerDb,
  pickupOrderId: string,
): Promise<HandoverFacts | undefined> {
  const row = await ledger.pickupHandovers.where('pickupOrderId').equals(pickupOrderId).first();
  return row ? handoverFacts(row) : undefined;
}

export function handoverFacts(row: PickupHandoverRow): HandoverFacts {
  return {
    at: row.handedOverAt,
    storeId: row.storeId,
    terminalId: row.terminalId,
    staffId: row.staffId,
    staffName: row.staffName,
    local: true,
  };
}

export async function listLocalHandovers(ledger: LedgerDb): Promise<PickupHandoverRow[]> {
  return ledger.pickupHandovers.orderBy('seq').toArray();
}

export type ReadyDraft = Omit<PickupReadyMarkRow, 'seq' | 'readiedAt'> & { code?: string };

/** Marks an order ready (goods in the pickup area). Marking an order already marked here does nothing. */
export async function commitReadyMark(
  ledger: LedgerDb,
  draft: ReadyDraft,
  clock: Clock = systemClock,
): Promise<{ row: PickupReadyMarkRow; created: boolean }> {
  const readiedAt = clock.now().toISOString();
  return ledger.transaction(
    'rw',
    [ledger.pickupReadyMarks, ledger.outbox, ledger.counters, ledger.terminal],
    async () => {
      const [same, prior] = await Promise.all([
        ledger.pickupReadyMarks.get(draft.id),
        ledger.pickupReadyMarks.where('pickupOrderId').equals(draft.pickupOrderId).first(),
      ]);
      const existing = same ?? prior;
      if (existing) return { row: existing, created: false };
      const payload: PickupReadiedPayload = {
        pickupOrderId: draft.pickupOrderId,
        ...(draft.code ? { code: draft.code } : {}),
        staffId: draft.staffId,
        readiedAt,
        ...(draft.location ? { location: draft.location } : {}),
      };
      const { seq } = await appendMutation(ledger, 'pickup.readied', draft.id, payload, readiedAt);
      const { code: _code, ...rest } = draft;
      const row: PickupReadyMarkRow = { ...rest, readiedAt, seq };
      await ledger.pickupReadyMarks.add(row);
      return { row, created: true };
    },
  );
}

export async function readyMarksByOrder(ledger: LedgerDb): Promise<Map<string, PickupReadyMarkRow>> {
  const rows = await ledger.pickupReadyMarks.toArray();
  return new Map(rows.map((r) => [r.pickupOrderId, r]));
}
