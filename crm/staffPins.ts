// Setting a staff member and their PIN at the CRM (the back office's operation; the seed uses the same rules).
// The PIN is stored only as an argon2id verifier (docs/decisions/0046), a manager's PIN has at least 6 digits,
// and the staff stream publishes the record to the tills of the member's own store only.
import { staffBadgeHash } from '../src/domain/staff/badge';
import { DEFAULT_ARGON2, pinPolicyError, type Argon2Params } from '../src/domain/staff/pinHash';
import { makePinVerifier } from '../src/domain/staff/pinKdf';
import type { Staff } from '../src/shared/crm';
import { recordChange } from './changeLog';
import type { Queryable } from './db';
import { staffData, type StaffRow } from './projections';

export interface StaffInput {
  id: string;
  storeId: string;
  name: string;
  role: Staff['role'];
  pin: string;
  badge?: string;
  active?: boolean;
}

export type SetStaffResult =
  { ok: true; staff: Staff } | { ok: false; code: 'pin-format' | 'manager-pin-too-short'; detail: string };

/**
 * Creates or replaces a staff member with a new PIN verifier and publishes it on the staff stream, scoped to
 * the member's store. Hash before a transaction when you can: it takes about a quarter second.
 */
export async function setStaffMember(
  tx: Queryable,
  input: StaffInput,
  kdf: Argon2Params = DEFAULT_ARGON2,
): Promise<SetStaffResult> {
  const bad = pinPolicyError(input.pin, input.role);
  if (bad === 'format') return { ok: false, code: 'pin-format', detail: 'a PIN has 4 to 8 digits' };
  if (bad === 'managerTooShort')
    return { ok: false, code: 'manager-pin-too-short', detail: "a manager's PIN has at least 6 digits" };
  const row: StaffRow = {
    id: input.id,
    store_id: input.storeId,
    name: input.name,
    role: input.role,
    pin_hash: await makePinVerifier(input.pin, kdf),
    badge_hash: input.badge ? staffBadgeHash(input.badge) : null,
    active: input.active ?? true,
  };
  const before = await tx.query<{ store_id: string }>(`SELECT store_id FROM staff WHERE id = $1 FOR UPDATE`, [
    row.id,
  ]);
  const movedFrom = before.rows[0]?.store_id;
  await tx.query(
    `INSERT INTO staff (id, store_id, name, role, pin_hash, badge_hash, active) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET store_id = EXCLUDED.store_id, name = EXCLUDED.name, role = EXCLUDED.role,
       pin_hash = EXCLUDED.pin_hash, badge_hash = EXCLUDED.badge_hash, active = EXCLUDED.active`,
    [row.id, row.store_id, row.name, row.role, row.pin_hash, row.badge_hash, row.active],
  );
  const staff = staffData(row);
  // Moved to another store: the old store's tills drop the verifier (a tombstone scoped to that store).
  if (movedFrom !== undefined && movedFrom !== row.store_id)
    await recordChange(tx, {
      stream: 'staff',
      kind: 'staff',
      entityId: row.id,
      storeId: movedFrom,
      op: 'delete',
    });
  await recordChange(tx, {
    stream: 'staff',
    kind: 'staff',
    entityId: row.id,
    storeId: row.store_id,
    op: 'upsert',
    data: staff,
  });
  return { ok: true, staff };
}
