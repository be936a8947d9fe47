// Lockout after repeated wrong PINs, per employee and per till: N failures within a window lock the employee
// out for a while; a correct PIN resets the count; a manager can lift a lock early. Pure: times are passed in.

export interface LockoutPolicy {
  /** Wrong PINs in a row (within the window) that lock the employee out. */
  maxFailures: number;
  lockMinutes: number;
  /** A wrong PIN older than this no longer counts. */
  failureWindowMinutes: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailures: 5,
  lockMinutes: 15,
  failureWindowMinutes: 15,
};

/** One employee's record on this till (ISO times). */
export interface LockoutState {
  staffId: string;
  failures: number;
  lastFailureAt?: string;
  lockedUntil?: string;
}

export type LockoutStatus =
  | { locked: false; failures: number; remaining: number }
  | { locked: true; until: string; minutesLeft: number };

const MINUTE = 60_000;

/** The failures that still count at `now` (a lock that ran out or an old failure starts again from zero). */
function liveFailures(s: LockoutState | undefined, now: Date, policy: LockoutPolicy): number {
  if (!s || s.failures <= 0) return 0;
  if (s.lockedUntil && Date.parse(s.lockedUntil) <= now.getTime()) return 0;
  if (s.lastFailureAt && now.getTime() - Date.parse(s.lastFailureAt) > policy.failureWindowMinutes * MINUTE)
    return 0;
  return s.failures;
}

export function lockoutStatus(
  s: LockoutState | undefined,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): LockoutStatus {
  if (s?.lockedUntil) {
    const left = Date.parse(s.lockedUntil) - now.getTime();
    if (left > 0) return { locked: true, until: s.lockedUntil, minutesLeft: Math.ceil(left / MINUTE) };
  }
  const failures = liveFailures(s, now, policy);
  return { locked: false, failures, remaining: policy.maxFailures - failures };
}

/** A wrong PIN while not locked: the new record, and whether this failure locked the employee out. */
export function afterFailure(
  staffId: string,
  s: LockoutState | undefined,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): { state: LockoutState; lockedNow: boolean } {
  const failures = liveFailures(s, now, policy) + 1;
  const at = now.toISOString();
  if (failures >= policy.maxFailures) {
    const until = new Date(now.getTime() + policy.lockMinutes * MINUTE).toISOString();
    return { state: { staffId, failures, lastFailureAt: at, lockedUntil: until }, lockedNow: true };
  }
  return { state: { staffId, failures, lastFailureAt: at }, lockedNow: false };
}

/** A correct PIN, or a manager lifting the lock: the count starts again. */
export function cleared(staffId: string): LockoutState {
  return { staffId, failures: 0 };
}
