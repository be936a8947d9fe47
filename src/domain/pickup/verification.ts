// Whether an order shown at the counter may be handed over, and if not, exactly why. Every refusal changes
// nothing; each carries what staff need to tell the customer (for a handed-over order: when, where, by whom).
import type { TokenClaims, VerifyResult } from '../signedToken';
import { effectiveState, type PickupOrderState } from './lifecycle';

export type PickupRefusalReason =
  | 'badCode' // not 8 digits with a valid check digit, nor a pickup token
  | 'unknownCode' // no such order (in the CRM, or in the cache when offline)
  | 'forgedToken' // the QR's signature does not check out (or its key is unknown)
  | 'otherStore' // the order is to be collected at another store
  | 'notReady' // paid or still being prepared
  | 'cancelled'
  | 'expired'
  | 'alreadyHandedOver';

/** Who handed an order over, where and when: shown when someone tries again. */
export interface HandoverFacts {
  at: string;
  storeId?: string | undefined;
  terminalId?: string | undefined;
  staffId?: string | undefined;
  staffName?: string | undefined;
  /** Known only to this till so far (not yet acknowledged by the CRM). */
  local?: boolean | undefined;
}

/** The fields of an order the rules need (the cached or CRM copy, masked for staff). */
export interface OrderFacts {
  id: string;
  storeId: string;
  code: string;
  state: PickupOrderState;
  pickupBy?: string | undefined;
  handedOverAt?: string | undefined;
  handover?: HandoverFacts | undefined;
}

export type PickupCheck<O extends OrderFacts> =
  | { ok: true; order: O }
  | { ok: false; reason: PickupRefusalReason; order?: O; handover?: HandoverFacts; storeId?: string };

export interface PickupCheckContext {
  storeId: string;
  now: Date;
  /** A handover this till recorded that the order's copy does not show yet. */
  localHandover?: HandoverFacts | undefined;
}

/** The rules in order: another store, then handed over (locally too), cancelled, expired, not ready. */
export function checkOrder<O extends OrderFacts>(
  order: O | undefined,
  ctx: PickupCheckContext,
): PickupCheck<O> {
  if (!order) return { ok: false, reason: 'unknownCode' };
  if (order.storeId !== ctx.storeId)
    return { ok: false, reason: 'otherStore', order, storeId: order.storeId };
  if (order.state === 'handedOver' || ctx.localHandover) {
    const handover: HandoverFacts = order.handover ??
      ctx.localHandover ?? { at: order.handedOverAt ?? '', storeId: order.storeId };
    return { ok: false, reason: 'alreadyHandedOver', order, handover };
  }
  const state = effectiveState(order, ctx.now);
  if (state === 'cancelled') return { ok: false, reason: 'cancelled', order };
  if (state === 'expired') return { ok: false, reason: 'expired', order };
  if (state !== 'ready') return { ok: false, reason: 'notReady', order };
  return { ok: true, order };
}

/** The claims a pickup QR token carries besides the standard ones. */
export interface PickupTokenClaims extends TokenClaims {
  /** The 8-digit code of the order (so a typed code and a scanned QR meet on the same order). */
  code: string;
  /** The store the order is to be collected at. */
  store: string;
}

export type TokenCheck =
  | { ok: true; orderId: string; code: string; storeId: string }
  | { ok: false; reason: 'forgedToken' | 'expired' };

/**
 * Reads a verified (or refused) pickup token. An expired token means the order's pickup window closed;
 * every other failure (bad signature, unknown key, wrong kind, garbage) is treated as forged.
 */
export function readPickupToken(result: VerifyResult): TokenCheck {
  if (!result.ok) return { ok: false, reason: result.reason === 'expired' ? 'expired' : 'forgedToken' };
  const c = result.claims;
  if (typeof c.code !== 'string' || !/^\d{8}$/.test(c.code) || typeof c.store !== 'string')
    return { ok: false, reason: 'forgedToken' };
  return { ok: true, orderId: c.sub, code: c.code, storeId: c.store };
}

/** A token that checks out must also name the order it was matched with (same id, same code). */
export function tokenMatchesOrder(
  token: { orderId: string; code: string },
  order: { id: string; code: string },
): boolean {
  return token.orderId === order.id && token.code === order.code;
}
