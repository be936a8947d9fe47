// Test backends: PGlite in memory always; PostgreSQL too when TEST_DATABASE_URL is set (a fresh schema per
// database opened, dropped on close), so the storage and protocol tests run unchanged on both.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPgliteDb, openPostgresDb, type Db } from './db';
import { migrate } from './migrate';
import { badgeMac, type ApprovalClaim, type CheckedApprovalAction } from '../src/domain/staff/approvalProof';
import { DEMO_STAFF } from '../src/domain/staff/demoStaff';
import type { ApprovalProof } from '../src/shared/crm';

export interface Backend {
  name: 'pglite' | 'postgres';
  open: () => Promise<Db & { url?: string }>;
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export function testBackends(): Backend[] {
  const backends: Backend[] = [{ name: 'pglite', open: async () => migrated(await openPgliteDb()) }];
  const url = process.env.TEST_DATABASE_URL;
  // CI must prove both backends: a missing PostgreSQL there is a failure, not a silent PGlite-only run.
  if (!url && process.env.CI === 'true')
    throw new Error('CI=true but TEST_DATABASE_URL is not set: start scripts/pg-test-cluster.sh');
  if (url) {
    backends.push({
      name: 'postgres',
      open: async () => {
        const schema = `crm_test_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.end();
        const scopedUrl = withSearchPath(url, schema);
        const db = await openPostgresDb(scopedUrl, { max: 4 });
        const close = db.close;
        const wrapped: Db & { url: string } = {
          ...db,
          url: scopedUrl,
          close: async () => {
            await close();
            const c = new pg.Client({ connectionString: url });
            await c.connect();
            await c.query(`DROP SCHEMA ${schema} CASCADE`);
            await c.end();
          },
        };
        return migrated(wrapped);
      },
    });
  }
  return backends;
}

async function migrated<T extends Db>(db: T): Promise<T> {
  await migrate(db);
  return db;
}

/**
 * An offline badge approval by a demo manager (decision 0040), as a till makes it after scanning the badge:
 * for tests whose mutations need an approval the CRM verifies, whatever the mutation's (fixed) time.
 */
export function demoBadgeApproval(
  who: { storeId: string; terminalId: string },
  action: CheckedApprovalAction,
  subjectId: string,
  amountFen: number,
  approverId = 'E1001',
): ApprovalProof {
  const badge = DEMO_STAFF.find((s) => s.id === approverId)?.badge;
  if (!badge) throw new Error(`${approverId} has no demo badge`);
  const claim: ApprovalClaim = {
    action,
    approverId,
    storeId: who.storeId,
    terminalId: who.terminalId,
    subjectId,
    amountFen,
    at: new Date().toISOString(),
    nonce: randomBytes(12).toString('base64url'),
  };
  return { kind: 'badge', ...claim, mac: badgeMac(badge, claim) };
}
