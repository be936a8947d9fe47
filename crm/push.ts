// Sales intake: a terminal's mutations applied exactly once, in order, gap-free (invariants I2, I3).
// A push is applied in one transaction: the (terminal, epoch) row is locked once, each seq checked in
// order, the effects and the answers stored together, so a lost answer is replayed verbatim and a crash
// leaves nothing half done. Plain sales (no coupon, points or member) are inserted many rows per statement.
// Should the batch fail (a deadlock with another till on PostgreSQL, an unexpected error), it is rolled back
// and the push is applied the careful way, one transaction per mutation, which gives the same answers.
// No record can stop a till's queue (docs/decisions/0041): payload text the database cannot hold is repaired
// first, and a mutation the database still refuses for its content is answered 'rejected' with an issue.
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import {
  MUTATION_PAYLOAD_SCHEMAS,
  type Mutation,
  type MutationQuarantinedPayload,
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
import { saleCompleted, STORE_TIME_ZONE } from './effects/sale';
import { checkSale } from './saleCheck';
import { saleVoided } from './effects/void';
import { repairText } from './text';

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

  // The hash was checked against the payload as sent; what is applied is the repaired copy.
  const repaired: PushRequest = { ...req, mutations: req.mutations.map(repairPayload) };
  try {
    return await db.transaction((tx) => applyBatch(tx, who, repaired));
  } catch {
    return applyOneByOne(db, who, repaired);
  }
}

/** Paths repaired in each mutation's payload (by identity: a request may repeat a seq). */
const repairedPaths = new WeakMap<Mutation, string[]>();

function repairPayload(m: Mutation): Mutation {
  const r = repairText(m.payload);
  if (r.paths.length === 0) return m;
  const out = { ...m, payload: r.value };
  repairedPaths.set(out, r.paths);
  return out;
}

const ctxOf = (who: TerminalIdentity, epoch: number, m: Mutation): Ctx => ({
  ...who,
  epoch,
  m,
  repairedPaths: repairedPaths.get(m) ?? [],
});

/**
 * SQLSTATE classes 22 (data exception: out of range, bad encoding, bad date) and 23 (integrity constraint):
 * the same content fails the same way every time. Anything else (connection lost, 40001, 40P01) may pass later.
 */
export function isContentError(e: unknown): e is { code: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
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
  let sales: PlainSale[] = [];
  let answers: { m: Mutation; result: MutationResult }[] = [];
  const flushSales = async () => {
    if (sales.length === 0) return;
    const all = sales;
    sales = [];
    // A plain sale passed checkSale alone; what needs the database (its shift's opening, a receipt number taken)
    // is checked here for the whole batch. A sale that fails goes the careful way, after the clean ones, in order.
    const { clean: batch, flagged } = await splitPlainSales(tx, who, all);
    const inserted = batch.length > 0 ? await insertPlainSales(tx, who, batch) : new Set<string>();
    for (const { m, sale, at } of batch) {
      const base = { seq: m.seq, mutationId: m.mutationId };
      const result: MutationResult = inserted.has(sale.id)
        ? { ...base, status: 'applied' }
        : { ...base, status: 'duplicate', reason: 'business-key-exists' };
      results[at] = result;
      answers.push({ m, result });
      priors.set(m.seq, { payload_hash: m.payloadHash, result });
    }
    for (const { m, at } of flagged) {
      const result = await applyEffects(tx, ctxOf(who, req.epoch, m));
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
    const sale = plainSale(m, who);
    if (sale && !sales.some((s) => s.sale.id === sale.id)) {
      sales.push({ m, sale, at: results.length });
      results.push(undefined as unknown as MutationResult); // filled by flushSales
      continue;
    }
    // Everything else reads what earlier mutations wrote (sales, answers): write those first.
    await flush();
    const result = await applyEffects(tx, ctxOf(who, req.epoch, m));
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

/**
 * A sale whose only effect is its own row: no coupon, no points, no member purchase to record, and nothing for the
 * sale check to say about it (crm/saleCheck.ts). Anything else takes the careful way through saleCompleted.
 */
function plainSale(m: Mutation, who: TerminalIdentity): SaleCompletedPayload['sale'] | undefined {
  // A repaired sale goes the long way: the sale checks see its repaired paths.
  if (m.type !== 'sale.completed' || repairedPaths.has(m)) return undefined;
  const parsed = MUTATION_PAYLOAD_SCHEMAS['sale.completed'].safeParse(m.payload);
  if (!parsed.success) return undefined;
  const p = parsed.data as SaleCompletedPayload;
  if (m.entityId !== p.sale.id || p.coupons.length > 0 || p.sale.memberId) return undefined;
  // Points or coupon tenders spend someone's benefits: the careful way checks the member's proof.
  if (p.sale.tenders.some((t) => t.kind === 'points' || t.kind === 'coupon')) return undefined;
  if (p.points && (p.points.earn > 0 || p.points.redeem > 0)) return undefined;
  const check = { ...who, receivedAt: new Date(), timeZone: STORE_TIME_ZONE };
  if (checkSale(p, check).length > 0) return undefined;
  if (saleNeedsApprovalCheck(p)) return undefined; // decision 0040
  return p.sale;
}

type PlainSale = { m: Mutation; sale: SaleCompletedPayload['sale']; at: number };

/**
 * The plain sales that stay plain once the database is asked: sold after their shift opened (as the CRM holds the
 * shift) and under a receipt number no other sale of the store has, nor an earlier one of the batch.
 */
async function splitPlainSales(
  tx: Queryable,
  who: TerminalIdentity,
  batch: PlainSale[],
): Promise<{ clean: PlainSale[]; flagged: PlainSale[] }> {
  const shiftIds = [...new Set(batch.flatMap((s) => (s.sale.shiftId ? [s.sale.shiftId] : [])))];
  const [shifts, taken] = await Promise.all([
    shiftIds.length > 0
      ? tx.query<{ id: string; opened_at: Date | string }>(
          `SELECT id, opened_at FROM shifts WHERE store_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
          [who.storeId, JSON.stringify(shiftIds)],
        )
      : Promise.resolve({ rows: [] as { id: string; opened_at: Date | string }[] }),
    tx.query<{ id: string; receipt_no: string }>(
      `SELECT id, receipt_no FROM sales WHERE store_id = $1 AND receipt_no IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [who.storeId, JSON.stringify(batch.map((s) => s.sale.receiptNo))],
    ),
  ]);
  const openedAt = new Map(shifts.rows.map((r) => [r.id, r.opened_at]));
  const receipts = new Map<string, string>(taken.rows.map((r) => [r.receipt_no, r.id]));
  const clean: PlainSale[] = [];
  const flagged: PlainSale[] = [];
  const receivedAt = new Date();
  for (const s of batch) {
    const holder = receipts.get(s.sale.receiptNo);
    const opened = s.sale.shiftId ? openedAt.get(s.sale.shiftId) : undefined;
    const late =
      opened !== undefined &&
      checkSale(
        { sale: s.sale, coupons: [] },
        { ...who, receivedAt, timeZone: STORE_TIME_ZONE, shiftOpenedAt: opened },
      ).length > 0;
    if ((holder !== undefined && holder !== s.sale.id) || late) flagged.push(s);
    else clean.push(s);
    if (holder === undefined) receipts.set(s.sale.receiptNo, s.sale.id);
  }
  return { clean, flagged };
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
    let out: MutationResult | { gap: number };
    try {
      out = await db.transaction((tx) => applyOne(tx, who, req.epoch, m, applyEffects));
    } catch (e) {
      // Its content broke the database: consume the seq with a rejection so the queue goes on. Transient
      // errors propagate (the till retries the push and gets the same answers).
      if (!isContentError(e)) throw e;
      out = await db.transaction((tx) =>
        applyOne(tx, who, req.epoch, m, (t, ctx) => couldNotApply(t, ctx, e.code)),
      );
    }
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
  decide: (tx: Queryable, ctx: Ctx) => Promise<MutationResult>,
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

  const result = await decide(tx, ctxOf(who, epoch, m));
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

/** The answer for a mutation the database refused (its effects were rolled back): rejected, with an issue. */
async function couldNotApply(tx: Queryable, ctx: Ctx, sqlState: string): Promise<MutationResult> {
  const { m } = ctx;
  const issueId = await raiseIssue(tx, {
    storeId: ctx.storeId,
    kind: 'mutation.couldNotApply',
    // The SQLSTATE only: the error text may quote the payload.
    title: `终端 ${ctx.terminalId} 的第 ${m.seq} 号 ${m.type} 记录无法入库（${sqlState}），已拒收，后续记录照常处理`,
    subjectId: m.mutationId,
    refs: [{ terminalId: ctx.terminalId, mutationId: m.mutationId, at: m.createdAt }],
    dedupKey: `could-not-apply:${ctx.storeId}:${m.mutationId}`,
  });
  return {
    seq: m.seq,
    mutationId: m.mutationId,
    status: 'rejected',
    reason: 'crm-could-not-apply',
    issueIds: [issueId],
  };
}

/** A till's quarantine of a record it could not deliver: kept for the manager, answered rejected. */
async function quarantined(tx: Queryable, ctx: Ctx, p: MutationQuarantinedPayload): Promise<MutationResult> {
  const { m } = ctx;
  const base = { seq: m.seq, mutationId: m.mutationId };
  const issueId = await raiseIssue(tx, {
    storeId: ctx.storeId,
    kind: 'mutation.quarantined',
    title: `终端 ${ctx.terminalId} 的第 ${m.seq} 号 ${p.originalType} 记录${p.receiptNo ? `（小票 ${p.receiptNo}）` : ''}无法同步，已隔离，原始记录保存在收银机`,
    subjectId: m.mutationId,
    refs: [
      {
        terminalId: ctx.terminalId,
        mutationId: m.mutationId,
        at: m.createdAt,
        ...(p.receiptNo ? { receiptNo: p.receiptNo } : {}),
      },
    ],
    dedupKey: `quarantined:${ctx.storeId}:${m.mutationId}`,
  });
  await tx.query(
    `INSERT INTO quarantined_mutations (store_id, terminal_id, epoch, seq, mutation_id, original_type, entity_id,
                                       payload_hash, payload_b64, truncated, error, issue_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
    [
      ctx.storeId,
      ctx.terminalId,
      ctx.epoch,
      m.seq,
      m.mutationId,
      p.originalType,
      p.entityId,
      p.payloadHash,
      p.payloadB64,
      p.truncated,
      p.error,
      issueId,
    ],
  );
  return { ...base, status: 'rejected', reason: 'quarantined', issueIds: [issueId] };
}

/** Repaired text in a record other than a sale (the sale checks flag those): an issue for the manager. */
async function textRepaired(tx: Queryable, ctx: Ctx): Promise<string> {
  const { m } = ctx;
  return raiseIssue(tx, {
    storeId: ctx.storeId,
    kind: 'mutation.textRepaired',
    title: `终端 ${ctx.terminalId} 的 ${m.type} 记录含无效字符（${ctx.repairedPaths.slice(0, 5).join(', ')}），已替换为 U+FFFD 后入库`,
    subjectId: m.mutationId,
    refs: [{ terminalId: ctx.terminalId, mutationId: m.mutationId, at: m.createdAt }],
    dedupKey: `text-repaired:${ctx.storeId}:${m.mutationId}`,
  });
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
  if (m.type === 'mutation.quarantined')
    return quarantined(tx, ctx, parsed.data as MutationQuarantinedPayload);
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
  if (ctx.repairedPaths.length > 0 && m.type !== 'sale.completed')
    issueIds = [...issueIds, await textRepaired(tx, ctx)];
  return issueIds.length > 0
    ? { ...base, status: 'appliedWithConflict', issueIds }
    : { ...base, status: 'applied' };
}
