import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, cleared, DEFAULT_LOCKOUT_POLICY, lockoutStatus, type LockoutState } from './lockout';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const P = DEFAULT_LOCKOUT_POLICY;

function fail(state: LockoutState | undefined, minute: number) {
  return afterFailure('E1002', state, at(minute)).state;
}

describe('lockout', () => {
  it('locks on the fifth wrong PIN in a row, for 15 minutes', () => {
    let s: LockoutState | undefined;
    for (let i = 0; i < 4; i++) {
      const r = afterFailure('E1002', s, at(i));
      expect(r.lockedNow).toBe(false);
      s = r.state;
      expect(lockoutStatus(s, at(i))).toEqual({ locked: false, failures: i + 1, remaining: 4 - i });
    }
    const r = afterFailure('E1002', s, at(4));
    expect(r.lockedNow).toBe(true);
    expect(lockoutStatus(r.state, at(4))).toEqual({
      locked: true,
      until: at(19).toISOString(),
      minutesLeft: 15,
    });
    expect(lockoutStatus(r.state, at(18.5))).toMatchObject({ locked: true, minutesLeft: 1 });
    // The lock runs out; the count starts again from zero.
    expect(lockoutStatus(r.state, at(19))).toEqual({ locked: false, failures: 0, remaining: 5 });
    expect(afterFailure('E1002', r.state, at(20)).state.failures).toBe(1);
  });

  it('forgets wrong PINs older than the window', () => {
    let s = fail(undefined, 0);
    s = fail(s, 1);
    s = fail(s, 2);
    expect(lockoutStatus(s, at(17)).locked).toBe(false);
    expect(lockoutStatus(s, at(17.5))).toMatchObject({ failures: 0 });
    expect(fail(s, 30).failures).toBe(1);
  });

  it('a correct PIN or a manager resets the count', () => {
    let s: LockoutState | undefined;
    for (let i = 0; i < 5; i++) s = fail(s, i);
    expect(lockoutStatus(s, at(5)).locked).toBe(true);
    expect(lockoutStatus(cleared('E1002'), at(5))).toEqual({ locked: false, failures: 0, remaining: 5 });
  });

  it('property: never locked before maxFailures wrong PINs inside the window; always locked at it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('ok' as const), fc.integer({ min: 0, max: 40 })), { maxLength: 40 }),
        (steps) => {
          let s: LockoutState | undefined;
          let minute = 0;
          // A model: consecutive failures with gaps within the window, since the last success or lock expiry.
          let run = 0;
          let lastFail = -Infinity;
          let lockedUntil = -Infinity;
          for (const step of steps) {
            if (step === 'ok') {
              if (lockoutStatus(s, at(minute)).locked) continue; // a locked employee cannot log in
              s = cleared('E1002');
              run = 0;
              continue;
            }
            minute += step;
            const status = lockoutStatus(s, at(minute));
            expect(status.locked).toBe(minute < lockedUntil);
            if (status.locked) continue;
            if (minute >= lockedUntil && lockedUntil !== -Infinity && lastFail < lockedUntil) run = 0;
            if (minute - lastFail > P.failureWindowMinutes) run = 0;
            const r = afterFailure('E1002', s, at(minute));
            run += 1;
            lastFail = minute;
            expect(r.lockedNow).toBe(run >= P.maxFailures);
            if (r.lockedNow) {
              lockedUntil = minute + P.lockMinutes;
              run = 0;
            }
            s = r.state;
          }
        },
      ),
    );
  });
});
