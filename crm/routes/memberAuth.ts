// The member-facing API (issue 16), the stand-in for the group's member app: sign-in with a phone number and a
// one-time SMS code, a short session, and what the signed-in member may see: their own profile, purchases and
// pickup codes. Minting a member code (POST /members/:id/token, crm/routes/members.ts) needs this session too.
// In demo mode also: the demo enrollment a browser till uses, and the demo pages (sign in, my code, my pickups).
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  DemoEnrollmentResponseSchema,
  MemberPurchasePageQuerySchema,
  MemberPurchasePageSchema,
  PickupOrderSchema,
} from '../../src/shared/crm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db';
import { issueEnrollmentCode } from '../enrollment';
import { issueMemberToken, purchasePage } from '../members';
import {
  authenticateMember,
  DemoSmsSender,
  memberHome,
  memberPickups,
  PhonePattern,
  requestSmsCode,
  revokeSession,
  signIn,
  signOut,
  type MemberSession,
} from '../memberAuth';
import { DEMO_STORE } from '../seed';
import type { PageRegistrar, RouteDef } from '../routeDef';

const PhoneSchema = z.string().regex(PhonePattern, 'a mainland mobile number, 11 digits');
const SmsCodeRequestSchema = z.object({ phone: PhoneSchema });
const SmsCodeResponseSchema = z.object({ sent: z.literal(true), expiresAt: z.string() });
const SignInRequestSchema = z.object({ phone: PhoneSchema, code: z.string().regex(/^\d{6}$/) });
const SignInResponseSchema = z.object({ session: z.string(), memberId: z.string(), expiresAt: z.string() });
const MemberHomeSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  tier: z.string(),
  cardNo: z.string(),
  points: z.number(),
  sessionExpiresAt: z.string(),
});
const MemberPickupsSchema = z.object({
  pickups: z.array(z.object({ order: PickupOrderSchema, code: z.string(), token: z.string() })),
});

const phoneKey = (b: unknown) => {
  const p = (b as { phone?: unknown } | undefined)?.phone;
  return typeof p === 'string' ? `phone:${p.slice(0, 16)}` : undefined;
};

export const memberAuthRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/member/sign-in/code',
    summary:
      'Send a one-time SMS code to a phone number (the member app). The answer is the same for any number.',
    auth: false,
    body: SmsCodeRequestSchema,
    response: SmsCodeResponseSchema,
    problems: [429, 503],
    rateLimit: 'memberSignIn',
    rateKey: phoneKey,
    handler: async ({ db, body, services }) => {
      if (!services.sms)
        return { problem: { status: 503, code: 'sms-unavailable', detail: 'no SMS gateway is configured' } };
      const { phone } = body as z.infer<typeof SmsCodeRequestSchema>;
      const out = await requestSmsCode(db, services.sms, phone);
      return { status: 200, body: { sent: true, expiresAt: out.expiresAt } };
    },
  },
  {
    method: 'POST',
    path: '/member/sign-in',
    summary: 'Trade the phone number and its SMS code for a short member session (a bearer token).',
    auth: false,
    body: SignInRequestSchema,
    response: SignInResponseSchema,
    problems: [401, 429],
    rateLimit: 'memberSignIn',
    rateKey: phoneKey,
    handler: async ({ db, body }) => {
      const { phone, code } = body as z.infer<typeof SignInRequestSchema>;
      const out = await signIn(db, phone, code);
      return out.ok
        ? { status: 200, body: { session: out.session, memberId: out.memberId, expiresAt: out.expiresAt } }
        : { problem: out };
    },
  },
  {
    method: 'POST',
    path: '/member/sign-out',
    summary: 'End the member session.',
    auth: 'member',
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ db, member }) => {
      await revokeSession(db, member!.tokenHash);
      return { status: 200, body: { ok: true } };
    },
  },
  {
    method: 'GET',
    path: '/member/me',
    summary: "The signed-in member's home screen: masked name and card, tier, points.",
    auth: 'member',
    response: MemberHomeSchema,
    handler: async ({ db, member }) => {
      const home = await memberHome(db, member!.memberId);
      return home
        ? { status: 200, body: { ...home, sessionExpiresAt: member!.expiresAt } }
        : { problem: { status: 401, code: 'unauthenticated', detail: 'the member is no longer active' } };
    },
  },
  {
    method: 'GET',
    path: '/member/purchases',
    summary: "The signed-in member's own purchases, online and in store, newest first.",
    auth: 'member',
    query: MemberPurchasePageQuerySchema,
    response: MemberPurchasePageSchema,
    handler: async ({ db, member, query }) => {
      const q = query as z.infer<typeof MemberPurchasePageQuerySchema>;
      return { status: 200, body: await purchasePage(db, member!.memberId, q.page, q.pageSize) };
    },
  },
  {
    method: 'GET',
    path: '/member/pickups',
    summary: "The signed-in member's own pickup orders, each with its 8-digit code and a signed QR token.",
    auth: 'member',
    response: MemberPickupsSchema,
    rateLimit: 'memberCode',
    handler: async ({ db, member }) => ({
      status: 200,
      body: { pickups: await memberPickups(db, member!.memberId) },
    }),
  },
  {
    method: 'POST',
    path: '/demo/enrollment',
    summary:
      'Demo mode only: a fresh one-time enrollment code for a new terminal of the demo store (the browser till).',
    auth: false,
    demoOnly: true,
    response: DemoEnrollmentResponseSchema,
    problems: [429],
    rateLimit: 'enroll',
    handler: async ({ db }) => ({ status: 200, body: await demoEnrollment(db) }),
  },
];

/** The next free W-numbered terminal of the demo store, with a one-day code. */
async function demoEnrollment(db: Db): Promise<z.infer<typeof DemoEnrollmentResponseSchema>> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(727016)`);
    const r = await tx.query<{ n: number | null }>(
      `SELECT max(substring(id FROM 2)::int) AS n FROM terminals WHERE store_id = $1 AND id ~ '^W[0-9]{3,6}$'`,
      [DEMO_STORE.id],
    );
    const terminalId = `W${String((r.rows[0]?.n ?? 0) + 1).padStart(3, '0')}`;
    const code = await issueEnrollmentCode(
      tx,
      { storeId: DEMO_STORE.id, terminalId },
      { days: 1, name: `演示收银机 ${terminalId}` },
    );
    return { storeId: DEMO_STORE.id, storeName: DEMO_STORE.name, terminalId, code };
  });
}

// ------------------------------------------------------------------ demo pages (demo mode only)

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COOKIE = 'demo_member';

function cookieSession(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=') || undefined;
  }
  return undefined;
}

/** Every demo page: a banner that says it is a demo, and one look. */
export function demoPage(title: string, body: string, opts: { refreshS?: number } = {}): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${opts.refreshS ? `<meta http-equiv="refresh" content="${opts.refreshS}">` : ''}
<title>${escapeHtml(title)} · 演示 DEMO</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f3efe6;color:#222;display:flex;justify-content:center}
main{max-width:420px;width:100%;background:#fff;margin:16px;padding:20px;border-radius:16px;box-shadow:0 2px 12px #0002;text-align:center}
.demo{background:#b3261e;color:#fff;font-weight:700;border-radius:8px;padding:6px 10px;margin:0 0 12px;font-size:14px}
h1{font-size:20px;margin:0 0 8px}.tier{display:inline-block;background:#b8860b;color:#fff;border-radius:12px;padding:2px 10px;font-size:14px}
.qr svg{width:260px;height:260px}.hint{color:#555;font-size:14px}.err{color:#b3261e;font-weight:700}
.sms{border:2px dashed #b3261e;border-radius:8px;padding:8px;margin:12px 0}.sms b{font-size:28px;letter-spacing:6px}
input{font-size:20px;padding:8px;width:70%;border:1px solid #bbb;border-radius:8px;text-align:center}
button{margin-top:12px;min-height:44px;font-size:17px;padding:0 18px;border-radius:10px;border:0;background:#13263d;color:#fff}
textarea{width:100%;font:12px/1.4 monospace;height:96px;resize:none;border:1px solid #ccc;border-radius:8px;padding:6px;box-sizing:border-box}
ul{text-align:left}a{color:#13263d}
</style></head><body><main>
<p class="demo" data-testid="demo-banner">演示模式 · DEMO — 仅供测试，非真实会员应用 / not the real member app</p>
${body}
</main></body></html>`;
}

const html = (reply: FastifyReply, status: number, page: string) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);

const seeOther = (reply: FastifyReply, to: string) => reply.code(303).header('location', to).send();

const signInForm = (phone = '', error = '') => `
<h1>会员登录 Member sign-in</h1>
${error ? `<p class="err" data-testid="demo-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/demo/member/sign-in/code">
<p><label>手机号 Phone<br><input name="phone" inputmode="numeric" maxlength="11" value="${escapeHtml(phone)}" data-testid="demo-phone" required></label></p>
<button type="submit" data-testid="demo-send-code">获取验证码 Send code</button></form>
<p class="hint">演示会员的手机号为 1380000xxxx（M00001 为 13800000000）。/ Demo members' phones are 1380000xxxx.</p>`;

async function sessionOf(db: Db, request: FastifyRequest): Promise<MemberSession | null> {
  const token = cookieSession(request);
  return token ? authenticateMember(db, token) : null;
}

const demoMemberPages: PageRegistrar = async (app, db, services) => {
  if (!services.demo) return;
  const sms = services.sms instanceof DemoSmsSender ? services.sms : null;
  await app.register(async (scope) => {
    // Plain HTML forms, in this scope only: the API itself never takes form bodies.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const limited = async (request: FastifyRequest, reply: FastifyReply, key?: string) => {
      const v = await services.limit('memberSignIn', request, key);
      if (v.ok) return false;
      reply.header('Retry-After', String(v.retryAfterS));
      await html(
        reply,
        429,
        demoPage('稍后再试', `<p class="err">请求过多，请 ${v.retryAfterS} 秒后再试。Too many tries.</p>`),
      );
      return true;
    };

    scope.get('/demo/member', async (request, reply) => {
      const s = await sessionOf(db, request);
      if (s) return seeOther(reply, '/demo/member/qr');
      return html(reply, 200, demoPage('会员登录', signInForm()));
    });
    // The old per-member link: now the sign-in page (it never shows anyone's code by id).
    scope.get('/demo/member/:id', async (_request, reply) => seeOther(reply, '/demo/member'));

    scope.post('/demo/member/sign-in/code', async (request, reply) => {
      const phone = String((request.body as { phone?: unknown } | undefined)?.phone ?? '').trim();
      if (!PhonePattern.test(phone))
        return html(
          reply,
          400,
          demoPage('会员登录', signInForm(phone, '请输入 11 位手机号 / 11-digit phone')),
        );
      if (await limited(request, reply, `phone:${phone}`)) return reply;
      if (!services.sms) return html(reply, 503, demoPage('会员登录', '<p class="err">no SMS gateway</p>'));
      await requestSmsCode(db, services.sms, phone);
      return seeOther(reply, `/demo/member/verify?phone=${encodeURIComponent(phone)}`);
    });

    scope.get('/demo/member/verify', async (request, reply) => {
      const phone = String((request.query as { phone?: unknown }).phone ?? '');
      if (!PhonePattern.test(phone)) return seeOther(reply, '/demo/member');
      const sent = sms?.lastCode(phone);
      const box = sent
        ? `<div class="sms" data-testid="demo-sms"><p>演示短信 DEMO SMS → ${escapeHtml(phone.slice(0, 3))}****${escapeHtml(phone.slice(7))}</p>
<p>验证码 code <b data-testid="demo-sms-code">${escapeHtml(sent.code)}</b></p>
<p class="hint">真实应用中此码只发到手机，不会显示在网页上。In the real app this code only goes to the phone.</p></div>`
        : `<p class="hint">若该号码是会员，验证码已发送。If this number is a member's, a code was sent.</p>`;
      return html(
        reply,
        200,
        demoPage(
          '输入验证码',
          `<h1>输入验证码 Enter the code</h1>${box}
<form method="post" action="/demo/member/sign-in"><input type="hidden" name="phone" value="${escapeHtml(phone)}">
<p><input name="code" inputmode="numeric" maxlength="6" autocomplete="one-time-code" data-testid="demo-code" required></p>
<button type="submit" data-testid="demo-sign-in">登录 Sign in</button></form>
<p><a href="/demo/member">换个号码 Another number</a></p>`,
        ),
      );
    });

    scope.post('/demo/member/sign-in', async (request, reply) => {
      const b = (request.body ?? {}) as { phone?: unknown; code?: unknown };
      const phone = String(b.phone ?? '').trim();
      const code = String(b.code ?? '').trim();
      if (await limited(request, reply, `phone:${phone.slice(0, 16)}`)) return reply;
      const out =
        PhonePattern.test(phone) && /^\d{6}$/.test(code)
          ? await signIn(db, phone, code)
          : { ok: false as const };
      if (!out.ok)
        return html(
          reply,
          401,
          demoPage('会员登录', signInForm(phone, '验证码错误或已过期 / wrong or expired code')),
        );
      reply.header(
        'set-cookie',
        `${COOKIE}=${out.session}; Path=/demo; HttpOnly; SameSite=Strict; Max-Age=${30 * 60}`,
      );
      return seeOther(reply, '/demo/member/qr');
    });

    scope.post('/demo/member/sign-out', async (request, reply) => {
      const token = cookieSession(request);
      if (token) await signOut(db, token);
      reply.header('set-cookie', `${COOKIE}=; Path=/demo; HttpOnly; SameSite=Strict; Max-Age=0`);
      return seeOther(reply, '/demo/member');
    });

    scope.get('/demo/member/qr', async (request, reply) => {
      const s = await sessionOf(db, request);
      if (!s) return seeOther(reply, '/demo/member');
      const home = await memberHome(db, s.memberId);
      const t = home ? await issueMemberToken(db, s.memberId) : null;
      if (!home || !t) return seeOther(reply, '/demo/member');
      const svg = await QRCode.toString(t.token, {
        type: 'svg',
        margin: 2,
        width: 300,
        errorCorrectionLevel: 'M',
      });
      const refreshS = 20;
      return html(
        reply,
        200,
        demoPage(
          `会员码 Member QR`,
          `<div data-testid="demo-member">
<h1>${escapeHtml(home.name)} <span class="tier">${escapeHtml(home.tier)}</span></h1>
<p class="hint">会员卡号 Card ${escapeHtml(home.cardNo)}</p>
<div class="qr" data-testid="demo-member-qr">${svg}</div>
<p class="hint">付款前出示此码 · Show at the till. 有效至 Valid until <time data-testid="demo-member-expires">${escapeHtml(t.expiresAt)}</time>，每 ${refreshS} 秒刷新 / refreshes every ${refreshS} s</p>
<label class="hint" for="token">扫码枪输入 / scanner input</label>
<textarea id="token" readonly data-testid="demo-member-token">${escapeHtml(t.token)}</textarea>
<p><a href="/demo/pickup" data-testid="demo-my-pickups">我的自提订单 My pickups</a></p>
<form method="post" action="/demo/member/sign-out"><button type="submit">退出 Sign out</button></form></div>`,
          { refreshS },
        ),
      );
    });

    const pickupList = async (request: FastifyRequest, reply: FastifyReply, orderId?: string) => {
      const s = await sessionOf(db, request);
      if (!s) return seeOther(reply, '/demo/member');
      const mine = await memberPickups(db, s.memberId, orderId ? { orderId, limit: 1 } : { limit: 20 });
      if (orderId && mine.length === 0)
        return html(
          reply,
          404,
          demoPage('未找到', '<p class="err">没有这个订单 / no such order of yours</p>'),
        );
      const items = await Promise.all(
        mine.map(async (p) => {
          const lines = p.order.lines.map((l) => `<li>${escapeHtml(l.name)} × ${l.qty}</li>`).join('');
          const qr =
            orderId || p.order.state === 'ready'
              ? `<div class="qr">${await QRCode.toString(p.token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })}</div>`
              : '';
          return `<section data-testid="demo-pickup" data-order-id="${escapeHtml(p.order.id)}">
<h2><a href="/demo/pickup/${encodeURIComponent(p.order.id)}">${escapeHtml(p.order.id)}</a> · ${escapeHtml(p.order.state)}</h2>${qr}
<p style="font-size:28px;letter-spacing:4px" data-testid="pickup-code">${escapeHtml(p.code)}</p><ul>${lines}</ul>
${orderId ? `<p>扫码枪输入 / scanner input:</p><textarea readonly data-testid="pickup-token">${escapeHtml(p.token)}</textarea>` : ''}
</section>`;
        }),
      );
      return html(
        reply,
        200,
        demoPage(
          '我的自提 My pickups',
          `<h1>到店自提 My store pickups</h1>${items.join('') || '<p class="hint">没有自提订单 / no pickup orders</p>'}
<p><a href="/demo/member/qr">我的会员码 My member code</a></p>`,
        ),
      );
    };
    scope.get('/demo/pickup', async (request, reply) => pickupList(request, reply));
    scope.get('/demo/pickup/:id', async (request, reply) =>
      pickupList(request, reply, String((request.params as { id?: string }).id ?? '').slice(0, 64)),
    );
  });
};

export const memberAuthPages: PageRegistrar[] = [demoMemberPages];
