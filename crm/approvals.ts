// Approvals the CRM can verify (issue 15, docs/decisions/0040). One place decides whether an approval is real:
// - POST /approvals checks a manager's PIN or badge against the CRM's own staff (rate-limited, with lockout) and
//   answers an Ed25519-signed token bound to action, store, terminal, subject and amount;
// - checkApproval verifies any proof (online token, offline badge HMAC, offline PIN = unconfirmed) against the
//   mutation or call it came with, and remembers each proof's one use;
// - approvalGate is what an effect calls: it records the verdict, raises the issue, and says whether to hold.
import { z } from 'zod';
import { parseStaffBadge, staffBadgeHash } from '../src/domain/staff/badge';
import {
  APPROVAL_RATE_LIMIT,
  APPROVAL_TOKEN_PREFIX,
  badgeApprovalKey,
  CASH_MOVE_APPROVAL_LIMIT_FEN,
  OFFLINE_PIN_APPROVAL_CAP_FEN,
  ONLINE_APPROVAL_TTL_S,
  toHex,
  verifyBadgeMac,
  type CheckedApprovalAction,
} from '../src/domain/staff/approvalProof';
import { DEMO_STAFF } from '../src/domain/staff/demoStaff';
import { constantTimeEqual } from '../src/domain/staff/pinHash';
import { checkPinVerifier } from '../src/domain/staff/pinKdf';
import { base64UrlDecode, base64UrlEncode, signToken, verifyToken } from '../src/domain/signedToken';
import {
  ApprovalRequestSchema,
  ApprovalResponseSchema,
  type ApprovalProof,
  type AuditAppendedPayload,
  type CashMovedPayload,
  type RefundCompletedPayload,
  type SaleCompletedPayload,
  type SaleVoidedPayload,
  type ShiftClosedPayload,
} from '../src/shared/crm';
import { DEFAULT_VARIANCE_THRESHOLD_FEN } from '../src/domain/shift/cash';
import type { Db, Queryable } from './db';
import type { Ctx } from './effects/context';
import { newId } from './ids';
import { raiseIssue } from './issues';
import { activeSigningKey } from './members';
import type { TerminalIdentity } from './push';
import type { RouteDef } from './routeDef';

export { CASH_MOVE_APPROVAL_LIMIT_FEN, OFFLINE_PIN_APPROVAL_CAP_FEN };

/** What one approval is checked against: the action, what it is about, how much, and when it happened. */
export interface ApprovalNeed {
  action: CheckedApprovalAction;
  proof: ApprovalProof | undefined;
  amountFen: number;
  subjectId: string;
  /** When the approved thing happened (the mutation's time); an online token must be valid then. Default now. */
  at?: string;
  /** What uses the proof (a mutation id, a route call): the same use may come again, another use may not. */
  useKey: string;
  /** Routes: only proofs the CRM can verify (online or badge); an offline PIN is not enough. */
  verifiableOnly?: boolean;
}

export type ApprovalVerdict =
  | { verdict: 'ok'; kind: 'online' | 'badge'; approverId: string }
  | { verdict: 'unconfirmed'; kind: 'pin'; approverId: string }
  | { verdict: 'missing'; reason: 'noProof' }
  | { verdict: 'invalid'; reason: InvalidReason; kind: ApprovalProof['kind']; approverId?: string };

export type InvalidReason =
  | 'malformed'
  | 'badSignature'
  | 'unknownKey'
  | 'expired'
  | 'notYetValid'
  | 'otherAction'
  | 'otherStore'
  | 'otherTerminal'
  | 'otherSubject'
  | 'otherAmount'
  | 'notAManager'
  | 'noBadgeKey'
  | 'overCap'
  | 'unverifiable'
  | 'replayed';

const REASON_ZH: Record<InvalidReason | 'noProof', string> = {
  noProof: '只有审批人工号，没有可验证的审批',
  malformed: '审批凭证格式错误',
  badSignature: '审批签名无效（伪造或被改动）',
  unknownKey: '审批签名密钥未知',
  expired: '审批已过期',
  notYetValid: '审批时间在未来',
  otherAction: '审批的是另一种操作',
  otherStore: '审批来自其他门店',
  otherTerminal: '审批属于另一台终端',
  otherSubject: '审批的是另一笔业务',
  otherAmount: '审批金额与实际金额不符',
  notAManager: '审批人不是本店在职店长',
  noBadgeKey: '审批人没有可验证的工牌',
  overCap: '离线密码审批超过限额',
  unverifiable: '此操作需要在线或工牌审批',
  replayed: '审批凭证已被另一笔业务使用',
};

const ACTION_ZH: Record<CheckedApprovalAction, string> = {
  refund: '退货',
  cashMove: '现金支出/存入保险柜',
  voidAfterTender: '付款后作废',
  cashVariance: '交班现金差异',
  noSaleDrawer: '无销售开钱箱',
  priceOverride: '改价',
  discountOverLimit: '超限折扣',
  revealPhone: '查看完整手机号',
  resolveIssue: '处理总部问题',
};

// ------------------------------------------------------------------ verification

interface StaffRow {
  id: string;
  store_id: string;
  name: string;
  role: string;
  active: boolean;
  pin_hash: string;
  badge_hash: string | null;
  badge_key: string | null;
}

async function staffRow(tx: Queryable, id: string): Promise<StaffRow | undefined> {
  const r = await tx.query<StaffRow>(
    `SELECT id, store_id, name, role, active, pin_hash, badge_hash, badge_key FROM staff WHERE id = $1`,
    [id],
  );
  return r.rows[0];
}

const isManagerOf = (s: StaffRow | undefined, storeId: string): boolean =>
  !!s && s.active && s.role === 'manager' && s.store_id === storeId;

async function publicKeys(tx: Queryable): Promise<Record<string, Uint8Array>> {
  const r = await tx.query<{ kid: string; public_key: string }>(
    `SELECT kid, public_key FROM member_signing_keys`,
  );
  const out: Record<string, Uint8Array> = {};
  for (const k of r.rows) {
    const key = base64UrlDecode(k.public_key);
    if (key) out[k.kid] = key;
  }
  return out;
}

const OnlineClaimsSchema = z.object({
  sub: z.string(),
  jti: z.string(),
  act: z.string(),
  sto: z.string(),
  ter: z.string(),
  subj: z.string(),
  amt: z.int(),
});

/** The verdict on one proof for one need. Consumes the proof (approval_uses) only when it is otherwise good. */
export async function checkApproval(
  tx: Queryable,
  who: TerminalIdentity,
  need: ApprovalNeed,
): Promise<ApprovalVerdict> {
  const p = need.proof;
  if (!p) return { verdict: 'missing', reason: 'noProof' };
  const invalid = (reason: InvalidReason, approverId?: string): ApprovalVerdict => ({
    verdict: 'invalid',
    reason,
    kind: p.kind,
    ...(approverId ? { approverId } : {}),
  });
  const atMs = need.at ? Date.parse(need.at) : Date.now();
  const nowS = Math.floor((Number.isFinite(atMs) ? atMs : Date.now()) / 1000);

  let claim: {
    approverId: string;
    action: string;
    storeId: string;
    terminalId: string;
    subjectId: string;
    amountFen: number;
  };
  let proofId: string;
  if (p.kind === 'online') {
    const v = verifyToken(p.token, APPROVAL_TOKEN_PREFIX, await publicKeys(tx), nowS);
    if (!v.ok) return invalid(v.reason === 'wrongKind' ? 'malformed' : v.reason);
    const c = OnlineClaimsSchema.safeParse(v.claims);
    if (!c.success) return invalid('malformed');
    claim = {
      approverId: c.data.sub,
      action: c.data.act,
      storeId: c.data.sto,
      terminalId: c.data.ter,
      subjectId: c.data.subj,
      amountFen: c.data.amt,
    };
    proofId = `online:${c.data.jti}`;
  } else {
    claim = p;
    proofId = `${p.kind}:${p.approverId}:${p.nonce}`;
  }
  const by = claim.approverId;
  if (claim.storeId !== who.storeId) return invalid('otherStore', by);
  if (claim.terminalId !== who.terminalId) return invalid('otherTerminal', by);
  if (claim.action !== need.action) return invalid('otherAction', by);
  if (claim.subjectId !== need.subjectId) return invalid('otherSubject', by);
  if (claim.amountFen !== need.amountFen) return invalid('otherAmount', by);

  if (p.kind !== 'online') {
    // Online tokens were checked against the staff when issued; offline proofs are checked now.
    const staff = await staffRow(tx, p.approverId);
    if (!isManagerOf(staff, who.storeId)) return invalid('notAManager', by);
    if (p.kind === 'badge') {
      if (!staff!.badge_key) return invalid('noBadgeKey', by);
      if (!verifyBadgeMac(staff!.badge_key, p, p.mac)) return invalid('badSignature', by);
    } else {
      if (need.verifiableOnly) return invalid('unverifiable', by);
      if (p.amountFen > OFFLINE_PIN_APPROVAL_CAP_FEN) return invalid('overCap', by);
    }
  }
  const use = await tx.query<{ use_key: string }>(
    `INSERT INTO approval_uses (proof_id, use_key) VALUES ($1, $2)
     ON CONFLICT (proof_id) DO UPDATE SET proof_id = approval_uses.proof_id RETURNING use_key`,
    [proofId, need.useKey],
  );
  if (use.rows[0]!.use_key !== need.useKey) return invalid('replayed', by);
  return p.kind === 'pin'
    ? { verdict: 'unconfirmed', kind: 'pin', approverId: by }
    : { verdict: 'ok', kind: p.kind, approverId: by };
}

// ------------------------------------------------------------------ the gate effects call

export interface GateInput {
  action: CheckedApprovalAction;
  proof: ApprovalProof | undefined;
  amountFen: number;
  subjectId: string;
  /** The staff member who asked (the cashier), for the issue. */
  staffId?: string;
  /** A receipt number or the like, for the issue's title. */
  label?: string;
  shiftId?: string | undefined;
  /** When it happened on the till. */
  at?: string;
}

export interface GateOutcome {
  /** The effect must be held (no valid approval). */
  held: boolean;
  verdict: ApprovalVerdict['verdict'];
  issues: string[];
}

/**
 * For an effect that needs an approval: checks it, keeps the verdict (approval_checks), raises
 * approval.missing / approval.invalid (held) or approval.unconfirmed (applied, listed for a manager).
 */
export async function approvalGate(tx: Queryable, ctx: Ctx, g: GateInput): Promise<GateOutcome> {
  const v = await checkApproval(tx, ctx, {
    action: g.action,
    proof: g.proof,
    amountFen: g.amountFen,
    subjectId: g.subjectId,
    useKey: `m:${ctx.m.mutationId}:${g.subjectId}`,
    ...(g.at ? { at: g.at } : {}),
  });
  const issues: string[] = [];
  const approverId = 'approverId' in v ? v.approverId : undefined;
  if (v.verdict !== 'ok') {
    const kind =
      v.verdict === 'unconfirmed'
        ? 'approval.unconfirmed'
        : v.verdict === 'missing'
          ? 'approval.missing'
          : 'approval.invalid';
    const what = `${ACTION_ZH[g.action]}${g.label ? ` ${g.label}` : ''}`;
    const title =
      v.verdict === 'unconfirmed'
        ? `${what} 仅有离线密码审批（${approverId}），请店长确认`
        : `${what} 无有效审批：${REASON_ZH[v.reason]}，已暂缓生效`;
    issues.push(
      await raiseIssue(tx, {
        storeId: ctx.storeId,
        kind,
        title,
        subjectId: g.subjectId,
        refs: [
          {
            terminalId: ctx.terminalId,
            mutationId: ctx.m.mutationId,
            amountFen: g.amountFen,
            ...(approverId ? { staffId: approverId } : g.staffId ? { staffId: g.staffId } : {}),
            ...(g.at ? { at: g.at } : {}),
          },
        ],
        dedupKey: `approval:${ctx.storeId}:${ctx.m.mutationId}:${g.subjectId}`,
      }),
    );
  }
  await tx.query(
    `INSERT INTO approval_checks (store_id, terminal_id, mutation_id, action, subject_id, amount_fen, kind, approver_id,
                                  verdict, reason, shift_id, issue_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (mutation_id, action, subject_id) DO NOTHING`,
    [
      ctx.storeId,
      ctx.terminalId,
      ctx.m.mutationId,
      g.action,
      g.subjectId,
      g.amountFen,
      g.proof?.kind ?? null,
      approverId ?? null,
      v.verdict,
      'reason' in v ? v.reason : null,
      g.shiftId ?? null,
      issues[0] ?? null,
    ],
  );
  return { held: v.verdict === 'missing' || v.verdict === 'invalid', verdict: v.verdict, issues };
}

/** A pay-out or safe drop over the limit needs an approval; a pay-in never does. */
export function cashMoveNeedsApproval(p: Pick<CashMovedPayload, 'kind' | 'amountFen'>): boolean {
  return p.kind !== 'payIn' && p.amountFen > CASH_MOVE_APPROVAL_LIMIT_FEN;
}

/** Manual discount of a line over 10 % of the line (src/domain/discountPolicy.ts), or a line the till marked. */
export function linesNeedingApproval(
  p: SaleCompletedPayload,
): { lineId: string; action: 'priceOverride' | 'discountOverLimit'; amountFen: number }[] {
  const out: { lineId: string; action: 'priceOverride' | 'discountOverLimit'; amountFen: number }[] = [];
  for (const line of p.sale.lines) {
    const manual = line.discounts.filter((d) => d.kind === 'manual').reduce((n, d) => n + d.amountFen, 0);
    const marked = p.approvals?.find((a) => a.lineId === line.lineId);
    if (marked?.action === 'priceOverride')
      out.push({ lineId: line.lineId, action: 'priceOverride', amountFen: line.unitPriceFen });
    else if (manual > Math.floor(line.amountFen / 10) || marked)
      out.push({ lineId: line.lineId, action: 'discountOverLimit', amountFen: manual });
  }
  return out;
}

/** sale.completed: each line with a price override or a manual discount over the limit, checked. */
export async function saleApprovals(tx: Queryable, ctx: Ctx, p: SaleCompletedPayload): Promise<string[]> {
  const issues: string[] = [];
  for (const need of linesNeedingApproval(p)) {
    const proof = p.approvals?.find((a) => a.lineId === need.lineId)?.approval;
    const g = await approvalGate(tx, ctx, {
      ...need,
      subjectId: need.lineId,
      proof,
      staffId: p.sale.cashierId,
      label: p.sale.receiptNo,
      shiftId: p.sale.shiftId,
      at: p.sale.createdAt,
    });
    issues.push(...g.issues);
  }
  return issues;
}

/** Unconfirmed approvals the CRM holds for a shift (the Z check shows them). */
export async function unconfirmedApprovals(tx: Queryable, shiftId: string): Promise<number> {
  const r = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM approval_checks WHERE shift_id = $1 AND verdict = 'unconfirmed'`,
    [shiftId],
  );
  return Number(r.rows[0]!.n);
}

/** A manager confirmed an offline PIN approval (issue action confirm): the check becomes ok. */
export async function confirmApprovalIssue(tx: Queryable, issueId: string, staffId: string): Promise<void> {
  await tx.query(
    `UPDATE approval_checks SET verdict = 'ok', reason = $2 WHERE issue_id = $1 AND verdict = 'unconfirmed'`,
    [issueId, `confirmed by ${staffId}`],
  );
}

/**
 * Routes (phone reveal, issue resolution): a proof the CRM can verify, or a 403 problem. A refusal is an issue
 * too, so a manager sees who tried.
 */
export async function requireRouteApproval(
  tx: Queryable,
  who: TerminalIdentity,
  a: {
    action: CheckedApprovalAction;
    proof: ApprovalProof | undefined;
    subjectId: string;
    claimedBy?: string;
  },
): Promise<{ ok: true; approverId: string } | { ok: false; status: 403; code: string; detail: string }> {
  const v = await checkApproval(tx, who, {
    action: a.action,
    proof: a.proof,
    amountFen: 0,
    subjectId: a.subjectId,
    useKey: `route:${a.action}:${who.terminalId}:${a.subjectId}`,
    verifiableOnly: true,
  });
  if (v.verdict === 'ok') return { ok: true, approverId: v.approverId };
  const reason = v.verdict === 'unconfirmed' ? 'unverifiable' : v.reason;
  await raiseIssue(tx, {
    storeId: who.storeId,
    kind: v.verdict === 'missing' ? 'approval.missing' : 'approval.invalid',
    title: `${ACTION_ZH[a.action]} 被拒绝：${REASON_ZH[reason]}`,
    subjectId: a.subjectId,
    refs: [
      {
        terminalId: who.terminalId,
        at: new Date().toISOString(),
        ...(a.claimedBy ? { staffId: a.claimedBy } : {}),
      },
    ],
    dedupKey: `approval-route:${who.storeId}:${who.terminalId}:${a.action}:${a.subjectId}:${reason}`,
  });
  return {
    ok: false,
    status: 403,
    code: 'approval-required',
    detail: `a verifiable manager approval is required (${reason})`,
  };
}

// ------------------------------------------------------------------ online approvals: POST /approvals

const enc = new TextEncoder();

async function lockedFor(db: Queryable, keys: string[]): Promise<number> {
  const r = await db.query<{ s: number | null }>(
    `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS s FROM approval_attempts
      WHERE key IN (SELECT jsonb_array_elements_text($1::jsonb)) AND locked_until > now()`,
    [JSON.stringify(keys)],
  );
  return Math.max(0, Number(r.rows[0]?.s ?? 0));
}

/** Counts a failure; answers the seconds of lock when this one locked the key (0 otherwise). */
async function countFailure(db: Queryable, key: string, max: number): Promise<number> {
  const r = await db.query<{ failures: number }>(
    `INSERT INTO approval_attempts (key, failures, window_start) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN approval_attempts.window_start < now() - $2 * interval '1 second' THEN 1
                       ELSE approval_attempts.failures + 1 END,
       window_start = CASE WHEN approval_attempts.window_start < now() - $2 * interval '1 second' THEN now()
                           ELSE approval_attempts.window_start END
     RETURNING failures`,
    [key, APPROVAL_RATE_LIMIT.windowS],
  );
  if (r.rows[0]!.failures < max) return 0;
  await db.query(
    `UPDATE approval_attempts SET failures = 0, window_start = now(), locked_until = now() + $2 * interval '1 second'
      WHERE key = $1`,
    [key, APPROVAL_RATE_LIMIT.lockS],
  );
  return APPROVAL_RATE_LIMIT.lockS;
}

/** Per terminal: twice the per-approver budget, so one manager's typos do not lock the whole till. */
const TERMINAL_MAX_FAILURES = APPROVAL_RATE_LIMIT.maxFailures * 2;

export type IssueOutcome =
  | { ok: true; value: z.infer<typeof ApprovalResponseSchema> }
  | { ok: false; status: 403 | 429; code: string; detail: string; retryAfterS?: number };

export async function issueOnlineApproval(
  db: Db,
  who: TerminalIdentity,
  req: z.infer<typeof ApprovalRequestSchema>,
  now = new Date(),
): Promise<IssueOutcome> {
  const badge = req.badge !== undefined ? parseStaffBadge(req.badge) : null;
  const approverId = req.badge !== undefined ? (badge?.staffId ?? null) : (req.approverId ?? null);
  const termKey = `t:${who.storeId}:${who.terminalId}`;
  const keys = approverId ? [termKey, `a:${approverId}`] : [termKey];
  const locked = await lockedFor(db, keys);
  if (locked > 0)
    return {
      ok: false,
      status: 429,
      code: 'approval-locked',
      detail: 'too many failed approvals; wait before trying again',
      retryAfterS: locked,
    };
  const staff = approverId ? await staffRow(db, approverId) : undefined;
  let good = false;
  if (staff && isManagerOf(staff, who.storeId)) {
    if (req.badge !== undefined)
      good =
        !!badge &&
        !!staff.badge_hash &&
        constantTimeEqual(enc.encode(staffBadgeHash(badge.code)), enc.encode(staff.badge_hash));
    else if (req.pin !== undefined) good = await checkPinVerifier(req.pin, staff.pin_hash); // argon2id or the older PBKDF2
  }
  if (!good || !staff) {
    let lock = await countFailure(db, termKey, TERMINAL_MAX_FAILURES);
    if (approverId)
      lock = Math.max(lock, await countFailure(db, `a:${approverId}`, APPROVAL_RATE_LIMIT.maxFailures));
    if (lock > 0)
      return {
        ok: false,
        status: 429,
        code: 'approval-locked',
        detail: 'too many failed approvals; wait before trying again',
        retryAfterS: lock,
      };
    return {
      ok: false,
      status: 403,
      code: 'approval-refused',
      detail: 'not a manager of this store, or a wrong PIN or badge',
    };
  }
  await db.query(`DELETE FROM approval_attempts WHERE key = $1 AND locked_until IS NULL`, [`a:${staff.id}`]);
  const key = await activeSigningKey(db);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ONLINE_APPROVAL_TTL_S;
  const token = signToken(
    APPROVAL_TOKEN_PREFIX,
    {
      sub: staff.id,
      iat,
      exp,
      jti: newId(),
      kid: key.kid,
      act: req.action,
      sto: who.storeId,
      ter: who.terminalId,
      subj: req.subjectId,
      amt: req.amountFen,
      via: req.badge !== undefined ? 'badge' : 'pin',
    },
    key.secretKey,
  );
  return {
    ok: true,
    value: {
      proof: { kind: 'online', token },
      approverId: staff.id,
      approverName: staff.name,
      expiresAt: new Date(exp * 1000).toISOString(),
    },
  };
}

export const approvalRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/approvals',
    summary:
      "A manager's approval checked by the CRM (PIN or badge) and signed: bound to action, store, terminal, subject and amount; rate-limited per terminal and approver.",
    auth: true,
    body: ApprovalRequestSchema,
    response: ApprovalResponseSchema,
    problems: [403, 429],
    handler: async ({ db, terminal, body }) => {
      const out = await issueOnlineApproval(db, terminal!, body as z.infer<typeof ApprovalRequestSchema>);
      if (out.ok) return { status: 200, body: out.value };
      const { retryAfterS, ...problem } = out;
      return {
        problem,
        ...(retryAfterS ? { headers: { 'Retry-After': String(retryAfterS) } } : {}),
      };
    },
  },
];

// ------------------------------------------------------------------ badge keys

/** The HMAC key the CRM keeps for a badge code (hex); computed when a badge is issued. */
export function badgeKeyHex(code: string): string {
  return toHex(badgeApprovalKey(code));
}

/** Demo staff badges (public demo codes): their keys, for a CRM seeded before decision 0040. */
export async function ensureDemoBadgeKeys(tx: Queryable): Promise<void> {
  for (const s of DEMO_STAFF) {
    if (!s.badge) continue;
    await tx.query(
      `UPDATE staff SET badge_key = $2 WHERE id = $1 AND badge_hash = $3 AND badge_key IS NULL`,
      [s.id, badgeKeyHex(s.badge), staffBadgeHash(s.badge)],
    );
  }
}

/** For tests and tools: an unguessable nonce. */
export function newNonce(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

// ------------------------------------------------------------------ call sites of the effects (one line each)

/** refund.completed: every refund needs an approval; held = the refund row stays, no points or coupon effects. */
export async function refundApproval(
  tx: Queryable,
  ctx: Ctx,
  p: RefundCompletedPayload,
): Promise<GateOutcome> {
  const g = await approvalGate(tx, ctx, {
    action: 'refund',
    proof: p.approval,
    amountFen: p.totalFen,
    subjectId: p.refundId,
    staffId: p.staffId,
    label: p.receiptNo,
    shiftId: p.shiftId,
    at: p.createdAt,
  });
  await tx.query(`UPDATE refunds SET approval = $2 WHERE id = $1`, [p.refundId, g.verdict]);
  return g;
}

/** cash.moved: a pay-out or drop over the limit without a valid approval is stored and flagged. */
export async function cashMoveApproval(tx: Queryable, ctx: Ctx, p: CashMovedPayload): Promise<string[]> {
  if (!cashMoveNeedsApproval(p)) return [];
  const g = await approvalGate(tx, ctx, {
    action: 'cashMove',
    proof: p.approval,
    amountFen: p.amountFen,
    subjectId: p.moveId,
    staffId: p.staffId,
    label: p.reason.slice(0, 40),
    shiftId: p.shiftId,
    at: p.at,
  });
  await tx.query(`UPDATE cash_moves SET approval = $2 WHERE id = $1`, [p.moveId, g.verdict]);
  return g.issues;
}

/** sale.voided: a void after tender needs an approval; held = the sale stays completed, points and coupons too. */
export function voidApproval(tx: Queryable, ctx: Ctx, p: SaleVoidedPayload): Promise<GateOutcome> {
  return approvalGate(tx, ctx, {
    action: 'voidAfterTender',
    proof: p.approval,
    amountFen: 0,
    subjectId: p.saleId,
    staffId: p.voidedBy,
    label: p.receiptNo,
    at: p.voidedAt,
  });
}

/** shift.closed: a variance over the threshold needs an approval; the Z also records the unconfirmed count. */
export async function shiftCloseApprovals(tx: Queryable, ctx: Ctx, p: ShiftClosedPayload): Promise<string[]> {
  const variance = p.varianceFen ?? p.cashCountedFen - p.cashExpectedFen;
  const issues: string[] = [];
  if (Math.abs(variance) > DEFAULT_VARIANCE_THRESHOLD_FEN) {
    const g = await approvalGate(tx, ctx, {
      action: 'cashVariance',
      proof: p.approval,
      amountFen: Math.abs(variance),
      subjectId: p.shiftId,
      staffId: p.closedBy,
      label: `Z${p.zNo ?? ''}`,
      shiftId: p.shiftId,
      at: p.closedAt,
    });
    issues.push(...g.issues);
  }
  await tx.query(`UPDATE shift_reports SET unconfirmed_approvals = $2 WHERE shift_id = $1`, [
    p.shiftId,
    await unconfirmedApprovals(tx, p.shiftId),
  ]);
  return issues;
}

/** audit.appended: a drawer opened without a sale needs an approval (the entry is kept whatever the verdict). */
export async function auditApproval(tx: Queryable, ctx: Ctx, p: AuditAppendedPayload): Promise<string[]> {
  if (p.action !== 'drawer.noSale') return [];
  const shiftId = typeof p.detail.shiftId === 'string' ? p.detail.shiftId : undefined;
  const g = await approvalGate(tx, ctx, {
    action: 'noSaleDrawer',
    proof: p.approval,
    amountFen: 0,
    subjectId: 'drawer',
    staffId: p.actorId,
    shiftId,
    at: p.at,
  });
  return g.issues;
}

/** The fast path for plain sales must leave sales with manual discounts or line approvals to saleCompleted. */
export function saleNeedsApprovalCheck(p: SaleCompletedPayload): boolean {
  return (p.approvals?.length ?? 0) > 0 || linesNeedingApproval(p).length > 0;
}
