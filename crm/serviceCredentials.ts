// Service credentials (docs/decisions/0042): the online mall calls the CRM with its own bearer secret, never a
// till's. The CRM keeps only hashes; a service may have several active credentials so one can be rotated in before
// the old one is revoked. Configured at start from MALL_SERVICE_TOKEN (comma-separated: "new,old" while rotating);
// in demo mode a fresh demo credential is made at every start for the demo mall's backend.
import type { Db, Queryable } from './db';
import { hashSecret, newId, newSecret } from './ids';

/** The services that may hold a credential. */
export const SERVICES = ['mall'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServiceIdentity {
  service: ServiceName;
  credentialId: string;
}

/** Env var per service: a comma-separated list of its active secrets. */
export const SERVICE_ENV: Record<ServiceName, string> = { mall: 'MALL_SERVICE_TOKEN' };

/** A configured secret shorter than this is refused: the CRM keeps a plain SHA-256, fit for random secrets only. */
export const MIN_SECRET_LENGTH = 24;

/** Registers a secret for a service (idempotent by secret); returns the credential id. */
export async function addServiceCredential(
  db: Queryable,
  service: ServiceName,
  secret: string,
  opts: { source?: 'env' | 'demo' | 'manual'; label?: string } = {},
): Promise<string> {
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(`a ${service} service credential needs at least ${MIN_SECRET_LENGTH} characters`);
  const r = await db.query<{ id: string }>(
    `INSERT INTO service_credentials (id, service, secret_hash, source, label) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (secret_hash) DO UPDATE SET revoked_at = NULL
       WHERE service_credentials.service = EXCLUDED.service
     RETURNING id`,
    [newId(), service, hashSecret(secret), opts.source ?? 'manual', opts.label ?? null],
  );
  if (!r.rows[0]) throw new Error('that secret is already registered for another service');
  return r.rows[0].id;
}

/** Revokes one credential; the service's other active credentials keep working. */
export async function revokeServiceCredential(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE service_credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [id],
  );
  return r.rows.length > 0;
}

/** The service a bearer secret belongs to, or null (unknown or revoked). */
export async function authenticateService(db: Queryable, secret: string): Promise<ServiceIdentity | null> {
  const r = await db.query<{ id: string; service: ServiceName }>(
    `SELECT id, service FROM service_credentials WHERE secret_hash = $1 AND revoked_at IS NULL`,
    [hashSecret(secret)],
  );
  const row = r.rows[0];
  return row && (SERVICES as readonly string[]).includes(row.service)
    ? { service: row.service, credentialId: row.id }
    : null;
}

/**
 * Makes the configured secrets (env, e.g. MALL_SERVICE_TOKEN="new,old") the service's env credentials: each one
 * active, and every env credential no longer listed revoked. A service with no variable set keeps what it has.
 */
export async function configureServiceCredentials(
  db: Db,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  for (const service of SERVICES) {
    const raw = env[SERVICE_ENV[service]];
    if (raw === undefined) continue;
    const secrets = [
      ...new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    await db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const s of secrets) ids.push(await addServiceCredential(tx, service, s, { source: 'env' }));
      await tx.query(
        `UPDATE service_credentials SET revoked_at = now()
          WHERE service = $1 AND source = 'env' AND revoked_at IS NULL AND NOT (id = ANY($2::text[]))`,
        [service, ids],
      );
    });
  }
}

/** Demo mode only: a fresh secret for the demo's stand-in of the service (earlier demo secrets revoked). */
export async function ensureDemoServiceCredential(db: Db, service: ServiceName): Promise<string> {
  const secret = newSecret();
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE service_credentials SET revoked_at = now() WHERE service = $1 AND source = 'demo' AND revoked_at IS NULL`,
      [service],
    );
    await addServiceCredential(tx, service, secret, { source: 'demo', label: 'demo' });
  });
  return secret;
}
