import { describe, expect, it } from 'vitest';
import { ageMessage, clockSkewMessage, errorMessage } from './syncText';

describe('sync text', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  it('gives an age in its largest whole unit', () => {
    expect(ageMessage('2026-01-01T00:00:00Z', t0 + 42_000)).toEqual({ key: 'sync.age.s', params: { n: 42 } });
    expect(ageMessage('2026-01-01T00:00:00Z', t0 + 125_000)).toEqual({ key: 'sync.age.m', params: { n: 2 } });
    expect(ageMessage('2026-01-01T00:00:00Z', t0 + 7_300_000)).toEqual({
      key: 'sync.age.h',
      params: { n: 2 },
    });
    expect(ageMessage('2026-01-01T00:00:00Z', t0 + 3 * 86_400_000)).toEqual({
      key: 'sync.age.d',
      params: { n: 3 },
    });
    // A clock behind the record's stamp never shows a negative age.
    expect(ageMessage('2026-01-01T00:00:00Z', t0 - 5000)).toEqual({ key: 'sync.age.s', params: { n: 0 } });
  });

  it('names an error by what the cashier can do about it', () => {
    const at = '2026-01-01T00:00:00Z';
    expect(errorMessage({ kind: 'transient', code: 'network', detail: 'x', at }).key).toBe(
      'sync.error.network',
    );
    expect(errorMessage({ kind: 'badAnswer', code: 'bad-schema', detail: 'x', status: 200, at }).key).toBe(
      'sync.error.badAnswer',
    );
    expect(errorMessage({ kind: 'transient', code: 'http-503', detail: 'x', status: 503, at })).toEqual({
      key: 'sync.error.http',
      params: { status: 503 },
    });
    expect(errorMessage({ kind: 'local', code: 'not-enrolled', detail: 'x', at }).key).toBe(
      'sync.error.notEnrolled',
    );
    expect(errorMessage({ kind: 'local', code: 'local-error', detail: 'x', at }).key).toBe(
      'sync.error.local',
    );
  });

  it('says the till clock is wrong past three minutes, and which way', () => {
    expect(clockSkewMessage(null)).toBeNull();
    expect(clockSkewMessage(-170_000)).toBeNull();
    expect(clockSkewMessage(-2 * 3600_000)).toEqual({ key: 'sync.clock.fast.h', params: { n: 2 } });
    expect(clockSkewMessage(30 * 86_400_000)).toEqual({ key: 'sync.clock.slow.d', params: { n: 30 } });
    expect(clockSkewMessage(-10 * 60_000)).toEqual({ key: 'sync.clock.fast.m', params: { n: 10 } });
  });
});
