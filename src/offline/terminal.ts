// Who this terminal is. Stored in the ledger so that the identity and the sequence numbers it stamps on
// mutations live and die together: a new local database means a new epoch from the CRM.
import { z } from 'zod';
import type { LedgerDb } from './db';

export interface TerminalIdentity {
  storeId: string;
  storeName: string;
  terminalId: string;
  /** Issued by the CRM for each new local database, so reused seqs are never taken for duplicates. */
  epoch: number;
  /** IANA zone that decides the business date; the store's, not the PC's. */
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const identitySchema = z.object({
  storeId: z.string().min(1),
  storeName: z.string(),
  terminalId: z.string().min(1),
  epoch: z.number().int().positive(),
  timeZone: z.string().min(1),
});

const KEYS = ['storeId', 'storeName', 'terminalId', 'epoch', 'timeZone'] as const;

export class TerminalNotEnrolledError extends Error {
  override name = 'TerminalNotEnrolledError';
}

/** Reads the identity inside whatever transaction is current; undefined when the terminal has none yet. */
export async function readTerminalIdentity(ledger: LedgerDb): Promise<TerminalIdentity | undefined> {
  // The table holds a handful of rows: one getAll is one request, where bulkGet of the keys is five (this
  // read sits inside every sale commit).
  const rows = (await ledger.terminal.toArray()).filter((row) =>
    (KEYS as readonly string[]).includes(row.key),
  );
  if (rows.length === 0) return undefined;
  const raw: Record<string, unknown> = {};
  for (const row of rows) raw[row.key] = row.value;
  raw.timeZone ??= DEFAULT_TIME_ZONE;
  const parsed = identitySchema.safeParse(raw);
  if (!parsed.success) {
    throw new TerminalNotEnrolledError(
      `Stored terminal identity is damaged: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/** Like readTerminalIdentity, but a missing identity is an error (nothing may be sold before enrollment). */
export async function requireTerminalIdentity(ledger: LedgerDb): Promise<TerminalIdentity> {
  const identity = await readTerminalIdentity(ledger);
  if (!identity)
    throw new TerminalNotEnrolledError('This terminal has no identity yet (store, terminal, epoch).');
  return identity;
}

/**
 * The stored identity, or `defaults` stored and returned when there is none. An existing identity is never
 * overwritten by defaults: the outbox's mutation ids depend on it.
 */
export async function getOrCreateTerminalIdentity(
  ledger: LedgerDb,
  defaults: Omit<TerminalIdentity, 'timeZone' | 'epoch'> & { epoch?: number; timeZone?: string },
): Promise<TerminalIdentity> {
  const wanted = identitySchema.parse({ epoch: 1, timeZone: DEFAULT_TIME_ZONE, ...defaults });
  return ledger.transaction('rw', ledger.terminal, async () => {
    const existing = await readTerminalIdentity(ledger);
    if (existing) return existing;
    await ledger.terminal.bulkPut(KEYS.map((key) => ({ key, value: wanted[key] })));
    return wanted;
  });
}
