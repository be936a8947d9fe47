// Membership at the till, end to end on the real build in real Chromium with the reference CRM on the same origin:
// (1) online: a member QR token fetched from the CRM is scanned as scanner input, the masked profile shows the
// points expiring soon, a coupon is applied, part is paid with points, and the receipt says it all; the CRM books
// the points and the coupon once. (2) the same offline: the CRM stops, the member comes from the till's cache and
// the balance is marked provisional on screen and receipt. (3) two terminals offline use the same coupon; when they
// come back the CRM holds exactly one coupon.usedTwice issue naming both receipts, shown in the sync panel.
// Spending points or coupons needs the member's scanned code (issue 15): a member attached by card number gets
// prices and points but cannot redeem; the scanned code travels with the sale and the CRM checks it.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoEnrollment } from '../../crm/seed';
import { issueMemberToken } from '../../crm/members';
import { createCrmServer } from '../../crm/server';
import { startWebServer, type RunningWebServer } from '../../scripts/webServer';
import { blurAll, launchTill, makeProfileDir, scanBurst, scanIntoCart, type Till } from './helpers/till';
import { serveTillWithCrm, type TillWithCrm } from './helpers/crmServer';
import { mintMemberToken, signInMember, type MemberSession } from './helpers/memberSession';

// Screenshots of each run go to test-results; the ones in docs/screenshots are copies of a reviewed run.
const SHOTS = 'test-results';
const WEDGE = 'wedgeGapMs=50';
const DIST = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });

interface DemoMember {
  id: string;
  name: string;
  phone: string;
  card_no: string;
  coupon_id: string;
  coupon_code: string;
}

/** A second terminal (T04) on its own origin, with its own CRM app over the same database. */
async function serveSecondTill(
  server: TillWithCrm,
): Promise<{ url: string; up(v: boolean): void; close(): Promise<void> }> {
  const app: FastifyInstance = await createCrmServer({ db: server.db });
  await app.ready();
  const enrollment = await ensureDemoEnrollment(server.db, { terminalId: 'T04' });
  let up = true;
  const web: RunningWebServer = await startWebServer({
    root: DIST,
    host: '127.0.0.1',
    port: 0,
    handler: (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path.startsWith('/api/')) {
        if (!up) {
          req.socket.destroy();
          return true;
        }
        app.routing(req, res);
        return true;
      }
      if (path === '/config.json') {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(
          JSON.stringify({
            storeId: enrollment.storeId,
            storeName: '天河店',
            terminalId: 'T04',
            crmUrl: '',
            enrollmentCode: enrollment.code,
          }),
        );
        return true;
      }
      return false;
    },
  });
  return {
    url: web.url,
    up: (v) => {
      up = v;
    },
    close: async () => {
      await web.close();
      await app.close();
    },
  };
}

/** A fresh member code minted by the CRM's own signing code, as the member app gets one (the CRM may be down for the tills). */
async function mintToken(server: TillWithCrm, memberId: string): Promise<string> {
  return (await issueMemberToken(server.db, memberId))!.token;
}

const sessions = new Map<string, MemberSession>();

/** The member's own fresh QR token: signed in once through the member API (demo SMS code), then minted. */
async function freshToken(server: TillWithCrm, memberId: string): Promise<string> {
  let s = sessions.get(memberId);
  if (!s) {
    const phone = (
      await server.db.query<{ phone: string }>(`SELECT phone FROM members WHERE id = $1`, [memberId])
    ).rows[0]!.phone;
    s = await signInMember(server.url, phone, server.sms);
    sessions.set(memberId, s);
  }
  return mintMemberToken(server.url, s);
}

/** Scans a member QR token as a scanner burst; a burst the loaded machine split is sent again with a new token. */
async function scanMember(till: Till, mint: () => Promise<string>, memberId: string): Promise<void> {
  const panel = till.page.getByTestId('member-panel');
  for (let attempt = 0; attempt < 3; attempt++) {
    await blurAll(till.page);
    await scanBurst(till.page, await mint());
    for (let i = 0; i < 100; i++) {
      if ((await panel.getAttribute('data-member')) === memberId) return;
      if ((await till.page.getByTestId('member-error').count()) > 0) break;
      await till.page.waitForTimeout(50);
    }
    if ((await panel.getAttribute('data-member')) === memberId) return;
    console.warn(JSON.stringify({ msg: 'member scan did not attach; scanning a fresh token', attempt }));
    await till.page.keyboard.press('Escape');
    await till.page
      .getByTestId('scan-input')
      .fill('')
      .catch(() => undefined);
  }
  await poll(() => panel.getAttribute('data-member'), 5000).toBe(memberId);
}

/** Types a card number in the member dialog (F2), as a cashier does when the customer shows a plastic card. */
async function attachByCard(page: Page, cardNo: string, memberId: string): Promise<void> {
  await blurAll(page);
  await page.keyboard.press('F2');
  await page.getByTestId('member-dialog').waitFor();
  await page.getByTestId('member-input').fill(cardNo);
  await page.getByTestId('member-input').press('Enter');
  await poll(() => page.getByTestId('member-panel').getAttribute('data-member')).toBe(memberId);
}

async function applyCoupon(page: Page, code: string): Promise<void> {
  await blurAll(page);
  await page.keyboard.press('Control+y');
  await page.getByTestId('member-coupons').waitFor();
  const apply = page.locator(`[data-testid="coupon-card"][data-code="${code}"] [data-testid="coupon-apply"]`);
  // Enabled once the member's scanned code is on the sale (a card alone cannot spend coupons).
  await poll(() => apply.isEnabled()).toBe(true);
  await apply.click();
  await page
    .getByTestId('member-coupons')
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(async (e: unknown) => {
      const why = await page
        .getByTestId('coupon-error')
        .innerText()
        .catch(() => '');
      throw new Error(`coupon ${code} not applied: ${why}`, { cause: e });
    });
  await page.getByTestId('member-coupon-applied').waitFor();
}

/** Points first (F2 in the tender dialog), then cash for the rest; returns the receipt number and preview text. */
async function payPointsThenCash(
  page: Page,
  points: number | null,
  shot?: string,
): Promise<{ receiptNo: string; receipt: string }> {
  await blurAll(page);
  await page.keyboard.press('F5');
  await page.getByTestId('tender-dialog').waitFor();
  if (points !== null) {
    await page.keyboard.press('F2');
    await page.getByTestId('points-input').fill(String(points));
    if (shot) await page.screenshot({ path: `${SHOTS}/${shot}` });
    await page.getByTestId('points-input').press('Enter');
    await page.getByTestId('tender-list').waitFor();
    expect(await page.getByTestId('tender-list').innerText()).toContain('积分');
    await page.keyboard.press('F5');
  }
  await poll(() => page.getByTestId('tender-confirm').isEnabled()).toBe(true);
  await page.getByTestId('tender-amount').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('sale-complete').waitFor();
  return {
    receiptNo: await page.getByTestId('receipt-no').innerText(),
    receipt: await page.getByTestId('receipt-preview').innerText(),
  };
}

async function nextSale(page: Page): Promise<void> {
  await page.waitForTimeout(900);
  await page.keyboard.press('Enter');
  await page.getByTestId('sale-complete').waitFor({ state: 'detached' });
}

describe('membership at the till', () => {
  let server: TillWithCrm;
  let second: Awaited<ReturnType<typeof serveSecondTill>> | undefined;
  const profiles: { dir: string; remove(): Promise<void> }[] = [];
  const tills: Till[] = [];
  let members: DemoMember[] = [];
  let codes: string[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await serveTillWithCrm();
    // Members with an all-category amount coupon usable offline, points to spend, and points expiring within 30 days.
    members = (
      await server.db.query<DemoMember>(
        `SELECT DISTINCT ON (m.id) m.id, m.name, m.phone, m.card_no, c.id AS coupon_id, c.code AS coupon_code
           FROM members m JOIN coupons c ON c.member_id = m.id
          WHERE c.state = 'issued' AND c.kind = 'amount' AND c.offline_allowed AND c.category_ids = '[]'::jsonb
            AND c.valid_from <= current_date AND c.valid_to >= current_date + 1 AND m.points_balance >= 2000
            AND EXISTS (SELECT 1 FROM points_lots l WHERE l.member_id = m.id AND l.remaining > 0
                         AND l.expires_on >= current_date AND l.expires_on < current_date + 30)
          ORDER BY m.id, c.id LIMIT 3`,
      )
    ).rows;
    expect(members).toHaveLength(3);
    // Goods worth more than the coupons' 200-yuan threshold, in categories every tier discounts alike.
    codes = (
      await server.db.query<{ barcode: string }>(
        `SELECT p.barcode FROM products p JOIN categories c ON c.id = p.category_id
          WHERE p.active AND p.unit = 'piece' AND p.barcode ~ '^69[0-9]{11}$' AND p.price_fen BETWEEN 26000 AND 60000
            AND c.name NOT IN ('母婴', '酒水', '美妆', '服装')
          ORDER BY p.id LIMIT 4`,
      )
    ).rows.map((r) => r.barcode);
    expect(codes.length).toBe(4);
  });

  afterAll(async () => {
    for (const t of tills) await t.context.close().catch(() => undefined);
    await second?.close();
    await server?.close();
    for (const p of profiles) await p.remove();
  });

  async function openTill(url: string, db: string): Promise<Till> {
    const profile = await makeProfileDir();
    profiles.push(profile);
    const till = await launchTill(profile.dir, `${url}/?${WEDGE}&db=${db}`);
    tills.push(till);
    const badge = till.page.getByTestId('sync-badge');
    const total = Number(
      (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products`)).rows[0]?.n,
    );
    await poll(() => badge.getAttribute('data-products'), 120_000).toBe(String(total));
    await poll(() => badge.getAttribute('data-online'), 60_000).toBe('true');
    return till;
  }

  it('online: scan the member QR, see the masked profile, apply a coupon, pay part with points, all on the receipt', async () => {
    const till = await openTill(server.url, 'm1');
    const { page } = till;
    const a = members[0]!;
    await scanIntoCart(till, codes[0]!, 1);
    await scanMember(till, () => freshToken(server, a.id), a.id);

    const chars = [...a.name];
    const nameMasked = chars[0] + '*'.repeat(chars.length - 1);
    const phoneMasked = `${a.phone.slice(0, 3)}****${a.phone.slice(7)}`;
    expect(await page.getByTestId('member-name').innerText()).toBe(nameMasked);
    expect(await page.getByTestId('member-phone').innerText()).toBe(phoneMasked);
    await page.getByTestId('member-expiring').waitFor();
    expect(await page.getByTestId('member-slot').innerText()).toContain(nameMasked);
    expect(await page.locator('body').innerText()).not.toContain(a.phone);
    expect(await page.getByTestId('member-provisional').count()).toBe(0);

    // The profile (F2 with a member on the sale): masked, tier progress, expiring points by date, history.
    await blurAll(page);
    await page.keyboard.press('F2');
    const profile = page.getByTestId('member-profile');
    await profile.waitFor();
    expect(await page.getByTestId('profile-name').innerText()).toBe(nameMasked);
    expect(await page.getByTestId('profile-phone').innerText()).toBe(phoneMasked);
    expect(await page.getByTestId('profile-expiring').innerText()).toMatch(/\d{4}-\d{2}-\d{2}/);
    await page.getByTestId('history-item').first().waitFor();
    expect(await profile.innerText()).not.toContain(a.phone);
    await page.screenshot({ path: `${SHOTS}/member-profile.png` });
    await page.keyboard.press('Escape');
    await profile.waitFor({ state: 'detached' });

    const dueBefore = await page.getByTestId('total-due').innerText();
    await applyCoupon(page, a.coupon_code);
    expect(await page.getByTestId('total-due').innerText()).not.toBe(dueBefore);
    await page.screenshot({ path: `${SHOTS}/member-panel-coupon.png` });

    const { receiptNo, receipt } = await payPointsThenCash(page, 500, 'member-points-tender.png');
    expect(receipt).toContain(nameMasked);
    expect(receipt).toContain(phoneMasked);
    expect(receipt).toContain('积分抵扣');
    expect(receipt).toMatch(/本次使用积分\s+500/);
    expect(receipt).toMatch(/本次积分\s+\d+/);
    expect(receipt).toContain(a.coupon_code);
    expect(receipt).toMatch(/积分余额\s+\d+/);
    expect(receipt).not.toContain('待同步');
    expect(receipt).not.toContain(a.phone);
    await page.screenshot({ path: `${SHOTS}/member-receipt-online.png` });

    await poll(() => page.getByTestId('sync-badge').getAttribute('data-pending'), 60_000).toBe('0');
    const sale = await server.db.query<{ id: string; member_id: string }>(
      `SELECT id, member_id FROM sales WHERE receipt_no = $1`,
      [receiptNo],
    );
    expect(sale.rows[0]?.member_id).toBe(a.id);
    const coupon = await server.db.query<{ state: string; used_sale_id: string }>(
      `SELECT state, used_sale_id FROM coupons WHERE id = $1`,
      [a.coupon_id],
    );
    expect(coupon.rows[0]).toEqual({ state: 'used', used_sale_id: sale.rows[0]!.id });
    const ledger = await server.db.query<{ kind: string; delta: number }>(
      `SELECT kind, delta FROM points_ledger WHERE sale_id = $1 ORDER BY kind`,
      [sale.rows[0]!.id],
    );
    expect(ledger.rows.find((r) => r.kind === 'redeem')?.delta).toBe(-500);
    expect(ledger.rows.find((r) => r.kind === 'earn')?.delta).toBeGreaterThan(0);
    await nextSale(page);
    expect(till.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('offline: the member comes from the cache, the balance is marked provisional on screen and receipt', async () => {
    const till = tills[0]!;
    const { page } = till;
    const b = members[1]!;
    // Seen at this till before (online): now in its member cache.
    await attachByCard(page, b.card_no, b.id);
    await page.getByTestId('btn-member-remove').click();
    await poll(() => page.getByTestId('member-panel').getAttribute('data-member')).toBe('');
    server.stopCrm();
    await poll(() => page.getByTestId('sync-badge').getAttribute('data-online'), 60_000).toBe('false');
    // Minted once the till sees the CRM down (noticing may take longer than a token's 60 s life on a busy box).
    const token = await mintToken(server, b.id);
    await scanIntoCart(till, codes[1]!, 1);
    await blurAll(page);
    await scanBurst(page, token);
    await poll(() => page.getByTestId('member-panel').getAttribute('data-member')).toBe(b.id);
    await page.getByTestId('member-provisional').waitFor();
    expect(await page.getByTestId('member-slot').innerText()).toContain('待同步');
    // The same token again is refused (replay), with what to do.
    await blurAll(page);
    await page.getByTestId('btn-member-remove').click();
    await scanBurst(page, token);
    await page.getByTestId('member-error').waitFor();
    expect(await page.getByTestId('member-error').innerText()).toContain('刷新');
    await page.keyboard.press('Escape');

    // By card number: member prices and points, but no spending without the member's code.
    await attachByCard(page, b.card_no, b.id);
    await blurAll(page);
    await page.keyboard.press('F5');
    await page.getByTestId('tender-dialog').waitFor();
    await page.keyboard.press('F2');
    await page.getByTestId('points-needs-code').waitFor();
    expect(await page.getByTestId('points-needs-code').innerText()).toContain('请顾客出示会员码');
    expect(await page.getByTestId('points-input').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('tender-dialog').waitFor({ state: 'detached' });
    await blurAll(page);
    await page.keyboard.press('Control+y');
    await page.getByTestId('coupons-needs-code').waitFor();
    expect(
      await page
        .locator(`[data-testid="coupon-card"][data-code="${b.coupon_code}"] [data-testid="coupon-apply"]`)
        .isDisabled(),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('member-coupons').waitFor({ state: 'detached' });

    // The customer shows a fresh member code (the CRM is down for the till; the code is minted as the app would).
    await scanMember(till, () => mintToken(server, b.id), b.id);
    await applyCoupon(page, b.coupon_code);
    await page.screenshot({ path: `${SHOTS}/member-offline-provisional.png` });
    const { receiptNo, receipt } = await payPointsThenCash(page, 300);
    expect(receipt).toMatch(/本次使用积分\s+300/);
    expect(receipt).toContain(b.coupon_code);
    expect(receipt).toMatch(/积分余额\s+\(待同步\)\s+\d+/);
    await page.screenshot({ path: `${SHOTS}/member-receipt-offline.png` });
    await nextSale(page);

    server.startCrm();
    await poll(() => page.getByTestId('sync-badge').getAttribute('data-pending'), 120_000).toBe('0');
    const sale = await server.db.query<{ id: string }>(`SELECT id FROM sales WHERE receipt_no = $1`, [
      receiptNo,
    ]);
    const redeem = await server.db.query<{ delta: number }>(
      `SELECT delta FROM points_ledger WHERE sale_id = $1 AND kind = 'redeem'`,
      [sale.rows[0]!.id],
    );
    expect(redeem.rows).toEqual([{ delta: -300 }]);
  });

  it('two terminals offline use the same coupon: the CRM shows exactly one issue naming both receipts', async () => {
    const c = members[2]!;
    const t03 = tills[0]!;
    second = await serveSecondTill(server);
    const t04 = await openTill(second.url, 'm2');
    for (const till of [t03, t04]) {
      await poll(() => till.page.getByTestId('sync-badge').getAttribute('data-online'), 60_000).toBe('true');
      await attachByCard(till.page, c.card_no, c.id);
      await till.page.getByTestId('btn-member-remove').click();
    }
    server.stopCrm();
    second.up(false);
    const receipts: string[] = [];
    for (const [i, till] of [t03, t04].entries()) {
      await poll(() => till.page.getByTestId('sync-badge').getAttribute('data-online'), 60_000).toBe('false');
      await scanIntoCart(till, codes[2 + i]!, 1);
      // The member's code (each till its own fresh one), verified offline with the cached keys.
      await scanMember(till, () => mintToken(server, c.id), c.id);
      await applyCoupon(till.page, c.coupon_code);
      const { receiptNo, receipt } = await payPointsThenCash(till.page, null);
      expect(receipt).toContain(c.coupon_code);
      receipts.push(receiptNo);
      await nextSale(till.page);
    }
    server.startCrm();
    second.up(true);
    for (const till of [t03, t04])
      await poll(() => till.page.getByTestId('sync-badge').getAttribute('data-pending'), 120_000).toBe('0');

    const issues = await server.db.query<{ id: string; refs: { receiptNo?: string }[] }>(
      `SELECT id, refs FROM issues WHERE kind = 'coupon.usedTwice' AND subject_id = $1`,
      [c.coupon_id],
    );
    expect(issues.rows).toHaveLength(1);
    expect(issues.rows[0]!.refs.map((r) => r.receiptNo).sort()).toEqual([...receipts].sort());

    const page = t03.page;
    await blurAll(page);
    await page.getByTestId('sync-badge').click();
    await page.getByTestId('sync-panel').waitFor();
    await page.getByTestId('sync-now').click();
    const issue = page.locator(`[data-testid="sync-issue"][data-kind="coupon.usedTwice"]`);
    await issue.first().waitFor({ timeout: 30_000 });
    const text = await issue.first().innerText();
    for (const r of receipts) expect(text).toContain(r);
    await page.screenshot({ path: `${SHOTS}/member-coupon-conflict.png` });
    await page.keyboard.press('Escape');
    for (const till of tills) expect(till.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
