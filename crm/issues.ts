// Conflicts from offline work, for a manager to settle. Raised inside the transaction that met the conflict.
import type { Issue, IssueActionSchema, IssueKindSchema, IssueRefSchema } from '../src/shared/crm';
import type { z } from 'zod';
import type { Db, Queryable } from './db';
import { releaseHeldSale } from './effects/sale';
import { releaseHeldRefund } from './effects/refund';
import { newId } from './ids';
import { issueData, publishIssue, publishMember, type IssueRow } from './projections';
import type { ApprovalProof } from '../src/shared/crm';
import { confirmApprovalIssue, requireRouteApproval } from './approvals';
import type { TerminalIdentity } from './push';

type IssueKind = z.infer<typeof IssueKindSchema>;
type IssueAction = z.infer<typeof IssueActionSchema>;

/** What a manager may do about each kind. */
export const ACTIONS_BY_KIND: Record<IssueKind, IssueAction[]> = {
  'coupon.usedTwice': ['accept', 'writeOff', 'dismiss'],
  'coupon.invalid': ['accept', 'writeOff', 'dismiss'],
  'member.unknown': ['accept', 'dismiss'],
  'pickup.handedOverTwice': ['accept', 'writeOff', 'dismiss'],
  'pickup.notAvailable': ['accept', 'writeOff', 'dismiss'],
  'points.negative': ['recoverFromMember', 'writeOff', 'dismiss'],
  'sale.voidUnknown': ['accept', 'dismiss'],
  'refund.unknownSale': ['accept', 'writeOff', 'dismiss'],
  'refund.exceedsSale': ['accept', 'writeOff', 'dismiss'],
  'shift.mismatch': ['accept', 'writeOff', 'dismiss'],
  'mutation.hashMismatch': ['accept', 'dismiss'],
  'mutation.invalidPayload': ['accept', 'dismiss'],
  'audit.chainBroken': ['accept', 'dismiss'],
  'receipt.gap': ['accept', 'writeOff', 'dismiss'],
  'receipt.duplicate': ['accept', 'dismiss'],
  'shift.foreign': ['accept', 'dismiss'],
  'sale.flagged': ['releaseEffects', 'keepHeld'],
  'mutation.textRepaired': ['accept', 'dismiss'],
  'mutation.couldNotApply': ['accept', 'dismiss'],
  'mutation.quarantined': ['accept', 'dismiss'],
  'points.earnMismatch': ['accept', 'dismiss'],
  'member.proofInvalid': ['accept', 'writeOff', 'dismiss'],
  'refund.pointsMismatch': ['accept', 'dismiss'],
  'refund.otherStore': ['accept', 'writeOff', 'dismiss'],
  'approval.missing': ['releaseEffects', 'accept', 'dismiss'],
  'approval.invalid': ['releaseEffects', 'accept', 'dismiss'],
  'approval.unconfirmed': ['confirm', 'dismiss'],
};

export interface NewIssue {
  storeId: string;
  kind: IssueKind;
  title: string;
  subjectId: string;
  refs: z.infer<typeof IssueRefSchema>[];
  /** Same key, same issue: a conflict seen again (a replay) never makes a second one. */
  dedupKey: string;
  /** Machine-readable reasons (code, path, zh-CN text), e.g. the failed checks of a flagged sale. */
  reasons?: { code: string; path?: string; text: string }[];
}

export async function raiseIssue(tx: Queryable, i: NewIssue): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO issues (id, store_id, kind, state, title, subject_id, refs, actions, dedup_key, reasons)
     VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9)
     ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
    [
      newId(),
      i.storeId,
      i.kind,
      i.title,
      i.subjectId,
      JSON.stringify(i.refs),
      JSON.stringify(ACTIONS_BY_KIND[i.kind]),
      i.dedupKey,
      i.reasons ? JSON.stringify(i.reasons) : null,
    ],
  );
  const created = r.rows[0];
  if (created) {
    await publishIssue(tx, created.id);
    return created.id;
  }
  const existing = await tx.query<{ id: string }>(`SELECT id FROM issues WHERE dedup_key = $1`, [i.dedupKey]);
  return existing.rows[0]!.id;
}

export async function listIssues(
  db: Queryable,
  storeId: string,
  state: 'open' | 'resolved' | 'all',
  limit: number,
): Promise<Issue[]> {
  const r = await db.query<IssueRow>(
    `SELECT * FROM issues WHERE store_id = $1 AND ($2 = 'all' OR state = $2) ORDER BY created_at, id LIMIT $3`,
    [storeId, state, limit],
  );
  return r.rows.map(issueData);
}

export type ResolveOutcome =
  { ok: true; issue: Issue } | { ok: false; status: 403 | 404 | 409 | 422; code: string; detail: string };

export async function resolveIssue(
  db: Db,
  who: TerminalIdentity,
  issueId: string,
  req: {
    action: IssueAction;
    staffId: string;
    note?: string | undefined;
    approval?: ApprovalProof | undefined;
  },
): Promise<ResolveOutcome> {
  const { storeId } = who;
  return db.transaction(async (tx) => {
    const r = await tx.query<IssueRow>(`SELECT * FROM issues WHERE id = $1 AND store_id = $2 FOR UPDATE`, [
      issueId,
      storeId,
    ]);
    const row = r.rows[0];
    if (!row)
      return {
        ok: false,
        status: 404,
        code: 'issue-not-found',
        detail: `no issue ${issueId} in store ${storeId}`,
      };
    // Naming a manager is not an approval (decision 0040): a proof the CRM verifies, for this very issue.
    const approved = await requireRouteApproval(tx, who, {
      action: 'resolveIssue',
      proof: req.approval,
      subjectId: issueId,
      claimedBy: req.staffId,
    });
    if (!approved.ok) return approved;
    const approverId = approved.approverId;
    if (row.state === 'resolved') {
      // A retried resolve is answered like the first; a different decision is a conflict.
      if (row.resolution?.action === req.action) return { ok: true, issue: issueData(row) };
      return {
        ok: false,
        status: 409,
        code: 'issue-already-resolved',
        detail: `already resolved with ${row.resolution?.action}`,
      };
    }
    if (!row.actions.includes(req.action))
      return {
        ok: false,
        status: 422,
        code: 'action-not-allowed',
        detail: `${req.action} is not an action for ${row.kind}`,
      };

    if (row.kind === 'points.negative' && req.action === 'writeOff')
      await writeOffNegativePoints(tx, row.subject_id, issueId);
    // A flagged sale's held points, coupons and member purchase, applied once (keepHeld leaves them held).
    if (row.kind === 'sale.flagged' && req.action === 'releaseEffects')
      await releaseHeldSale(tx, row.subject_id);
    // A refund held for want of a verifiable approval: the manager's own proof (above) now releases its effects.
    if (
      (row.kind === 'approval.missing' || row.kind === 'approval.invalid') &&
      req.action === 'releaseEffects'
    )
      await releaseHeldRefund(tx, row.subject_id);
    if (row.kind === 'approval.unconfirmed' && req.action === 'confirm')
      await confirmApprovalIssue(tx, issueId, approverId);

    const resolution = {
      action: req.action,
      staffId: approverId,
      at: new Date().toISOString(),
      ...(req.note ? { note: req.note } : {}),
    };
    await tx.query(`UPDATE issues SET state = 'resolved', resolution = $2 WHERE id = $1`, [
      issueId,
      JSON.stringify(resolution),
    ]);
    await publishIssue(tx, issueId);
    const updated = await tx.query<IssueRow>(`SELECT * FROM issues WHERE id = $1`, [issueId]);
    return { ok: true, issue: issueData(updated.rows[0]!) };
  });
}

/** Brings a negative balance back to zero with an adjustment keyed by the issue, so it happens once. */
async function writeOffNegativePoints(tx: Queryable, memberId: string, issueId: string): Promise<void> {
  const m = await tx.query<{ points_balance: number }>(
    `SELECT points_balance FROM members WHERE id = $1 FOR UPDATE`,
    [memberId],
  );
  const balance = m.rows[0]?.points_balance;
  if (balance === undefined || balance >= 0) return;
  await tx.query(
    `INSERT INTO points_ledger (entry_id, member_id, delta, kind, note) VALUES ($1, $2, $3, 'adjust', 'write-off') ON CONFLICT DO NOTHING`,
    [`writeoff:${issueId}`, memberId, -balance],
  );
  await tx.query(`UPDATE members SET points_balance = 0 WHERE id = $1`, [memberId]);
  await publishMember(tx, memberId);
}
