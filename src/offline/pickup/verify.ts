// Verifying a pickup at the counter. Online, the CRM's live order decides (someone may have collected it at
// another till a minute ago); offline, or when the CRM does not answer in time, a QR token is checked with the
// CRM's cached public keys and matched with the cached order, and a typed code is looked up in the cache.
// Either way the same domain rules refuse, and this till's own handovers not yet synced count too.
import { PICKUP_TOKEN_PREFIX } from '../../domain/codes';
import {
  checkOrder,
  pickupDeadline,
  readPickupToken,
  tokenMatchesOrder,
  type HandoverFacts,
  type PickupRefusalReason,
} from '../../domain/pickup';
import { verifyToken } from '../../domain/signedToken';
import type { PickupOrder } from '../../shared/crm';
import type { CacheDb, LedgerDb } from '../db';
import type { CrmFailure } from '../sync/crmClient';
import type { PickupCrm } from './client';
import { localHandoverOf, readyMarksByOrder } from './ledger';
import { cachedPickupByCode, cachedPickupById } from './orders';
import type { PickupReadyMarkRow } from './rows';

export type PickupInput = { kind: 'code'; code: string } | { kind: 'token'; token: string };

export type VerifyRefusal = PickupRefusalReason | 'cannotCheckOffline';

export type PickupVerdict =
  | { ok: true; order: PickupOrder; source: 'crm' | 'cache'; verifiedBy: 'qr' | 'typed' }
  | {
      ok: false;
      reason: VerifyRefusal;
      source: 'crm' | 'cache';
      order?: PickupOrder;
      handover?: HandoverFacts;
      storeId?: string;
    };

export interface VerifyDeps {
  cache: CacheDb;
  ledger: LedgerDb;
  /** Absent on a till with no CRM link. */
  crm: PickupCrm | null;
  /** The sync runner's view: false goes straight to the cache. */
  online: boolean;
  storeId: string;
  now: () => Date;
  /** The CRM's public QR keys (kid -> raw key) as cached; empty when none were ever fetched. */
  publicKeys: () => Promise<Readonly<Record<string, Uint8Array>>>;
  log?: (level: 'info' | 'warn', msg: string, data: Record<string, unknown>) => void;
}

/** A ready mark made here (not yet echoed by the CRM) makes a paid/preparing order ready at this till. */
export function withLocalReady(order: PickupOrder, mark: PickupReadyMarkRow | undefined): PickupOrder {
  if (!mark || (order.state !== 'paid' && order.state !== 'preparing')) return order;
  return { ...order, state: 'ready', readyAt: mark.readiedAt, pickupBy: pickupDeadline(mark.readiedAt) };
}

async function judge(
  deps: VerifyDeps,
  order: PickupOrder | undefined,
  source: 'crm' | 'cache',
  verifiedBy: 'qr' | 'typed',
): Promise<PickupVerdict> {
  const marks = order ? await readyMarksByOrder(deps.ledger) : undefined;
  const shown = order ? withLocalReady(order, marks?.get(order.id)) : undefined;
  const localHandover = shown ? await localHandoverOf(deps.ledger, shown.id) : undefined;
  const r = checkOrder(shown, { storeId: deps.storeId, now: deps.now(), localHandover });
  if (r.ok) return { ok: true, order: r.order, source, verifiedBy };
  return {
    ok: false,
    reason: r.reason,
    source,
    ...(r.order ? { order: r.order } : {}),
    ...(r.handover ? { handover: r.handover } : {}),
    ...(r.storeId ? { storeId: r.storeId } : {}),
  };
}

/** Online when it can be, from the cache when it must. Never throws for bad input; changes nothing. */
export async function verifyPickup(deps: VerifyDeps, input: PickupInput): Promise<PickupVerdict> {
  const verifiedBy = input.kind === 'token' ? 'qr' : 'typed';
  let failure: CrmFailure | undefined;
  if (deps.crm && deps.online) {
    const answer = await deps.crm.verify(
      input.kind === 'code' ? { code: input.code } : { token: input.token },
    );
    if (answer.ok) {
      const { order, token } = answer.value;
      if (token === 'forged') return { ok: false, reason: 'forgedToken', source: 'crm' };
      if (token === 'expired')
        return { ok: false, reason: 'expired', source: 'crm', ...(order ? { order } : {}) };
      // The CRM shows a till no other store's order (decision 0042); the customer's own QR says which store it is for.
      if (!order && input.kind === 'token') {
        const other = await tokenStoreElsewhere(deps, input.token);
        if (other) return { ok: false, reason: 'otherStore', source: 'crm', storeId: other };
      }
      return judge(deps, order ?? undefined, 'crm', verifiedBy);
    }
    failure = answer.failure;
    deps.log?.('warn', 'pickup verify: CRM not answering, using the cache', {
      code: failure.code,
      kind: failure.kind,
    });
  }
  return verifyOffline(deps, input, verifiedBy);
}

/** The store a genuine pickup QR names, when it is not this one (checked with the cached keys). */
async function tokenStoreElsewhere(deps: VerifyDeps, raw: string): Promise<string | undefined> {
  const keys = await deps.publicKeys();
  const t = readPickupToken(
    verifyToken(raw, PICKUP_TOKEN_PREFIX, keys, Math.floor(deps.now().getTime() / 1000)),
  );
  return t.ok && t.storeId !== deps.storeId ? t.storeId : undefined;
}

async function verifyOffline(
  deps: VerifyDeps,
  input: PickupInput,
  verifiedBy: 'qr' | 'typed',
): Promise<PickupVerdict> {
  if (input.kind === 'code')
    return judge(deps, await cachedPickupByCode(deps.cache, input.code), 'cache', verifiedBy);
  const keys = await deps.publicKeys();
  const result = verifyToken(input.token, PICKUP_TOKEN_PREFIX, keys, Math.floor(deps.now().getTime() / 1000));
  // A genuine QR signed with a key this till never received cannot be told from a forgery offline.
  if (!result.ok && result.reason === 'unknownKey')
    return {
      ok: false,
      reason: Object.keys(keys).length === 0 ? 'cannotCheckOffline' : 'forgedToken',
      source: 'cache',
    };
  const token = readPickupToken(result);
  if (!token.ok) return { ok: false, reason: token.reason, source: 'cache' };
  if (token.storeId !== deps.storeId)
    return { ok: false, reason: 'otherStore', source: 'cache', storeId: token.storeId };
  const order = await cachedPickupById(deps.cache, token.orderId);
  if (order && !tokenMatchesOrder(token, order)) return { ok: false, reason: 'forgedToken', source: 'cache' };
  return judge(deps, order, 'cache', verifiedBy);
}
