// Who may do what at a till. Three roles come from the CRM: cashier, floor staff, manager.

export const STAFF_ROLES = ['cashier', 'floor', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type Permission =
  /** Sell at a cashier till. */
  | 'till.sell'
  /** Use the handheld (member lookup, price check, pickups). */
  | 'pda.use'
  /** Approve what needs a manager (void after tender, refund, overrides, drawer without sale, variances...). */
  | 'approve'
  /** Lift another employee's lockout. */
  | 'staff.unlock'
  /** Settle the CRM's issues. */
  | 'issues.resolve';

const PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  cashier: ['till.sell', 'pda.use'],
  floor: ['pda.use'],
  manager: ['till.sell', 'pda.use', 'approve', 'staff.unlock', 'issues.resolve'],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

/** Whether the role may log in on a terminal in this mode (a cashier till, or a handheld). */
export function canUseMode(role: StaffRole, mode: 'cashier' | 'pda'): boolean {
  return can(role, mode === 'cashier' ? 'till.sell' : 'pda.use');
}

/**
 * The employee number as typed on a keypad (digits only) or a keyboard (any case): '1002' or 'e1002' finds
 * E1002. Null when nothing matches.
 */
export function resolveStaffId(typed: string, knownIds: readonly string[]): string | null {
  const t = typed.trim().toUpperCase();
  if (!t) return null;
  const exact = knownIds.find((id) => id.toUpperCase() === t);
  if (exact) return exact;
  if (/^\d+$/.test(t)) {
    const matches = knownIds.filter((id) => /^[A-Z]+\d+$/i.test(id) && id.replace(/^[A-Z]+/i, '') === t);
    if (matches.length === 1) return matches[0]!;
  }
  return null;
}
