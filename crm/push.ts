// Sales intake: a terminal's mutations applied exactly once, in order, gap-free (invariants I2, I3).
// A push is applied in one transaction: the (terminal, epoch) row is locked once, each seq checked in
// order, the effects and the answers stored together, so a lost answer is replayed verbatim and a crash
// leaves nothing half done. Plain sales (no coupon, points or member) are inserted many rows per statement.
// Should the batch fail (a deadlock with another till on PostgreSQL, an unexpected error), it is rolled back
// and the push is applied the careful way, one transaction per mutation, which gives the same answers.
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import {
  MUTATION_PAYLOAD_SCHEMAS,
  type Mutation,
  type MutationResult,
  type PushRequest,
  type PushResponse,
  type PickupHandedOverPayload,
  type RefundCompletedPayload,
  type SaleCompletedPayload,
  type SaleVoidedPayload,
  type ShiftClosedPayload,
} from '../src/shared/crm';
import type { Db, Queryable } from './db';
import { raiseIssue } from './issues';
import { saleNeedsApprovalCheck } from './approvals';
import type { Ctx, Effect } from './effects/context';
import { EXTRA_EFFECTS } from './effects';
import { pickupHandedOver } from './effects/pickup';
import { refundCompleted } from './effects/refund';
import { shiftClosed } from './effects/shift';
import { saleCompleted } from './effects/sale';
import { saleVoided } from './effects/void';

export interface TerminalIdentity {
  storeId: string;
  terminalId: string;
}

/** Failures of the request as a whole; nothing was applied. */
export type PushOutcome =
  | { ok: true; response: PushResponse }
  | {
      ok: false;
      status: 400 | 403 | 409;
      code: string;
      detail: string;
      errors?: { path: string; message: string }[];
    };

export async function push(db: Db, who: TerminalIdentity, req: PushRequest): Promise<PushOutcome> {
  if (req.terminalId !== who.terminalId)
    return {
      ok: false,
      status: 403,
      code: 'terminal-mismatch',
      detail: 'the credential belongs to another terminal',
    };
  // Envelope checks first, so a malformed request changes nothing at all.
  const errors: { path: string; message: string }[] = [];
  req.mutations.forEach((m, i) => {
    const expectedId = `${who.storeId}.${req.terminalId}.${req.epoch}.${m.seq}`;
    if (m.mutationId !== expectedId)
      errors.push({ path: `mutations.${i}.mutationId`, message: `must be ${expectedId}` });
    let hash: string | null = null;
    try {
      hash = sha256Hex(canonicalJson(m.payload));
    } catch {
      errors.push({ path: `mutations.${i}.payload`, message: 'not representable as canonical JSON' });
    }
    if (hash !== null && hash !== m.payloadHash)
      errors.push({
        path: `mutations.${i}.payloadHash`,
        message: 'is not the SHA-256 of the canonical JSON payload',
      });
  });
  if (errors.length > 0)
    return {
      ok: false,
      status: 400,
      code: 'malformed-push',
      detail: 'the push was refused as a whole',
      errors,
    };

  try {
    return await db.transaction((tx) => applyBatch(tx, who, req));
  } catch {
    return applyOneByOne(db, who, req);
  }
}

type Stored = { payload_hash: string; result: MutationResult };

/** The whole push in the caller's transaction; the same rules and answers as applyOne, fewer round trips. */
async function applyBatch(tx: Queryable, who: TerminalIdentity, req: PushRequest): Promise<PushOutcome> {
  const key = [who.storeId, who.terminalId, req.epoch];
  // Serializes every writer of this terminal's stream (two windows, a retry racing the original).
  const e = await tx.query<{ last_applied_seq: number }>(
    `SELECT last_applied_seq FROM terminal_epochs WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3 FOR UPDATE`,
    key,
  );
  if (!e.rows[0]) return unknownEpoch(req.epoch);
  const initial = e.rows[0].last_applied_seq;
  let lastApplied = initial;
  // Applied seqs are exactly 1..lastApplied (gap-free), so only those can be replays.
  const priors = new Map<number, Stored>();
  const old = [...new Set(req.mutations.filter((m) => m.seq <= initial).map((m) => m.seq))];
  if (old.length > 0) {
    const r = await tx.query<Stored & { seq: number }>(
      `SELECT seq, payload_hash, result FROM applied_mutations
        WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3
          AND seq IN (SELECT jsonb_array_elements_text($4::jsonb)::bigint)`,
      [...key, JSON.stringify(old)],
    );
    for (const row of r.rows) priors.set(row.seq, { payload_hash: row.payload_hash, result: row.result });
  }

  const results: MutationResult[] = [];
  let expectedSeq: number | undefined;
  // Plain sales waiting for their multi-row INSERT, and answers waiting for theirs.
  let sales: { m: Mutation; sale: SaleCompletedPayload['sale']; at: number }[] = [];
  let answers: { m: Mutation; result: MutationResult }[] = [];
  const flushSales = async () => {
    if (sales.length === 0) return;
    const batch = sales;
    sales = [];
    const inserted = await insertPlainSales(tx, who, batch);
    for (const { m, sale, at } of batch) {
      const base = { seq: m.seq, mutationId: m.mutationId };
      const result: MutationResult = inserted.has(sale.id)
        ? { ...base, status: 'applied' }
        : { ...base, status: 'duplicate', reason: 'business-key-exists' };
      results[at] = result;
      answers.push({ m, result });
      priors.set(m.seq, { payload_hash: m.payloadHash, result });
    }
  };
  const flush = async () => {
    await flushSales();
    if (answers.length === 0) return;
    const rows = answers;
    answers = [];
    await storeAnswers(tx, who, req.epoch, rows);
  };

  for (const m of req.mutations) {
    if (m.seq <= lastApplied) {
      await flush();
      const seen = priors.get(m.seq);
      if (seen) {
        results.push(await replayOrMismatch(tx, who, m, seen));
        continue;
      }
    }
    if (m.seq !== lastApplied + 1) {
      expectedSeq = lastApplied + 1;
      break;
    }
    lastApplied = m.seq;
    const sale = plainSale(m);
    if (sale && !sales.some((s) => s.sale.id === sale.id)) {
      sales.push({ m, sale, at: results.length });
      results.push(undefined as unknown as MutationResult); // filled by flushSales
      continue;
    }
    // Everything else reads what earlier mutations wrote (sales, answers): write those first.
    await flush();
    const result = await applyEffects(tx, { ...who, epoch: req.epoch, m });
    results.push(result);
    answers.push({ m, result });
    priors.set(m.seq, { payload_hash: m.payloadHash, result });
  }
  await flush();
  if (lastApplied !== initial)
    await tx.query(
      `UPDATE terminal_epochs SET last_applied_seq = $4 WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3`,
      [...key, lastApplied],
    );
  const response: PushResponse = { results, lastAppliedSeq: lastApplied };
  if (expectedSeq !== undefined) response.expectedSeq = expectedSeq;
  return { ok: true, response };
}

/** A sale whose only effect is its own row: no coupon, no points, no member purchase to record. */
function plainSale(m: Mutation): SaleCompletedPayload['sale'] | undefined {
  if (m.type !== 'sale.completed') return undefined;
  const parsed = MUTATION_PAYLOAD_SCHEMAS['sale.completed'].safeParse(m.payload);
  if (!parsed.success) return undefined;
  const p = parsed.data as SaleCompletedPayload;
  if (m.entityId !== p.sale.id || p.coupons.length > 0 || p.sale.memberId) return undefined;
  if (p.points && (p.points.earn > 0 || p.points.redeem > 0)) return undefined;
  if (saleNeedsApprovalCheck(p)) return undefined; // decision 0040
  return p.sale;
}

/** Many sales in one statement; the ids that went in (a business key already stored stays out). */
async function insertPlainSales(
  tx: Queryable,
  who: TerminalIdentity,
  rows: { m: Mutation; sale: SaleCompletedPayload['sale'] }[],
): Promise<Set<string>> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO sales (id, store_id, terminal_id, receipt_no, cashier_id, shift_id, business_date, created_at,
                        member_id, due_fen, rounding_fen, status, mutation_id, body)
     SELECT x.id, $1, $2, x.receipt_no, x.cashier_id, x.shift_id, x.business_date::date, x.created_at::timestamptz,
            NULL, x.due_fen, x.rounding_fen, x.status, x.mutation_id, x.body
       FROM jsonb_to_recordset($3::jsonb) AS x(id text, receipt_no text, cashier_id text, shift_id text,
            business_date text, created_at text, due_fen bigint, rounding_fen bigint, status text,
            mutation_id text, body jsonb, ord int)
      ORDER BY x.ord
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      who.storeId,
      who.terminalId,
      JSON.stringify(
        rows.map(({ m, sale }, ord) => ({
          id: sale.id,
          receipt_no: sale.receiptNo,
          cashier_id: sale.cashierId,
          shift_id: sale.shiftId ?? null,
          business_date: sale.businessDate,
          created_at: sale.createdAt,
          due_fen: sale.totals.dueFen,
          rounding_fen: sale.roundingFen,
          status: sale.status,
          mutation_id: m.mutationId,
          body: sale,
          ord,
        })),
      ),
    ],
  );
  return new Set(r.rows.map((row) => row.id));
}

async function storeAnswers(
  tx: Queryable,
  who: TerminalIdentity,
  epoch: number,
  rows: { m: Mutation; result: MutationResult }[],
): Promise<void> {
  await tx.query(
    `INSERT INTO applied_mutations (store_id, terminal_id, epoch, seq, mutation_id, type, entity_id, payload_hash, result)
     SELECT $1, $2, $3, x.seq, x.mutation_id, x.type, x.entity_id, x.payload_hash, x.result
       FROM jsonb_to_recordset($4::jsonb)
         AS x(seq bigint, mutation_id text, type text, entity_id text, payload_hash text, result jsonb)`,
    [
      who.storeId,
      who.terminalId,
      epoch,
      JSON.stringify(
        rows.map(({ m, result }) => ({
          seq: m.seq,
          mutation_id: m.mutationId,
          type: m.type,
          entity_id: m.entityId,
          payload_hash: m.payloadHash,
          result,
        })),
      ),
    ],
  );
}

function unknownEpoch(epoch: number): PushOutcome {
  return {
    ok: false,
    status: 409,
    code: 'unknown-epoch',
    detail: `epoch ${epoch} was never issued to this terminal`,
  };
}

/** The careful way: one transaction per mutation (the fallback when a batch fails). */
async function applyOneByOne(db: Db, who: TerminalIdentity, req: PushRequest): Promise<PushOutcome> {
  const epochRow = await db.query<{ last_applied_seq: number }>(
    `SELECT last_applied_seq FROM terminal_epochs WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3`,
    [who.storeId, who.terminalId, req.epoch],
  );
  if (!epochRow.rows[0]) return unknownEpoch(req.epoch);

  const results: MutationResult[] = [];
  let expectedSeq: number | undefined;
  for (const m of req.mutations) {
    const out = await db.transaction((tx) => applyOne(tx, who, req.epoch, m));
    if ('gap' in out) {
      expectedSeq = out.gap;
      break;
    }
    results.push(out);
  }
  const last = await db.query<{ last_applied_seq: number }>(
    `SELECT last_applied_seq FROM terminal_epochs WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3`,
    [who.storeId, who.terminalId, req.epoch],
  );
  const response: PushResponse = { results, lastAppliedSeq: last.rows[0]!.last_applied_seq };
  if (expectedSeq !== undefined) response.expectedSeq = expectedSeq;
  return { ok: true, response };
}

async function applyOne(
  tx: Queryable,
  who: TerminalIdentity,
  epoch: number,
  m: Mutation,
): Promise<MutationResult | { gap: number }> {
  // Serializes every writer of this terminal's stream (two windows, a retry racing the original).
  const e = await tx.query<{ last_applied_seq: number }>(
    `SELECT last_applied_seq FROM terminal_epochs WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3 FOR UPDATE`,
    [who.storeId, who.terminalId, epoch],
  );
  const lastApplied = e.rows[0]!.last_applied_seq;
  const prior = await tx.query<{ payload_hash: string; result: MutationResult }>(
    `SELECT payload_hash, result FROM applied_mutations WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3 AND seq = $4`,
    [who.storeId, who.terminalId, epoch, m.seq],
  );
  const seen = prior.rows[0];
  if (seen) return replayOrMismatch(tx, who, m, seen);
  if (m.seq !== lastApplied + 1) return { gap: lastApplied + 1 };

  const result = await applyEffects(tx, { ...who, epoch, m });
  await tx.query(
    `INSERT INTO applied_mutations (store_id, terminal_id, epoch, seq, mutation_id, type, entity_id, payload_hash, result)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      who.storeId,
      who.terminalId,
      epoch,
      m.seq,
      m.mutationId,
      m.type,
      m.entityId,
      m.payloadHash,
      JSON.stringify(result),
    ],
  );
  await tx.query(
    `UPDATE terminal_epochs SET last_applied_seq = $4 WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3`,
    [who.storeId, who.terminalId, epoch, m.seq],
  );
  return result;
}

/** A seq seen before: the stored answer again, or (other content) the first stands and a manager looks. */
async function replayOrMismatch(
  tx: Queryable,
  who: TerminalIdentity,
  m: Mutation,
  seen: Stored,
): Promise<MutationResult> {
  if (seen.payload_hash === m.payloadHash) return { ...seen.result, replayed: true };
  // Same seq, different content: a bug or a reused database. The first stays; a manager looks.
  const issueId = await raiseIssue(tx, {
    storeId: who.storeId,
    kind: 'mutation.hashMismatch',
    title: `终端 ${who.terminalId} 重发的第 ${m.seq} 号记录内容不同`,
    subjectId: m.mutationId,
    refs: [{ terminalId: who.terminalId, mutationId: m.mutationId, at: m.createdAt }],
    dedupKey: `hash:${who.storeId}:${m.mutationId}:${m.payloadHash}`,
  });
  return {
    seq: m.seq,
    mutationId: m.mutationId,
    status: 'duplicate',
    reason: 'payload-hash-mismatch',
    hashMismatch: true,
    issueIds: [issueId],
  };
}

async function applyEffects(tx: Queryable, ctx: Ctx): Promise<MutationResult> {
  const { m } = ctx;
  const base = { seq: m.seq, mutationId: m.mutationId };
  const parsed = MUTATION_PAYLOAD_SCHEMAS[m.type].safeParse(m.payload);
  if (!parsed.success) {
    // Deterministic: the same payload will never parse. The seq is consumed so the till is not stuck.
    const issueId = await raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'mutation.invalidPayload',
      title: `终端 ${ctx.terminalId} 的 ${m.type} 记录无法识别`,
      subjectId: m.mutationId,
      refs: [{ terminalId: ctx.terminalId, mutationId: m.mutationId, at: m.createdAt }],
      dedupKey: `invalid:${ctx.storeId}:${m.mutationId}`,
    });
    return { ...base, status: 'rejected', reason: 'invalid-payload', issueIds: [issueId] };
  }
  let issueIds: string[] | 'duplicate' | 'entity-mismatch';
  switch (m.type) {
    case 'sale.completed':
      issueIds = await saleCompleted(tx, ctx, parsed.data as SaleCompletedPayload);
      break;
    case 'sale.voided':
      issueIds = await saleVoided(tx, ctx, parsed.data as SaleVoidedPayload);
      break;
    case 'pickup.handedOver':
      issueIds = await pickupHandedOver(tx, ctx, parsed.data as PickupHandedOverPayload);
      break;
    case 'shift.closed':
      issueIds = await shiftClosed(tx, ctx, parsed.data as ShiftClosedPayload);
      break;
    case 'refund.completed':
      issueIds = await refundCompleted(tx, ctx, parsed.data as RefundCompletedPayload);
      break;
    default: {
      const effect = EXTRA_EFFECTS[m.type] as Effect<unknown> | undefined;
      // A type the contract accepts but no feature handles yet is recorded and acknowledged as is.
      issueIds = effect ? await effect(tx, ctx, parsed.data) : [];
    }
  }
  if (issueIds === 'duplicate') return { ...base, status: 'duplicate', reason: 'business-key-exists' };
  if (issueIds === 'entity-mismatch') return { ...base, status: 'rejected', reason: 'entity-mismatch' };
  return issueIds.length > 0
    ? { ...base, status: 'appliedWithConflict', issueIds }
    : { ...base, status: 'applied' };
}
