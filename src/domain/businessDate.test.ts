import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDateOf } from './businessDate';

describe('businessDateOf', () => {
  it('uses the store day in Asia/Shanghai (UTC+8)', () => {
    expect(businessDateOf('2026-11-24T15:59:59.999Z')).toBe('2026-11-24');
    expect(businessDateOf('2026-11-24T16:00:00.000Z')).toBe('2026-11-25'); // 00:00 in Shanghai
    expect(businessDateOf('2026-11-24T17:30:00Z')).toBe('2026-11-25');
    expect(businessDateOf('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(businessDateOf('2026-11-25T01:30:00+08:00')).toBe('2026-11-25');
  });

  it('takes another time zone', () => {
    expect(businessDateOf('2026-11-24T17:30:00Z', 'UTC')).toBe('2026-11-24');
    expect(businessDateOf('2026-11-25T03:00:00Z', 'America/New_York')).toBe('2026-11-24');
  });

  it('moves early-morning sales to the previous day when the day starts later', () => {
    // 02:30 in Shanghai with a 04:00 day start belongs to the day before
    expect(businessDateOf('2026-11-24T18:30:00Z', 'Asia/Shanghai', 240)).toBe('2026-11-24');
    expect(businessDateOf('2026-11-24T20:00:00Z', 'Asia/Shanghai', 240)).toBe('2026-11-25');
  });

  it('refuses what is not an instant', () => {
    for (const bad of ['', '2026-11-25', '2026-11-25T10:00:00', 'yesterday', '2026-13-01T00:00:00Z']) {
      expect(() => businessDateOf(bad)).toThrow(RangeError);
    }
    expect(() => businessDateOf('2026-11-25T10:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => businessDateOf('2026-11-25T10:00:00Z', 'Asia/Shanghai', 1440)).toThrow(RangeError);
  });

  it('property: equals the UTC date of the instant shifted by 8 hours', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const expected = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
          expect(businessDateOf(d.toISOString())).toBe(expected);
        },
      ),
    );
  });
});
