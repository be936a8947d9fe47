// The life of a buy-online-pick-up-in-store order: paid -> preparing -> ready -> handedOver, or cancelled /
// expired on the way. Pure rules shared by the CRM (which applies them) and the till (which checks them
// offline against its cached copy), so both refuse the same things for the same reasons.

export const PICKUP_ORDER_STATES = [
  'paid',
  'preparing',
  'ready',
  'handedOver',
  'cancelled',
  'expired',
] as const;
export type PickupOrderState = (typeof PICKUP_ORDER_STATES)[number];

/** Days a ready order waits in the pickup area before it expires, unless the store configures another. */
export const DEFAULT_HOLD_DAYS = 3;

/** An order worth more than this (fen) needs a manager's approval to hand over while the till is offline. */
export const DEFAULT_OFFLINE_APPROVAL_THRESHOLD_FEN = 50_000;

const NEXT: Record<PickupOrderState, readonly PickupOrderState[]> = {
  paid: ['preparing', 'ready', 'cancelled', 'handedOver'],
  preparing: ['ready', 'cancelled', 'handedOver'],
  ready: ['handedOver', 'cancelled', 'expired'],
  handedOver: [],
  cancelled: [],
  expired: [],
};

export function canMove(from: PickupOrderState, to: PickupOrderState): boolean {
  return NEXT[from].includes(to);
}

export function isFinal(state: PickupOrderState): boolean {
  return NEXT[state].length === 0;
}

/** The deadline of a ready order: `readyAt` plus the hold days (UTC; a day is 24 h). */
export function pickupDeadline(readyAtIso: string, holdDays: number = DEFAULT_HOLD_DAYS): string {
  return new Date(Date.parse(readyAtIso) + holdDays * 86_400_000).toISOString();
}

/** A ready order whose deadline passed is expired even before the CRM's sweep says so. */
export function isOverdue(
  order: { state: PickupOrderState; pickupBy?: string | undefined },
  now: Date,
): boolean {
  if (order.state !== 'ready' || !order.pickupBy) return false;
  const by = Date.parse(order.pickupBy);
  return Number.isFinite(by) && by < now.getTime();
}

/** The state a till should act on: 'expired' for an overdue ready order, else the recorded one. */
export function effectiveState(
  order: { state: PickupOrderState; pickupBy?: string | undefined },
  now: Date,
): PickupOrderState {
  return isOverdue(order, now) ? 'expired' : order.state;
}

/** Offline, a large order needs a manager: the till cannot ask the CRM whether someone else took it. */
export function needsOfflineApproval(
  totalFen: number,
  online: boolean,
  thresholdFen: number = DEFAULT_OFFLINE_APPROVAL_THRESHOLD_FEN,
): boolean {
  return !online && totalFen > thresholdFen;
}
