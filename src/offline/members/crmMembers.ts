// The CRM's membership calls (crm/routes/members.ts), through the sync client so they share its credential,
// timeouts and failure classes, and every answer is parsed with the contract's schema.
import type { ApprovalProof } from '../../shared/crm/approvals';
import type { z } from 'zod';
import {
  MemberConfigSchema,
  MemberPhoneLookupResponseSchema,
  MemberPhoneRevealResponseSchema,
  MemberPurchasePageSchema,
  MemberTillProfileSchema,
  type Member,
  type MemberConfig,
  type MemberPurchasePage,
  type MemberTillProfile,
} from '../../shared/crm';
import type { CrmClient, CrmResult } from '../sync/crmClient';

const noRequest = <T>(): CrmResult<T> => ({
  ok: false,
  failure: { kind: 'deterministic', code: 'no-client', detail: 'this CRM client cannot make member calls' },
});

/** A call that gives up after `ms` (a cashier does not wait 15 s for a member): a transient 'timeout'. */
async function within<T>(ms: number, p: Promise<CrmResult<T>>): Promise<CrmResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<CrmResult<T>>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          failure: { kind: 'transient', code: 'timeout', detail: `no answer within ${ms} ms` },
        }),
      ms,
    );
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface MemberCrm {
  config(): Promise<CrmResult<MemberConfig>>;
  profile(memberId: string): Promise<CrmResult<MemberTillProfile>>;
  profileByCard(cardNo: string): Promise<CrmResult<MemberTillProfile>>;
  lookupPhone(phone: string): Promise<CrmResult<Member[]>>;
  purchases(memberId: string, page: number, pageSize: number): Promise<CrmResult<MemberPurchasePage>>;
  /** `approval`: the manager's proof the CRM verifies (decision 0040); without it the CRM answers 403. */
  revealPhone(
    memberId: string,
    staffId: string,
    approvedBy: string,
    approval?: ApprovalProof,
  ): Promise<CrmResult<string>>;
}

export function memberCrm(client: CrmClient, timeoutMs = 3000): MemberCrm {
  const get = <T>(path: string, schema: z.ZodType<T>, body?: unknown): Promise<CrmResult<T>> => {
    if (!client.request) return Promise.resolve(noRequest<T>());
    return within(timeoutMs, client.request(body === undefined ? 'GET' : 'POST', path, schema, body));
  };
  const id = encodeURIComponent;
  return {
    config: () => get('/members/config', MemberConfigSchema),
    profile: (memberId) => get(`/members/${id(memberId)}/profile`, MemberTillProfileSchema),
    profileByCard: (cardNo) => get(`/members/by-card/${id(cardNo)}`, MemberTillProfileSchema),
    lookupPhone: async (phone) => {
      const r = await get('/members/lookup-phone', MemberPhoneLookupResponseSchema, { phone });
      return r.ok ? { ok: true, value: r.value.matches } : r;
    },
    purchases: (memberId, page, pageSize) =>
      get(`/members/${id(memberId)}/purchases?page=${page}&pageSize=${pageSize}`, MemberPurchasePageSchema),
    revealPhone: async (memberId, staffId, approvedBy, approval) => {
      const r = await get(`/members/${id(memberId)}/reveal-phone`, MemberPhoneRevealResponseSchema, {
        staffId,
        approvedBy,
        ...(approval ? { approval } : {}),
      });
      return r.ok ? { ok: true, value: r.value.phone } : r;
    },
  };
}
