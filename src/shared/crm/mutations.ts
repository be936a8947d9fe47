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
  TenderKindSchema,
  TenderSchema,
  Uuidv7Schema,
} from './model';
import { DENOMINATIONS, MAX_PIECES, type DenominationId } from '../../domain/shift/denominations';
import { ApprovalProofSchema } from './approvals';

/** A manager's approval of one sale line's price override or manual discount over the limit (decision 0040). */
export const LineApprovalSchema = z.object({
  lineId: Uuidv7Schema,
  action: z.enum(['priceOverride', 'discountOverLimit']),
  approval: ApprovalProofSchema,
});

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
  'mutation.quarantined',
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

/**
 * The member's proof of presence: the signed member code (MT1. token, src/domain/signedToken.ts) scanned at the
 * till for this sale. Spending points or a member's coupon needs it; the CRM verifies the signature, that it was
 * valid at the sale's createdAt, that it names the sale's member, and uses each token for one sale only.
 */
export const MemberProofSchema = z.object({
  token: z.string().min(1).max(1024),
  /**
   * When the till scanned it (the customer shows the code when they arrive, the sale completes minutes later).
   * The CRM checks the token at this time if it is at most MEMBER_PROOF_SPAN_S before the sale's createdAt.
   */
  scannedAt: IsoTimeSchema.optional(),
});

/** Longest a scanned member code may pay for the sale it was scanned for: seconds before the sale completed. */
export const MEMBER_PROOF_SPAN_S = 15 * 60;

/** entityId = sale.id. */
export const SaleCompletedPayloadSchema = z.object({
  sale: SaleSchema,
  points: PointsIntentSchema.optional(),
  coupons: z.array(CouponUseSchema).default([]),
  /** Present when the member was identified by their scanned member code (not by card or phone). */
  memberProof: MemberProofSchema.optional(),
  /** Approvals of lines with a price override or a manual discount over the limit (decision 0040). */
  approvals: z.array(LineApprovalSchema).max(200).optional(),
});

/** entityId = saleId. Voiding reverses the sale's points and frees its coupons. */
export const SaleVoidedPayloadSchema = z.object({
  saleId: Uuidv7Schema,
  receiptNo: z.string().max(64),
  voidedBy: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  /** The manager's approval as a proof the CRM verifies (decision 0040); approvedBy alone is a claim. */
  approval: ApprovalProofSchema.optional(),
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
  /** Verified against the till's cached order because the CRM could not be reached. */
  offline: z.boolean().optional(),
  /** Someone collecting for the customer: name and the last 4 of an ID, never the whole number. */
  collector: z
    .object({
      kind: z.enum(['customer', 'proxy']),
      name: z.string().max(40).optional(),
      idLast4: z
        .string()
        .regex(/^\d{3}[\dX]$/)
        .optional(),
    })
    .optional(),
  /** The goods were checked by scanning: how many of how many. */
  itemCheck: z.object({ scanned: z.int().min(0), expected: z.int().min(0) }).optional(),
  /** The manager who approved an offline handover over the value threshold. */
  approvedBy: CrmIdSchema.optional(),
  /** The order's total as the till saw it, for the store's performance and the manager's issue list. */
  totalFen: NonNegativeFenSchema.optional(),
});

/** Pieces per denomination (note100 ... coin1j, src/domain/shift/denominations.ts). */
export const DenominationCountsSchema = z.partialRecord(
  z.enum(DENOMINATIONS.map((d) => d.id) as [DenominationId, ...DenominationId[]]),
  z.int().min(0).max(MAX_PIECES),
);

const TenderTotalSchema = z.object({ kind: TenderKindSchema, amountFen: FenSchema, count: z.int().min(0) });

/**
 * entityId = shiftId. The Z report as the till computed it; the CRM checks counts and totals against the sales
 * and refunds it holds for the shift, and receipt numbers for gaps and duplicates. The fields after
 * cashCountedFen came with issue 7 and are optional, so a report of an older till still parses.
 */
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
  /** Sequential per terminal: Z 1, 2, 3 ... */
  zNo: z.int().min(1).optional(),
  counts: DenominationCountsSchema.optional(),
  varianceFen: FenSchema.optional(),
  /** Required by the till when the variance is over the threshold, with the approving manager. */
  note: z.string().max(500).optional(),
  approvedBy: CrmIdSchema.optional(),
  /** The manager's approval as a proof the CRM verifies (decision 0040); approvedBy alone is a claim. */
  approval: ApprovalProofSchema.optional(),
  /** Approvals of the shift still unconfirmed (offline PIN), as the till counted them. */
  unconfirmedApprovals: z.int().min(0).max(100_000).optional(),
  refundCount: z.int().min(0).optional(),
  grossFen: FenSchema.optional(),
  discountFen: FenSchema.optional(),
  roundingFen: FenSchema.optional(),
  byTender: z.array(TenderTotalSchema).optional(),
  byCategory: z
    .array(z.object({ categoryId: CrmIdSchema, qty: z.int().min(0), amountFen: FenSchema }))
    .optional(),
  refundsByTender: z.array(z.object({ kind: TenderKindSchema, amountFen: FenSchema })).optional(),
  voids: z.object({ count: z.int().min(0), amountFen: FenSchema }).optional(),
  points: z
    .object({
      issued: z.int().min(0),
      redeemed: z.int().min(0),
      reversed: z.int().min(0),
      restored: z.int().min(0),
    })
    .optional(),
  pickupsHandedOver: z.int().min(0).optional(),
  firstReceiptNo: z.string().max(64).optional(),
  lastReceiptNo: z.string().max(64).optional(),
  cash: z
    .object({
      floatFen: FenSchema,
      cashReceivedFen: FenSchema,
      changeGivenFen: FenSchema,
      payInsFen: FenSchema,
      payOutsFen: FenSchema,
      dropsFen: FenSchema,
      cashRefundsFen: FenSchema,
      expectedFen: FenSchema,
    })
    .optional(),
});

/** A refund going back to one of the original sale's tenders. */
export const RefundTenderSchema = z.object({
  originalTenderId: Uuidv7Schema,
  kind: TenderKindSchema,
  amountFen: NonNegativeFenSchema,
  reference: z.string().max(128).optional(),
  refundReference: z.string().max(128).optional(),
});

/**
 * entityId = refundId. Lines carry the refunded quantity and their share of amount and discount. Tenders are
 * refund tenders since issue 7 (a plain TenderSchema, as before, is still accepted).
 */
export const RefundCompletedPayloadSchema = z.object({
  refundId: Uuidv7Schema,
  originalSaleId: Uuidv7Schema,
  originalReceiptNo: z.string().max(64),
  receiptNo: z.string().max(64),
  lines: z.array(CartLineSchema),
  tenders: z.array(z.union([RefundTenderSchema, TenderSchema])),
  totalFen: NonNegativeFenSchema,
  staffId: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  /** The manager's approval as a proof the CRM verifies (decision 0040); approvedBy alone is a claim. */
  approval: ApprovalProofSchema.optional(),
  createdAt: IsoTimeSchema,
  /** Points taken back from the member (negative ledger entry). */
  pointsReversal: z
    .object({ memberId: CrmIdSchema, points: z.int().min(0), entryId: Uuidv7Schema })
    .optional(),
  /** Points the sale redeemed, given back with the refund (positive ledger entry). */
  pointsRestore: z
    .object({ memberId: CrmIdSchema, points: z.int().min(0), entryId: Uuidv7Schema })
    .optional(),
  /** Coupons handed back to the member (a full refund of the sale that used them). */
  couponsRestored: z.array(CrmIdSchema).default([]),
  shiftId: Uuidv7Schema.optional(),
  businessDate: BusinessDateSchema.optional(),
  roundingFen: FenSchema.default(0),
  full: z.boolean().optional(),
});

/**
 * entityId = a UUIDv7 made for the marking (order ids are the CRM's, not UUIDv7). Staff put the goods in the
 * pickup area: paid or preparing -> ready, the hold days count from readiedAt. Marking twice changes nothing.
 */
export const PickupReadiedPayloadSchema = z.object({
  pickupOrderId: CrmIdSchema,
  code: z
    .string()
    .regex(/^\d{8}$/)
    .optional(),
  staffId: CrmIdSchema,
  readiedAt: IsoTimeSchema,
  /** Where in the pickup area (shelf / bin label), for whoever hands it over. */
  location: z.string().max(32).optional(),
});

/** entityId = shiftId. The float counted by denomination at opening; selling needs an open shift. */
export const ShiftOpenedPayloadSchema = z.object({
  shiftId: Uuidv7Schema,
  cashierId: CrmIdSchema,
  cashierName: z.string().max(64).optional(),
  businessDate: BusinessDateSchema,
  openedAt: IsoTimeSchema,
  openingFloatFen: NonNegativeFenSchema,
  denominations: DenominationCountsSchema.default({}),
});

/**
 * entityId = moveId. Pay-in (float top-up), pay-out (petty cash, with its reason) and safe drop (cash taken to
 * the safe during the shift); the amount is always positive, the kind says which way it went.
 */
export const CashMovedPayloadSchema = z.object({
  moveId: Uuidv7Schema,
  shiftId: Uuidv7Schema,
  kind: z.enum(['payIn', 'payOut', 'drop']),
  amountFen: NonNegativeFenSchema,
  reason: z.string().max(200),
  staffId: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  /** The manager's approval as a proof the CRM verifies (decision 0040); approvedBy alone is a claim. */
  approval: ApprovalProofSchema.optional(),
  at: IsoTimeSchema,
});

/** A value in an audit entry's detail: flat, exactly representable in JSON. */
export const AuditDetailValueSchema = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

/**
 * entityId = entryId. One entry of the till's append-only audit log (who, what, why, when), chained by hash:
 * hash = sha256(canonicalJson({ prevHash, entry })) where entry is every field but prevHash and hash
 * (src/domain/staff/auditChain.ts). One chain per till database (chainId); index 0 follows 64 zeros.
 */
export const AuditAppendedPayloadSchema = z.object({
  entryId: Uuidv7Schema,
  chainId: Uuidv7Schema,
  index: z.int().min(0),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Dotted verb: staff.login, staff.loginFailed, staff.lockedOut, till.locked, approval.granted, drawer.noSale... */
  action: z.string().min(1).max(64),
  actorId: CrmIdSchema,
  approvedBy: CrmIdSchema.optional(),
  /** The manager's approval as a proof the CRM verifies (decision 0040); approvedBy alone is a claim. */
  approval: ApprovalProofSchema.optional(),
  /** What, and why (`reason`): amounts in fen, receipt numbers, the approved action. */
  detail: z.record(z.string().max(64), AuditDetailValueSchema),
  at: IsoTimeSchema,
});

/** Largest original payload a quarantine carries (base64 of its JSON's UTF-8, before encoding). */
export const QUARANTINE_MAX_BYTES = 256 * 1024;

/**
 * entityId = the original's (a fresh UUIDv7 when the original's was not one). Sent by a till at the seq of a record the CRM kept failing (docs/decisions/0041):
 * the CRM records it as rejected (reason `quarantined`) with an issue and the seq is consumed, so the records
 * behind it go on. The original stays in the till's ledger; this carries it for the manager, bounded in size.
 */
export const MutationQuarantinedPayloadSchema = z.object({
  originalType: z.string().min(1).max(64),
  /** The original's entityId as it was (it may be what the CRM refused). */
  entityId: z.string().max(128),
  /** The original payloadHash, as the till computed it. */
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** base64 of the UTF-8 of JSON.stringify(original payload), cut at QUARANTINE_MAX_BYTES. */
  payloadB64: z.base64().max(Math.ceil(QUARANTINE_MAX_BYTES / 3) * 4),
  truncated: z.boolean(),
  /** Bytes of the whole original JSON. */
  originalBytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** How the CRM failed it, as the till saw it (code and detail). */
  error: z.string().max(500),
  /** Attempts made with the original before it was quarantined. */
  attempts: z.int().min(0).max(1_000_000),
  quarantinedAt: IsoTimeSchema,
  /** The receipt number when the original was a sale or refund, for the manager's list. */
  receiptNo: z.string().max(64).optional(),
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
  'mutation.quarantined': MutationQuarantinedPayloadSchema,
} as const;

export type MutationTypeName = z.infer<typeof MutationTypeSchema>;
export type SaleCompletedPayload = z.infer<typeof SaleCompletedPayloadSchema>;
export type MemberProof = z.infer<typeof MemberProofSchema>;
export type SaleVoidedPayload = z.infer<typeof SaleVoidedPayloadSchema>;
export type PickupHandedOverPayload = z.infer<typeof PickupHandedOverPayloadSchema>;
export type PickupReadiedPayload = z.infer<typeof PickupReadiedPayloadSchema>;
export type ShiftClosedPayload = z.infer<typeof ShiftClosedPayloadSchema>;
export type RefundCompletedPayload = z.infer<typeof RefundCompletedPayloadSchema>;
export type ShiftOpenedPayload = z.infer<typeof ShiftOpenedPayloadSchema>;
export type CashMovedPayload = z.infer<typeof CashMovedPayloadSchema>;
export type AuditAppendedPayload = z.infer<typeof AuditAppendedPayloadSchema>;
export type MutationQuarantinedPayload = z.infer<typeof MutationQuarantinedPayloadSchema>;
export type MutationPayload<T extends MutationTypeName> = z.infer<(typeof MUTATION_PAYLOAD_SCHEMAS)[T]>;

// The outbox's MutationType and this contract must name the same mutations.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;
void same<Same<MutationTypeName, MutationType>>();
