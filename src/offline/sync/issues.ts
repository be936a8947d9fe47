// Issues from the CRM (conflicts of offline work) as the sync panel shows them to a manager: read from the
// cache's issues stream, settled through the CRM, which then sends the resolved issue down the stream.
import { Dexie } from 'dexie';
import { IssueSchema, type ApprovalProof, type Issue, type IssueActionSchema } from '../../shared/crm';
import type { z } from 'zod';
import { activeGeneration } from '../catalog';
import type { CacheDb } from '../db';
import type { CrmClient, CrmResult } from './crmClient';

/** Issues in the cache, newest first; rows that fail the schema are left out (and counted). */
export async function listCachedIssues(
  cache: CacheDb,
  state: 'open' | 'resolved' | 'all' = 'open',
): Promise<{ issues: Issue[]; unreadable: number }> {
  const rows = await cache.transaction('r', [cache.meta, cache.streamItems], async () => {
    const gen = await activeGeneration(cache, 'issues');
    return cache.streamItems
      .where('[gen+kind+id]')
      .between([gen, 'issue', Dexie.minKey], [gen, 'issue', Dexie.maxKey])
      .toArray();
  });
  const issues: Issue[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const parsed = IssueSchema.safeParse(row.data);
    if (!parsed.success) unreadable++;
    else if (state === 'all' || parsed.data.state === state) issues.push(parsed.data);
  }
  issues.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return { issues, unreadable };
}

/**
 * A manager's decision on an issue. Only the issue's own actions are offered; the CRM checks the role.
 * The cache learns the new state from the issues stream at the next pull (call runner.syncNow()).
 */
export async function resolveIssue(
  client: CrmClient,
  issue: Issue,
  action: z.infer<typeof IssueActionSchema>,
  staffId: string,
  note?: string,
  /** The manager's proof the CRM verifies (decision 0040); without it the CRM answers 403. */
  approval?: ApprovalProof,
): Promise<CrmResult<Issue>> {
  if (!issue.actions.includes(action))
    return {
      ok: false,
      failure: {
        kind: 'deterministic',
        code: 'action-not-offered',
        detail: `${action} is not an action of this issue`,
      },
    };
  return client.resolveIssue(issue.id, {
    action,
    staffId,
    ...(note ? { note } : {}),
    ...(approval ? { approval } : {}),
  });
}
