// Terminal enrollment: a one-time code buys an epoch and a credential. The CRM keeps only hashes.
import type { z } from 'zod';
import { businessDateOf } from '../src/domain/businessDate';
import { parseReceiptNo } from '../src/domain/receiptNo';
import type { EnrollRequestSchema, EnrollResponseSchema } from '../src/shared/crm';
import type { Db, Queryable } from './db';
import { hashSecret, newSecret } from './ids';
import type { TerminalIdentity } from './push';
import { STORE_TIME_ZONE } from './effects/sale';

type EnrollRequest = z.infer<typeof EnrollRequestSchema>;
type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

export type EnrollOutcome =
  { ok: true; value: EnrollResponse } | { ok: false; status: 403 | 409; code: string; detail: string };

export async function enroll(db: Db, req: EnrollRequest): Promise<EnrollOutcome> {
  return db.transaction(async (tx) => {
    const c = await tx.query<{
      used_at: string | null;
      used_installation_id: string | null;
      used_epoch: number | null;
      expired: boolean;
    }>(
      `SELECT used_at, used_installation_id, used_epoch, expires_at < now() AS expired FROM enrollment_codes
        WHERE code_hash = $1 AND store_id = $2 AND terminal_id = $3 FOR UPDATE`,
      [hashSecret(req.code), req.storeId, req.terminalId],
    );
    const code = c.rows[0];
    if (!code || code.expired)
      return {
        ok: false,
        status: 403,
        code: 'enrollment-code-invalid',
        detail: 'unknown or expired code for this store and terminal',
      };
    const credential = newSecret();
    if (code.used_at !== null) {
      // The answer to the first try was lost: same installation, same epoch, a fresh credential.
      if (
        req.installationId &&
        code.used_installation_id === req.installationId &&
        code.used_epoch !== null
      ) {
        await tx.query(`UPDATE terminals SET credential_hash = $3 WHERE store_id = $1 AND id = $2`, [
          req.storeId,
          req.terminalId,
          hashSecret(credential),
        ]);
        return {
          ok: true,
          value: { storeId: req.storeId, terminalId: req.terminalId, epoch: code.used_epoch, credential },
        };
      }
      return {
        ok: false,
        status: 409,
        code: 'enrollment-code-used',
        detail: 'this code was used already; ask for a new one',
      };
    }
    const epoch = await nextEpoch(
      tx,
      { storeId: req.storeId, terminalId: req.terminalId },
      req.installationId ?? null,
    );
    await tx.query(
      `UPDATE terminals SET credential_hash = $3, public_key = coalesce($4, public_key), enrolled_at = now() WHERE store_id = $1 AND id = $2`,
      [req.storeId, req.terminalId, hashSecret(credential), req.publicKey ?? null],
    );
    await tx.query(
      `UPDATE enrollment_codes SET used_at = now(), used_installation_id = $2, used_epoch = $3 WHERE code_hash = $1`,
      [hashSecret(req.code), req.installationId ?? null, epoch],
    );
    return {
      ok: true,
      value: {
        storeId: req.storeId,
        terminalId: req.terminalId,
        epoch,
        credential,
        ...(await receiptContinuation(tx, { storeId: req.storeId, terminalId: req.terminalId })),
      },
    };
  });
}

/**
 * Where this terminal's receipt numbers go on today (issue 15): the store's business date now and 1 + the highest
 * receipt seq the CRM holds for the terminal on it. A till starting a new epoch (a reinstall, a new database)
 * continues from there instead of restarting at 000001.
 */
export async function receiptContinuation(
  tx: Queryable,
  who: TerminalIdentity,
  now: Date = new Date(),
): Promise<{ businessDate: string; receiptSeqFrom: number }> {
  const businessDate = businessDateOf(now.toISOString(), STORE_TIME_ZONE);
  const r = await tx.query<{ receipt_no: string }>(
    `SELECT receipt_no FROM sales WHERE store_id = $1 AND terminal_id = $2 AND business_date = $3`,
    [who.storeId, who.terminalId, businessDate],
  );
  let last = 0;
  for (const row of r.rows) {
    const parts = parseReceiptNo(row.receipt_no);
    if (parts && parts.storeId === who.storeId && parts.terminalId === who.terminalId && parts.seq > last)
      last = parts.seq;
  }
  return { businessDate, receiptSeqFrom: Math.min(last + 1, 999_999_999) };
}

async function nextEpoch(
  tx: Queryable,
  who: TerminalIdentity,
  installationId: string | null,
): Promise<number> {
  const t = await tx.query<{ current_epoch: number }>(
    `UPDATE terminals SET current_epoch = current_epoch + 1 WHERE store_id = $1 AND id = $2 RETURNING current_epoch`,
    [who.storeId, who.terminalId],
  );
  const epoch = t.rows[0]!.current_epoch;
  await tx.query(
    `INSERT INTO terminal_epochs (store_id, terminal_id, epoch, installation_id) VALUES ($1, $2, $3, $4)`,
    [who.storeId, who.terminalId, epoch, installationId],
  );
  return epoch;
}

/** A new epoch for an enrolled terminal that starts over with an empty local database, and where its receipts go on. */
export function newEpoch(
  db: Db,
  who: TerminalIdentity,
): Promise<{ epoch: number; businessDate: string; receiptSeqFrom: number }> {
  return db.transaction(async (tx) => ({
    epoch: await nextEpoch(tx, who, null),
    ...(await receiptContinuation(tx, who)),
  }));
}

/** The terminal a bearer credential belongs to, or null. */
export async function authenticate(
  db: Queryable,
  credential: string,
): Promise<(TerminalIdentity & { currentEpoch: number }) | null> {
  const r = await db.query<{ store_id: string; id: string; current_epoch: number }>(
    `SELECT store_id, id, current_epoch FROM terminals WHERE credential_hash = $1`,
    [hashSecret(credential)],
  );
  const t = r.rows[0];
  return t ? { storeId: t.store_id, terminalId: t.id, currentEpoch: t.current_epoch } : null;
}

/** Registers a one-time code (valid `days`) for a terminal, creating the terminal row when new. */
export async function issueEnrollmentCode(
  db: Queryable,
  who: TerminalIdentity,
  opts: { code?: string; days?: number; name?: string } = {},
): Promise<string> {
  const code = opts.code ?? newSecret(12);
  await db.query(`INSERT INTO terminals (store_id, id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
    who.storeId,
    who.terminalId,
    opts.name ?? who.terminalId,
  ]);
  await db.query(
    `INSERT INTO enrollment_codes (code_hash, store_id, terminal_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))
     ON CONFLICT (code_hash) DO NOTHING`,
    [hashSecret(code), who.storeId, who.terminalId, opts.days ?? 30],
  );
  return code;
}
