// The HTTP contract between a terminal and the central CRM, under /api/v1. The CRM validates with these
// schemas and generates its OpenAPI document from them; the terminal's CRM client parses answers with them.
// The rules behind each field are in docs/decisions/0011-crm-sync-contract.md.
import { z } from 'zod';
import { MutationTypeSchema } from './mutations';
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
export const EnrollResponseSchema = z.object({
  storeId: StoreIdSchema,
  terminalId: TerminalIdSchema,
  /** New for every enrollment or epoch request: sequence numbers restart at 1 within it. */
  epoch: z.int().min(1),
  /** Bearer token for every other call. Shown once; the CRM keeps only its hash. */
  credential: z.string().min(32),
});

/** POST /epochs: a terminal that starts over with a new local database but kept its credential. */
export const NewEpochResponseSchema = z.object({ terminalId: TerminalIdSchema, epoch: z.int().min(1) });

// ---------------------------------------------------------------- push

export const MutationSchema = z.object({
  /** Gap-free per (terminal, epoch), starting at 1. */
  seq: z.int().min(1),
  /** `${terminalId}.${epoch}.${seq}` */
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
  epoch: z.int().min(1),
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
  /** Hex SHA-256 of the 11-digit phone number, so a till can find a member by phone offline. */
  phoneHash: z.string(),
  tier: TierCodeSchema,
  pointsBalance: z.int(),
  /** Lots that expire within 60 days, soonest first. */
  expiringLots: z.array(z.object({ points: z.int().min(0), expiresOn: BusinessDateSchema })),
  preferences: z.array(z.string()),
  joinedOn: BusinessDateSchema,
  active: z.boolean(),
});
export type Member = z.infer<typeof MemberSchema>;

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
});
export type Coupon = z.infer<typeof CouponSchema>;

export const PICKUP_STATES = ['paid', 'preparing', 'ready', 'handedOver', 'cancelled', 'expired'] as const;
export const PickupStateSchema = z.enum(PICKUP_STATES);
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
    }),
  ),
  totalFen: NonNegativeFenSchema,
  orderedAt: IsoTimeSchema,
  readyAt: IsoTimeSchema.optional(),
  pickupBy: IsoTimeSchema.optional(),
  handedOverAt: IsoTimeSchema.optional(),
});
export type PickupOrder = z.infer<typeof PickupOrderSchema>;

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
  active: z.boolean(),
});
export type Staff = z.infer<typeof StaffSchema>;

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
  item('member', MemberSchema),
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
  epoch: z.coerce.number().int().min(1).optional(),
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

export const HealthResponseSchema = z.object({ ok: z.literal(true), time: IsoTimeSchema });

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
