// Floor staff on a handheld (issue 8), end to end on the real build in real Chromium at 360x640 against the
// reference CRM: a floor staff member logs in on a PDA-mode terminal; Chromium's fake camera plays a member QR made
// from a fresh token of the CRM's token route and the profile shows masked personal data and the points expiring
// by date; a product scanned with the handheld's scan key (keyboard wedge) shows its price, the member price of
// every tier and the stock here and in the nearby stores, as the CRM has them; its online mall QR opens the demo
// mall page, whose order the CRM credits to the store and the staff member. Then the installed web app (service
// worker active) reloads, and starts again, with the server gone, and still scans from its cached catalog.
// Screenshots of every handheld screen at 360x640 and 480x800 go to docs/screenshots/pda-*.png.
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCrm } from '../../crm/main';
import type { DemoSmsSender } from '../../crm/memberAuth';
import { mintMemberToken, signInMember } from './helpers/memberSession';
import { ensureDemoEnrollment } from '../../crm/seed';
import { memberRateBp } from '../../src/domain/membership/rules';
import { discountForRateBp } from '../../src/domain/money';
import { MemberConfigSchema } from '../../src/shared/crm';
import { fakeCameraFlags } from '../../scripts/chromium';
import { startWebServer, type RunningWebServer } from '../../scripts/webServer';
import { PNG } from 'pngjs';
import { readWithZxing, setZxingWasm } from '../../src/hardware/web/camera/zxingReader';
import { drawCode, writeFakeCameraVideo } from '../hardware/fakeCamera';
import { blurAll, launchTill, makeProfileDir, scanBurst, type Till, DOC_SHOTS } from './helpers/till';

const DIST = process.env.PDA_E2E_DIST ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const DOCS = DOC_SHOTS;
const FLOOR = { id: 'E1004', pin: '3333' } as const; // 测试理货员, role floor (src/domain/staff/demoStaff.ts)
const poll = <T>(fn: () => Promise<T> | T, timeout = 60_000) => expect.poll(fn, { timeout, interval: 150 });
const maskName = (name: string) => Array.from(name)[0] + '*'.repeat(Array.from(name).length - 1);

type Crm = Awaited<ReturnType<typeof openCrm>>;

describe('the floor staff handheld (PDA mode) and the installable web app', () => {
  let crm: Crm;
  let dataDir: string;
  let videos: string;
  let server: RunningWebServer;
  let url = '';
  let down = false;
  const servedWhileDown: string[] = [];
  let till: Till;
  let profile: { dir: string; remove(): Promise<void> };
  const camera = { path: '' };
  let member = { id: '', name: '', phone: '' };
  let product = { id: '', barcode: '', name: '', priceFen: 0, categoryId: '' };

  const shot = (name: string) => till.page.screenshot({ path: join(DOCS, `pda-${name}.png`) });
  const tab = async (name: 'member' | 'price' | 'pickup' | 'order') => {
    await till.page.getByTestId(`pda-tab-${name}`).click();
    await poll(() => till.page.getByTestId('pda-screen').getAttribute('data-tab')).toBe(
      name === 'pickup' ? 'pickup:verify' : `pda:${name}`,
    );
  };
  /** The scan key: a scanner burst with nothing focused. A burst split by a stalled browser is sent again. */
  const scanProduct = async (barcode: string) => {
    const { page } = till;
    for (let attempt = 0; attempt < 3; attempt++) {
      await blurAll(page);
      await scanBurst(page, barcode);
      const shown = await poll(() => page.getByTestId('pda-price').getAttribute('data-product'), 5000)
        .toBe(product.id)
        .then(() => true)
        .catch(() => false);
      if (shown) return;
      console.warn(JSON.stringify({ msg: 'scanner burst split under load; sending again', attempt }));
      await page.getByTestId('pda-price-input').fill('');
    }
    throw new Error(`price check never showed ${barcode}: ${till.logs.slice(-15).join('\n')}`);
  };

  beforeAll(async () => {
    await mkdir(DOCS, { recursive: true });
    const wasm = await readFile(
      createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'),
    );
    setZxingWasm({ binary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
    dataDir = await mkdtemp(join(tmpdir(), 'crm-pda-e2e-'));
    videos = await mkdtemp(join(tmpdir(), 'pda-camera-'));
    crm = await openCrm({
      dataDir,
      logger: false,
      demo: true, // the demo mall's backend places the phone's order with the mall's credential
      seed: { products: 400, members: 60, pickupsPerState: 3, pinIterations: 1000 },
    });
    await crm.app.ready();
    const { code } = await ensureDemoEnrollment(crm.db, { terminalId: 'T05' });
    const config = {
      storeId: 'S001',
      storeName: '天河店',
      terminalId: 'T05',
      mode: 'pda',
      crmUrl: '',
      enrollmentCode: code,
    };
    server = await startWebServer({
      root: DIST,
      host: '127.0.0.1',
      port: 0,
      handler: (req, res) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (down) {
          // The store server is gone: no answer at all, for the app's files as for the CRM.
          servedWhileDown.push(path);
          req.socket.destroy();
          return true;
        }
        if (path.startsWith('/api/') || path.startsWith('/demo/')) {
          crm.app.routing(req, res);
          return true;
        }
        if (path === '/config.json') {
          res.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'cache-control': 'no-store',
          });
          res.end(JSON.stringify(config));
          return true;
        }
        return false;
      },
    });
    url = `${server.url}/?wedgeGapMs=50&db=pda-e2e`;

    // A member with points expiring within three weeks (the seed gives every third member such a lot).
    const m = await crm.db.query<{ id: string; name: string; phone: string }>(
      `SELECT m.id, m.name, m.phone FROM members m
        WHERE m.active AND EXISTS (SELECT 1 FROM points_lots l WHERE l.member_id = m.id AND l.remaining > 0
                                     AND l.expires_on <= current_date + 20)
        ORDER BY m.id LIMIT 1`,
    );
    member = m.rows[0]!;
    expect(member).toBeDefined();
    // A packaged beauty product: its member prices differ by tier (gold and diamond have their own rates there).
    const p = await crm.db.query<{
      id: string;
      barcode: string;
      name: string;
      price_fen: string;
      category_id: string;
    }>(
      `SELECT p.id, p.barcode, p.name, p.price_fen, p.category_id FROM products p JOIN categories c ON c.id = p.category_id
        WHERE p.active AND p.unit = 'piece' AND p.barcode ~ '^69[0-9]{11}$'
        ORDER BY (c.name = '美妆') DESC, p.id LIMIT 1`,
    );
    const row = p.rows[0]!;
    product = {
      id: row.id,
      barcode: row.barcode,
      name: row.name,
      priceFen: Number(row.price_fen),
      categoryId: row.category_id,
    };

    // The camera plays whatever this path holds when it starts: a placeholder now, the member's QR later.
    camera.path = join(videos, 'camera.y4m');
    await writeFakeCameraVideo(camera.path, await drawCode('qrcode', 'placeholder'));
    profile = await makeProfileDir();
    till = await launchTill(profile.dir, url, { width: 360, height: 640 }, FLOOR, {
      extraArgs: fakeCameraFlags(camera.path),
    });
    // Online, and the catalog came by sync (the price check reads it from IndexedDB). Bounded: about 2 minutes.
    const badge = till.page.getByTestId('sync-badge');
    for (let i = 0; i < 800; i++) {
      if (
        (await badge.getAttribute('data-online')) === 'true' &&
        Number(await badge.getAttribute('data-products')) >= 400
      )
        break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(await badge.getAttribute('data-online')).toBe('true');
    expect(Number(await badge.getAttribute('data-products'))).toBeGreaterThanOrEqual(400);
  }, 300_000);

  afterAll(async () => {
    await till?.context.close().catch(() => undefined);
    await profile?.remove();
    await server?.close();
    await crm?.app.close();
    await crm?.db.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (videos) await rm(videos, { recursive: true, force: true });
  });

  it('lets floor staff in on a PDA terminal, on the customer tab with the scan button and the bottom tabs', async () => {
    const { page } = till;
    await expect(page.getByTestId('till').getAttribute('data-mode')).resolves.toBe('pda');
    expect(await page.getByTestId('cashier').getAttribute('data-role')).toBe('floor');
    expect(await page.getByTestId('pda-screen').getAttribute('data-tab')).toBe('pda:member');
    for (const id of ['pda-scan', 'pda-tab-member', 'pda-tab-price', 'pda-tab-pickup', 'pda-tab-order']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.height, id).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width, id).toBeLessThanOrEqual(360);
    }
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot('customer-empty-360x640');
    expect(till.errors).toEqual([]);
  });

  it("scans the member's QR with the camera: the profile shows masked data and the points expiring by date", async () => {
    const { page } = till;
    // The member's own code, as the member app gets it: signed in with the demo SMS code (issue 16).
    const session = await signInMember(server.url, member.phone, crm.sms as DemoSmsSender);
    const token = await mintMemberToken(server.url, session);
    const next = join(videos, 'member.y4m');
    // Scale 3: the token's QR (about 60 modules) fits the 640x480 frame.
    await writeFakeCameraVideo(next, await drawCode('qrcode', token, 3));
    await rename(next, camera.path);

    await page.getByTestId('pda-scan').click();
    await page.getByTestId('pda-camera').waitFor();
    await shot('camera-360x640');
    const profileView = page.getByTestId('pda-profile');
    await profileView.waitFor({ timeout: 60_000 });
    expect(await profileView.getAttribute('data-member')).toBe(member.id);
    expect(await page.getByTestId('pda-camera').count()).toBe(0);

    // Masked: the name's first character and stars, the phone's middle four digits.
    expect(await page.getByTestId('pda-profile-name').innerText()).toBe(maskName(member.name));
    const phone = await page.getByTestId('pda-profile-phone').innerText();
    expect(phone).toBe(`${member.phone.slice(0, 3)}****${member.phone.slice(7)}`);
    expect(await profileView.innerText()).not.toContain(member.phone);
    expect(await profileView.innerText()).not.toContain(member.name);

    // Every lot expiring within 20 days is listed with its date and points, as the CRM has them.
    const lots = await crm.db.query<{ expires_on: string; points: string }>(
      `SELECT to_char(expires_on, 'YYYY-MM-DD') AS expires_on, sum(remaining) AS points FROM points_lots
        WHERE member_id = $1 AND remaining > 0 AND expires_on <= current_date + 20 GROUP BY expires_on`,
      [member.id],
    );
    expect(lots.rows.length).toBeGreaterThan(0);
    const shown = page.getByTestId('pda-profile-expiring').locator('li');
    for (const lot of lots.rows) {
      const item = shown.and(page.locator(`[data-date="${lot.expires_on}"]`));
      await expect(item.getAttribute('data-points')).resolves.toBe(String(Number(lot.points)));
      expect(await item.innerText()).toContain(lot.expires_on);
    }
    expect(
      till.logs.some((l) => l.includes('"msg":"camera.accepted"') && l.includes('"symbology":"qr"')),
    ).toBe(true);
    await page
      .getByTestId('pda-profile-history')
      .locator('[data-testid="pda-history-item"]')
      .first()
      .waitFor();
    await shot('customer-360x640');
    await page.getByTestId('pda-profile-history').scrollIntoViewIfNeeded();
    await shot('customer-history-360x640');
  });

  it("checks a product scanned with the scan key: price, every tier's member price, stock here and nearby", async () => {
    const { page } = till;
    await tab('price');
    await shot('price-empty-360x640');
    await scanProduct(product.barcode);
    expect(await page.getByTestId('pda-product-name').innerText()).toBe(product.name);
    expect(Number(await page.getByTestId('pda-product-price').getAttribute('data-fen'))).toBe(
      product.priceFen,
    );

    // The member prices follow the CRM's rules, with the cart's rounding.
    const cfg = await fetch(`${server.url}/api/v1/members/config`, {
      headers: { authorization: `Bearer ${await terminalCredential()}` },
    });
    const rules = MemberConfigSchema.parse(await cfg.json()).rules;
    const tiers = page.getByTestId('pda-tier-prices').locator('li');
    await poll(() => tiers.count()).toBe(rules.tiers.length);
    const rates = new Set<number>();
    for (const t of rules.tiers) {
      const rate = memberRateBp(rules, t.code, product.categoryId);
      rates.add(rate);
      const expected =
        rate < 10000 ? product.priceFen - discountForRateBp(product.priceFen, rate) : product.priceFen;
      expect(
        Number(await tiers.and(page.locator(`[data-tier="${t.code}"]`)).getAttribute('data-fen')),
        t.code,
      ).toBe(expected);
    }
    expect(rates.size).toBeGreaterThan(1);

    // Stock: this store and the nearby stores, nearest first, the CRM's numbers.
    await poll(() => page.getByTestId('pda-stock').getAttribute('data-phase'), 30_000).toBe('loaded');
    const stock = await crm.db.query<{ store_id: string; qty: number; distance_m: number | null }>(
      `SELECT s.store_id, s.qty, n.distance_m FROM store_stock s
         LEFT JOIN store_neighbours n ON n.store_id = 'S001' AND n.neighbour_id = s.store_id
        WHERE s.product_id = $1 AND (s.store_id = 'S001' OR n.neighbour_id IS NOT NULL)
        ORDER BY n.distance_m NULLS FIRST`,
      [product.id],
    );
    const [here, ...nearby] = stock.rows;
    expect(here!.store_id).toBe('S001');
    expect(await page.getByTestId('pda-stock-here').getAttribute('data-qty')).toBe(String(here!.qty));
    const rows = page.getByTestId('pda-stock-nearby');
    expect(
      await rows.evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-store'), Number(e.getAttribute('data-qty'))]),
      ),
    ).toEqual(nearby.map((r) => [r.store_id, r.qty]));
    expect(nearby.length).toBeGreaterThanOrEqual(3);
    await shot('price-360x640');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it("shows the product's online mall QR with the attribution code, and the mall's order credits the store and staff", async () => {
    const { page } = till;
    await page.getByTestId('pda-order-online').click();
    await poll(() => page.getByTestId('pda-screen').getAttribute('data-tab')).toBe('pda:order');
    const qr = page.getByTestId('pda-order-qr');
    await qr.waitFor({ timeout: 30_000 });
    const mallUrl = new URL((await qr.getAttribute('data-url'))!);
    expect(mallUrl.pathname).toBe(`/demo/mall/p/${product.id}`);
    const code = mallUrl.searchParams.get('a')!;
    expect(code).toMatch(/^AT1\.[0-9A-Z]{12}$/);
    expect(await qr.getAttribute('data-method')).toBe('issued');
    const issued = await crm.db.query<{ staff_id: string; terminal_id: string }>(
      `SELECT staff_id, terminal_id FROM attribution_codes WHERE code = $1`,
      [code],
    );
    expect(issued.rows[0]).toEqual({ staff_id: 'E1004', terminal_id: 'T05' });
    // What the customer's phone reads from the screen is that URL.
    const png = PNG.sync.read(await qr.screenshot());
    const reads = await readWithZxing({
      data: new Uint8ClampedArray(png.data),
      width: png.width,
      height: png.height,
    });
    expect(reads.map((r) => r.text)).toEqual([mallUrl.toString()]);
    await shot('order-360x640');

    // The customer's phone opens the QR's page and orders there.
    const phone = await till.context.newPage();
    await phone.setViewportSize({ width: 360, height: 640 });
    await phone.goto(mallUrl.toString());
    expect(await phone.getByTestId('mall-product').innerText()).toBe(product.name);
    await phone.getByTestId('mall-qty').fill('2');
    await phone.getByTestId('mall-order').click();
    const result = phone.getByTestId('mall-result');
    await poll(() => result.getAttribute('data-staff')).toBe('E1004');
    await phone.screenshot({ path: join(DOCS, 'pda-mall-order-360x640.png') });
    const orderId = (await result.getAttribute('data-order-id'))!;
    await phone.close();
    const credit = await crm.db.query<{
      store_id: string;
      staff_id: string;
      method: string;
      amount_fen: string;
    }>(`SELECT store_id, staff_id, method, amount_fen FROM order_attributions WHERE order_id = $1`, [
      orderId,
    ]);
    expect(credit.rows[0]).toMatchObject({ store_id: 'S001', staff_id: 'E1004', method: 'issued' });
    expect(Number(credit.rows[0]!.amount_fen)).toBe(product.priceFen * 2);
  });

  it('embeds pickup verification and the pickup queue in the handheld layout', async () => {
    const { page } = till;
    await tab('pickup');
    await page.getByTestId('pickup-verify').waitFor();
    await shot('pickup-360x640');
    await page.getByTestId('pda-pickup-queue').click();
    await page.getByTestId('pickup-queue').waitFor();
    await page.locator('[data-testid="pickup-queue-item"]').first().waitFor({ timeout: 60_000 });
    await shot('pickup-queue-360x640');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('looks right at 480x800 too', async () => {
    const { page } = till;
    await page.setViewportSize({ width: 480, height: 800 });
    for (const name of ['member', 'price', 'pickup', 'order'] as const) {
      await tab(name);
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(480);
      await shot(`${name === 'member' ? 'customer' : name}-480x800`);
    }
    await page.setViewportSize({ width: 360, height: 640 });
    expect(till.errors).toEqual([]);
  });

  it('as an installed web app, reloads and starts again with the server gone, and scans from the cached catalog', async () => {
    const { page } = till;
    const active = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return { script: reg.active?.scriptURL ?? '', state: reg.active?.state ?? '' };
    });
    expect(active).toEqual({ script: `${server.url}/sw.js`, state: 'activated' });
    const manifest = await page.evaluate(() =>
      document.querySelector('link[rel="manifest"]')?.getAttribute('href'),
    );
    expect(manifest).toBe('/manifest.webmanifest');

    down = true;
    await till.context.setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByTestId('pda-screen').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await tab('price');
    await scanProduct(product.barcode);
    expect(Number(await page.getByTestId('pda-product-price').getAttribute('data-fen'))).toBe(
      product.priceFen,
    );
    await poll(() => page.getByTestId('pda-stock').getAttribute('data-phase')).toBe('offline');
    await poll(() => page.getByTestId('sync-badge').getAttribute('data-online')).toBe('false');
    await shot('offline-price-360x640');
    // The server answered nothing while down; no script or style of the app even asked it: the worker's cache did.
    expect(servedWhileDown.filter((p) => p.startsWith('/assets/'))).toEqual([]);

    // A cold start (the browser closed and opened again) with no server: the app, the config, then an offline login.
    await till.context.close();
    till = await launchTill(profile.dir, url, { width: 360, height: 640 }, null, {
      extraArgs: fakeCameraFlags(camera.path),
    });
    await till.context.setOffline(true);
    await till.page.getByTestId('login-screen').waitFor({ timeout: 60_000 });
    await shot('login-360x640');
    await till.page.getByTestId('login-staff-id').fill(FLOOR.id);
    await till.page.getByTestId('login-pin').fill(FLOOR.pin);
    await till.page.getByTestId('login-submit').click();
    await till.page.getByTestId('pda-screen').waitFor({ timeout: 30_000 });
    expect(await till.page.getByTestId('store-name').innerText()).toBe('天河店');
    expect(await till.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await tab('price');
    await scanProduct(product.barcode);
    // Chromium may race a cold start's navigation to the network while the worker starts; the assets never go there.
    expect(servedWhileDown.filter((p) => p.startsWith('/assets/'))).toEqual([]);
  });

  /** The terminal's credential, to read the CRM's rules the way the handheld does. */
  async function terminalCredential(): Promise<string> {
    const { code } = await ensureDemoEnrollment(crm.db, { terminalId: 'T04' });
    const res = await crm.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId: 'T04', code },
    });
    return res.json<{ credential: string }>().credential;
  }
});
