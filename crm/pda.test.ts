// Floor staff on handhelds at the CRM (issue 8), on PGlite and (with TEST_DATABASE_URL) PostgreSQL: stock here and
// in the nearby stores, the attribution codes a handheld puts in a product's mall QR, the mall's orders carrying
// them (placed once per order id, a bad code never refusing the order), and the store's credit.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  AttributionCodeResponseSchema,
  AttributionListResponseSchema,
  MallOrderResponseSchema,
  ProductStockResponseSchema,
} from '../src/shared/crm';
import type { Db } from './db';
import { ensureDemoEnrollment, ensureSeeded } from './seed';
import { newSecret } from './ids';
import { registerDemoMallBackend } from './routes/pda';
import { createCrmServer } from './server';
import { addServiceCredential } from './serviceCredentials';
import { DEMO_NEARBY_STORES, ensureDemoStock, setStock } from './stock';
import { testBackends } from './testSupport';

describe.each(testBackends())('handheld stock and mall attribution at the CRM on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let token = '';
  /** The online mall's service credential: only the mall places its orders (docs/decisions/0042). */
  const mallToken = newSecret();
  let product = { id: '', priceFen: 0 };

  const api = async (method: 'GET' | 'POST', url: string, payload?: unknown, auth = token) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
  const issue = async (staffId: string) => {
    const res = await api('POST', '/pda/attribution-codes', { staffId });
    expect(res.statusCode, res.body).toBe(200);
    return AttributionCodeResponseSchema.parse(res.json());
  };
  const order = async (body: Record<string, unknown>) => {
    const res = await api('POST', '/mall/orders', body, mallToken);
    expect(res.statusCode, res.body).toBe(200);
    return MallOrderResponseSchema.parse(res.json());
  };
  const credit = async () => {
    const res = await api('GET', '/attributions?storeId=S001');
    expect(res.statusCode, res.body).toBe(200);
    return AttributionListResponseSchema.parse(res.json());
  };

  beforeAll(async () => {
    db = await backend.open();
    await ensureSeeded(db, { products: 60, members: 10, pickupsPerState: 1, pinIterations: 1000 });
    app = await createCrmServer({ db });
    await addServiceCredential(db, 'mall', mallToken);
    registerDemoMallBackend(app, mallToken);
    const { code } = await ensureDemoEnrollment(db, { terminalId: 'T05' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { storeId: 'S001', terminalId: 'T05', code },
    });
    expect(res.statusCode, res.body).toBe(200);
    token = res.json<{ credential: string }>().credential;
    const p = await db.query<{ id: string; price_fen: string }>(
      `SELECT id, price_fen FROM products WHERE active AND unit = 'piece' ORDER BY id LIMIT 1`,
    );
    product = { id: p.rows[0]!.id, priceFen: Number(p.rows[0]!.price_fen) };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('documents every handheld route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    for (const p of [
      '/api/v1/pda/stock/{productId}',
      '/api/v1/pda/attribution-codes',
      '/api/v1/mall/orders',
      '/api/v1/attributions',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });

  it('answers stock in this store and in the nearby stores, nearest first, as the stock feed last set it', async () => {
    await setStock(db, 'S001', product.id, 0);
    await setStock(db, 'S013', product.id, 7);
    const res = await api('GET', `/pda/stock/${product.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const stock = ProductStockResponseSchema.parse(res.json());
    expect(stock.here).toMatchObject({ storeId: 'S001', storeName: '天河店', qty: 0 });
    expect(stock.nearby.map((s) => s.storeId)).toEqual(DEMO_NEARBY_STORES.map((s) => s.id));
    const distances = stock.nearby.map((s) => s.distanceM!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(stock.nearby.find((s) => s.storeId === 'S013')?.qty).toBe(7);
    // The seeded counts are the table's: nothing made up on the way out.
    const rows = await db.query<{ store_id: string; qty: number }>(
      `SELECT store_id, qty FROM store_stock WHERE product_id = $1`,
      [product.id],
    );
    for (const s of stock.nearby) expect(rows.rows.find((r) => r.store_id === s.storeId)?.qty).toBe(s.qty);
  });

  it('refuses a stock question without a terminal credential, and for a product that does not exist', async () => {
    expect((await api('GET', `/pda/stock/${product.id}`, undefined, '')).statusCode).toBe(401);
    const res = await api('GET', '/pda/stock/NO-SUCH-PRODUCT');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('product-not-found');
  });

  it('seeds stock once for a CRM seeded before the handheld feature', async () => {
    expect(await ensureDemoStock(db)).toBe(false); // there already
    await db.query(`DELETE FROM store_stock WHERE store_id = 'S001'`);
    expect(await ensureDemoStock(db)).toBe(true);
    const n = await db.query<{ n: string }>(`SELECT count(*) AS n FROM store_stock WHERE store_id = 'S001'`);
    const active = await db.query<{ n: string }>(`SELECT count(*) AS n FROM products WHERE active`);
    expect(Number(n.rows[0]!.n)).toBe(Number(active.rows[0]!.n));
  });

  it('issues one attribution code per staff member and day, only to staff of the store', async () => {
    const a = await issue('E1004');
    expect(a).toMatchObject({ storeId: 'S001', terminalId: 'T05', staffId: 'E1004' });
    expect(a.code).toMatch(/^AT1\.[0-9A-Z]{12}$/);
    expect((await issue('E1004')).code).toBe(a.code);
    expect((await issue('E1002')).code).not.toBe(a.code);
    const refused = await api('POST', '/pda/attribution-codes', { staffId: 'E9999' });
    expect(refused.statusCode).toBe(403);
  });

  it('records the store and staff credit when the mall order comes in, once per order id', async () => {
    const before = await credit();
    const { code } = await issue('E1004');
    const placed = await order({
      orderId: 'order-0001-abc',
      productId: product.id,
      qty: 2,
      attribution: code,
    });
    expect(placed).toMatchObject({
      duplicate: false,
      amountFen: product.priceFen * 2,
      attribution: { storeId: 'S001', staffId: 'E1004', terminalId: 'T05', method: 'issued' },
    });
    // The mall retried (its answer was lost): the same order, credited once.
    const again = await order({
      orderId: 'order-0001-abc',
      productId: product.id,
      qty: 2,
      attribution: code,
    });
    expect(again).toMatchObject({
      duplicate: true,
      attribution: placed.attribution,
      amountFen: placed.amountFen,
    });
    const after = await credit();
    expect(after.count).toBe(before.count + 1);
    expect(after.amountFen).toBe(before.amountFen + product.priceFen * 2);
    const mine = after.byStaff.find((s) => s.staffId === 'E1004');
    expect(mine?.staffName).toMatch(/^.\*+$/); // masked
    expect(after.recent[0]).toMatchObject({
      orderId: 'order-0001-abc',
      staffId: 'E1004',
      method: 'issued',
      qty: 2,
    });
  });

  it('credits an offline code only when its staff member works at its store, and marks it as checked', async () => {
    const ok = await order({
      orderId: 'order-0002-off',
      productId: product.id,
      qty: 1,
      attribution: 'AS1.S001.T05.E1004',
    });
    expect(ok.attribution).toMatchObject({ storeId: 'S001', staffId: 'E1004', method: 'checked' });
    const wrongStore = await order({
      orderId: 'order-0003-bad',
      productId: product.id,
      qty: 1,
      attribution: 'AS1.S011.T05.E1004',
    });
    expect(wrongStore).toMatchObject({ attribution: null, attributionRefused: 'staffNotInStore' });
  });

  it('places the order but credits nobody for a made-up, malformed or expired code', async () => {
    const madeUp = await order({
      orderId: 'order-0004-xyz',
      productId: product.id,
      qty: 1,
      attribution: 'AT1.ZZZZZZZZZZZZ',
    });
    expect(madeUp).toMatchObject({ attribution: null, attributionRefused: 'unknown', duplicate: false });
    const junk = await order({
      orderId: 'order-0005-xyz',
      productId: product.id,
      qty: 1,
      attribution: '<script>',
    });
    expect(junk.attributionRefused).toBe('malformed');
    const { code } = await issue('E1003');
    await db.query(`UPDATE attribution_codes SET expires_at = now() - interval '1 day' WHERE code = $1`, [
      code,
    ]);
    const late = await order({ orderId: 'order-0006-xyz', productId: product.id, qty: 1, attribution: code });
    expect(late.attributionRefused).toBe('expired');
    const rows = await db.query<{ id: string }>(
      `SELECT id FROM mall_orders WHERE id IN ('order-0004-xyz', 'order-0005-xyz', 'order-0006-xyz')`,
    );
    expect(rows.rows).toHaveLength(3);
    const credited = await db.query(
      `SELECT 1 FROM order_attributions WHERE order_id IN ('order-0004-xyz', 'order-0005-xyz', 'order-0006-xyz')`,
    );
    expect(credited.rows).toHaveLength(0);
  });

  it("refuses another store's credit list and an order for an unknown product", async () => {
    expect((await api('GET', '/attributions?storeId=S011')).statusCode).toBe(403);
    const res = await api(
      'POST',
      '/mall/orders',
      { orderId: 'order-0007-xyz', productId: 'NOPE', qty: 1 },
      mallToken,
    );
    expect(res.statusCode).toBe(404);
  });

  it('serves the demo mall page in demo mode only, which carries the code into its order', async () => {
    // The production app has no demo page (issue 16).
    expect((await app.inject({ method: 'GET', url: `/demo/mall/p/${product.id}` })).statusCode).toBe(404);
    const demo = await createCrmServer({ db, demo: true });
    onTestFinished(() => demo.close());
    const res = await demo.inject({ method: 'GET', url: `/demo/mall/p/${product.id}?a=AT1.ABCDEFGHJK12` });
    expect(res.statusCode).toBe(200);
    // Its one inline script runs by the answer's nonce.
    const nonce = /<script nonce="([^"]+)">/.exec(res.body)?.[1];
    expect(res.headers['content-security-policy']).toContain(`'nonce-${nonce}'`);
    expect(res.body).toContain('data-testid="demo-mall"');
    expect(res.body).toContain('"attribution":"AT1.ABCDEFGHJK12"');
    const evil = await demo.inject({ method: 'GET', url: `/demo/mall/p/${product.id}?a=%3C%2Fscript%3E` });
    // The code from the URL cannot end the page's script: only the page's own two script elements close.
    expect(evil.body.match(/<\/script>/g)).toHaveLength(2);
    expect((await demo.inject({ method: 'GET', url: '/demo/mall/p/NOPE' })).statusCode).toBe(404);
  });

  it("places the demo mall page's order through its backend, which adds the mall's credential", async () => {
    // Demo pages exist in demo mode only (issue 16); the demo backend holds the mall's credential.
    const demo = await createCrmServer({ db, demo: true });
    onTestFinished(() => demo.close());
    registerDemoMallBackend(demo, mallToken);
    const page = await demo.inject({ method: 'GET', url: `/demo/mall/p/${product.id}` });
    // The browser posts to the demo backend and never sees the mall's credential.
    expect(page.body).toContain('"api":"/demo/mall/orders"');
    expect(page.body).not.toContain(mallToken);
    const res = await demo.inject({
      method: 'POST',
      url: '/demo/mall/orders',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ orderId: 'order-demo-0001', productId: product.id, qty: 2 }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(MallOrderResponseSchema.parse(res.json())).toMatchObject({
      orderId: 'order-demo-0001',
      amountFen: product.priceFen * 2,
    });
    const rows = await db.query(`SELECT qty FROM mall_orders WHERE id = 'order-demo-0001'`);
    expect(rows.rows).toEqual([{ qty: 2 }]);
  });
});
