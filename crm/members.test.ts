// Membership routes on both backends: config (keys + rules), tokens the till can verify with those keys, the
// masked profile, card and phone lookup, paginated history, the manager-only phone reveal and the demo page.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_TOKEN_PREFIX } from '../src/domain/codes';
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import type { Sale } from '../src/domain/model';
import { newId } from './ids';
import { base64UrlDecode, verifyToken } from '../src/domain/signedToken';
import {
  MemberConfigSchema,
  MemberPurchasePageSchema,
  MemberTillProfileSchema,
  MemberTokenResponseSchema,
  PushResponseSchema,
  type SaleCompletedPayload,
} from '../src/shared/crm';
import type { Db } from './db';
import { ensureDemoEnrollment, ensureSeeded } from './seed';
import { issueMemberToken, loadRules } from './members';
import { pointsEarned } from '../src/domain/membership/points';
import { DemoSmsSender } from './memberAuth';
import { createCrmServer } from './server';
import { testBackends } from './testSupport';
import { businessDateOf } from '../src/domain/businessDate';

describe.each(testBackends())('membership routes on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let token = '';
  const auth = () => ({ authorization: `Bearer ${token}` });
  // A production CRM with an SMS gateway: members sign in with their phone; the codes are read here.
  const sms = new DemoSmsSender(() => undefined);
  const memberSession = async (phone: string): Promise<string> => {
    await app.inject({ method: 'POST', url: '/api/v1/member/sign-in/code', payload: { phone } });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/member/sign-in',
      payload: { phone, code: sms.lastCode(phone)!.code },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ session: string }>().session;
  };

  beforeAll(async () => {
    db = await backend.open();
    await ensureSeeded(db, { products: 200, members: 40, pickupsPerState: 1, pinIterations: 1000 });
    app = await createCrmServer({ db, sms });
    const { code } = await ensureDemoEnrollment(db);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId: 'T03', code },
    });
    token = res.json<{ credential: string }>().credential;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('gives terminals the public keys and rules; a fresh token verifies with them and names the member', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/members/config' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: '/api/v1/members/config', headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    const config = MemberConfigSchema.parse(res.json());
    expect(config.keys.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(config)).not.toMatch(/secret/i);
    expect(config.rules.tiers.map((t) => t.code)).toEqual(['normal', 'silver', 'gold', 'diamond']);
    expect(config.rules.earn.excludedCategories).toHaveLength(1);

    // Only the signed-in member mints their code (issue 16).
    expect((await app.inject({ method: 'POST', url: '/api/v1/members/M00001/token' })).statusCode).toBe(401);
    const phone = (await db.query<{ phone: string }>(`SELECT phone FROM members WHERE id = 'M00001'`))
      .rows[0]!.phone;
    const member = { authorization: `Bearer ${await memberSession(phone)}` };
    const t = await app.inject({ method: 'POST', url: '/api/v1/members/M00001/token', headers: member });
    expect(t.statusCode, t.body).toBe(200);
    const issued = MemberTokenResponseSchema.parse(t.json());
    const keys = Object.fromEntries(config.keys.map((k) => [k.kid, base64UrlDecode(k.publicKey)!]));
    const v = verifyToken(issued.token, MEMBER_TOKEN_PREFIX, keys, Math.floor(Date.now() / 1000));
    expect(v.ok && v.claims.sub).toBe('M00001');
    if (v.ok) expect(v.claims.exp - v.claims.iat).toBe(config.rules.tokenTtlS);
    const two = MemberTokenResponseSchema.parse(
      (await app.inject({ method: 'POST', url: '/api/v1/members/M00001/token', headers: member })).json(),
    );
    expect(two.token).not.toBe(issued.token);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/members/NOPE/token', headers: member })).statusCode,
    ).toBe(403);
  });

  it('serves a masked profile by id and by card, with tier progress, expiring points and coupons', async () => {
    const row = (
      await db.query<{ id: string; card_no: string; name: string; phone: string }>(
        `SELECT id, card_no, name, phone FROM members ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/members/${row.id}/profile`,
      headers: auth(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = MemberTillProfileSchema.parse(res.json());
    expect(p.member.nameMasked).toBe(`${[...row.name][0]}${'*'.repeat([...row.name].length - 1)}`);
    expect(p.member.phoneMasked).toBe(`${row.phone.slice(0, 3)}****${row.phone.slice(7)}`);
    expect(res.body).not.toContain(row.phone);
    expect(res.body).not.toContain(row.name);
    expect(p.member.phoneHash).toBeUndefined();
    for (const e of p.expiringSoon) expect(e.points).toBeGreaterThan(0);
    const byCard = await app.inject({
      method: 'GET',
      url: `/api/v1/members/by-card/${row.card_no}`,
      headers: auth(),
    });
    expect(byCard.json<{ member: { id: string } }>().member.id).toBe(row.id);
    const bad = row.card_no.slice(0, -1) + String((Number(row.card_no.slice(-1)) + 1) % 10);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/members/by-card/${bad}`, headers: auth() }))
        .statusCode,
    ).toBe(422);

    const phone = await app.inject({
      method: 'POST',
      url: '/api/v1/members/lookup-phone',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: { phone: row.phone },
    });
    expect(phone.json<{ matches: { id: string }[] }>().matches.map((m) => m.id)).toEqual([row.id]);
    expect(phone.body).not.toContain(row.phone);
  });

  it('pages the purchase history newest first', async () => {
    const id = (
      await db.query<{ member_id: string }>(
        `SELECT member_id FROM member_purchases GROUP BY member_id HAVING count(*) >= 3 ORDER BY member_id LIMIT 1`,
      )
    ).rows[0]!.member_id;
    const get = async (page: number) =>
      MemberPurchasePageSchema.parse(
        (
          await app.inject({
            method: 'GET',
            url: `/api/v1/members/${id}/purchases?page=${page}&pageSize=2`,
            headers: auth(),
          })
        ).json(),
      );
    const [a, b] = [await get(1), await get(2)];
    expect(a.total).toBeGreaterThanOrEqual(3);
    expect(a.items).toHaveLength(2);
    expect(b.items.length).toBeGreaterThanOrEqual(1);
    const all = [...a.items, ...b.items].map((x) => x.at);
    expect(all).toEqual([...all].sort().reverse());
    expect(new Set([...a.items, ...b.items].map((x) => x.id)).size).toBe(a.items.length + b.items.length);
  });

  it('reveals a full phone only with a manager approval the CRM verified, and records who', async () => {
    const post = (approvedBy: string, approval?: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/members/M00002/reveal-phone',
        headers: { ...auth(), 'content-type': 'application/json' },
        payload: { approvedBy, staffId: 'E1002', ...(approval ? { approval } : {}) },
      });
    // Naming a manager is not an approval (decision 0040).
    expect((await post('E1002')).statusCode).toBe(403);
    expect((await post('E1001')).statusCode).toBe(403);
    const approve = (approverId: string, pin: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/approvals',
        headers: { ...auth(), 'content-type': 'application/json' },
        payload: { action: 'revealPhone', subjectId: 'M00002', amountFen: 0, approverId, pin },
      });
    expect((await approve('E1002', '1111')).statusCode).toBe(403);
    const granted = await approve('E1001', '999999');
    expect(granted.statusCode, granted.body).toBe(200);
    const ok = await post('E1001', granted.json<{ proof: unknown }>().proof);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ phone: string }>().phone).toMatch(/^1\d{10}$/);
    const log = await db.query<{ approved_by: string; terminal_id: string }>(
      `SELECT approved_by, terminal_id FROM member_phone_reveals WHERE member_id = 'M00002'`,
    );
    expect(log.rows).toEqual([{ approved_by: 'E1001', terminal_id: 'T03' }]);
  });

  it('books a member sale’s points once, and flags another member’s coupon', async () => {
    const epoch = 1;
    let seq = (
      await db.query<{ s: number }>(
        `SELECT last_applied_seq AS s FROM terminal_epochs WHERE terminal_id = 'T03' AND epoch = 1`,
      )
    ).rows[0]!.s;
    // The store's business date (Asia/Shanghai), as a till stamps it: the CRM checks it against createdAt.
    const today = businessDateOf(new Date().toISOString(), 'Asia/Shanghai');
    const mk = (memberId: string, extra: Partial<SaleCompletedPayload>, over: Partial<Sale> = {}) => {
      const id = newId();
      const sale: Sale = {
        id,
        receiptNo: `S001-T03-${today.replace(/-/g, '')}-${Math.floor(Math.random() * 1e6)}`,
        storeId: 'S001',
        terminalId: 'T03',
        cashierId: 'E1002',
        businessDate: today,
        createdAt: new Date().toISOString(),
        lines: [],
        tenders: [],
        totals: { itemCount: 0, grossFen: 0, discountFen: 0, dueFen: 0 },
        roundingFen: 0,
        changeFen: 0,
        memberId,
        status: 'completed',
        ...over,
      };
      const payload = JSON.parse(JSON.stringify({ sale, coupons: [], ...extra })) as unknown;
      seq++;
      return {
        seq,
        mutationId: `S001.T03.${epoch}.${seq}`,
        type: 'sale.completed' as const,
        entityId: id,
        payload,
        payloadHash: sha256Hex(canonicalJson(payload)),
        createdAt: new Date().toISOString(),
      };
    };
    const push = async (mutations: unknown[]) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/push',
        headers: { ...auth(), 'content-type': 'application/json' },
        payload: JSON.stringify({ terminalId: 'T03', epoch, mutations }),
      });
      expect(res.statusCode, res.body).toBe(200);
      return PushResponseSchema.parse(res.json());
    };
    const before = (
      await db.query<{ b: number; tier: string }>(
        `SELECT points_balance AS b, tier FROM members WHERE id = 'M00004'`,
      )
    ).rows[0]!;
    // ¥120.00 of goods, ¥1.00 of it paid with 100 points (the member's scanned code is the proof), the rest cash.
    const line = {
      lineId: newId(),
      productId: 'P1',
      barcode: '6900000000001',
      name: '测试商品',
      nameEn: 'Test item',
      categoryId: 'C1',
      unit: 'piece' as const,
      qty: 1,
      unitPriceFen: 12000,
      amountFen: 12000,
      discountFen: 0,
      discounts: [],
    };
    const rules = await loadRules(db);
    const earn = pointsEarned({ lines: [line], tier: before.tier, rules, pointsPaidFen: 100 }).points;
    const proof = (await issueMemberToken(db, 'M00004'))!.token;
    const m = mk(
      'M00004',
      {
        points: { memberId: 'M00004', earn, earnEntryId: newId(), redeem: 100, redeemEntryId: newId() },
        memberProof: { token: proof },
      },
      {
        lines: [line],
        tenders: [
          { id: newId(), kind: 'points', amountFen: 100 },
          { id: newId(), kind: 'cash', amountFen: 11900, tenderedFen: 11900, changeFen: 0 },
        ],
        totals: { itemCount: 1, grossFen: 12000, discountFen: 0, dueFen: 12000 },
      },
    );
    expect((await push([m])).results[0]!.status).toBe('applied');
    expect((await push([m])).results[0]!.replayed).toBe(true);
    const after = (
      await db.query<{ b: number }>(`SELECT points_balance AS b FROM members WHERE id = 'M00004'`)
    ).rows[0]!.b;
    expect(earn).toBeGreaterThan(0);
    expect(after).toBe(before.b + earn - 100);

    const theirs = (
      await db.query<{ id: string; code: string; member_id: string }>(
        `SELECT id, code, member_id FROM coupons WHERE state = 'issued' AND member_id <> 'M00005' ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    const r = await push([
      mk('M00005', { coupons: [{ couponId: theirs.id, code: theirs.code, discountFen: 500 }] }),
    ]);
    expect(r.results[0]!.status).toBe('appliedWithConflict');
    const issue = await db.query<{ kind: string }>(`SELECT kind FROM issues WHERE id = $1`, [
      r.results[0]!.issueIds![0],
    ]);
    expect(issue.rows[0]?.kind).toBe('coupon.invalid');
  });

  it('has no demo member page in production: the member app signs in instead (crm/attacks/opennet.test.ts)', async () => {
    expect((await app.inject({ method: 'GET', url: '/demo/member/M00003' })).statusCode).toBe(404);
  });
});
