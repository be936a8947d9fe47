// Service credentials (docs/decisions/0042): stored hashed, several active per service, rotated through
// MALL_SERVICE_TOKEN ("new,old" then "new"), revoked one by one, and the demo one replaced at every start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { hashSecret, newSecret } from './ids';
import {
  addServiceCredential,
  authenticateService,
  configureServiceCredentials,
  ensureDemoServiceCredential,
  revokeServiceCredential,
} from './serviceCredentials';
import { testBackends } from './testSupport';

describe.each(testBackends())('service credentials on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  }, 60_000);
  afterAll(async () => db?.close());

  const active = async (secret: string) => (await authenticateService(db, secret))?.service ?? null;

  it('keeps only the hash of a secret', async () => {
    const secret = newSecret();
    await addServiceCredential(db, 'mall', secret);
    const rows = await db.query<{ secret_hash: string }>(`SELECT secret_hash FROM service_credentials`);
    expect(rows.rows.map((r) => r.secret_hash)).toContain(hashSecret(secret));
    expect(JSON.stringify(rows.rows)).not.toContain(secret);
    expect(await active(secret)).toBe('mall');
    expect(await active(secret + 'x')).toBeNull();
  });

  it('rotates through MALL_SERVICE_TOKEN: both work while listed, the dropped one is revoked', async () => {
    const [old, next] = [newSecret(), newSecret()];
    await configureServiceCredentials(db, { MALL_SERVICE_TOKEN: old });
    expect(await active(old)).toBe('mall');
    await configureServiceCredentials(db, { MALL_SERVICE_TOKEN: `${next}, ${old}` });
    expect([await active(old), await active(next)]).toEqual(['mall', 'mall']);
    await configureServiceCredentials(db, { MALL_SERVICE_TOKEN: next });
    expect([await active(old), await active(next)]).toEqual([null, 'mall']);
    // No variable: what is configured stays.
    await configureServiceCredentials(db, {});
    expect(await active(next)).toBe('mall');
  });

  it('refuses a short secret, and revokes one credential without touching the others', async () => {
    await expect(configureServiceCredentials(db, { MALL_SERVICE_TOKEN: 'mall123' })).rejects.toThrow(
      /at least/,
    );
    const [a, b] = [newSecret(), newSecret()];
    const idA = await addServiceCredential(db, 'mall', a);
    await addServiceCredential(db, 'mall', b);
    expect(await revokeServiceCredential(db, idA)).toBe(true);
    expect([await active(a), await active(b)]).toEqual([null, 'mall']);
  });

  it('makes a fresh demo credential at each start and revokes the previous one', async () => {
    const first = await ensureDemoServiceCredential(db, 'mall');
    const second = await ensureDemoServiceCredential(db, 'mall');
    expect([await active(first), await active(second)]).toEqual([null, 'mall']);
  });
});
