// The one way any feature asks for a manager's approval (void after tender, refund, price override,
// drawer without sale, cash variance, offline redemption over the cap, revealing a phone number...).
// Owned by the staff feature: it opens the approval overlay (manager PIN or badge scan), records the
// approval in the audit log, and resolves with the approver, or null when the cashier cancels.
import type { AppThunk } from '../../app/store';

export type ApprovalAction =
  | 'voidAfterTender'
  | 'refund'
  | 'priceOverride'
  | 'discountOverLimit'
  | 'noSaleDrawer'
  | 'cashVariance'
  | 'offlineRedemptionOverCap'
  | 'offlinePickupOverThreshold'
  | 'revealPhone'
  | 'settings';

export interface ApprovalRequest {
  action: ApprovalAction;
  /** What is being approved, for the overlay and the audit entry (amounts in fen, receipt numbers...). */
  detail: Record<string, string | number | boolean>;
  /** Shown to the manager: why it needs approval (already translated, or a key). */
  reasonKey?: string;
}

export interface Approval {
  approverId: string;
  approverName: string;
  action: ApprovalAction;
  note?: string;
  at: string;
}

/**
 * Resolves with the approval, or null if cancelled. Until the staff feature lands its overlay this
 * refuses every request, so nothing sensitive passes unapproved.
 */
export function requestApproval(_req: ApprovalRequest): AppThunk<Promise<Approval | null>> {
  return async () => null;
}
