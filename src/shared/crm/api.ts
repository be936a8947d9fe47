// The HTTP contract between a terminal and the central CRM, under /api/v1. The CRM validates with these
// schemas and generates its OpenAPI document from them; the terminal's CRM client parses answers with them.
// The rules behind each field are in docs/decisions/0011-crm-sync-contract.md.
import { z } from 'zod';
import { MutationTypeSchema } from './mutations';
import { RefundTenderSchema } from './mutations';
import { ApprovalProofSchema } from './approvals';
import { CartLineSchema, SaleSchema, TenderKindSchema } from './model';
import type { MemberRules } from '../../domain/membership/rules';
import {
  BusinessDateSchema,
  CategorySchema,
  CrmIdSchema,
  FenSchema,
  IsoTimeSchema,
  NonNegativeFenSchema,
  ProductSchema,
  StoreIdSchema,
  TerminalIdSchema,
  Uuidv7Schema,
} from './model';

export const API_PREFIX = '/api/v1';

/** Epochs are PostgreSQL `integer` at the CRM; a larger one is a malformed request, not a 500. */
export const MAX_EPOCH = 2 ** 31 - 1;
/** Seqs are `bigint` at the CRM but numbers on the till: they stay exact up to 2^53 - 1. */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;
const EpochSchema = z.int().min(1).max(MAX_EPOCH);
const SeqSchema = z.int().min(1).max(MAX_SEQ);

// ---------------------------------------------------------------- errors

/** RFC 9457 problem details; `code` is the machine-readable reason a client branches on. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** Field errors of a malformed request: path joined with dots. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

// ---------------------------------------------------------------- enrollment

export const EnrollRequestSchema = z.object({
  storeId: StoreIdSchema,
  terminalId: TerminalIdSchema,
  /** One-time enrollment code handed out by the CRM (a manager or the demo seed). */
  code: z.string().min(6).max(64),
  /** The terminal's Ed25519 public key (raw 32 bytes, base64) for signed receipt QR codes. */
  publicKey: z.base64().max(100).optional(),
  /**
   * UUIDv7 of the new local database. A retry with the same code and installationId (the first answer
   * was lost) gets the same epoch and a fresh credential instead of a refusal.
   */
  installationId: Uuidv7Schema.optional(),
});
/**
 * Where a new epoch's receipt numbers go on (issue 15): the CRM's business date for the store now and the next
 * receipt seq of this terminal on it (1 + the highest it holds), so a reinstalled till does not restart at 000001.
 * Optional: an older CRM does not send them, and a till then starts at 1 as before.
 */
const ReceiptContinuation = z.object({
  businessDate: BusinessDateSchema.optional(),
  receiptSeqFrom: z.int().min(1).max(999_999_999).optional(),
});

export const EnrollResponseSchema = z.object({
  storeId: StoreIdSchema,
  terminalId: TerminalIdSchema,
  /** New for every enrollment or epoch request: sequence numbers restart at 1 within it. */
  epoch: EpochSchema,
  /** Bearer token for every other call. Shown once; the CRM keeps only its hash. */
  credential: z.string().min(32),
  ...ReceiptContinuation.shape,
});

/** POST /epochs: a terminal that starts over with a new local database but kept its credential. */
export const NewEpochResponseSchema = z.object({
  terminalId: TerminalIdSchema,
  epoch: EpochSchema,
  ...ReceiptContinuation.shape,
});

// ---------------------------------------------------------------- push

export const MutationSchema = z.object({
  /** Gap-free per (terminal, epoch), starting at 1. */
  seq: SeqSchema,
  /** `${storeId}.${terminalId}.${epoch}.${seq}` (terminal ids repeat across stores) */
  mutationId: z.string().min(5).max(128),
  type: MutationTypeSchema,
  /** UUIDv7 of the business entity: sale id, refund id, shift id, handover id. */
  entityId: Uuidv7Schema,
  /** The intent; its schema depends on `type` (mutations.ts). Checked per mutation, not per request. */
  payload: z.unknown(),
  /** Lower-case hex SHA-256 of canonicalJson(payload) (src/domain/hash.ts). */
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256'),
  createdAt: IsoTimeSchema,
});
export type Mutation = z.infer<typeof MutationSchema>;

export const PushRequestSchema = z.object({
  terminalId: TerminalIdSchema,
  epoch: EpochSchema,
  mutations: z.array(MutationSchema).min(1).max(500),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const MUTATION_STATUSES = ['applied', 'duplicate', 'appliedWithConflict', 'rejected'] as const;
export const MutationStatusSchema = z.enum(MUTATION_STATUSES);

/**
 * Why a mutation was rejected or called a duplicate. Rejections are deterministic: re-sending the same
 * mutation gets the same answer, so the till marks the record rejected and shows it to a manager.
 */
export const MUTATION_REASONS = [
  /** rejected: the payload does not match the schema of its type. */
  'invalid-payload',
  /** rejected: entityId is not the id inside the payload. */
  'entity-mismatch',
  /** duplicate: this (terminal, epoch, seq) was applied before with a different payload. */
  'payload-hash-mismatch',
  /** duplicate: the business key (sale id, refund id, ledger entry id) was applied under another mutation. */
  'business-key-exists',
  /**
   * rejected: the payload fits its schema but the CRM's database refused it (a value out of a column's range,
   * a constraint). Deterministic; an issue holds the mutation for a manager.
   */
  'crm-could-not-apply',
  /** rejected: the till could not deliver this mutation and sent it as `mutation.quarantined` instead. */
  'quarantined',
] as const;
export const MutationReasonSchema = z.enum(MUTATION_REASONS);

export const MutationResultSchema = z.object({
  seq: z.int().min(1),
  mutationId: z.string(),
  status: MutationStatusSchema,
  /** Issues raised for a manager (appliedWithConflict, or a flagged duplicate). */
  issueIds: z.array(z.string()).optional(),
  reason: MutationReasonSchema.optional(),
  /** A replay of an applied seq whose payload hash differs from the stored one. */
  hashMismatch: z.boolean().optional(),
  /** This answer is the stored result of an earlier delivery of the same mutation. */
  replayed: z.boolean().optional(),
});
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.object({
  /** One result per processed mutation, in request order. Mutations after a gap get none. */
  results: z.array(MutationResultSchema),
  /** Highest seq the CRM has applied for (terminal, epoch); 0 when none. */
  lastAppliedSeq: z.int().min(0),
  /** Present when the request skipped a seq: resend from this one. */
  expectedSeq: z.int().min(1).optional(),
  /** The CRM's clock when it answered (issue 15): the till measures how far its own clock is off. */
  serverTime: IsoTimeSchema.optional(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

// ---------------------------------------------------------------- pull: the streams and their items

export const STREAMS = ['catalog', 'members', 'coupons', 'pickups', 'staff', 'issues'] as const;
export const StreamSchema = z.enum(STREAMS);
export type Stream = z.infer<typeof StreamSchema>;

export const TIER_CODES = ['normal', 'silver', 'gold', 'diamond'] as const;
export const TierCodeSchema = z.enum(TIER_CODES);
/** Display names of the tiers, in order. */
export const TIER_NAMES: Record<z.infer<typeof TierCodeSchema>, string> = {
  normal: '普通',
  silver: '银卡',
  gold: '金卡',
  diamond: '钻石',
};

export const TierSchema = z.object({
  code: TierCodeSchema,
  name: z.string(),
  /** Member price as basis points of the list price (9500 = 95折); 10000 = no discount. */
  discountBp: z.int().min(0).max(10000),
  /** Points earned per whole yuan paid. */
  pointsPerYuan: z.int().min(0),
  rank: z.int().min(0),
});

/** What a till may cache about a member: names and phones masked, the phone only as a hash for lookup. */
export const MemberSchema = z.object({
  id: CrmIdSchema,
  /** Static member card number (with its check digit). */
  cardNo: z.string(),
  nameMasked: z.string(),
  phoneMasked: z.string(),
  /**
   * Hex SHA-256 of the 11-digit phone number. No longer sent: an 11-digit number's hash is easily reversed,
   * so phone lookup is online only (issue 4). Kept optional so older caches still parse.
   */
  phoneHash: z.string().optional(),
  tier: TierCodeSchema,
  pointsBalance: z.int(),
  /** Lots that expire within 60 days, soonest first. */
  expiringLots: z.array(z.object({ points: z.int().min(0), expiresOn: BusinessDateSchema })),
  preferences: z.array(z.string()),
  joinedOn: BusinessDateSchema,
  active: z.boolean(),
});
export type Member = z.infer<typeof MemberSchema>;

/**
 * A member as the member stream carries them to a till (docs/decisions/0046): no card number, only its hash
 * (`memberCardHash`, hex SHA-256) to match a scan and its last 4 digits to show. The stream sends a till only
 * the members of its store (home store, or bought there recently), within a cap; the rest are looked up online.
 */
export const MemberStreamItemSchema = MemberSchema.omit({ cardNo: true, phoneHash: true }).extend({
  cardHash: z.string().regex(/^[0-9a-f]{64}$/),
  cardLast4: z.string().regex(/^[0-9]{4}$/),
  /** The member's home store, when they have one. */
  homeStoreId: StoreIdSchema.optional(),
});
export type MemberStreamItem = z.infer<typeof MemberStreamItemSchema>;

export const COUPON_STATES = ['issued', 'used', 'expired', 'void'] as const;
export const CouponSchema = z.object({
  id: CrmIdSchema,
  code: z.string(),
  memberId: CrmIdSchema.optional(),
  title: z.string(),
  kind: z.enum(['amount', 'percent']),
  valueFen: NonNegativeFenSchema.optional(),
  rateBp: z.int().min(0).max(10000).optional(),
  minSpendFen: NonNegativeFenSchema,
  validFrom: BusinessDateSchema,
  validTo: BusinessDateSchema,
  state: z.enum(COUPON_STATES),
  usedSaleId: z.string().optional(),
  /** Category ids the coupon applies to; empty or absent: every category. */
  categoryIds: z.array(CrmIdSchema).optional(),
  /** May be used while the till is offline (first use the CRM processes wins); absent: allowed. */
  offlineAllowed: z.boolean().optional(),
  /** May be combined with other coupons on one sale; absent: not stackable. */
  stackable: z.boolean().optional(),
  /** Anyone holding it may use it (no member, no member code needed); absent: the member's own, with proof. */
  bearer: z.boolean().optional(),
});
export type Coupon = z.infer<typeof CouponSchema>;

export const PICKUP_STATES = ['paid', 'preparing', 'ready', 'handedOver', 'cancelled', 'expired'] as const;
export const PickupStateSchema = z.enum(PICKUP_STATES);
export const PickupHandoverFactsSchema = z.object({
  at: IsoTimeSchema,
  storeId: z.string().optional(),
  terminalId: z.string().optional(),
  staffId: z.string().optional(),
  staffName: z.string().optional(),
});
export const PickupOrderSchema = z.object({
  id: CrmIdSchema,
  storeId: StoreIdSchema,
  /** 8-digit code the customer shows or types. */
  code: z.string().regex(/^\d{8}$/),
  memberId: CrmIdSchema.optional(),
  customerNameMasked: z.string(),
  phoneMasked: z.string(),
  channel: z.enum(['online', 'miniProgram', 'phone']),
  state: PickupStateSchema,
  lines: z.array(
    z.object({
      productId: CrmIdSchema,
      name: z.string(),
      qty: z.int().min(1),
      amountFen: NonNegativeFenSchema,
      /** The product's barcode, so the goods can be checked by scanning even off the till's catalog. */
      barcode: z.string().max(32).optional(),
    }),
  ),
  totalFen: NonNegativeFenSchema,
  orderedAt: IsoTimeSchema,
  readyAt: IsoTimeSchema.optional(),
  pickupBy: IsoTimeSchema.optional(),
  handedOverAt: IsoTimeSchema.optional(),
  /** Who handed it over, where (issue 5): shown when the code is presented again. */
  handover: PickupHandoverFactsSchema.optional(),
});
export type PickupOrder = z.infer<typeof PickupOrderSchema>;

/** POST /pickups/verify: a typed code or a scanned QR token, checked by the CRM against the live order. */
export const PickupVerifyRequestSchema = z
  .object({
    code: z
      .string()
      .regex(/^\d{8}$/)
      .optional(),
    token: z.string().min(5).max(1000).optional(),
  })
  .refine((r) => (r.code === undefined) !== (r.token === undefined), 'exactly one of code and token');
/**
 * The order of the caller's store as the CRM holds it now, or null (unknown, or another store's: decision 0042;
 * a QR names its store, which the till reads itself); the token verdict.
 */
export const PickupVerifyResponseSchema = z.object({
  order: PickupOrderSchema.nullable(),
  token: z.enum(['valid', 'forged', 'expired']).optional(),
});

/** POST /pickup-orders: an online order placed for store pickup (the shop or mini program; demo and tests). */
export const PickupCreateRequestSchema = z.object({
  storeId: StoreIdSchema,
  memberId: CrmIdSchema.optional(),
  customerName: z.string().min(1).max(40),
  phone: z.string().regex(/^1\d{10}$/),
  channel: z.enum(['online', 'miniProgram', 'phone']).default('online'),
  lines: z
    .array(z.object({ productId: CrmIdSchema, qty: z.int().min(1).max(999) }))
    .min(1)
    .max(100),
  /** Straight to ready (goods already in the pickup area): demos and tests. */
  ready: z.boolean().optional(),
});
export const PickupCreatedSchema = z.object({ order: PickupOrderSchema, token: z.string() });

/** Signed pickup QR for an order (the customer's app shows it). */
export const PickupTokenResponseSchema = z.object({
  orderId: CrmIdSchema,
  code: z.string(),
  token: z.string(),
});

/** Online pickups fulfilled by a store count toward its performance, and toward the staff who handed over. */
export const PickupPerformanceSchema = z.object({
  storeId: StoreIdSchema,
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  store: z.object({ orders: z.int().min(0), amountFen: NonNegativeFenSchema }),
  staff: z.array(z.object({ staffId: CrmIdSchema, orders: z.int().min(0), amountFen: NonNegativeFenSchema })),
});

export const STAFF_ROLES = ['cashier', 'manager', 'floor'] as const;
/**
 * pinHash is `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>` (32-byte hash), checkable offline
 * with WebCrypto's PBKDF2.
 */
export const StaffSchema = z.object({
  id: CrmIdSchema,
  storeId: StoreIdSchema,
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  pinHash: z.string(),
  /** Hex SHA-256 of the employee's badge code (`SB1.<id>.<secret>`), for one-scan approvals offline. */
  badgeHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  active: z.boolean(),
});
export type Staff = z.infer<typeof StaffSchema>;

/** The store's staff as a manager's screen lists them: never a PIN or badge hash. */
export const StaffListResponseSchema = z.object({
  staff: z.array(
    z.object({
      id: CrmIdSchema,
      name: z.string(),
      role: z.enum(STAFF_ROLES),
      active: z.boolean(),
      hasBadge: z.boolean(),
    }),
  ),
});

/** Audit entries the CRM received, newest first, with what the chain check found (docs/decisions/0034). */
export const AuditLogQuerySchema = z.object({
  terminalId: z
    .string()
    .regex(/^[A-Z0-9]{2,12}$/)
    .optional(),
  action: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const AuditLogResponseSchema = z.object({
  entries: z.array(
    z.object({
      entryId: z.string(),
      terminalId: z.string(),
      chainId: z.string(),
      index: z.int().min(0),
      action: z.string(),
      actorId: z.string(),
      approvedBy: z.string().optional(),
      detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      at: IsoTimeSchema,
      receivedAt: IsoTimeSchema,
      prevHash: z.string(),
      hash: z.string(),
      /** Null when the entry follows the one before it in its chain. */
      chainBreak: z.enum(['hashMismatch', 'prevHashMismatch', 'indexGap', 'badStart']).nullable(),
    }),
  ),
  chains: z.array(
    z.object({
      terminalId: z.string(),
      chainId: z.string(),
      entries: z.int().min(0),
      lastIndex: z.int().min(0),
      breaks: z.int().min(0),
    }),
  ),
});

// ---------------------------------------------------------------- issues

export const ISSUE_KINDS = [
  'coupon.usedTwice',
  'coupon.invalid',
  'member.unknown',
  'pickup.handedOverTwice',
  'pickup.notAvailable',
  'points.negative',
  'sale.voidUnknown',
  'refund.unknownSale',
  'refund.exceedsSale',
  'shift.mismatch',
  'mutation.hashMismatch',
  'mutation.invalidPayload',
  /** A till's audit log arrived with a broken hash chain (an entry edited, removed or reordered). */
  'audit.chainBroken',
  /** A till's receipt numbers have a hole: a sale the CRM never received (shift close check). */
  'receipt.gap',
  /** Two different sales of one till carry the same receipt number (e.g. a reinstalled till). */
  'receipt.duplicate',
  /** A till named a shift of another store or till (open, cash move, Z): nothing was changed. */
  'shift.foreign',
  /**
   * A sale failed the CRM's check on arrival (amounts, lines, tenders, scope, clock, text; crm/saleCheck.ts): it is
   * stored and its side effects (points, coupons, member purchase) are held until a manager releases or keeps them.
   */
  'sale.flagged',
  /** A pushed record held a NUL or a lone surrogate; it was stored with U+FFFD in its place. */
  'mutation.textRepaired',
  /** A pushed record fit its schema but the CRM's database refused it; it was rejected, the queue went on. */
  'mutation.couldNotApply',
  /** A till could not deliver a record and sent it quarantined (its original payload is kept). */
  'mutation.quarantined',
  /** The till's points figure for a sale differs from the CRM's own (the CRM's figure was applied). */
  'points.earnMismatch',
  /** Points or a member's coupon spent without a valid member code for the sale's member (not applied). */
  'member.proofInvalid',
  /** A refund's points figures differ from what the CRM computed from the original sale (the CRM's applied). */
  'refund.pointsMismatch',
  /** A refund of another store's sale while the chain policy does not allow it (its effects held). */
  'refund.otherStore',
  /** A mutation or call that needs a manager's approval came without a verifiable one (decision 0040). */
  'approval.missing',
  /** The approval proof failed the CRM's check: forged, altered, another store/terminal, expired, replayed. */
  'approval.invalid',
  /** Approved offline by PIN only: a manager confirms it once online (action confirm). */
  'approval.unconfirmed',
] as const;
export const IssueKindSchema = z.enum(ISSUE_KINDS);

export const ISSUE_ACTIONS = [
  /** The outcome stands as recorded (e.g. the second coupon use is absorbed by the store). */
  'accept',
  /** Write the difference off (points set back to zero, cash difference booked). */
  'writeOff',
  /** Recover from the member: the negative balance stays and is netted against future points. */
  'recoverFromMember',
  /** Not a real problem (test, already settled elsewhere). */
  'dismiss',
  /** A flagged sale: apply its held side effects (points, coupons, member purchase) now, once. */
  'releaseEffects',
  /** A flagged sale: its side effects stay held for good (the sale itself stays recorded). */
  'keepHeld',
  /** A manager confirms an approval given offline by PIN (approval.unconfirmed). */
  'confirm',
] as const;
export const IssueActionSchema = z.enum(ISSUE_ACTIONS);

/** One sale, till or person an issue is about: enough for a manager to settle it without searching. */
export const IssueRefSchema = z.object({
  saleId: z.string().optional(),
  receiptNo: z.string().optional(),
  terminalId: z.string().optional(),
  staffId: z.string().optional(),
  amountFen: FenSchema.optional(),
  mutationId: z.string().optional(),
  at: IsoTimeSchema.optional(),
});

export const IssueSchema = z.object({
  id: CrmIdSchema,
  storeId: StoreIdSchema,
  kind: IssueKindSchema,
  state: z.enum(['open', 'resolved']),
  /** Short zh-CN summary for the manager's list. */
  title: z.string(),
  /** What the issue is about: coupon id, pickup order id, member id, shift id, mutation id. */
  subjectId: z.string(),
  refs: z.array(IssueRefSchema),
  /** Actions a manager may take on this kind. */
  actions: z.array(IssueActionSchema),
  /** Why, machine-readable: e.g. the failed checks of a flagged sale (code, payload path, zh-CN text). */
  reasons: z
    .array(z.object({ code: z.string().max(64), path: z.string().max(200).optional(), text: z.string() }))
    .optional(),
  createdAt: IsoTimeSchema,
  resolution: z
    .object({
      action: IssueActionSchema,
      staffId: CrmIdSchema,
      note: z.string().optional(),
      at: IsoTimeSchema,
    })
    .optional(),
});
export type Issue = z.infer<typeof IssueSchema>;

export const IssueListQuerySchema = z.object({
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const IssueListResponseSchema = z.object({ issues: z.array(IssueSchema) });

export const ResolveIssueRequestSchema = z.object({
  action: IssueActionSchema,
  /** The manager who decided; the CRM checks the role. */
  staffId: CrmIdSchema,
  note: z.string().max(500).optional(),
  /** A verifiable approval (online or badge) of action resolveIssue for this issue; without it: 403. */
  approval: ApprovalProofSchema.optional(),
});

// ---------------------------------------------------------------- pull

const item = <K extends string, D extends z.ZodType>(kind: K, data: D) =>
  z.object({
    kind: z.literal(kind),
    id: z.string(),
    /** Commit-order version of this entity: apply only if higher than the cached one. */
    version: z.int().min(1),
    op: z.enum(['upsert', 'delete']),
    /** Present for upserts; absent for tombstones (op 'delete'). */
    data: data.optional(),
  });

export const PullItemSchema = z.discriminatedUnion('kind', [
  item('category', CategorySchema),
  item('product', ProductSchema),
  item('tier', TierSchema),
  item('member', MemberStreamItemSchema),
  item('coupon', CouponSchema),
  item('pickupOrder', PickupOrderSchema),
  item('staff', StaffSchema),
  item('issue', IssueSchema),
]);
export type PullItem = z.infer<typeof PullItemSchema>;

/** Which item kinds travel in which stream. */
export const STREAM_KINDS: Record<Stream, readonly PullItem['kind'][]> = {
  catalog: ['category', 'product'],
  members: ['tier', 'member'],
  coupons: ['coupon'],
  pickups: ['pickupOrder'],
  staff: ['staff'],
  issues: ['issue'],
};

export const PullQuerySchema = z.object({
  stream: StreamSchema,
  /** Opaque; absent (or empty) to start from the beginning, which is a full snapshot. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
  /** The epoch whose lastAppliedSeq to report; the terminal's newest when absent. */
  epoch: z.coerce.number().int().min(1).max(MAX_EPOCH).optional(),
});

export const PullResponseSchema = z.object({
  stream: StreamSchema,
  items: z.array(PullItemSchema),
  /** Store it with the page, in the same cache transaction. */
  nextCursor: z.string(),
  hasMore: z.boolean(),
  /**
   * The cursor was older than the change log keeps: these items start a full snapshot. Load it into a new
   * generation until hasMore is false, then switch over.
   */
  reset: z.literal(true).optional(),
  /**
   * Items left in the stream from this page on, sent with the first page of a snapshot (no cursor, or a
   * reset) so a till can show progress and time left. An upper bound: superseded versions count too.
   */
  remaining: z.int().min(0).optional(),
  epoch: z.int().min(1),
  /** Heals a lost push answer: every seq up to here is applied at the CRM. */
  lastAppliedSeq: z.int().min(0),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

// ---------------------------------------------------------------- small reads

export const HealthResponseSchema = z.object({
  ok: z.literal(true),
  time: IsoTimeSchema,
  /** Present (true) only on a CRM running in demo mode: the till may then ask for a demo enrollment. */
  demo: z.literal(true).optional(),
});

/** POST /demo/enrollment (demo mode only): a fresh one-time code for a new terminal of the demo store. */
export const DemoEnrollmentResponseSchema = z.object({
  storeId: StoreIdSchema,
  storeName: z.string().min(1).max(40),
  terminalId: TerminalIdSchema,
  code: z.string().min(4).max(64),
});

export const MemberPurchaseSchema = z.object({
  id: z.string(),
  channel: z.enum(['store', 'online']),
  at: IsoTimeSchema,
  storeId: z.string().optional(),
  totalFen: NonNegativeFenSchema,
  items: z.array(z.object({ name: z.string(), qty: z.int().min(1), amountFen: NonNegativeFenSchema })),
});
export const MemberProfileSchema = z.object({
  member: MemberSchema,
  recentPurchases: z.array(MemberPurchaseSchema),
});

// ---------------------------------------------------------------- membership at the till (issue 4)

export const TierRuleSchema = z.object({
  code: z.string(),
  name: z.string(),
  rank: z.int().min(0),
  discountBp: z.int().min(0).max(10000),
  earnMultiplierBp: z.int().min(0).max(1_000_000),
  upgradeSpendFen: NonNegativeFenSchema.optional(),
});

/** The rules a till applies offline (src/domain/membership/rules.ts). */
export const MemberRulesSchema = z.object({
  tiers: z.array(TierRuleSchema),
  categoryDiscounts: z.array(
    z.object({ tier: z.string(), categoryId: CrmIdSchema, discountBp: z.int().min(0).max(10000) }),
  ),
  earn: z.object({
    pointsPerYuan: z.int().min(0),
    categoryMultipliers: z.array(z.object({ categoryId: CrmIdSchema, multiplierBp: z.int().min(0) })),
    excludedCategories: z.array(CrmIdSchema),
  }),
  redeem: z.object({
    pointsPerYuan: z.int().min(1),
    minPoints: z.int().min(0),
    maxRateBp: z.int().min(0).max(10000),
    maxPointsPerSale: z.int().min(0),
    offlineCapPoints: z.int().min(0),
  }),
  coupons: z.object({ maxPerSale: z.int().min(1) }),
  tokenTtlS: z.int().min(10).max(3600),
  memberCacheTtlS: z.int().min(60),
});

/** A CRM key that signs member tokens; terminals keep the recent ones to verify offline. */
export const MemberKeySchema = z.object({
  kid: z.string().min(1).max(64),
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  active: z.boolean(),
  createdAt: IsoTimeSchema,
});

/** GET /members/config: what a till needs to identify members and price their sales offline. */
export const MemberConfigSchema = z.object({
  keys: z.array(MemberKeySchema),
  rules: MemberRulesSchema,
  serverTime: IsoTimeSchema,
});
export type MemberConfig = z.infer<typeof MemberConfigSchema>;

/** POST /members/:id/token: a fresh dynamic QR token (the member app's call; the demo page uses it too). */
export const MemberTokenResponseSchema = z.object({
  memberId: CrmIdSchema,
  token: z.string().min(10).max(512),
  expiresAt: IsoTimeSchema,
});

/** A member as the cashier sees them: everything masked, the tier's progress, points soon expiring, coupons. */
export const MemberTillProfileSchema = z.object({
  member: MemberSchema,
  tier: z.object({
    code: TierCodeSchema,
    name: z.string(),
    next: z.object({ code: TierCodeSchema, name: z.string(), spendFen: NonNegativeFenSchema }).optional(),
    /** Spend over the last 12 months, online and in store. */
    spendFen: NonNegativeFenSchema,
  }),
  /** Points expiring in the next 30 days, by date, soonest first. */
  expiringSoon: z.array(z.object({ expiresOn: BusinessDateSchema, points: z.int().min(0) })),
  /** Coupons the member may use now or soon (issued and not past their end). */
  coupons: z.array(CouponSchema),
  tags: z.array(z.string()),
  /** Products other members bought together with this member's purchases, by co-purchase count. */
  alsoBought: z.array(z.object({ name: z.string(), count: z.int().min(1) })),
  fetchedAt: IsoTimeSchema,
});
export type MemberTillProfile = z.infer<typeof MemberTillProfileSchema>;

export const MemberPurchasePageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(5),
});
export const MemberPurchasePageSchema = z.object({
  items: z.array(MemberPurchaseSchema),
  page: z.int().min(1),
  pageSize: z.int().min(1),
  total: z.int().min(0),
});
export type MemberPurchasePage = z.infer<typeof MemberPurchasePageSchema>;

/** Phone lookup (online only): matches come back masked like everything else. */
export const MemberPhoneLookupRequestSchema = z.object({ phone: z.string().regex(/^1\d{10}$/) });
export const MemberPhoneLookupResponseSchema = z.object({ matches: z.array(MemberSchema) });

/** A manager revealed the full number (the till audits it; the CRM records who asked). */
export const MemberPhoneRevealRequestSchema = z.object({
  approvedBy: CrmIdSchema,
  staffId: CrmIdSchema,
  /** A verifiable approval (online or badge) of action revealPhone for this member; without it: 403. */
  approval: ApprovalProofSchema.optional(),
});
export const MemberPhoneRevealResponseSchema = z.object({ memberId: CrmIdSchema, phone: z.string() });

// The till's rules type and this schema must stay the same shape.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape = <T extends true>(): T => true as T;
void sameShape<SameShape<z.infer<typeof MemberRulesSchema>, MemberRules>>();

// ---------------------------------------------------------------- shifts: sale lookup for refunds, day view

/** GET /sales/lookup?receiptNo= (or ?id=): a sale of this store, for a refund at any till. */
export const SaleLookupQuerySchema = z
  .object({
    receiptNo: z.string().min(1).max(64).optional(),
    id: Uuidv7Schema.optional(),
  })
  .refine((q) => q.receiptNo !== undefined || q.id !== undefined, { message: 'receiptNo or id' });

export const SaleLookupResponseSchema = z.object({
  sale: SaleSchema,
  /** Points the sale earned and redeemed (from the points ledger). */
  points: z.object({ memberId: CrmIdSchema, earn: z.int().min(0), redeem: z.int().min(0) }).optional(),
  coupons: z.array(z.object({ couponId: CrmIdSchema, code: z.string(), discountFen: NonNegativeFenSchema })),
  /** Refunds of this sale the CRM holds, from every till. */
  refunds: z.array(
    z.object({
      refundId: z.string(),
      receiptNo: z.string(),
      terminalId: z.string(),
      lines: z.array(CartLineSchema),
      tenders: z.array(RefundTenderSchema),
      totalFen: NonNegativeFenSchema,
      pointsReversed: z.int().min(0),
      pointsRestored: z.int().min(0),
      couponsRestored: z.array(z.string()),
    }),
  ),
});
export type SaleLookup = z.infer<typeof SaleLookupResponseSchema>;

export const DayViewQuerySchema = z.object({ date: BusinessDateSchema.optional() });

export const DayTerminalSchema = z.object({
  terminalId: TerminalIdSchema,
  name: z.string(),
  /** The terminal's latest shift of the day; none when it has not opened one. */
  shift: z
    .object({
      shiftId: z.string(),
      state: z.enum(['open', 'closed']),
      cashierId: z.string(),
      cashierName: z.string().optional(),
      openedAt: IsoTimeSchema,
      closedAt: IsoTimeSchema.optional(),
      floatFen: FenSchema,
      zNo: z.int().optional(),
      /** Z as the till reported it. */
      zSalesFen: FenSchema.optional(),
      zSaleCount: z.int().optional(),
      varianceFen: FenSchema.optional(),
      /** The CRM's check of the Z against the sales it received. */
      check: z.enum(['balanced', 'mismatch']).optional(),
    })
    .optional(),
  shiftsToday: z.int().min(0),
  /** Received by the CRM for the day. */
  saleCount: z.int().min(0),
  salesFen: FenSchema,
  refundsFen: FenSchema,
  payOutsFen: FenSchema,
  /** The last mutation the CRM applied from this till, and when: how far behind a till's sync is. */
  lastAppliedSeq: z.int().min(0),
  lastSeenAt: IsoTimeSchema.optional(),
});
export type DayTerminal = z.infer<typeof DayTerminalSchema>;

export const DayViewResponseSchema = z.object({
  storeId: StoreIdSchema,
  businessDate: BusinessDateSchema,
  terminals: z.array(DayTerminalSchema),
  totals: z.object({
    saleCount: z.int().min(0),
    salesFen: FenSchema,
    refundsFen: FenSchema,
    varianceFen: FenSchema,
  }),
  /** Sales received per hour of the store's day (0-23, store time). */
  byHour: z.array(z.object({ hour: z.int().min(0).max(23), salesFen: FenSchema, count: z.int().min(0) })),
  byTender: z.array(z.object({ kind: TenderKindSchema, amountFen: FenSchema })),
  issues: z.array(IssueSchema),
});
export type DayView = z.infer<typeof DayViewResponseSchema>;

// ---------------------------------------------------------------- floor staff on handhelds (issue 8)

/** One store's stock of a product; `distanceM` from the asking store for the stores nearby. */
export const StoreStockSchema = z.object({
  storeId: StoreIdSchema,
  storeName: z.string(),
  distanceM: z.int().min(0).optional(),
  qty: z.int().min(0),
  updatedAt: IsoTimeSchema,
});
export type StoreStock = z.infer<typeof StoreStockSchema>;

/** GET /pda/stock/:productId: this store's stock (null: never counted here) and the nearby stores', nearest first. */
export const ProductStockResponseSchema = z.object({
  productId: CrmIdSchema,
  here: StoreStockSchema.nullable(),
  nearby: z.array(StoreStockSchema),
  fetchedAt: IsoTimeSchema,
});
export type ProductStock = z.infer<typeof ProductStockResponseSchema>;

/**
 * The store and staff credit an online order carries (docs/decisions/0037): `AT1.<12>` issued by the CRM to a
 * member of staff, or `AS1.<store>.<terminal>.<staff>` composed by a handheld that could not reach the CRM.
 */
export const ATTRIBUTION_ISSUED_PREFIX = 'AT1.';
export const ATTRIBUTION_OFFLINE_PREFIX = 'AS1.';
export const AttributionCodeSchema = z
  .string()
  .regex(
    /^(AT1\.[0-9A-Z]{12}|AS1\.[A-Z0-9]{2,12}\.[A-Z0-9]{2,12}\.[A-Za-z0-9_-]{1,64})$/,
    'not an attribution code',
  );

export const AttributionCodeRequestSchema = z.object({ staffId: CrmIdSchema });
export const AttributionCodeResponseSchema = z.object({
  code: AttributionCodeSchema,
  storeId: StoreIdSchema,
  terminalId: TerminalIdSchema,
  staffId: CrmIdSchema,
  expiresAt: IsoTimeSchema,
});
export type AttributionCodeIssued = z.infer<typeof AttributionCodeResponseSchema>;

export const ATTRIBUTION_REFUSALS = ['malformed', 'unknown', 'expired', 'staffNotInStore'] as const;
export const AttributionRefusalSchema = z.enum(ATTRIBUTION_REFUSALS);
export const AttributionMethodSchema = z.enum(['issued', 'checked']);

/** POST /mall/orders: the online mall's order; `orderId` is the mall's own, so a retry is the same order. */
export const MallOrderRequestSchema = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  productId: CrmIdSchema,
  qty: z.int().min(1).max(99),
  /** As it came in the product page's URL; a bad one still places the order and credits nobody. */
  attribution: z.string().max(128).optional(),
});
export const MallOrderResponseSchema = z.object({
  orderId: z.string(),
  productId: CrmIdSchema,
  qty: z.int().min(1),
  amountFen: NonNegativeFenSchema,
  attribution: z
    .object({
      storeId: StoreIdSchema,
      staffId: CrmIdSchema,
      terminalId: TerminalIdSchema.optional(),
      method: AttributionMethodSchema,
    })
    .nullable(),
  attributionRefused: AttributionRefusalSchema.optional(),
  /** The same order id was placed before: this is its first answer again. */
  duplicate: z.boolean(),
});
export type MallOrderResult = z.infer<typeof MallOrderResponseSchema>;

export const AttributionListQuerySchema = z.object({
  storeId: StoreIdSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** GET /attributions?storeId: the store's credit for online orders, per member of staff (names masked). */
export const AttributionListResponseSchema = z.object({
  storeId: StoreIdSchema,
  count: z.int().min(0),
  amountFen: NonNegativeFenSchema,
  byStaff: z.array(
    z.object({
      staffId: CrmIdSchema,
      staffName: z.string(),
      count: z.int().min(0),
      amountFen: NonNegativeFenSchema,
    }),
  ),
  recent: z.array(
    z.object({
      orderId: z.string(),
      productId: CrmIdSchema,
      productName: z.string(),
      qty: z.int().min(1),
      amountFen: NonNegativeFenSchema,
      staffId: CrmIdSchema,
      method: AttributionMethodSchema,
      orderedAt: IsoTimeSchema,
    }),
  ),
});
export type AttributionList = z.infer<typeof AttributionListResponseSchema>;
