// What the pickup feature keeps on the till. Handovers and ready marks live in the ledger (strict durability,
// written with their outbox record in one transaction); the queue's "seen" marks live in the cache.
import type { Collector } from '../../domain/pickup';
import type { PickupOrder } from '../../shared/crm';

/** One handover made at this till: the goods left the store. Keyed by the handover's UUIDv7. */
export interface PickupHandoverRow {
  id: string;
  pickupOrderId: string;
  code: string;
  storeId: string;
  terminalId: string;
  staffId: string;
  staffName: string;
  handedOverAt: string;
  verifiedBy: 'qr' | 'typed' | 'manual';
  /** Verified against the cached order (the CRM could not be reached). */
  offline: boolean;
  collector: Collector;
  itemCheck?: { scanned: number; expected: number };
  approvedBy?: string;
  totalFen: number;
  /** The order as shown at the counter, for the slip and a reprint. */
  order: PickupOrder;
  /** Outbox seq of its 'pickup.handedOver' record. */
  seq: number;
}

/** Staff marked an order ready here (goods in the pickup area), before the CRM echoes it back. */
export interface PickupReadyMarkRow {
  id: string;
  pickupOrderId: string;
  staffId: string;
  readiedAt: string;
  location?: string;
  seq: number;
}

/** An order the queue screen has shown once: anything else that arrives by sync is new. */
export interface PickupSeenRow {
  id: string;
  seenAt: string;
}
