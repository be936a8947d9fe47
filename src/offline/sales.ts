// Committing a sale: the local record, its outbox mutation and the counters move together in ONE strict
// ledger transaction, so a sale the cashier saw as complete is never missing from the CRM's queue, and a
// crash half-way leaves nothing at all.
import { canonicalJson, sha256Hex } from '../domain/hash';
import { businessDateOf } from '../domain/businessDate';
import { formatReceiptNo } from '../domain/receiptNo';
import type { OutboxRecord, Sale } from '../domain/model';
import type { SaleCompletedPayload } from '../shared/crm/mutations';
import type { LedgerDb, SaleRow } from './db';
import { DEFAULT_TIME_ZONE, readTerminalIdentity, requireTerminalIdentity } from './terminal';

/** What the checkout hands over; the ledger stamps the receipt number, time and business date. */
export type SaleDraft = Omit<Sale, 'receiptNo' | 'createdAt' | 'businessDate'>;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type LedgerErrorCode = 'invalidSale' | 'wrongTerminal';

export class LedgerError extends Error {
  override name = 'LedgerError';
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const SEQ_COUNTER = 'seq';
export const receiptCounterName = (businessDate: string): string => `receipt:${businessDate}`;
/** The receipt seq of a business date the CRM said was used before this database numbered it (issue 15). */
export const receiptBaseCounterName = (businessDate: string): string => `receiptBase:${businessDate}`;

/**
 * `store.terminal.epoch.seq`: unique across the whole chain, since terminal ids (T01..) repeat in every store.
 * (Before the herd test found it, ids were `terminal.epoch.seq` and T02 of two stores collided at the CRM.)
 */
export function mutationIdOf(storeId: string, terminalId: string, epoch: number, seq: number): string {
  return `${storeId}.${terminalId}.${epoch}.${seq}`;
}

/** A new pending outbox record: the mutation id and the payload hash stamped the one way every writer does. */
export function pendingRecord(
  who: { storeId: string; terminalId: string; epoch: number },
  seq: number,
  r: { type: OutboxRecord['type']; entityId: string; payload: unknown; createdAt: string },
): OutboxRecord {
  return {
    seq,
    mutationId: mutationIdOf(who.storeId, who.terminalId, who.epoch, seq),
    epoch: who.epoch,
    type: r.type,
    entityId: r.entityId,
    payload: r.payload,
    payloadHash: sha256Hex(canonicalJson(r.payload)),
    createdAt: r.createdAt,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
  };
}

function toSale(row: SaleRow): Sale {
  const { seq: _seq, ...sale } = row;
  return sale;
}

function checkFen(value: unknown, path: string, problems: string[]): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) problems.push(`${path} is not integer fen`);
}

/** Money must already be integer fen here: a float that reached the ledger would reach the CRM too. */
export function draftProblems(draft: SaleDraft): string[] {
  const problems: string[] = [];
  if (typeof draft.id !== 'string' || draft.id.length === 0) problems.push('id is missing');
  const t = draft.totals;
  checkFen(t?.grossFen, 'totals.grossFen', problems);
  checkFen(t?.discountFen, 'totals.discountFen', problems);
  checkFen(t?.dueFen, 'totals.dueFen', problems);
  checkFen(draft.roundingFen, 'roundingFen', problems);
  checkFen(draft.changeFen, 'changeFen', problems);
  (draft.lines ?? []).forEach((line, i) => {
    checkFen(line.unitPriceFen, `lines.${i}.unitPriceFen`, problems);
    checkFen(line.amountFen, `lines.${i}.amountFen`, problems);
    checkFen(line.discountFen, `lines.${i}.discountFen`, problems);
  });
  (draft.tenders ?? []).forEach((tender, i) =>
    checkFen(tender.amountFen, `tenders.${i}.amountFen`, problems),
  );
  if (!Array.isArray(draft.lines)) problems.push('lines is not a list');
  if (!Array.isArray(draft.tenders)) problems.push('tenders is not a list');
  return problems;
}

/**
 * Side effects a sale asks the CRM for, travelling inside its mutation so they are applied exactly once
 * with it: points earned/redeemed (entry ids made here) and coupons used.
 */
export interface SaleIntents {
  points?: SaleCompletedPayload['points'];
  coupons?: SaleCompletedPayload['coupons'];
  /** The member's scanned code, when the member was identified by it (needed to spend points or coupons). */
  memberProof?: SaleCompletedPayload['memberProof'];
  /** Manager approvals of price overrides and discounts over the limit, per line (decision 0040). */
  approvals?: SaleCompletedPayload['approvals'];
}

/** The 'sale.completed' payload as the CRM contract defines it (src/shared/crm/mutations.ts). */
export function saleCompletedPayload(sale: Sale, intents: SaleIntents = {}): SaleCompletedPayload {
  const lineIds = new Set(sale.lines.map((l) => l.lineId));
  const approvals = (intents.approvals ?? []).filter((a) => lineIds.has(a.lineId));
  return {
    sale,
    ...(intents.points ? { points: intents.points } : {}),
    coupons: intents.coupons ?? [],
    ...(intents.memberProof ? { memberProof: intents.memberProof } : {}),
    ...(approvals.length > 0 ? { approvals } : {}),
  };
}

/** Where a sale lands in its till's numbering: the ledger's counters, or a simulated till's own. */
export interface SaleStamp {
  epoch: number;
  seq: number;
  receiptSeq: number;
  createdAt: string;
  businessDate: string;
}

/**
 * The sale as committed and its 'sale.completed' outbox record, from a checked draft and its stamp: the one
 * shape every till sends (the load generator's simulated tills build theirs here too).
 */
export function stampSale(
  draft: SaleDraft,
  stamp: SaleStamp,
  intents: SaleIntents = {},
): { sale: Sale; record: OutboxRecord } {
  const sale: Sale = {
    ...draft,
    receiptNo: formatReceiptNo(draft.storeId, draft.terminalId, stamp.businessDate, stamp.receiptSeq),
    createdAt: stamp.createdAt,
    businessDate: stamp.businessDate,
  };
  const record = pendingRecord({ ...draft, epoch: stamp.epoch }, stamp.seq, {
    type: 'sale.completed',
    entityId: sale.id,
    payload: saleCompletedPayload(sale, intents),
    createdAt: stamp.createdAt,
  });
  return { sale, record };
}

/** The time zone each ledger's identity had at its last commit (it changes only with the identity). */
const lastTimeZone = new WeakMap<LedgerDb, string>();

/**
 * Writes the sale, its 'sale.completed' outbox record and the counters in one ledger transaction and
 * resolves only after that transaction committed. Idempotent on `draft.id`: a retry or double-click returns
 * the sale already stored, unchanged.
 */

export async function commitSale(
  ledger: LedgerDb,
  draft: SaleDraft,
  clock: Clock = systemClock,
  intents: SaleIntents = {},
): Promise<Sale> {
  const problems = draftProblems(draft);
  if (problems.length > 0) throw new LedgerError('invalidSale', `Sale ${draft.id}: ${problems.join('; ')}`);
  // Only synchronous work may happen inside: awaiting anything but Dexie would commit the transaction early.
  const createdAt = clock.now().toISOString();

  const points = intents.points;
  const pointsDelta = points ? points.earn - points.redeem : 0;
  const movesPoints = points !== undefined && pointsDelta !== 0;
  return ledger.transaction(
    'rw',
    // Only a member sale that moves points widens the transaction (the plain sale path stays as benchmarked).
    movesPoints
      ? [ledger.sales, ledger.outbox, ledger.counters, ledger.terminal, ledger.pointsDeltas]
      : [ledger.sales, ledger.outbox, ledger.counters, ledger.terminal],
    async () => {
      // All reads go out together: each sequential await is a round trip through the IndexedDB queue. The
      // receipt counter is keyed by the business date, which needs the identity's time zone: guess the last one.
      const guessDate = businessDateOf(createdAt, lastTimeZone.get(ledger) ?? DEFAULT_TIME_ZONE);
      const [existing, identity, [seqRow, guessRow]] = await Promise.all([
        ledger.sales.get(draft.id),
        requireTerminalIdentity(ledger),
        ledger.counters.bulkGet([SEQ_COUNTER, receiptCounterName(guessDate)]),
      ]);
      if (existing) return toSale(existing);
      lastTimeZone.set(ledger, identity.timeZone);

      if (draft.terminalId !== identity.terminalId || draft.storeId !== identity.storeId) {
        throw new LedgerError(
          'wrongTerminal',
          `Sale ${draft.id} is for ${draft.storeId}/${draft.terminalId}, this terminal is ${identity.storeId}/${identity.terminalId}`,
        );
      }
      const businessDate = businessDateOf(createdAt, identity.timeZone);
      const receiptCounter = receiptCounterName(businessDate);
      const receiptRow = businessDate === guessDate ? guessRow : await ledger.counters.get(receiptCounter);
      const seq = (seqRow?.value ?? 0) + 1;
      const receiptSeq = (receiptRow?.value ?? 0) + 1;

      const { sale, record } = stampSale(
        draft,
        { epoch: identity.epoch, seq, receiptSeq, createdAt, businessDate },
        intents,
      );
      // Requests run in order within the transaction; a failed one aborts all of them.
      await Promise.all([
        ledger.sales.add({ ...sale, seq }),
        ledger.outbox.add(record),
        ledger.counters.bulkPut([
          { name: SEQ_COUNTER, value: seq },
          { name: receiptCounter, value: receiptSeq },
        ]),
        // The member's points movement, indexed by member, so a provisional balance never scans the outbox.
        ...(movesPoints
          ? [ledger.pointsDeltas.add({ seq, memberId: points.memberId, delta: pointsDelta, saleId: sale.id })]
          : []),
      ]);
      return sale;
    },
  );
}

export async function getSale(ledger: LedgerDb, id: string): Promise<Sale | undefined> {
  const row = await ledger.sales.get(id);
  return row ? toSale(row) : undefined;
}

/** Newest first, in commit order (the terminal's clock may have jumped, the seq never does). */
export async function listSales(
  ledger: LedgerDb,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<Sale[]> {
  const rows = await ledger.sales.orderBy('seq').reverse().offset(offset).limit(limit).toArray();
  return rows.map(toSale);
}

export interface LedgerIntegrity {
  ok: boolean;
  problems: string[];
}

/**
 * Checks the ledger's invariants: seqs gap-free 1..n and the seq counter equal to the last one, every sale
 * with exactly one 'sale.completed' record and every such record with its sale, mutation ids and payload
 * hashes as stamped, and receipt numbers gap-free per business date. Reads the whole ledger: for tests,
 * diagnostics and the e2e suite, not for the checkout path.
 */
export async function verifyLedgerIntegrity(ledger: LedgerDb): Promise<LedgerIntegrity> {
  const { sales, outbox, counters, identity } = await ledger.transaction(
    'r',
    [ledger.sales, ledger.outbox, ledger.counters, ledger.terminal],
    async () => ({
      sales: await ledger.sales.toArray(),
      outbox: await ledger.outbox.orderBy('seq').toArray(),
      counters: await ledger.counters.toArray(),
      identity: await readTerminalIdentity(ledger),
    }),
  );
  const problems: string[] = [];
  const counter = new Map(counters.map((c) => [c.name, c.value]));

  outbox.forEach((record, i) => {
    if (record.seq !== i + 1) problems.push(`outbox seq gap: expected ${i + 1}, found ${record.seq}`);
    if (
      identity &&
      record.mutationId !== mutationIdOf(identity.storeId, identity.terminalId, record.epoch, record.seq)
    ) {
      problems.push(
        `outbox ${record.seq}: mutationId ${record.mutationId} does not match store.terminal.epoch.seq`,
      );
    }
    if (record.payloadHash !== sha256Hex(canonicalJson(record.payload))) {
      problems.push(`outbox ${record.seq}: payloadHash does not match its payload`);
    }
  });
  const lastSeq = outbox.at(-1)?.seq ?? 0;
  const seqCounter = counter.get(SEQ_COUNTER) ?? 0;
  if (seqCounter !== lastSeq)
    problems.push(`seq counter is ${seqCounter} but the last outbox seq is ${lastSeq}`);

  const saleRecords = new Map<string, OutboxRecord[]>();
  for (const record of outbox) {
    if (record.type !== 'sale.completed') continue;
    const list = saleRecords.get(record.entityId) ?? [];
    list.push(record);
    saleRecords.set(record.entityId, list);
  }
  const saleIds = new Set<string>();
  const perDay = new Map<string, Set<string>>();
  for (const sale of sales) {
    saleIds.add(sale.id);
    const records = saleRecords.get(sale.id) ?? [];
    if (records.length !== 1) {
      problems.push(`sale ${sale.id} (${sale.receiptNo}) has ${records.length} outbox records, expected 1`);
    } else if (records[0]?.seq !== sale.seq) {
      problems.push(`sale ${sale.id} says seq ${sale.seq}, its outbox record is seq ${records[0]?.seq}`);
    }
    const day = perDay.get(sale.businessDate) ?? new Set<string>();
    day.add(sale.receiptNo);
    perDay.set(sale.businessDate, day);
  }
  for (const [entityId, records] of saleRecords) {
    if (!saleIds.has(entityId)) {
      problems.push(
        `outbox ${records.map((r) => r.seq).join(',')}: sale.completed for missing sale ${entityId}`,
      );
    }
  }
  if (identity) {
    for (const name of counter.keys()) {
      const businessDate = name.startsWith('receipt:') ? name.slice('receipt:'.length) : undefined;
      if (businessDate !== undefined && !perDay.has(businessDate)) perDay.set(businessDate, new Set());
    }
    for (const [businessDate, receiptNos] of perDay) {
      const issued = counter.get(receiptCounterName(businessDate)) ?? 0;
      const base = counter.get(receiptBaseCounterName(businessDate)) ?? 0;
      for (let n = base + 1; n <= issued; n++) {
        const expected = formatReceiptNo(identity.storeId, identity.terminalId, businessDate, n);
        if (!receiptNos.delete(expected)) problems.push(`receipt ${expected} was issued but has no sale`);
      }
      for (const extra of receiptNos)
        problems.push(`receipt ${extra} is beyond the ${businessDate} counter (${issued})`);
    }
  }
  return { ok: problems.length === 0, problems };
}
