// CRM API routes for membership at the till (issue 4), and the demo page that shows a member's rotating QR.
// Keys reach terminals through GET /members/config, which the till fetches whenever it is online (at start,
// then every few minutes, and at once when a token names a key it does not know): docs/decisions/0030.
import QRCode from 'qrcode';
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
import { maskName } from '../projections';
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
      "A fresh signed member QR token (valid about a minute). The member app's call; in this reference CRM it is open for the demo page and tests.",
    auth: false,
    params: IdParams,
    response: MemberTokenResponseSchema,
    problems: [404],
    handler: async ({ db, params }) => {
      const { id } = params as { id: string };
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
    problems: [403, 404],
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

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * /demo/member/<id>: the member app's QR screen for testers. The page renders a fresh token as an SVG QR and as
 * text (to paste as scanner input) and reloads itself before the token runs out. No script: a meta refresh.
 */
const demoMemberPage: PageRegistrar = (app, db) => {
  app.get('/demo/member/:id', async (request, reply) => {
    const parsed = IdParams.safeParse(request.params);
    const id = parsed.success ? parsed.data.id : '';
    const member = await db.query<{ name: string; tier: string; card_no: string }>(
      `SELECT name, tier, card_no FROM members WHERE id = $1`,
      [id],
    );
    const t = member.rows[0] ? await issueMemberToken(db, id) : null;
    if (!t || !member.rows[0]) {
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><meta charset="utf-8"><p>未找到会员 ${escapeHtml(id)} / no such member</p>`);
    }
    const svg = await QRCode.toString(t.token, {
      type: 'svg',
      margin: 2,
      width: 300,
      errorCorrectionLevel: 'M',
    });
    const refreshS = 20;
    const m = member.rows[0];
    const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refreshS}">
<title>会员码 Member QR · ${escapeHtml(id)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f3efe6;color:#222;display:flex;justify-content:center}
main{max-width:420px;width:100%;background:#fff;margin:16px;padding:20px;border-radius:16px;box-shadow:0 2px 12px #0002;text-align:center}
h1{font-size:20px;margin:0 0 4px}.tier{display:inline-block;background:#b8860b;color:#fff;border-radius:12px;padding:2px 10px;font-size:14px}
.qr svg{width:280px;height:280px}.hint{color:#555;font-size:14px}
textarea{width:100%;font:12px/1.4 monospace;height:96px;resize:none;border:1px solid #ccc;border-radius:8px;padding:6px;box-sizing:border-box}
</style></head><body><main data-testid="demo-member">
<h1>${escapeHtml(maskName(m.name))} <span class="tier">${escapeHtml(m.tier)}</span></h1>
<p class="hint">会员卡号 Card ${escapeHtml(m.card_no.slice(0, 3))}****${escapeHtml(m.card_no.slice(-3))}</p>
<div class="qr" data-testid="demo-member-qr">${svg}</div>
<p class="hint">付款前出示此码 · Show at the till. 有效至 Valid until <time data-testid="demo-member-expires">${escapeHtml(t.expiresAt)}</time>，每 ${refreshS} 秒刷新 / refreshes every ${refreshS} s</p>
<label class="hint" for="token">扫码枪输入 / scanner input</label>
<textarea id="token" readonly data-testid="demo-member-token">${escapeHtml(t.token)}</textarea>
</main></body></html>`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
};

export const membersPages: PageRegistrar[] = [demoMemberPage];
