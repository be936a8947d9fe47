// CRM API routes for membership at the till (issue 4). The member's own QR is the member app's (issue 16:
// crm/routes/memberAuth.ts signs members in; minting here needs their session).
// Keys reach terminals through GET /members/config, which the till fetches whenever it is online (at start,
// then every few minutes, and at once when a token names a key it does not know): docs/decisions/0030.
import { z } from 'zod';
import { isValidMemberCard } from '../../src/domain/codes';
import {
  MemberConfigSchema,
  MemberPhoneLookupRequestSchema,
  MemberPhoneLookupResponseSchema,
  MemberPhoneRevealRequestSchema,
  MemberPhoneRevealResponseSchema,
  MemberPurchasePageQuerySchema,
  MemberPurchasePageSchema,
  MemberTillProfileSchema,
  MemberTokenResponseSchema,
} from '../../src/shared/crm';
import {
  issueMemberToken,
  memberConfig,
  memberIdByCard,
  memberProfile,
  membersByPhone,
  purchasePage,
  revealPhone,
} from '../members';
import { requireRouteApproval } from '../approvals';
import type { PageRegistrar, RouteDef } from '../routeDef';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const notFound = (id: string) => ({
  problem: { status: 404, code: 'member-not-found', detail: `no member ${id}` },
});

export const membersRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/members/config',
    summary: 'Public keys of member QR tokens and the membership rules a till applies offline.',
    auth: true,
    response: MemberConfigSchema,
    handler: async ({ db }) => ({ status: 200, body: await memberConfig(db) }),
  },
  {
    method: 'POST',
    path: '/members/:id/token',
    summary:
      "A fresh signed member QR token (valid about a minute): the member app's call, for the signed-in member only.",
    auth: 'member',
    params: IdParams,
    response: MemberTokenResponseSchema,
    problems: [403, 404, 429],
    rateLimit: 'memberCode',
    handler: async ({ db, params, member }) => {
      const { id } = params as { id: string };
      if (id !== member!.memberId)
        return {
          problem: {
            status: 403,
            code: 'not-your-member-code',
            detail: 'a member mints only their own code',
          },
        };
      const t = await issueMemberToken(db, id);
      return t ? { status: 200, body: { memberId: id, ...t } } : notFound(id);
    },
  },
  {
    method: 'GET',
    path: '/members/:id/profile',
    summary:
      "The cashier's member profile: masked, tier progress, points expiring in 30 days, coupons, tags, also bought.",
    auth: true,
    params: IdParams,
    response: MemberTillProfileSchema,
    problems: [404],
    handler: async ({ db, params }) => {
      const { id } = params as { id: string };
      const p = await memberProfile(db, id);
      return p ? { status: 200, body: p } : notFound(id);
    },
  },
  {
    method: 'GET',
    path: '/members/by-card/:cardNo',
    summary: 'The profile of the member holding a static card number (check digit verified).',
    auth: true,
    params: z.object({ cardNo: z.string().regex(/^M\d{10}$/) }),
    response: MemberTillProfileSchema,
    problems: [404, 422],
    handler: async ({ db, params }) => {
      const { cardNo } = params as { cardNo: string };
      if (!isValidMemberCard(cardNo))
        return { problem: { status: 422, code: 'bad-check-digit', detail: `${cardNo}: wrong check digit` } };
      const id = await memberIdByCard(db, cardNo);
      const p = id ? await memberProfile(db, id) : null;
      return p ? { status: 200, body: p } : notFound(cardNo);
    },
  },
  {
    method: 'POST',
    path: '/members/lookup-phone',
    summary: 'Members by phone number (online only; the answer is masked).',
    auth: true,
    body: MemberPhoneLookupRequestSchema,
    response: MemberPhoneLookupResponseSchema,
    problems: [429],
    rateLimit: 'phoneLookup',
    handler: async ({ db, body }) => ({
      status: 200,
      body: { matches: await membersByPhone(db, (body as { phone: string }).phone) },
    }),
  },
  {
    method: 'GET',
    path: '/members/:id/purchases',
    summary: 'Purchase history online and in store, newest first, paginated.',
    auth: true,
    params: IdParams,
    query: MemberPurchasePageQuerySchema,
    response: MemberPurchasePageSchema,
    handler: async ({ db, params, query }) => {
      const { id } = params as { id: string };
      const q = query as z.infer<typeof MemberPurchasePageQuerySchema>;
      return { status: 200, body: await purchasePage(db, id, q.page, q.pageSize) };
    },
  },
  {
    method: 'POST',
    path: '/members/:id/reveal-phone',
    summary: 'The full phone number, for a manager who approved it at the till; every reveal is recorded.',
    auth: true,
    params: IdParams,
    body: MemberPhoneRevealRequestSchema,
    response: MemberPhoneRevealResponseSchema,
    problems: [403, 404, 429],
    rateLimit: 'staffCheck',
    handler: async ({ db, terminal, params, body }) => {
      const { id } = params as { id: string };
      const b = body as z.infer<typeof MemberPhoneRevealRequestSchema>;
      // Naming a manager is not an approval (decision 0040): a proof the CRM verifies, for this member.
      const approved = await db.transaction((tx) =>
        requireRouteApproval(tx, terminal!, {
          action: 'revealPhone',
          proof: b.approval,
          subjectId: id,
          claimedBy: b.approvedBy,
        }),
      );
      if (!approved.ok) return { problem: approved };
      const phone = await revealPhone(db, id, {
        storeId: terminal!.storeId,
        terminalId: terminal!.terminalId,
        staffId: b.staffId,
        approvedBy: approved.approverId,
      });
      return phone ? { status: 200, body: { memberId: id, phone } } : notFound(id);
    },
  },
];

export const membersPages: PageRegistrar[] = [];
