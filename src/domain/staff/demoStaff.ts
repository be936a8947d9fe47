// The demo store's staff, shared by the CRM's seed and a demo till with no CRM. Weak PINs, printed in the
// README: demo only, never a real store. Managers' PINs have 6 digits (MIN_MANAGER_PIN_DIGITS), like any manager's.
import type { StaffRole } from './roles';

export interface DemoStaffMember {
  id: string;
  name: string;
  role: StaffRole;
  pin: string;
  /** Managers carry a badge that approves with one scan. */
  badge?: string;
}

export const DEMO_STAFF: readonly DemoStaffMember[] = [
  { id: 'E1001', name: '测试店长', role: 'manager', pin: '999999', badge: 'SB1.E1001.DEMO7Q2M9X4K8P' },
  { id: 'E1002', name: '测试收银甲', role: 'cashier', pin: '1111' },
  { id: 'E1003', name: '测试收银乙', role: 'cashier', pin: '2222' },
  { id: 'E1004', name: '测试理货员', role: 'floor', pin: '3333' },
  { id: 'E1005', name: '测试值班经理', role: 'manager', pin: '888888', badge: 'SB1.E1005.DEMO3H8R6T1W5N' },
];
