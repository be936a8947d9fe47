// First start: the one-time code from the terminal config buys an epoch and a credential from the CRM.
// Both live in the ledger next to the outbox, so a new local database is always a new enrollment and a new
// epoch: reused seqs can never be taken for replays. Sales made before the first enrollment (a till may
// sell offline from its first minute) carry a provisional epoch and are re-stamped with the real one in
// the same transaction that stores it; nothing of them has reached the CRM yet, so nothing else changes.
import { continuedReceiptCounter } from '../../domain/receiptNo';
import { mutationIdOf, receiptBaseCounterName, receiptCounterName } from '../sales';
import type { LedgerDb } from '../db';
import { newId } from '../ids';
import { requireTerminalIdentity } from '../terminal';
import type { CrmClient, CrmFailure } from './crmClient';

const CREDENTIAL = 'credential';
const INSTALLATION = 'installationId';
const ENROLLED_AT = 'enrolledAt';

export interface Enrollment {
  storeId: string;
  terminalId: string;
  epoch: number;
  credential: string;
  enrolledAt: string;
}

/** The stored enrollment, or undefined before the first successful one. */
export async function readEnrollment(ledger: LedgerDb): Promise<Enrollment | undefined> {
  return ledger.transaction('r', ledger.terminal, async () => {
    const [credential, enrolledAt] = await ledger.terminal.bulkGet([CREDENTIAL, ENROLLED_AT]);
    if (typeof credential?.value !== 'string' || typeof enrolledAt?.value !== 'string') return undefined;
    const identity = await requireTerminalIdentity(ledger);
    return {
      storeId: identity.storeId,
      terminalId: identity.terminalId,
      epoch: identity.epoch,
      credential: credential.value,
      enrolledAt: enrolledAt.value,
    };
  });
}

/** UUIDv7 of this local database, made once: a retried enrollment with it gets the same epoch back. */
export async function installationIdOf(ledger: LedgerDb): Promise<string> {
  return ledger.transaction('rw', ledger.terminal, async () => {
    const row = await ledger.terminal.get(INSTALLATION);
    if (typeof row?.value === 'string') return row.value;
    const id = newId();
    await ledger.terminal.put({ key: INSTALLATION, value: id });
    return id;
  });
}

export type EnrollOutcome =
  | { ok: true; enrollment: Enrollment; already: boolean; restamped: number }
  | { ok: false; reason: 'noCode' }
  | { ok: false; reason: 'refused' | 'wrongTerminal'; failure: CrmFailure };

export interface EnrollOptions {
  ledger: LedgerDb;
  client: CrmClient;
  /** The one-time code from the terminal config; without one the till sells offline and waits. */
  code: string | undefined;
  /** The terminal's receipt-signing public key (raw Ed25519, base64), when it has one. */
  publicKey?: string;
  now?: () => Date;
}

/** Enrolls once; later calls return the stored enrollment without asking the CRM. */
export async function ensureEnrolled(opts: EnrollOptions): Promise<EnrollOutcome> {
  const { ledger, client } = opts;
  const existing = await readEnrollment(ledger);
  if (existing) return { ok: true, enrollment: existing, already: true, restamped: 0 };
  if (!opts.code) return { ok: false, reason: 'noCode' };
  const identity = await requireTerminalIdentity(ledger);
  const installationId = await installationIdOf(ledger);
  const answer = await client.enroll({
    storeId: identity.storeId,
    terminalId: identity.terminalId,
    code: opts.code,
    installationId,
    ...(opts.publicKey ? { publicKey: opts.publicKey } : {}),
  });
  if (!answer.ok) return { ok: false, reason: 'refused', failure: answer.failure };
  const got = answer.value;
  if (got.storeId !== identity.storeId || got.terminalId !== identity.terminalId)
    return {
      ok: false,
      reason: 'wrongTerminal',
      failure: {
        kind: 'deterministic',
        code: 'enrolled-as-other-terminal',
        detail: `the CRM enrolled ${got.storeId}/${got.terminalId}, this till is ${identity.storeId}/${identity.terminalId}`,
      },
    };
  const enrolledAt = (opts.now?.() ?? new Date()).toISOString();
  return ledger.transaction('rw', [ledger.terminal, ledger.outbox, ledger.counters], async () => {
    await ledger.terminal.bulkPut([
      { key: 'epoch', value: got.epoch },
      { key: CREDENTIAL, value: got.credential },
      { key: ENROLLED_AT, value: enrolledAt },
    ]);
    // A till enrolled again the same day continues the day's receipt numbers where the CRM says (issue 15).
    if (got.businessDate !== undefined) {
      const name = receiptCounterName(got.businessDate);
      const local = await ledger.counters.get(name);
      const from = continuedReceiptCounter(local?.value ?? 0, got.receiptSeqFrom);
      if (from !== null)
        await ledger.counters.bulkPut([
          { name, value: from },
          { name: receiptBaseCounterName(got.businessDate), value: from },
        ]);
    }
    // A retry whose first answer was lost gets the same epoch: then there is nothing to re-stamp.
    const restamped = await ledger.outbox
      .filter((r) => r.epoch !== got.epoch && (r.state === 'pending' || r.state === 'inflight'))
      .modify((r) => {
        r.epoch = got.epoch;
        r.mutationId = mutationIdOf(identity.storeId, identity.terminalId, got.epoch, r.seq);
      });
    return {
      ok: true as const,
      enrollment: {
        storeId: got.storeId,
        terminalId: got.terminalId,
        epoch: got.epoch,
        credential: got.credential,
        enrolledAt,
      },
      already: false,
      restamped,
    };
  });
}

/**
 * A 401 after enrollment: a duplicated or retried enrollment made the CRM issue a newer credential than
 * the one kept here (each retry with the code and installation id gets a fresh one). The same retry gets
 * a valid one back, for the same epoch; any other epoch would break the seq numbering and is refused.
 */
export async function renewCredential(opts: EnrollOptions): Promise<EnrollOutcome> {
  const { ledger, client } = opts;
  const current = await readEnrollment(ledger);
  if (!current) return ensureEnrolled(opts);
  if (!opts.code) return { ok: false, reason: 'noCode' };
  const answer = await client.enroll({
    storeId: current.storeId,
    terminalId: current.terminalId,
    code: opts.code,
    installationId: await installationIdOf(ledger),
    ...(opts.publicKey ? { publicKey: opts.publicKey } : {}),
  });
  if (!answer.ok) return { ok: false, reason: 'refused', failure: answer.failure };
  const got = answer.value;
  if (got.epoch !== current.epoch || got.terminalId !== current.terminalId || got.storeId !== current.storeId)
    return {
      ok: false,
      reason: 'wrongTerminal',
      failure: {
        kind: 'deterministic',
        code: 'epoch-changed',
        detail: `re-enrollment gave epoch ${got.epoch}, this ledger is epoch ${current.epoch}`,
      },
    };
  await ledger.transaction('rw', ledger.terminal, () =>
    ledger.terminal.put({ key: CREDENTIAL, value: got.credential }),
  );
  return { ok: true, enrollment: { ...current, credential: got.credential }, already: false, restamped: 0 };
}
