// CRM API routes for staff (issue 7): the store's staff list for managers' screens, and the tills' audit logs
// as received, with the hash-chain check of each entry (crm/effects/audit.ts).
import type { z } from 'zod';
import { AuditLogQuerySchema, AuditLogResponseSchema, StaffListResponseSchema } from '../../src/shared/crm';
import type { Queryable } from '../db';
import type { PageRegistrar, RouteDef } from '../routeDef';

type AuditLog = z.infer<typeof AuditLogResponseSchema>;

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

export async function readAuditLog(
  db: Queryable,
  storeId: string,
  q: z.infer<typeof AuditLogQuerySchema>,
): Promise<AuditLog> {
  const e = await db.query<{
    entry_id: string;
    terminal_id: string;
    chain_id: string;
    idx: number | string;
    action: string;
    actor_id: string;
    approved_by: string | null;
    detail: AuditLog['entries'][number]['detail'];
    at: unknown;
    received_at: unknown;
    prev_hash: string;
    hash: string;
    chain_break: AuditLog['entries'][number]['chainBreak'];
  }>(
    `SELECT * FROM audit_entries
      WHERE store_id = $1 AND ($2::text IS NULL OR terminal_id = $2) AND ($3::text IS NULL OR action = $3)
      ORDER BY received_at DESC, terminal_id, idx DESC LIMIT $4`,
    [storeId, q.terminalId ?? null, q.action ?? null, q.limit],
  );
  const c = await db.query<{
    terminal_id: string;
    chain_id: string;
    entries: number | string;
    last_index: number | string;
    breaks: number | string;
  }>(
    `SELECT terminal_id, chain_id, entries, last_index, breaks FROM audit_chains
      WHERE store_id = $1 AND ($2::text IS NULL OR terminal_id = $2) ORDER BY terminal_id, chain_id`,
    [storeId, q.terminalId ?? null],
  );
  return {
    entries: e.rows.map((r) => ({
      entryId: r.entry_id,
      terminalId: r.terminal_id,
      chainId: r.chain_id,
      index: Number(r.idx),
      action: r.action,
      actorId: r.actor_id,
      ...(r.approved_by ? { approvedBy: r.approved_by } : {}),
      detail: r.detail,
      at: iso(r.at),
      receivedAt: iso(r.received_at),
      prevHash: r.prev_hash,
      hash: r.hash,
      chainBreak: r.chain_break,
    })),
    chains: c.rows.map((r) => ({
      terminalId: r.terminal_id,
      chainId: r.chain_id,
      entries: Number(r.entries),
      lastIndex: Number(r.last_index),
      breaks: Number(r.breaks),
    })),
  };
}

export const staffRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/staff',
    summary: "The store's staff: names, roles, whether they hold a badge (no PIN or badge hashes).",
    auth: true,
    response: StaffListResponseSchema,
    handler: async ({ db, terminal }) => {
      const r = await db.query<{
        id: string;
        name: string;
        role: 'cashier' | 'manager' | 'floor';
        active: boolean;
        has_badge: boolean;
      }>(
        `SELECT id, name, role, active, badge_hash IS NOT NULL AS has_badge FROM staff WHERE store_id = $1 ORDER BY id`,
        [terminal!.storeId],
      );
      return {
        status: 200,
        body: {
          staff: r.rows.map((s) => ({
            id: s.id,
            name: s.name,
            role: s.role,
            active: s.active,
            hasBadge: s.has_badge,
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/audit',
    summary:
      "The store's audit entries as the tills sent them, newest first, each with the chain check's verdict, and every chain's state.",
    auth: true,
    query: AuditLogQuerySchema,
    response: AuditLogResponseSchema,
    handler: async ({ db, terminal, query }) => ({
      status: 200,
      body: await readAuditLog(db, terminal!.storeId, query as z.infer<typeof AuditLogQuerySchema>),
    }),
  },
];

export const staffPages: PageRegistrar[] = [];
