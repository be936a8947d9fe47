// The payload of each outbox mutation: the intent of a business action, as recorded on the till.
// The CRM derives every side effect (points, coupons, pickups) from these and nothing else, so a
// payload must carry all it needs: prices used, member, points deltas, coupons, pickup code.
import { z } from 'zod';
import type { MutationType } from '../../domain/model';
import {
  BusinessDateSchema,
  CartLineSchema,
  CrmIdSchema,
  FenSchema,
  IsoTimeSchema,
  NonNegativeFenSchema,
  SaleSchema,
  TenderSchema,
  Uuidv7Schema,
} from './model';

export const MUTATION_TYPES = [
  'sale.completed',
  'sale.voided',
  'pickup.handedOver',
  'pickup.readied',
  'shift.opened',
  'cash.moved',
  'shift.closed',
  'refund.completed',
  'audit.appended',
] as const;
export const MutationTypeSchema = z.enum(MUTATION_TYPES);

/**
 * Points moved by a sale. Entry ids are UUIDv7 made on the till and unique forever at the CRM,
 * so a re-sent sale can never earn or redeem twice.
 */
export const PointsIntentSchema = z.object({
  memberId: CrmIdSchema,
  earn: z.int().min(0),
  earnEntryId: Uuidv7Schema.optional(),
  redeem: z.int().min(0),
  redeemEntryId: Uuidv7Schema.optional(),
  /** True when the till redeemed against an offline (provisional) balance. */
  provisional: z.boolean().optional(),
});

export const CouponUseSchema = z.object({
  couponId: CrmIdSchema,
  code: z.string().max(64),
  discountFen: NonNegativeFenSchema,
});

/** entityId = sale.id. */
export const SaleCompletedPayloadSchema = z.object({
  sale: SaleSchema,
  points: PointsIntentSchema.optional(),
  coupons: z.array(CouponUseSchema).default([]),
});

/** entityId = saleId. Voiding reverses the sale's points and frees its coupons. */
export const SaleVoidedPayloadSchema = z.object({
  saleId: Uuidv7Schema,
  receiptNo: z.string().max(64),
  voidedBy: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  reason: z.string().max(200),
  voidedAt: IsoTimeSchema,
  /** Ledger entry id for the reversal of the sale's points. */
  reverseEntryId: Uuidv7Schema.optional(),
});

/** entityId = a UUIDv7 made for the handover. */
export const PickupHandedOverPayloadSchema = z.object({
  pickupOrderId: CrmIdSchema,
  /** The 8-digit code or the token's code that was verified. */
  code: z.string().max(64),
  verifiedBy: z.enum(['qr', 'typed', 'manual']),
  staffId: CrmIdSchema,
  handedOverAt: IsoTimeSchema,
});

/** entityId = shiftId. Counts and totals as the till computed them; the CRM checks them against the sales it holds. */
export const ShiftClosedPayloadSchema = z.object({
  shiftId: Uuidv7Schema,
  cashierId: CrmIdSchema,
  closedBy: CrmIdSchema,
  businessDate: BusinessDateSchema,
  openedAt: IsoTimeSchema,
  closedAt: IsoTimeSchema,
  saleCount: z.int().min(0),
  salesTotalFen: FenSchema,
  refundTotalFen: FenSchema.default(0),
  openingFloatFen: NonNegativeFenSchema,
  cashExpectedFen: FenSchema,
  cashCountedFen: FenSchema,
});

/** entityId = refundId. */
export const RefundCompletedPayloadSchema = z.object({
  refundId: Uuidv7Schema,
  originalSaleId: Uuidv7Schema,
  originalReceiptNo: z.string().max(64),
  receiptNo: z.string().max(64),
  lines: z.array(CartLineSchema),
  tenders: z.array(TenderSchema),
  totalFen: NonNegativeFenSchema,
  staffId: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  createdAt: IsoTimeSchema,
  /** Points taken back from the member (negative ledger entry). */
  pointsReversal: z
    .object({ memberId: CrmIdSchema, points: z.int().min(0), entryId: Uuidv7Schema })
    .optional(),
});

/** entityId = pickupOrderId. Staff put the goods in the pickup area (issue 5 refines this). */
export const PickupReadiedPayloadSchema = z.object({
  pickupOrderId: CrmIdSchema,
  staffId: CrmIdSchema,
  readiedAt: IsoTimeSchema,
});

/** entityId = shiftId. The float counted by denomination at opening (issue 7 refines this). */
export const ShiftOpenedPayloadSchema = z.object({
  shiftId: Uuidv7Schema,
  cashierId: CrmIdSchema,
  businessDate: BusinessDateSchema,
  openedAt: IsoTimeSchema,
  openingFloatFen: NonNegativeFenSchema,
  denominations: z.record(z.string(), z.int().min(0)).default({}),
});

/** entityId = a UUIDv7 made for the move. Pay-in, pay-out and safe drop (issue 7 refines this). */
export const CashMovedPayloadSchema = z.object({
  moveId: Uuidv7Schema,
  shiftId: Uuidv7Schema,
  kind: z.enum(['payIn', 'payOut', 'drop']),
  amountFen: NonNegativeFenSchema,
  reason: z.string().max(200),
  staffId: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  at: IsoTimeSchema,
});

/** entityId = the entry's UUIDv7. One audit log entry, chained to the previous one by hash (issue 7). */
export const AuditAppendedPayloadSchema = z.object({
  entryId: Uuidv7Schema,
  index: z.int().min(0),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  action: z.string().max(64),
  actorId: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  detail: z.record(z.string(), z.unknown()),
  at: IsoTimeSchema,
});

export const MUTATION_PAYLOAD_SCHEMAS = {
  'sale.completed': SaleCompletedPayloadSchema,
  'sale.voided': SaleVoidedPayloadSchema,
  'pickup.handedOver': PickupHandedOverPayloadSchema,
  'pickup.readied': PickupReadiedPayloadSchema,
  'shift.opened': ShiftOpenedPayloadSchema,
  'cash.moved': CashMovedPayloadSchema,
  'shift.closed': ShiftClosedPayloadSchema,
  'refund.completed': RefundCompletedPayloadSchema,
  'audit.appended': AuditAppendedPayloadSchema,
} as const;

export type MutationTypeName = z.infer<typeof MutationTypeSchema>;
export type SaleCompletedPayload = z.infer<typeof SaleCompletedPayloadSchema>;
export type SaleVoidedPayload = z.infer<typeof SaleVoidedPayloadSchema>;
export type PickupHandedOverPayload = z.infer<typeof PickupHandedOverPayloadSchema>;
export type ShiftClosedPayload = z.infer<typeof ShiftClosedPayloadSchema>;
export type RefundCompletedPayload = z.infer<typeof RefundCompletedPayloadSchema>;
export type MutationPayload<T extends MutationTypeName> = z.infer<(typeof MUTATION_PAYLOAD_SCHEMAS)[T]>;

// The outbox's MutationType and this contract must name the same mutations.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;
void same<Same<MutationTypeName, MutationType>>();
