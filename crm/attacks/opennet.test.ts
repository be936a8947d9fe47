// Issue 16 on an open network, as a stranger with no credential (or with a till or a member's session) would try
// it, against the production app factory (createCrmServer without demo, what `tsx crm/main.ts` builds) and the
// demo one (what `npm run start:web` builds): no demo routes or minting in production; no enrollment code in any
// file a web server hands out; 429 with Retry-After past the limits and a pickup lockout per terminal; security
// headers on every kind of answer; 405 with Allow; malformed URLs; member sign-in and what a member may see.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePickupCode, MEMBER_TOKEN_PREFIX } from '../../src/domain/codes';
import { demoTerminalConfig, startDemoWeb } from '../../scripts/demoWeb';
import { openAttackWorld, type AttackWorld } from '../attackFixture';
import { openCrm } from '../main';
import { DemoSmsSender, SMS_CODE_MAX_ATTEMPTS } from '../memberAuth';
import { createCrmServer } from '../server';
import { testBackends } from '../testSupport';

const DIST = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const PROBLEM = 'application/problem+json';

function expectSecurityHeaders(res: { headers: Record<string, unknown> }, what: string): void {
  const h = (k: string) => String(res.headers[k] ?? '');
  expect(h('content-security-policy'), what).toContain("frame-ancestors 'none'");
  expect(h('content-security-policy'), what).toMatch(/connect-src 'self'(;|$)/);
  expect(h('x-frame-options'), what).toBe('DENY');
  expect(h('x-content-type-options'), what).toBe('nosniff');
  expect(h('referrer-policy'), what).toBe('no-referrer');
  expect(h('permissions-policy'), what).toContain('geolocation=()');
}

const fetchHeaders = (r: Response) => ({ headers: Object.fromEntries(r.headers.entries()) });

describe.each(testBackends())('open network (issue 16) on $name', (backend) => {
  let w: AttackWorld;
  let prod: FastifyInstance;
  let demo: FastifyInstance;
  const sms = new DemoSmsSender(() => undefined);
  let phones: Record<string, string>;

  beforeAll(async () => {
    w = await openAttackWorld(backend);
    prod = w.app;
    demo = await createCrmServer({ db: w.db, demo: true, sms });
    const rows = await w.sql<{ id: string; phone: string }>(`SELECT id, phone FROM members ORDER BY id`);
    phones = Object.fromEntries(rows.map((r) => [r.id, r.phone]));
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    await w?.close();
  });

  const post = (
    app: FastifyInstance,
    url: string,
    payload?: string | object,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'POST', url, ...(payload !== undefined ? { payload } : {}), headers });

  async function signIn(app: FastifyInstance, memberId: string): Promise<string> {
    const phone = phones[memberId]!;
    expect((await post(app, '/api/v1/member/sign-in/code', { phone })).statusCode).toBe(200);
    const res = await post(app, '/api/v1/member/sign-in', { phone, code: sms.lastCode(phone)!.code });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ session: string }>().session;
  }

  it('production: no /demo route, no demo enrollment, nothing minted for anyone', async () => {
    for (const url of ['/demo/member', '/demo/member/M00004', '/demo/pickup', '/demo/pickup/PO000001']) {
      const res = await prod.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toMatch(/\b\d{8}\b|MT1\.|PT1\./);
    }
    const product = (await w.sql<{ id: string }>(`SELECT id FROM products LIMIT 1`))[0]!.id;
    expect((await prod.inject({ method: 'GET', url: `/demo/mall/p/${product}` })).statusCode).toBe(404);
    expect((await post(prod, '/api/v1/demo/enrollment', {})).statusCode).toBe(404);
    // The old open mint: no credential, a till's credential, nothing works.
    expect((await post(prod, '/api/v1/members/M00004/token')).statusCode).toBe(401);
    expect(
      (
        await post(prod, '/api/v1/members/M00004/token', undefined, {
          authorization: `Bearer ${w.tills.A1.token}`,
        })
      ).statusCode,
    ).toBe(401);
    // No SMS gateway configured: no sign-in, hence no session, hence no code.
    expect((await post(prod, '/api/v1/member/sign-in/code', { phone: phones.M00004 })).statusCode).toBe(503);
    const health = (await prod.inject({ method: 'GET', url: '/api/v1/health' })).json<
      Record<string, unknown>
    >();
    expect(health.demo).toBeUndefined();
    const paths = Object.keys(
      (await prod.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: object }>().paths,
    );
    expect(paths.filter((p) => p.includes('/demo'))).toEqual([]);
    expect(paths).toContain('/api/v1/member/sign-in');

    // The demo app says it is one, on its pages and in its health answer.
    expect(
      (await demo.inject({ method: 'GET', url: '/api/v1/health' })).json<{ demo?: boolean }>().demo,
    ).toBe(true);
    const page = await demo.inject({ method: 'GET', url: '/demo/member' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="demo-banner"');
    expect(page.body).toMatch(/演示模式 · DEMO/);
    const mall = await demo.inject({ method: 'GET', url: `/demo/mall/p/${product}` });
    expect(mall.body).toContain('data-testid="demo-banner"');
    // The old per-member page no longer shows anyone's code: it is the sign-in page.
    const old = await demo.inject({ method: 'GET', url: '/demo/member/M00004' });
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toBe('/demo/member');
    expect(old.body).not.toContain(MEMBER_TOKEN_PREFIX);
  });

  it('demo enrollment: a fresh one-time code for a new terminal of the demo store, in demo mode only', async () => {
    const a = await post(demo, '/api/v1/demo/enrollment', {});
    const b = await post(demo, '/api/v1/demo/enrollment', {});
    expect(a.statusCode, a.body).toBe(200);
    const ea = a.json<{ storeId: string; terminalId: string; code: string }>();
    const eb = b.json<{ terminalId: string }>();
    expect(ea.storeId).toBe('S001');
    expect(ea.terminalId).not.toBe(eb.terminalId);
    const enrolled = await post(demo, '/api/v1/enroll', ea);
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    // One-time: used, it enrolls nobody else.
    const again = await post(demo, '/api/v1/enroll', ea);
    expect(again.statusCode).toBe(409);
  });

  it('member sign-in: a wrong SMS code is refused and a few wrong ones kill the code; sessions expire and end', async () => {
    const phone = phones.M00002!;
    // Any number gets the same answer; only a member's gets a text.
    const stranger = await post(prod, '/api/v1/member/sign-in/code', { phone: '13999999999' });
    expect(stranger.statusCode).toBe(503);
    const unknown = await post(demo, '/api/v1/member/sign-in/code', { phone: '13999999999' });
    expect(unknown.statusCode).toBe(200);
    expect(sms.lastCode('13999999999')).toBeUndefined();

    expect((await post(demo, '/api/v1/member/sign-in/code', { phone })).statusCode).toBe(200);
    const right = sms.lastCode(phone)!.code;
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await post(demo, '/api/v1/member/sign-in', { phone, code: wrong });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toContain(PROBLEM);
    expect(refused.json<{ code: string }>().code).toBe('sms-code-invalid');
    for (let i = 1; i < SMS_CODE_MAX_ATTEMPTS; i++)
      await post(demo, '/api/v1/member/sign-in', { phone, code: wrong });
    // Too many wrong tries: even the right code is dead now.
    expect((await post(demo, '/api/v1/member/sign-in', { phone, code: right })).statusCode).toBe(401);
    const codes = await w.sql<{ code_hash: string }>(
      `SELECT code_hash FROM member_sms_codes WHERE phone = $1`,
      [phone],
    );
    expect(JSON.stringify(codes)).not.toContain(right);

    const session = await signIn(demo, 'M00008');
    const me = await demo.inject({
      method: 'GET',
      url: '/api/v1/member/me',
      headers: { authorization: `Bearer ${session}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ memberId: string; name: string }>().memberId).toBe('M00008');
    // Expired: refused like no session at all.
    await w.sql(
      `UPDATE member_sessions SET expires_at = now() - interval '1 second' WHERE member_id = 'M00008'`,
    );
    const expired = await demo.inject({
      method: 'GET',
      url: '/api/v1/member/me',
      headers: { authorization: `Bearer ${session}` },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toContain('Bearer');
    // Signed out: refused too.
    const s2 = await signIn(demo, 'M00008');
    const auth = { authorization: `Bearer ${s2}` };
    expect((await post(demo, '/api/v1/member/sign-out', undefined, auth)).statusCode).toBe(200);
    expect((await demo.inject({ method: 'GET', url: '/api/v1/member/me', headers: auth })).statusCode).toBe(
      401,
    );
    // A till's credential is not a member session, nor the other way round.
    expect(
      (
        await demo.inject({
          method: 'GET',
          url: '/api/v1/member/me',
          headers: { authorization: `Bearer ${w.tills.A1.token}` },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('mints a member code only for the signed-in member', async () => {
    const auth = { authorization: `Bearer ${await signIn(demo, 'M00003')}` };
    const own = await post(demo, '/api/v1/members/M00003/token', undefined, auth);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<{ token: string }>().token.startsWith(MEMBER_TOKEN_PREFIX)).toBe(true);
    const other = await post(demo, '/api/v1/members/M00004/token', undefined, auth);
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain(MEMBER_TOKEN_PREFIX);
  });

  it("shows a pickup code and QR only to the order's member", async () => {
    const owners = await w.sql<{ id: string; member_id: string; code: string }>(
      `SELECT id, member_id, code FROM pickup_orders WHERE member_id IS NOT NULL ORDER BY id`,
    );
    const mine = owners.filter((o) => o.member_id === owners[0]!.member_id);
    const theirs = owners.find((o) => o.member_id !== owners[0]!.member_id)!;
    const memberId = owners[0]!.member_id;
    const session = await signIn(demo, memberId);
    const res = await demo.inject({
      method: 'GET',
      url: '/api/v1/member/pickups',
      headers: { authorization: `Bearer ${session}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const listed = res.json<{ pickups: { order: { id: string }; code: string; token: string }[] }>().pickups;
    expect(listed.map((p) => p.order.id).sort()).toEqual(mine.map((o) => o.id).sort());
    expect(res.body).not.toContain(theirs.code);
    expect((await demo.inject({ method: 'GET', url: '/api/v1/member/pickups' })).statusCode).toBe(401);

    // The demo pages: signed out, nothing but the way to sign in; signed in, only one's own orders.
    const anon = await demo.inject({ method: 'GET', url: `/demo/pickup/${theirs.id}` });
    expect(anon.statusCode).toBe(303);
    expect(anon.body).not.toContain(theirs.code);
    const cookie = { cookie: `demo_member=${session}` };
    const own = await demo.inject({ method: 'GET', url: `/demo/pickup/${mine[0]!.id}`, headers: cookie });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(`data-testid="pickup-code">${mine[0]!.code}<`);
    const other = await demo.inject({ method: 'GET', url: `/demo/pickup/${theirs.id}`, headers: cookie });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(theirs.code);
    const list = await demo.inject({ method: 'GET', url: '/demo/pickup', headers: cookie });
    expect(list.body).not.toContain(theirs.code);
  });

  it('signs in on the demo pages with the demo SMS shown as a demo, then shows the own code', async () => {
    const phone = phones.M00005!;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const asked = await post(demo, '/demo/member/sign-in/code', `phone=${phone}`, form);
    expect(asked.statusCode).toBe(303);
    const verify = await demo.inject({ method: 'GET', url: asked.headers.location as string });
    expect(verify.body).toContain('演示短信 DEMO SMS');
    const code = /data-testid="demo-sms-code">(\d{6})</.exec(verify.body)?.[1];
    expect(code).toBe(sms.lastCode(phone)!.code);
    const bad = await post(demo, '/demo/member/sign-in', `phone=${phone}&code=000000`, form);
    expect(bad.statusCode).toBe(401);
    const done = await post(demo, '/demo/member/sign-in', `phone=${phone}&code=${code}`, form);
    expect(done.statusCode).toBe(303);
    const setCookie = String(done.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const qr = await demo.inject({
      method: 'GET',
      url: '/demo/member/qr',
      headers: { cookie: setCookie.split(';')[0]! },
    });
    expect(qr.statusCode).toBe(200);
    expect(qr.body).toContain('<svg');
    const token = /data-testid="demo-member-token">([^<]+)</.exec(qr.body)?.[1] ?? '';
    const sub = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string };
    expect(sub.sub).toBe('M00005');
    // The API never takes a form body (no cross-site form posts to it).
    const viaForm = await post(demo, '/api/v1/member/sign-in/code', `phone=${phone}`, form);
    expect(viaForm.statusCode).toBe(415);
  });

  it('answers 429 with Retry-After past the limits: SMS codes per phone, enrollment per terminal', async () => {
    const phone = phones.M00006!;
    const statuses: number[] = [];
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 12; i++) {
      last = await post(prod, '/api/v1/member/sign-in/code', { phone });
      statuses.push(last.statusCode);
    }
    expect(statuses).toContain(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['content-type']).toContain(PROBLEM);
    expectSecurityHeaders(last!, '429');

    const tries: number[] = [];
    for (let i = 0; i < 8; i++)
      tries.push(
        (await post(prod, '/api/v1/enroll', { storeId: 'S001', terminalId: 'T04', code: `guess-${i}-xxxx` }))
          .statusCode,
      );
    expect(tries.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(tries.at(-1)).toBe(429);
  });

  it('locks a terminal out after repeated wrong pickup codes; the refusal names no order', async () => {
    const own = (
      await w.sql<{ code: string }>(`SELECT code FROM pickup_orders WHERE store_id = 'S001' LIMIT 1`)
    )[0]!;
    const taken = new Set(
      (await w.sql<{ code: string }>(`SELECT code FROM pickup_orders`)).map((r) => r.code),
    );
    const wrong: string[] = [];
    for (let n = 1234567; wrong.length < 12; n++) {
      const c = makePickupCode(String(n));
      if (!taken.has(c)) wrong.push(c);
    }
    const answers: LightMyRequestResponse[] = [];
    for (const code of wrong) answers.push(await w.call('A2', 'POST', '/api/v1/pickups/verify', { code }));
    const locked = answers.find((a) => a.statusCode === 429);
    expect(locked, answers.map((a) => a.statusCode).join(',')).toBeDefined();
    expect(Number(locked!.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked!.json<{ code: string }>().code).toBe('pickup-locked');
    expect(locked!.body).not.toMatch(/\d{8}|PO\d+|order"/);
    // Locked out even for a right code; another till of the store is not.
    expect((await w.call('A2', 'POST', '/api/v1/pickups/verify', { code: own.code })).statusCode).toBe(429);
    const other = await w.call('A1', 'POST', '/api/v1/pickups/verify', { code: own.code });
    expect(other.statusCode).toBe(200);
  });

  it('seeds pickup codes at random, not from the order number', async () => {
    const rows = await w.sql<{ id: string; code: string }>(`SELECT id, code FROM pickup_orders ORDER BY id`);
    const formula = rows.filter(
      (r) => r.code === makePickupCode(String(3000000 + (Number(r.id.slice(2)) - 1) * 37)),
    );
    expect(formula).toEqual([]);
    expect(new Set(rows.map((r) => r.code.slice(0, 2))).size).toBeGreaterThan(1);
  });

  it('puts the security headers on every kind of answer; 405 with Allow; malformed URLs are 400 problems', async () => {
    const ok = await prod.inject({ method: 'GET', url: '/api/v1/health' });
    expect(ok.statusCode).toBe(200);
    expectSecurityHeaders(ok, '200 JSON');
    const notFound = await prod.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['content-type']).toContain(PROBLEM);
    expectSecurityHeaders(notFound, '404 problem');
    const unauth = await prod.inject({ method: 'GET', url: '/api/v1/members/config' });
    expect(unauth.statusCode).toBe(401);
    expectSecurityHeaders(unauth, '401 problem');
    const page = await demo.inject({ method: 'GET', url: '/demo/member' });
    expect(page.headers['content-type']).toContain('text/html');
    expectSecurityHeaders(page, 'demo page');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'none'");

    for (const [method, url, allow] of [
      ['DELETE', '/api/v1/push', 'POST'],
      ['PUT', '/api/v1/members/M00001/profile', 'GET, HEAD'],
      ['PATCH', '/api/v1/pickups/verify', 'POST'],
      ['DELETE', '/api/v1/health', 'GET, HEAD'],
    ] as const) {
      const res = await prod.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(405);
      expect(res.headers.allow).toBe(allow);
      expect(res.headers['content-type']).toContain(PROBLEM);
      expectSecurityHeaders(res, '405');
    }
    expect((await prod.inject({ method: 'DELETE', url: '/api/v1/no-such-thing' })).statusCode).toBe(404);

    for (const url of ['/%', '/api/v1/members/%E0%A4%A/profile', '/api/v1/%']) {
      const res = await prod.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain(PROBLEM);
      expect(res.body).not.toMatch(/URIError|URI malformed|not a valid url component|FST_/);
      expectSecurityHeaders(res, `400 ${url}`);
    }
  });
});

describe('the production entry (tsx crm/main.ts: openCrm without demo)', () => {
  it('issues no demo enrollment and serves no /demo route or demo enrollment endpoint', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'opennet-prod-'));
    const crm = await openCrm({
      dataDir,
      logger: false,
      seed: { products: 20, members: 8, pickupsPerState: 1, pinIterations: 1000 },
    });
    try {
      expect(crm.demoEnrollment).toBeNull();
      expect(crm.sms).toBeUndefined();
      for (const [method, url] of [
        ['GET', '/demo/member'],
        ['GET', '/demo/member/M00004'],
        ['GET', '/demo/pickup/PO000001'],
        ['POST', '/api/v1/demo/enrollment'],
      ] as const)
        expect((await crm.app.inject({ method, url })).statusCode, url).toBe(404);
      expect((await crm.app.inject({ method: 'POST', url: '/api/v1/members/M00004/token' })).statusCode).toBe(
        401,
      );
    } finally {
      await crm.app.close();
      await crm.db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the demo web server (npm run start:web)', () => {
  let dataDir: string;
  let stub: string | undefined;
  let crm: Awaited<ReturnType<typeof openCrm>>;
  let web: Awaited<ReturnType<typeof startDemoWeb>>;
  let root: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'opennet-web-'));
    crm = await openCrm({
      dataDir,
      logger: false,
      demo: true,
      seed: { products: 20, members: 8, pickupsPerState: 1, pinIterations: 1000 },
    });
    await crm.app.ready();
    // The built till when there is one (CI builds it before the e2e suite), else a stand-in page.
    if (existsSync(join(DIST, 'index.html'))) root = DIST;
    else {
      stub = await mkdtemp(join(tmpdir(), 'opennet-dist-'));
      await writeFile(join(stub, 'index.html'), '<!doctype html><title>till</title>');
      root = stub;
    }
    web = await startDemoWeb({
      root,
      port: 0,
      crm: crm.app,
      // Even a config that carries a code is served without it.
      terminalConfig: { ...demoTerminalConfig(), enrollmentCode: crm.demoEnrollment!.code },
    });
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await crm?.app.close();
    await crm?.db.close();
    await rm(dataDir, { recursive: true, force: true });
    if (stub) await rm(stub, { recursive: true, force: true });
  });

  async function files(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) out.push(...(await files(p)));
      else out.push(p);
    }
    return out;
  }

  it('serves no enrollment code: not in /config.json, not in any file of the built till', async () => {
    const code = crm.demoEnrollment!.code;
    const config = await fetch(`${web.url}/config.json`);
    expect(config.status).toBe(200);
    const text = await config.text();
    expect(text).not.toContain(code);
    expect(text).not.toMatch(/enrollmentCode/i);
    expectSecurityHeaders(fetchHeaders(config), '/config.json');
    for (const file of await files(root)) {
      const rel = '/' + relative(root, file).split('\\').join('/');
      const body = await readFile(file);
      expect(body.includes(code), rel).toBe(false);
      expect(body.includes('enrollmentCode":"'), rel).toBe(false);
      const served = await fetch(`${web.url}${rel}`);
      expect(served.status, rel).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).includes(code), rel).toBe(false);
      expectSecurityHeaders(fetchHeaders(served), `static ${rel}`);
    }
  });

  it('puts the headers on static files, API answers and demo pages; malformed URLs are 400 problems', async () => {
    for (const path of ['/', '/index.html', '/api/v1/health', '/demo/member', '/no-such-file.js']) {
      const res = await fetch(`${web.url}${path}`, { redirect: 'manual' });
      expectSecurityHeaders(fetchHeaders(res), path);
    }
    for (const path of ['/%', '/api/%', '/%E0%A4%A']) {
      const res = await fetch(`${web.url}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toContain(PROBLEM);
      const body = await res.text();
      expect(body).not.toMatch(/URIError|URI malformed/);
      expectSecurityHeaders(fetchHeaders(res), `400 ${path}`);
    }
    const put = await fetch(`${web.url}/index.html`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
  });
});
