// Checking who is at the till: employee number + PIN (login, unlocking the till, a manager's approval) or a
// manager's badge scan. Works offline against the cached staff. Wrong PINs count towards a lockout kept in the
// ledger; every attempt, good or bad, is an audit entry written in the same transaction as the counter.
import {
  afterFailure,
  cleared,
  DEFAULT_LOCKOUT_POLICY,
  lockoutStatus,
  type LockoutPolicy,
} from '../../domain/staff/lockout';
import { can, canUseMode, resolveStaffId, type Permission } from '../../domain/staff/roles';
import { isPinFormat } from '../../domain/staff/pinHash';
import { parseStaffBadge, staffBadgeHash } from '../../domain/staff/badge';
import { constantTimeEqual } from '../../domain/staff/pinHash';
import type { AuditEntry } from '../../domain/staff/auditChain';
import type { CacheDb, LedgerDb } from '../db';
import { appendAudit, appendAuditInTx, auditTables, type AuditInput } from './audit';
import { listCachedStaff, type Staff } from './staffCache';
import { verifyPin } from './pin';

export interface StaffCheckDeps {
  ledger: LedgerDb;
  cache: CacheDb;
  now(): Date;
  newId(): string;
  policy?: LockoutPolicy;
  /** See AuditDeps.toOutbox. */
  toOutbox?: boolean;
}

/** Why the PIN is being asked for; it decides the permission needed and what the audit entry says. */
export type PinPurpose = 'login' | 'unlock' | 'approval' | 'staffUnlock';

export type StaffCheck =
  | { ok: true; staff: Staff; audit: AuditEntry | null }
  | {
      ok: false;
      reason: 'unknown' | 'inactive' | 'wrongPin' | 'locked' | 'notAllowed' | 'badBadge';
      staff?: Staff;
      /** Wrong PINs left before the lockout (wrongPin). */
      remaining?: number;
      /** Until when the employee is locked out (locked). */
      lockedUntil?: string;
      /** This attempt locked the employee out. */
      lockedNow?: boolean;
    };

export interface PinAttempt {
  typedId: string;
  pin: string;
  purpose: PinPurpose;
  /** Login: the terminal's mode decides which roles may sell here. */
  mode?: 'cashier' | 'pda';
  /** Approval and the like: the permission the employee must hold. */
  permission?: Permission;
  /** Only this employee may answer (unlocking the till for the cashier who locked it, without a manager). */
  onlyStaffId?: string;
  /** The entry to write when the check passes, in the same transaction as the lockout reset. */
  onSuccess?: (staff: Staff) => AuditInput | null;
}

function allowed(
  staff: Staff,
  a: { purpose: PinPurpose; mode?: 'cashier' | 'pda'; permission?: Permission },
) {
  if (a.permission && !can(staff.role, a.permission)) return false;
  if (a.purpose === 'login' && !canUseMode(staff.role, a.mode ?? 'cashier')) return false;
  return true;
}

export async function checkStaffPin(deps: StaffCheckDeps, a: PinAttempt): Promise<StaffCheck> {
  const { ledger } = deps;
  const policy = deps.policy ?? DEFAULT_LOCKOUT_POLICY;
  const { staff: all } = await listCachedStaff(deps.cache);
  const id = resolveStaffId(
    a.typedId,
    all.map((s) => s.id),
  );
  const staff = id ? all.find((s) => s.id === id) : undefined;
  const failed = (actorId: string, reason: string, extra: AuditInput['detail'] = {}) =>
    appendAudit(
      ledger,
      { action: 'staff.pinFailed', actorId, detail: { purpose: a.purpose, reason, ...extra } },
      deps,
    );

  if (!staff) {
    await failed(a.typedId, 'unknown');
    return { ok: false, reason: 'unknown' };
  }
  if (!staff.active || (a.onlyStaffId && staff.id !== a.onlyStaffId)) {
    await failed(staff.id, staff.active ? 'notThisStaff' : 'inactive');
    return { ok: false, reason: staff.active ? 'notAllowed' : 'inactive', staff };
  }
  const before = lockoutStatus(await ledger.staffLockouts.get(staff.id), deps.now(), policy);
  if (before.locked) {
    await failed(staff.id, 'locked', { lockedUntil: before.until });
    return { ok: false, reason: 'locked', staff, lockedUntil: before.until };
  }
  // The slow hash runs before the transaction: crypto.subtle inside it would commit it early.
  const good = isPinFormat(a.pin) && (await verifyPin(a.pin, staff.pinHash));

  return ledger.transaction('rw', [ledger.staffLockouts, ...auditTables(ledger)], async () => {
    const now = deps.now();
    const current = await ledger.staffLockouts.get(staff.id);
    const status = lockoutStatus(current, now, policy);
    if (status.locked) {
      // Another attempt locked the employee out while this PIN was being checked.
      await appendAuditInTx(
        ledger,
        { action: 'staff.pinFailed', actorId: staff.id, detail: { purpose: a.purpose, reason: 'locked' } },
        deps,
      );
      return { ok: false as const, reason: 'locked' as const, staff, lockedUntil: status.until };
    }
    if (!good) {
      const r = afterFailure(staff.id, current, now, policy);
      await ledger.staffLockouts.put(r.state);
      await appendAuditInTx(
        ledger,
        {
          action: r.lockedNow ? 'staff.lockedOut' : 'staff.pinFailed',
          actorId: staff.id,
          detail: {
            purpose: a.purpose,
            reason: 'wrongPin',
            failures: r.state.failures,
            ...(r.state.lockedUntil ? { lockedUntil: r.state.lockedUntil } : {}),
          },
        },
        deps,
      );
      return r.lockedNow
        ? {
            ok: false as const,
            reason: 'locked' as const,
            staff,
            lockedUntil: r.state.lockedUntil!,
            lockedNow: true,
          }
        : {
            ok: false as const,
            reason: 'wrongPin' as const,
            staff,
            remaining: policy.maxFailures - r.state.failures,
          };
    }
    if (current && current.failures > 0) await ledger.staffLockouts.put(cleared(staff.id));
    if (!allowed(staff, a)) {
      await appendAuditInTx(
        ledger,
        { action: 'staff.pinRefused', actorId: staff.id, detail: { purpose: a.purpose, role: staff.role } },
        deps,
      );
      return { ok: false as const, reason: 'notAllowed' as const, staff };
    }
    const entry = a.onSuccess?.(staff) ?? null;
    const audit = entry ? await appendAuditInTx(ledger, entry, deps) : null;
    return { ok: true as const, staff, audit };
  });
}

export interface BadgeAttempt {
  code: string;
  purpose: PinPurpose;
  permission?: Permission;
  onSuccess?: (staff: Staff) => AuditInput | null;
}

/** A badge scan: the badge's hash must be the one the CRM sent for that employee. */
export async function checkStaffBadge(deps: StaffCheckDeps, a: BadgeAttempt): Promise<StaffCheck> {
  const badge = parseStaffBadge(a.code);
  const staff = badge
    ? (await listCachedStaff(deps.cache)).staff.find((s) => s.id === badge.staffId)
    : undefined;
  const enc = new TextEncoder();
  const matches =
    !!badge &&
    !!staff?.badgeHash &&
    constantTimeEqual(enc.encode(staffBadgeHash(badge.code)), enc.encode(staff.badgeHash));
  const refuse = async (reason: 'badBadge' | 'inactive' | 'notAllowed', actorId: string) => {
    await appendAudit(
      deps.ledger,
      { action: 'staff.badgeFailed', actorId, detail: { purpose: a.purpose, reason } },
      deps,
    );
    return { ok: false as const, reason, ...(staff ? { staff } : {}) };
  };
  if (!staff || !matches) return refuse('badBadge', badge?.staffId ?? 'badge');
  if (!staff.active) return refuse('inactive', staff.id);
  if (!allowed(staff, a)) return refuse('notAllowed', staff.id);
  const entry = a.onSuccess?.(staff) ?? null;
  const audit = entry ? await appendAudit(deps.ledger, entry, deps) : null;
  return { ok: true, staff, audit };
}

/** Lockout state of one employee now (for the login screen's message). */
export async function staffLockout(deps: StaffCheckDeps, staffId: string) {
  return lockoutStatus(
    await deps.ledger.staffLockouts.get(staffId),
    deps.now(),
    deps.policy ?? DEFAULT_LOCKOUT_POLICY,
  );
}

/** A manager lifts an employee's lockout early; recorded with who approved it. */
export async function liftLockout(
  deps: StaffCheckDeps,
  staffId: string,
  managerId: string,
): Promise<AuditEntry> {
  const { ledger } = deps;
  return ledger.transaction('rw', [ledger.staffLockouts, ...auditTables(ledger)], async () => {
    await ledger.staffLockouts.put(cleared(staffId));
    return appendAuditInTx(
      ledger,
      { action: 'staff.unlocked', actorId: staffId, approvedBy: managerId, detail: {} },
      deps,
    );
  });
}
