// audit.appended at the CRM: the entry is kept as sent, and checked against the last entry of its chain
// (same terminal, same chainId) as it arrives. Intake is in seq order, so a break means an entry was edited,
// removed, reordered or forged on the till: an 'audit.chainBroken' issue names the entries on both sides.
// The chain then goes on from the new entry, so one break is one issue.
import { checkNextEntry, type ChainBreakReason } from '../../src/domain/staff/auditChain';
import type { AuditAppendedPayload } from '../../src/shared/crm';
import type { Queryable } from '../db';
import { raiseIssue } from '../issues';
import type { Ctx } from './context';
import { auditApproval } from '../approvals';

const REASON_TEXT: Record<ChainBreakReason, string> = {
  hashMismatch: '内容与哈希不符（记录被改动）',
  prevHashMismatch: '未指向上一条（中间记录被删除、替换或调换）',
  indexGap: '序号不连续（记录缺失）',
  badStart: '链的开头缺失',
};

interface HeadRow {
  last_index: number;
  last_hash: string;
  last_entry_id: string;
  last_mutation_id: string;
}

export async function auditAppended(
  tx: Queryable,
  ctx: Ctx,
  p: AuditAppendedPayload,
): Promise<string[] | 'duplicate' | 'entity-mismatch'> {
  if (ctx.m.entityId !== p.entryId) return 'entity-mismatch';
  const key = [ctx.storeId, ctx.terminalId, p.chainId];
  const h = await tx.query<HeadRow>(
    `SELECT last_index, last_hash, last_entry_id, last_mutation_id FROM audit_chains
      WHERE store_id = $1 AND terminal_id = $2 AND chain_id = $3 FOR UPDATE`,
    key,
  );
  const head = h.rows[0];
  const reason = checkNextEntry(
    head ? { chainId: p.chainId, index: Number(head.last_index), hash: head.last_hash } : null,
    p,
  );
  const ins = await tx.query(
    `INSERT INTO audit_entries (entry_id, store_id, terminal_id, chain_id, idx, prev_hash, hash, action, actor_id,
                                approved_by, detail, at, mutation_id, chain_break)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
    [
      p.entryId,
      ctx.storeId,
      ctx.terminalId,
      p.chainId,
      p.index,
      p.prevHash,
      p.hash,
      p.action,
      p.actorId,
      p.approvedBy ?? null,
      JSON.stringify(p.detail),
      p.at,
      ctx.m.mutationId,
      reason,
    ],
  );
  if (ins.rows.length === 0) return 'duplicate';
  await tx.query(
    `INSERT INTO audit_chains (store_id, terminal_id, chain_id, last_index, last_hash, last_entry_id, last_mutation_id,
                               entries, breaks)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)
     ON CONFLICT (store_id, terminal_id, chain_id) DO UPDATE
       SET last_index = $4, last_hash = $5, last_entry_id = $6, last_mutation_id = $7,
           entries = audit_chains.entries + 1, breaks = audit_chains.breaks + $8`,
    [...key, p.index, p.hash, p.entryId, ctx.m.mutationId, reason ? 1 : 0],
  );
  const approval = await auditApproval(tx, ctx, p); // decision 0040: drawer opened without a sale
  if (!reason) return approval;
  const before = head ? `第 ${head.last_index} 条（${head.last_entry_id}）之后的` : '链开头的';
  return [
    await raiseIssue(tx, {
      storeId: ctx.storeId,
      kind: 'audit.chainBroken',
      title: `终端 ${ctx.terminalId} 的审计日志链断开：${before}第 ${p.index} 条（${p.entryId}）${REASON_TEXT[reason]}`,
      subjectId: p.entryId,
      refs: [
        ...(head ? [{ terminalId: ctx.terminalId, mutationId: head.last_mutation_id }] : []),
        { terminalId: ctx.terminalId, staffId: p.actorId, mutationId: ctx.m.mutationId, at: p.at },
      ],
      dedupKey: `audit-break:${ctx.storeId}:${p.entryId}`,
    }),
    ...approval,
  ];
}
