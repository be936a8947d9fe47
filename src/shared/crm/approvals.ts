// Approval proofs (docs/decisions/0040): what travels with a mutation or a route call so the CRM can tell an
// approval from a claim. Every field is bounded; the CRM re-checks the binding (action, store, terminal,
// subject, amount) against the mutation it came with.
import { z } from 'zod';
import { CHECKED_APPROVAL_ACTIONS, type ApprovalProofData } from '../../domain/staff/approvalProof';
import { CrmIdSchema, IsoTimeSchema, NonNegativeFenSchema } from './model';

export const ApprovalActionSchema = z.enum(CHECKED_APPROVAL_ACTIONS);

const ClaimFields = {
  action: ApprovalActionSchema,
  approverId: CrmIdSchema,
  storeId: z.string().min(1).max(16),
  terminalId: z.string().min(1).max(16),
  subjectId: z.string().min(1).max(64),
  amountFen: NonNegativeFenSchema.max(1_000_000_000),
  at: IsoTimeSchema,
  nonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
};

/** Online: the CRM checked the PIN or badge itself and signed the approval (AP1.<claims>.<Ed25519>). */
export const OnlineApprovalProofSchema = z.object({
  kind: z.literal('online'),
  token: z.string().min(8).max(2048),
});

/** Offline badge: the claim signed with HMAC-SHA-256 under a key derived from the scanned badge code. */
export const BadgeApprovalProofSchema = z.object({
  kind: z.literal('badge'),
  ...ClaimFields,
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Offline PIN: checked on the till only, so unconfirmed at the CRM, and capped in amount. */
export const PinApprovalProofSchema = z.object({ kind: z.literal('pin'), ...ClaimFields });

export const ApprovalProofSchema = z.discriminatedUnion('kind', [
  OnlineApprovalProofSchema,
  BadgeApprovalProofSchema,
  PinApprovalProofSchema,
]);
export type ApprovalProof = z.infer<typeof ApprovalProofSchema>;
export type BadgeApprovalProof = z.infer<typeof BadgeApprovalProofSchema>;
export type PinApprovalProof = z.infer<typeof PinApprovalProofSchema>;

/** POST /approvals: a manager's PIN (with employee number) or badge code, checked by the CRM. */
export const ApprovalRequestSchema = z
  .object({
    action: ApprovalActionSchema,
    subjectId: z.string().min(1).max(64),
    amountFen: NonNegativeFenSchema.max(1_000_000_000).default(0),
    approverId: CrmIdSchema.optional(),
    pin: z
      .string()
      .regex(/^\d{4,8}$/)
      .optional(),
    badge: z.string().min(8).max(80).optional(),
    note: z.string().max(500).optional(),
  })
  .refine((r) => (r.badge !== undefined) !== (r.pin !== undefined && r.approverId !== undefined), {
    message: 'either approverId + pin, or badge',
  });

export const ApprovalResponseSchema = z.object({
  proof: OnlineApprovalProofSchema,
  approverId: CrmIdSchema,
  approverName: z.string().max(64),
  expiresAt: IsoTimeSchema,
});
export type ApprovalResponse = z.infer<typeof ApprovalResponseSchema>;

// The domain's proof type and this schema must stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;
void same<Same<ApprovalProof, ApprovalProofData>>();
