import { describe, expect, it } from 'vitest';
import { parseStaffBadge, staffBadgeHash } from './badge';
import { DEMO_STAFF } from './demoStaff';
import { can, canUseMode, resolveStaffId } from './roles';

describe('roles', () => {
  it('only managers approve, unlock and settle issues', () => {
    expect(can('manager', 'approve')).toBe(true);
    expect(can('cashier', 'approve')).toBe(false);
    expect(can('floor', 'approve')).toBe(false);
    expect(can('cashier', 'staff.unlock')).toBe(false);
    expect(can('manager', 'issues.resolve')).toBe(true);
  });

  it('floor staff use the handheld, not the cashier till', () => {
    expect(canUseMode('floor', 'cashier')).toBe(false);
    expect(canUseMode('floor', 'pda')).toBe(true);
    expect(canUseMode('cashier', 'cashier')).toBe(true);
    expect(canUseMode('manager', 'cashier')).toBe(true);
  });

  it('finds the employee number as typed on a keypad or a keyboard', () => {
    const ids = DEMO_STAFF.map((s) => s.id);
    expect(resolveStaffId('E1002', ids)).toBe('E1002');
    expect(resolveStaffId(' e1002 ', ids)).toBe('E1002');
    expect(resolveStaffId('1002', ids)).toBe('E1002');
    expect(resolveStaffId('2002', ids)).toBeNull();
    expect(resolveStaffId('', ids)).toBeNull();
    // Digits that match two prefixes are ambiguous: ask for the full number.
    expect(resolveStaffId('1002', ['E1002', 'M1002'])).toBeNull();
  });
});

describe('staff badges', () => {
  it('reads SB1.<id>.<secret> and nothing else', () => {
    expect(parseStaffBadge('SB1.E1001.DEMO7Q2M9X4K8P')).toEqual({
      staffId: 'E1001',
      code: 'SB1.E1001.DEMO7Q2M9X4K8P',
    });
    expect(parseStaffBadge('SB1.E1001.SHORT')).toBeNull();
    expect(parseStaffBadge('6901234567892')).toBeNull();
    expect(parseStaffBadge('MT1.abc.def')).toBeNull();
  });

  it('hashes the whole code', () => {
    expect(staffBadgeHash('SB1.E1001.DEMO7Q2M9X4K8P')).toMatch(/^[0-9a-f]{64}$/);
    expect(staffBadgeHash(' SB1.E1001.DEMO7Q2M9X4K8P')).toBe(staffBadgeHash('SB1.E1001.DEMO7Q2M9X4K8P'));
  });

  it('every demo manager has a valid badge', () => {
    for (const s of DEMO_STAFF.filter((x) => x.role === 'manager'))
      expect(parseStaffBadge(s.badge ?? '')?.staffId).toBe(s.id);
  });
});
